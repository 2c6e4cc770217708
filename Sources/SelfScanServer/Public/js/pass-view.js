// The exit pass drawn on the shopper's phone, shared by pass.html (the pass alone, from the address's fragment)
// and e-receipt.html (the pass above the receipt, from the e-receipt's answer). Expects the pass markup of those
// pages: #pass-figure (img #pass-qr, #pass-expiry), #pass-hint, #pass-expired.
import { $, I18N, Paths } from "./shell.js";

/** Draws `pass` ({code, expiresAt: ms since the epoch or null}) or hides it when null; an expired pass is
 *  replaced by the "expired" notice. Returns whether a valid pass is shown. */
export function drawPass(pass) {
  const expired = Boolean(pass && pass.expiresAt && pass.expiresAt < Date.now());
  $("pass-expired").hidden = !expired;
  $("pass-figure").hidden = !pass || expired;
  $("pass-hint").hidden = !pass || expired;
  if (!pass || expired) return false;
  const qr = $("pass-qr");
  const source = Paths.qr(pass.code);
  if (qr.getAttribute("src") !== source) qr.src = source;
  qr.alt = I18N.t("receipt.exitPass");
  $("pass-expiry").textContent = pass.expiresAt ? I18N.t("receipt.exitPassExpires", { time: I18N.time(pass.expiresAt) }) : "";
  return true;
}
