// Kiosk add-on: after a scan, at most ONE unobtrusive suggestion ("often bought with"), explained ("bought
// together in 23 % of baskets with X"). kiosk.js calls KioskSuggestion.onView(view) after it has drawn each
// session view; the suggestion is fetched afterwards (GET /v1/sessions/{id}/suggestion), so the scan's answer
// never waits for it. It leaves with the basket screen, the next scan, the ✕ button or after a while.
"use strict";

import { localText, money } from "./addon-text.js";

export const KioskSuggestion = (() => {
  const STORAGE_KEY = "selfscan.kiosk.session";  // kiosk.js keeps {id, token} there
  const SHOW_MS = Number(new URLSearchParams(location.search).get("suggestionMs") || 20000);
  const TEXT = {
    fr: {
      title: "Souvent acheté avec {with}",
      boughtTogether: "Acheté ensemble dans {p} % des paniers avec {with}",
      catalogLink: "Suggéré par le magasin avec {with}",
      close: "Fermer la suggestion",
    },
    en: {
      title: "Often bought with {with}",
      boughtTogether: "Bought together in {p} % of baskets with {with}",
      catalogLink: "Suggested by the store with {with}",
      close: "Close the suggestion",
    },
  };
  let seen = { session: null, lines: new Set() };
  let request = 0;
  let timer = null;

  const text = (key, values) => localText(TEXT, key, values);

  function hide() {
    const aside = document.getElementById("suggestion");
    if (aside) aside.remove();
    if (timer) clearTimeout(timer);
    timer = null;
  }

  function show(suggestion) {
    hide();
    const aside = document.createElement("aside");
    aside.id = "suggestion";
    aside.className = "suggestion";
    aside.setAttribute("role", "status");
    aside.dataset.product = suggestion.productID;
    aside.style.cssText = "margin:0.75rem 0;padding:0.6rem 0.9rem;border:1px solid #c9d3df;border-radius:0.6rem;"
      + "background:#f6f9fc;display:flex;gap:0.75rem;align-items:flex-start;font-size:0.95rem";
    const body = document.createElement("div");
    body.style.flex = "1";
    const title = document.createElement("p");
    title.className = "suggestion-title";
    title.style.margin = "0";
    title.textContent = text("title", { with: suggestion.withName });
    const product = document.createElement("p");
    product.className = "suggestion-product";
    product.style.cssText = "margin:0.2rem 0;font-weight:600";
    product.textContent = `${suggestion.name} — ${money(suggestion.price)}`;
    const why = document.createElement("p");
    why.className = "suggestion-why";
    why.style.cssText = "margin:0;color:#4a5866;font-size:0.85rem";
    why.textContent = suggestion.reason === "boughtTogether"
      ? text("boughtTogether", { p: suggestion.confidencePercent, with: suggestion.withName })
      : text("catalogLink", { with: suggestion.withName });
    body.append(title, product, why);
    const close = document.createElement("button");
    close.type = "button";
    close.className = "suggestion-close";
    close.textContent = "✕";
    close.setAttribute("aria-label", text("close", {}));
    close.style.cssText = "border:none;background:none;font-size:1.1rem;cursor:pointer";
    close.addEventListener("click", hide);
    aside.append(body, close);
    const panel = document.querySelector("#screen-basket .basket-panel");
    if (!panel) return;
    panel.append(aside);
    timer = setTimeout(hide, SHOW_MS);
  }

  async function fetchFor(sessionID, productID) {
    const mine = ++request;
    let saved = null;
    try { saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || "null"); } catch (error) { saved = null; }
    if (!saved || String(saved.id) !== String(sessionID)) return;
    try {
      const response = await fetch(
        `/v1/sessions/${encodeURIComponent(sessionID)}/suggestion?product=${encodeURIComponent(productID)}`,
        { headers: { Accept: "application/json", "X-Session-Token": saved.token }, cache: "no-store" });
      if (!response.ok || mine !== request) return;
      const answer = await response.json();
      if (mine !== request || document.body.dataset.screen !== "basket") return;
      if (answer && answer.suggestion) show(answer.suggestion);
    } catch (error) {
      // A suggestion is a bonus: nothing to report.
    }
  }

  /** Called by kiosk.js after each drawn view: a new item line (a scan) asks for a suggestion. */
  function onView(view) {
    if (!view || view.state === undefined) return;
    if (seen.session !== view.id) {
      hide();
      seen = { session: view.id, lines: new Set(view.lines.map((line) => line.id)) };
      return;
    }
    const fresh = view.lines.filter((line) => !seen.lines.has(line.id));
    for (const line of view.lines) seen.lines.add(line.id);
    if (!["open", "scanning"].includes(view.state)) { hide(); return; }
    const scanned = fresh.filter((line) => !line.voided && !line.depositFor && line.kind !== "deposit").pop();
    if (!scanned) return;
    hide();
    // After this task: the scan's answer is on screen before anything is asked.
    setTimeout(() => fetchFor(view.id, scanned.productID), 0);
  }

  document.addEventListener("DOMContentLoaded", () => {
    new MutationObserver(() => { if (document.body.dataset.screen !== "basket") hide(); })
      .observe(document.body, { attributes: true, attributeFilter: ["data-screen"] });
  });

  return { onView, hide };
})();
