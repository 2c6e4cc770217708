// Handheld add-on: when a stock lookup finds the item out of stock here, the substitutes in stock here (the
// referential's same-category substitutes and the catalog's links, from GET /v1/shelf/{gtin}) under the stock
// cards. handheld.js calls HandheldSubstitutes.show(code, here) after drawing a lookup.
"use strict";

import { localText, money } from "./addon-text.js";

export const HandheldSubstitutes = (() => {
  const TEXT = {
    fr: { title: "Remplacements en rayon ici", units: "{n} en stock", none: "Aucun remplacement en stock ici" },
    en: { title: "Substitutes on the shelf here", units: "{n} in stock", none: "No substitute in stock here" },
  };
  let request = 0;

  const text = (key, values) => localText(TEXT, key, values);

  function remove() {
    const box = document.getElementById("stock-substitutes");
    if (box) box.remove();
  }

  async function show(code, here) {
    const mine = ++request;
    remove();
    if (!code || !/^\d{8,14}$/.test(String(code)) || (here != null && here > 0)) return;
    try {
      const response = await fetch(`/v1/shelf/${encodeURIComponent(code)}`,
        { headers: { Accept: "application/json" }, cache: "no-store" });
      if (!response.ok || mine !== request) return;
      const view = await response.json();
      if (mine !== request) return;
      const anchor = document.getElementById("stock-result");
      if (!anchor) return;
      const box = document.createElement("section");
      box.id = "stock-substitutes";
      const title = document.createElement("h2");
      title.textContent = text("title");
      const list = document.createElement("ul");
      for (const substitute of view.substitutes || []) {
        const item = document.createElement("li");
        item.dataset.product = substitute.productID;
        item.textContent = `${substitute.name} — ${money(substitute.price)} · ${text("units", { n: substitute.quantityHere })}`
          + (substitute.reason ? ` (${substitute.reason})` : "");
        list.append(item);
      }
      if (!list.children.length) {
        const item = document.createElement("li");
        item.className = "empty";
        item.textContent = text("none");
        list.append(item);
      }
      box.append(title, list);
      anchor.append(box);
    } catch (error) {
      // Substitutes are a help, not the lookup: nothing to report.
    }
  }

  return { show, remove };
})();
