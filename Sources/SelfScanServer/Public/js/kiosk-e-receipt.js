// Kiosk add-on (opt-in with ?eReceipt=1): on the receipt screen, a QR code that opens the receipt on the shopper's phone (a signed,
// expiring link from POST /v1/sessions/{id}/e-receipt). Kept apart from kiosk.js: it only watches the screen
// (body[data-screen]) and adds one figure next to the phone pass; it removes it when the trip ends, so nothing
// of a shopper stays in the shared page.
import { API, Paths } from "./shell.js";

(() => {
  const STORAGE_KEY = "selfscan.kiosk.session";  // kiosk.js keeps {id, token} there
  const BASE = (new URLSearchParams(location.search).get("passBase") || location.origin).replace(/\/+$/, "");
  let shownFor = null;

  function remove() {
    const figure = document.getElementById("e-receipt");
    if (figure) figure.remove();
    shownFor = null;
  }

  async function show() {
    let saved = null;
    try { saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || "null"); } catch (error) { saved = null; }
    if (!saved || !saved.id || shownFor === saved.id) return;
    shownFor = saved.id;
    try {
      // The kiosk's own session token (kiosk.js keeps it in API.auth); a refusal leaves the receipt without it.
      const link = await API.post(`${Paths.session(saved.id)}/e-receipt`, {});
      if (document.body.dataset.screen !== "receipt" || shownFor !== saved.id) return;
      const figure = document.createElement("figure");
      figure.id = "e-receipt";
      figure.className = "phone-pass";
      const image = document.createElement("img");
      image.id = "e-receipt-qr";
      image.width = 220;
      image.height = 220;
      image.alt = document.documentElement.lang === "en" ? "Receipt on your phone" : "Ticket sur votre téléphone";
      image.src = Paths.qr(BASE + link.url);
      image.dataset.link = BASE + link.url;
      const caption = document.createElement("figcaption");
      caption.textContent = image.alt;
      figure.append(image, caption);
      const anchor = document.getElementById("phone-pass");
      if (anchor) anchor.after(figure); else document.getElementById("screen-receipt").append(figure);
    } catch (error) {
      shownFor = null;  // the printed/displayed receipt stays; the phone link is a bonus
    }
  }

  function update() {
    if (document.body.dataset.screen === "receipt") show(); else remove();
  }

  document.addEventListener("DOMContentLoaded", () => {
    // Opt-in (`?eReceipt=1`) until the receipt screen's layout gives this third QR code its own place next to
    // the exit pass and the phone pass (the screens work owns that layout).
    if (new URLSearchParams(location.search).get("eReceipt") !== "1") return;
    new MutationObserver(update).observe(document.body, { attributes: true, attributeFilter: ["data-screen"] });
    update();
  });
})();
