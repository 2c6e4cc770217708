// SelfScan exit pass on the shopper's phone. The address's fragment (#code=…&exp=…) carries the signed pass,
// so it never reaches a server log; the page draws it as a QR code (the daemon's /v1/qr.svg) until it expires.
import { $, I18N, Paths, startLanguage } from "./shell.js";

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
    const expired = Boolean(current && current.expiresAt && current.expiresAt < Date.now());
    $("pass-missing").hidden = Boolean(current);
    $("pass-expired").hidden = !expired;
    $("pass-figure").hidden = !current || expired;
    $("pass-hint").hidden = !current || expired;
    if (!current || expired) return;
    const qr = $("pass-qr");
    const source = Paths.qr(current.code);
    if (qr.getAttribute("src") !== source) qr.src = source;
    qr.alt = I18N.t("receipt.exitPass");
    $("pass-expiry").textContent = current.expiresAt ? I18N.t("receipt.exitPassExpires", { time: I18N.time(current.expiresAt) }) : "";
  }

  document.addEventListener("DOMContentLoaded", () => {
    startLanguage(render);
    window.addEventListener("hashchange", render);
    render();
    setInterval(render, 30000);  // the pass's expiry shows without a reload
  });
})();
