// SelfScan pages: keyboard-wedge scanner input (a fallback: in production the daemon claims the scanner and
// pushes its scans over the event stream, so no keystroke reaches the page). A scanner types a burst of
// characters 2–100 ms apart and ends it with Enter (or Tab). The page has no text field for the shopper, so
// every printable key is taken as scanner input and kept away from whatever has focus, and an Enter/Tab that
// ends a burst is the burst's suffix — never a button press, whatever the timing. An Enter or Tab with no
// burst before it is a person using the keyboard: it reaches the focused control as usual.
export const ScannerKeys = (() => {
  /** How long after a burst's suffix a second suffix key (CR LF, Enter + Tab) is still the scanner's. */
  const SECOND_SUFFIX_MS = 150;

  /**
   * Calls `onScan(text)` for each burst. Options: `maxGapMs` between keys of one scan (a longer pause starts a
   * new burst; never under `minResetMs`), `minLength` of a scan (a shorter burst is dropped, its suffix still
   * swallowed), `passThroughInputs` (let keys typed into text inputs reach them; their form handles Enter).
   */
  function attach(onScan, { maxGapMs = 45, minLength = 4, passThroughInputs = false, minResetMs = 500 } = {}) {
    // Real wedge scanners (and loaded terminals) space keys up to ~100 ms: a burst ends only after a pause
    // clearly longer than that. A person typing on the kiosk has nothing to type into anyway.
    const resetMs = Math.max(maxGapMs, minResetMs);
    let buffer = "";
    let last = -Infinity;
    let suffixAt = -Infinity;
    const swallowedUps = new Set();   // keys whose keydown was taken: their keyup must not activate anything

    function isTextInput(target) {
      return (target instanceof HTMLInputElement && !["button", "submit", "checkbox", "radio"].includes(target.type))
        || target instanceof HTMLTextAreaElement;
    }
    function swallow(event) {
      event.preventDefault();
      event.stopImmediatePropagation();
      swallowedUps.add(event.code || event.key);
    }

    document.addEventListener("keydown", (event) => {
      if (passThroughInputs && isTextInput(event.target)) return;
      const now = event.timeStamp;
      if (now - last > resetMs) buffer = "";

      if (event.key === "Enter" || event.key === "Tab") {
        // One second suffix key right after a burst (CR LF, Enter + Tab) belongs to the scanner too: it comes
        // within the scanner's key gap. Only one, and only then: a person's Tab a moment after a scan moves the
        // focus (swallowing every Tab for half a second left keyboard users stuck after each scan).
        const afterSuffix = now - suffixAt <= Math.max(maxGapMs, SECOND_SUFFIX_MS);
        if (buffer.length === 0 && !afterSuffix) return;  // a person's Enter/Tab: the focused control gets it
        swallow(event);
        const text = buffer;
        buffer = "";
        suffixAt = text.length > 0 ? now : -Infinity;
        if (text.length >= minLength) onScan(text);
        return;
      }
      // Group separator (FNC1) sent as Ctrl+]
      if (event.ctrlKey && event.key === "]") {
        buffer += "\u001d";
        last = now;
        swallow(event);
        return;
      }
      if (event.ctrlKey || event.altKey || event.metaKey || event.key.length !== 1) return;
      // A space with no burst before it is a person pressing the focused button.
      if (event.key === " " && buffer.length === 0) return;
      buffer += event.key;
      last = now;
      swallow(event);
    }, true);

    document.addEventListener("keyup", (event) => {
      const key = event.code || event.key;
      if (!swallowedUps.has(key)) return;
      swallowedUps.delete(key);
      event.preventDefault();
      event.stopImmediatePropagation();
    }, true);
  }

  return { attach };
})();
