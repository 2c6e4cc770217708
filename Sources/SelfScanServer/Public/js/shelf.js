// The shelf-label page (GS1 Digital Link /01/<GTIN>) on a shopper's phone: renders GET /v1/shelf/<GTIN> and
// orders for pick-up with POST /v1/shelf/<GTIN>/orders (click & collect, mode "order").
import { $, API } from "./shell.js";

(() => {
  const gtin = (location.pathname.match(/^\/01\/(\d{8,14})/) || [])[1];
  const euros = (money) => new Intl.NumberFormat("fr-FR", { style: "currency", currency: money.currency }).format(money.minor / 100);
  const item = (text) => { const li = document.createElement("li"); li.textContent = text; return li; };

  function age(seconds) {
    if (seconds < 120) return `${seconds} s`;
    if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
    return `${Math.round(seconds / 3600)} h`;
  }

  function render(view) {
    $("shelf-name").textContent = view.name;
    $("shelf-brand").textContent = view.brand || "";
    if (view.imageURL) { $("shelf-image").src = view.imageURL; $("shelf-image").alt = view.name; $("shelf-image").hidden = false; }
    $("shelf-price").textContent = euros(view.price) + (view.pricing === "perKilogram" ? " / kg" : "");
    $("shelf-unit-price").textContent = view.unitPrice && view.pricing !== "perKilogram"
      ? `soit ${euros(view.unitPrice.price)} / ${view.unitPrice.per === "l" ? "L" : "kg"}` : "";
    $("shelf-loyalty").hidden = !view.loyaltyPrice;
    if (view.loyaltyPrice) $("shelf-loyalty").textContent = `Prix carte fidélité : ${euros(view.loyaltyPrice)}`;
    $("shelf-offers").replaceChildren(...view.offers.map((o) => item(o.name + (o.loyaltyOnly ? " (carte fidélité)" : ""))));
    const score = $("shelf-nutriscore");
    score.hidden = !view.nutriScore;
    if (view.nutriScore) {
      score.setAttribute("aria-label", `Nutri-Score ${view.nutriScore}`);
      score.replaceChildren(...["A", "B", "C", "D", "E"].map((grade) => {
        const span = document.createElement("span");
        span.textContent = grade;
        span.className = `ns-${grade}` + (grade === view.nutriScore ? " current" : "");
        return span;
      }));
    }
    $("shelf-allergens").hidden = view.allergens.length === 0;
    $("shelf-allergens").textContent = `Allergènes : ${view.allergens.join(", ")}`;
    $("shelf-origin").hidden = !view.origin;
    $("shelf-origin").textContent = `Origine : ${view.origin || ""}`;
    $("shelf-ingredients-box").hidden = !view.ingredients;
    $("shelf-ingredients").textContent = view.ingredients || "";

    const here = view.stock.here;
    $("shelf-stock-here").textContent = view.saleStopped ? "Vente suspendue"
      : here > 0 ? `En rayon ici : ${here}` : "Épuisé dans ce magasin";
    $("shelf-stock-here").dataset.state = here > 0 ? "inStock" : "outOfStock";
    $("shelf-stock-others").replaceChildren(...view.stock.otherStores.map((s) => item(`${s.name || s.storeID} : ${s.quantity}`)));
    $("shelf-stock-source").textContent = view.stock.source === "cache"
      ? `Hors ligne : stock connu il y a ${age(view.stock.ageSeconds || 0)}` : "Stock en direct";
    $("shelf-stock-source").dataset.source = view.stock.source;

    $("shelf-substitutes-box").hidden = view.substitutes.length === 0;
    $("shelf-substitutes").replaceChildren(...view.substitutes.map((s) => {
      const li = document.createElement("li");
      const link = document.createElement("a");
      link.href = s.gtin ? `/01/${s.gtin}` : "#";
      link.textContent = `${s.name} — ${euros(s.price)}`;
      li.append(link, document.createTextNode(` (${s.quantityHere} en rayon)`));
      return li;
    }));

    $("shelf-order-box").hidden = !view.canOrder;
    const select = $("shelf-order-store");
    select.replaceChildren(...[{ storeID: view.storeID, name: "Ce magasin" }, ...view.stock.otherStores].map((s) => {
      const option = document.createElement("option");
      option.value = s.storeID;
      option.textContent = s.name || s.storeID;
      return option;
    }));
    $("shelf-product").hidden = false;
  }

  async function load() {
    $("shelf").setAttribute("aria-busy", "true");
    try {
      if (!gtin) throw new Error("Code produit absent de l’adresse");
      render(await API.get(`/v1/shelf/${gtin}`));
    } catch (error) {
      $("shelf-error").textContent = `Produit indisponible : ${error.message}`;
      $("shelf-error").hidden = false;
    } finally {
      $("shelf-loading").hidden = true;
      $("shelf").setAttribute("aria-busy", "false");
    }
  }

  async function order() {
    const result = $("shelf-order-result");
    const body = { id: crypto.randomUUID ? crypto.randomUUID() : fallbackUUID(), quantity: Number($("shelf-order-quantity").value) || 1,
      fulfilmentStoreID: $("shelf-order-store").value };
    $("shelf-order").disabled = true;
    try {
      const answer = await API.post(`/v1/shelf/${gtin}/orders`, body);
      result.dataset.status = answer.status;
      result.textContent = answer.status === "queued"
        ? "Commande enregistrée : elle partira dès le retour du réseau."
        : `Commande ${answer.status === "ordered" ? "confirmée" : answer.status} (n° ${answer.id.slice(0, 8)})`;
    } catch (error) {
      result.dataset.status = "error";
      result.textContent = `Commande impossible : ${error.message}`;
    } finally {
      $("shelf-order").disabled = false;
    }
  }

  function fallbackUUID() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40; bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("shelf-order").addEventListener("click", order);
    load();
  });
})();
