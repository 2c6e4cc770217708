// SelfScan exit pass on the shopper's phone. The address's fragment (#code=…&exp=…) carries the signed pass,
// so it never reaches a server log; the page draws it as a QR code (the daemon's /v1/qr.svg) until it expires.
// (The kiosk's phone code opens e-receipt.html, which shows the same pass above the receipt; this page is the
// fallback when the e-receipt could not be made.)
import { $, startLanguage } from "./shell.js";
import { drawPass } from "./pass-view.js";

(() => {

  function pass() {
    const fields = new URLSearchParams(location.hash.slice(1));
    const code = fields.get("code");
    // `exp`: milliseconds since the Unix epoch (the kiosk writes it from the pass's ISO 8601 `expiresAt`).
    const expiresAt = Number(fields.get("exp")) || null;
    return code ? { code, expiresAt } : null;
  }

  function render() {
    const current = pass();
    $("pass-missing").hidden = Boolean(current);
    drawPass(current);
  }

  document.addEventListener("DOMContentLoaded", () => {
    startLanguage(render);
    window.addEventListener("hashchange", render);
    render();
    setInterval(render, 30000);  // the pass's expiry shows without a reload
  });
})();
