// SelfScan pages: keyboard-wedge scanner input. A scanner types a burst of characters a few milliseconds
// apart and ends it with Enter (or Tab); a person does not. The burst is taken as one scan and its keys are
// kept away from whatever has focus, so a scan while a dialog is open never presses the dialog's buttons.
"use strict";

const ScannerKeys = (() => {
  /**
   * Calls `onScan(text)` for each burst. Options: `maxGapMs` between keys of one scan, `minLength` of a
   * scan, `passThroughInputs` (let keys typed into text inputs reach them; their form handles Enter).
   */
  function attach(onScan, { maxGapMs = 45, minLength = 4, passThroughInputs = false } = {}) {
    let buffer = "";
    let last = 0;

    function isTextInput(target) {
      return target instanceof HTMLInputElement && !["button", "submit", "checkbox", "radio"].includes(target.type);
    }

    document.addEventListener("keydown", (event) => {
      if (passThroughInputs && isTextInput(event.target)) return;
      const now = event.timeStamp;
      if (now - last > maxGapMs) buffer = "";
      last = now;

      if (event.key === "Enter" || event.key === "Tab") {
        if (buffer.length >= minLength) {
          event.preventDefault();
          event.stopImmediatePropagation();
          const text = buffer;
          buffer = "";
          onScan(text);
        } else {
          buffer = "";
        }
        return;
      }
      // Group separator (FNC1) sent as Ctrl+]
      if (event.ctrlKey && event.key === "]") {
        buffer += "\u001d";
        event.preventDefault();
        return;
      }
      if (event.ctrlKey || event.altKey || event.metaKey || event.key.length !== 1) return;
      buffer += event.key;
      // From the second fast key on, this is a scanner: the keys are not for the focused control.
      if (buffer.length >= 2) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    }, true);
  }

  return { attach };
})();
