// The e-receipt on the shopper's phone: #t=<token> → GET /v1/e-receipts/<token>, rendered like the kiosk's.
import { $, API } from "./shell.js";

(() => {
  const euros = (money) => new Intl.NumberFormat("fr-FR", { style: "currency", currency: money.currency }).format(money.minor / 100);
  const row = (cells) => {
    const tr = document.createElement("tr");
    for (const text of cells) { const td = document.createElement("td"); td.textContent = text; tr.append(td); }
    return tr;
  };

  function render(receipt) {
    $("receipt-meta").textContent = `${receipt.store} · ${new Date(receipt.issuedAt).toLocaleString("fr-FR")} · ticket ${receipt.session.slice(0, 8)}`;
    $("receipt-items").replaceChildren(...receipt.items.map((item) => row([
      item.weightGrams ? `${item.name} (${(item.weightGrams / 1000).toFixed(3).replace(".", ",")} kg)`
        : `${item.quantity > 1 ? item.quantity + " × " : ""}${item.name}`, euros(item.amount)])));
    $("receipt-discounts").replaceChildren(...receipt.discounts.map((discount) => {
      const li = document.createElement("li");
      li.textContent = `${discount.name} : −${euros({ minor: Math.abs(discount.amount.minor), currency: discount.amount.currency })}`;
      return li;
    }));
    $("receipt-total").textContent = euros(receipt.total);
    $("receipt-vat").replaceChildren(row(["Taux", "HT", "TVA", "TTC"]), ...receipt.vatBreakdown.map((vat) => row([
      vat.label, euros(vat.net), euros(vat.vat), euros(vat.gross)])));
    $("receipt-payments").textContent = receipt.payments.length ? `Payé : ${receipt.payments.map((p) => euros(p.amount)).join(", ")}` : "";
    $("receipt-body").hidden = false;
  }

  async function load() {
    const token = new URLSearchParams(location.hash.slice(1)).get("t");
    try {
      if (!token) throw new Error("lien incomplet");
      render(await API.get(`/v1/e-receipts/${encodeURIComponent(token)}`).catch((error) => {
        throw error.status === 410 ? new Error("ce lien a expiré") : error;
      }));
    } catch (error) {
      $("receipt-error").textContent = `Ticket indisponible : ${error.message}`;
      $("receipt-error").hidden = false;
    } finally {
      $("receipt").setAttribute("aria-busy", "false");
    }
  }

  document.addEventListener("DOMContentLoaded", load);
})();
