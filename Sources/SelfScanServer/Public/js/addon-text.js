// Text helpers for the small page add-ons (kiosk suggestion, handheld substitutes) that carry their own FR/EN
// strings: the page's current language (I18N, else the document's) and money in that language.
import { I18N } from "./shell.js";

/** `table[lang][key]` in the page's language (French unless English), with {placeholders} filled. */
export function localText(table, key, values = {}) {
  const current = I18N ? I18N.language : document.documentElement.lang;
  const lang = current === "en" ? "en" : "fr";
  return table[lang][key].replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

/** An amount `{minor, currency}` as the page shows money. */
export function money(amount) {
  if (I18N && I18N.money) return I18N.money(amount);
  return `${(amount.minor / 100).toFixed(2)} ${amount.currency}`;
}
