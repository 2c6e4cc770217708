// The receipt as the shopper's phone shows it (e-receipt.html, under the exit pass while there is one). It reads
// GET /v1/e-receipts/<token>: the same lines, promotion lines, VAT breakdown and payments as the kiosk's receipt,
// in the page's language.
import { API, I18N } from "./shell.js";

function element(tag, { id, className, text } = {}) {
  const node = document.createElement(tag);
  if (id) node.id = id;
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function row(cells, cellTag = "td") {
  const tr = document.createElement("tr");
  for (const text of cells) tr.append(element(cellTag, { text }));
  return tr;
}

/**
 * Builds the receipt's section in `parent` (ids: receipt-error, receipt-body, receipt-meta, receipt-items,
 * receipt-discounts, receipt-total, receipt-vat, receipt-payments) and loads the receipt of `token`.
 * `parent` gets aria-busy until the answer; a refusal shows why (expired link, unknown receipt, no network).
 * `onAnswer(answer)` sees the whole answer (the e-receipt page draws its exit pass from it). Returns a promise
 * that settles once drawn; the section redraws itself when the language changes.
 */
export function mountReceipt(parent, token, onAnswer = () => {}) {
  const title = element("h2", { id: "receipt-title", text: I18N.t("eReceipt.title") });
  const error = element("p", { id: "receipt-error", className: "lead" });
  error.setAttribute("role", "alert");
  error.hidden = true;
  const body = element("section", { id: "receipt-body", className: "phone-receipt" });
  body.hidden = true;
  parent.setAttribute("aria-busy", "true");
  parent.append(title, error, body);

  let receipt = null;
  let failure = null;

  function draw() {
    title.textContent = I18N.t("eReceipt.title");
    if (failure) {
      error.textContent = I18N.t("eReceipt.unavailable", { reason: I18N.t(failure) });
      error.hidden = false;
      body.hidden = true;
      return;
    }
    if (!receipt) return;
    const issued = new Intl.DateTimeFormat(I18N.language === "fr" ? "fr-FR" : "en-GB", { dateStyle: "short", timeStyle: "short" })
      .format(new Date(receipt.issuedAt));
    const items = element("table", { id: "receipt-items", className: "receipt-table" });
    items.append(...receipt.items.map((item) => row([
      item.weightGrams ? `${item.name} (${I18N.weight(item.weightGrams)})`
        : `${item.quantity > 1 ? `${item.quantity} × ` : ""}${item.name}`,
      I18N.money(item.amount)])));
    const discounts = element("ul", { id: "receipt-discounts" });
    discounts.append(...receipt.discounts.map((discount) => element("li", {
      text: `${discount.name} : −${I18N.money({ minor: Math.abs(discount.amount.minor), currency: discount.amount.currency })}`,
    })));
    const total = element("p", { className: "price" });
    total.append(`${I18N.t("receipt.total")} `, element("span", { id: "receipt-total", text: I18N.money(receipt.total) }));
    const vat = element("table", { id: "receipt-vat", className: "receipt-table" });
    vat.append(row(["eReceipt.rate", "eReceipt.net", "eReceipt.vat", "eReceipt.gross"].map((key) => I18N.t(key)), "th"),
      ...receipt.vatBreakdown.map((line) => row([line.label, I18N.money(line.net), I18N.money(line.vat), I18N.money(line.gross)])));
    const payments = element("p", {
      id: "receipt-payments", className: "hint",
      text: receipt.payments.length
        ? I18N.t("eReceipt.paid", { amounts: receipt.payments.map((payment) => I18N.money(payment.amount)).join(", ") }) : "",
    });
    body.replaceChildren(
      element("p", { id: "receipt-meta", className: "hint", text: I18N.t("eReceipt.meta", { store: receipt.store, time: issued, ticket: receipt.session.slice(0, 8) }) }),
      items,
      ...(receipt.discounts.length ? [element("h3", { text: I18N.t("eReceipt.discounts") }), discounts] : [discounts]),
      total,
      element("h3", { text: I18N.t("eReceipt.vatTitle") }),
      vat,
      payments);
    error.hidden = true;
    body.hidden = false;
  }

  I18N.onChange(draw);
  return (async () => {
    try {
      if (!token) throw Object.assign(new Error("incomplete"), { key: "eReceipt.incomplete" });
      receipt = await API.get(`/v1/e-receipts/${encodeURIComponent(token)}`);
      onAnswer(receipt);
    } catch (caught) {
      failure = caught.key || (caught.status === 410 || caught.code === "passExpired" ? "eReceipt.expired"
        : caught.status >= 400 && caught.status < 500 ? "eReceipt.invalid" : "eReceipt.offline");
    } finally {
      draw();
      parent.setAttribute("aria-busy", "false");
    }
  })();
}
