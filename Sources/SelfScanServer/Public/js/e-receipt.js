// The e-receipt on the shopper's phone — what the kiosk's phone code opens: #t=<token> → GET /v1/e-receipts/<token>.
// The answer is the receipt (drawn by receipt-view.js) and, while the basket has one, its exit pass (drawn above
// it by pass-view.js, like pass.html, until it expires).
import { $, Adapter, startLanguage } from "./shell.js";
import { drawPass } from "./pass-view.js";
import { mountReceipt } from "./receipt-view.js";

document.addEventListener("DOMContentLoaded", () => {
  let pass = null;
  const render = () => drawPass(pass);
  startLanguage(render);
  mountReceipt($("receipt"), new URLSearchParams(location.hash.slice(1)).get("t"), (answer) => {
    pass = answer.exitPass ? { code: answer.exitPass.code, expiresAt: Adapter.instant(answer.exitPass.expiresAt) } : null;
    $("pass-title").hidden = !pass;
    render();
  });
  setInterval(render, 30000);  // the pass's expiry shows without a reload
});
