// SelfScan pages: the page shell, the one module every page imports. It gathers what each page used to load
// as a row of classic scripts — the strings and their languages (i18n.js), the error texts (error-text.js),
// the daemon's paths and view models with its one time format (adapter.js: `Adapter.instant`), the JSON
// calls with typed errors, the event-stream client and the status poll (api.js) — and the few things every
// page repeats: `$`, the language switch and the offline banner's text. ES modules: nothing is global.
import { I18N } from "./i18n.js";

export { STRINGS, I18N } from "./i18n.js";
export { Paths, Adapter } from "./adapter.js";
export { APIError, API } from "./api.js";
export { ErrorText } from "./error-text.js";

/** The element with this id. */
export const $ = (id) => document.getElementById(id);

/**
 * Fills the page's language switch (`nav.lang`: one button per language, "FR" "EN", each in its own
 * language), translates the page (`data-i18n…` attributes) and wires the switch; `onChange(language)` runs
 * after each switch, for what the page draws itself.
 */
export function startLanguage(onChange) {
  for (const nav of document.querySelectorAll("nav.lang")) {
    if (nav.querySelector("[data-lang]")) continue;
    for (const language of I18N.languages) {
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.lang = language;
      button.lang = language;
      button.textContent = language.toUpperCase();
      nav.append(button);
    }
  }
  I18N.apply();
  if (onChange) I18N.onChange(onChange);
  for (const button of document.querySelectorAll("[data-lang]")) {
    button.addEventListener("click", () => I18N.setLanguage(button.dataset.lang));
  }
}

/**
 * The offline banner's text for a status (`API.watchStatus`'s report), or null when all is up: the daemon
 * lost, or the referential unreachable with the catalog's age (`short`: the handheld's one-line form).
 */
export function offlineText(status, { short = false } = {}) {
  if (!status.daemonUp) return I18N.t("offline.daemon");
  if (status.referentialUp) return null;
  if (status.catalogAgeSeconds == null) return I18N.t("offline.banner.unknownAge");
  return I18N.t(short ? "offline.short" : "offline.banner", { age: I18N.age(status.catalogAgeSeconds) });
}

/** Shows `offlineText(status, options)` in `banner`, or hides it. */
export function renderOfflineBanner(banner, status, options) {
  const text = offlineText(status, options);
  banner.hidden = text === null;
  if (text !== null) banner.textContent = text;
}
