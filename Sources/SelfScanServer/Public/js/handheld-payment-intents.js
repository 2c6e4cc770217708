// Handheld add-on: the `paymentUnknown` alert (a payment whose terminal answer was lost) as a card staff can act
// on. It shows the amount and the terminal's reference (from GET /v1/staff/payment-intents) and, for a
// supervisor, "Débité" (with the authorisation number read in the terminal's journal, confirmed) or
// "Non débité" (a second tap confirms), through POST /v1/staff/payment-intents/resolutions (docs/api.md).
// handheld.js calls HandheldPaymentIntents.fill(card, actions, alert, tools) when it draws that alert.
"use strict";

import { API, I18N } from "./shell.js";

export const HandheldPaymentIntents = (() => {
  const intents = new Map();  // requestID → the open intent, as staff see it
  const drafts = new Map();   // requestID → the authorisation number being typed (kept across re-renders)
  let loading = null;

  /** The alert id is `payment-<requestID>` (LiveSessions.paymentAlertID). */
  const requestIDOf = (alert) => String(alert.id).replace(/^payment-/, "");

  /** Reads the open intents once (concurrent calls share the read), then redraws. */
  function load(redraw) {
    if (loading) return loading;
    loading = API.get("/v1/staff/payment-intents", { staff: true })
      .then((list) => {
        intents.clear();
        for (const intent of (list && list.intents) || []) intents.set(intent.requestID, intent);
        redraw();
      })
      .catch(() => { /* the card says the details are loading; the next alert event reads again */ })
      .finally(() => { loading = null; });
    return loading;
  }

  async function resolve(requestID, resolution, authorisationCode, tools) {
    const body = { requestID, resolution };
    if (authorisationCode) body.authorisationCode = authorisationCode;
    try {
      await API.post("/v1/staff/payment-intents/resolutions", body, { staff: true });
      intents.delete(requestID);
      drafts.delete(requestID);
      tools.toast(I18N.t(resolution === "charged" ? "alerts.intentResolvedCharged" : "alerts.intentResolvedNotCharged"));
      tools.resolved();
    } catch (error) {
      tools.reportError(error);
    }
  }

  /** The "Débité" form: the journal's authorisation number, then a confirming submit that names the amount. */
  function chargedForm(requestID, intent, tools) {
    const form = tools.el("form", "intent-form");
    form.noValidate = true;  // checked below, said in the staff's language (the browser's bubble is not)
    const id = `intent-${requestID}`.replace(/[^A-Za-z0-9_-]/g, "_");
    const label = tools.el("label", "", I18N.t("alerts.intentAuthorisation"));
    const input = tools.el("input");
    input.id = `${id}-auth`;
    input.name = "authorisationCode";
    input.className = "intent-auth";
    input.required = true;
    input.maxLength = 12;
    input.pattern = "[A-Za-z0-9]{1,12}";
    input.autocomplete = "off";
    input.value = drafts.get(requestID) || "";
    input.addEventListener("input", () => drafts.set(requestID, input.value));
    label.htmlFor = input.id;
    const submit = tools.el("button", "button button-danger intent-confirm",
      I18N.t("alerts.intentChargedConfirm", { amount: intent ? I18N.money(intent.amount) : "—" }));
    submit.type = "submit";
    form.append(label, input, submit);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const code = input.value.trim();
      if (!/^[A-Za-z0-9]{1,12}$/.test(code)) { tools.toast(I18N.t("alerts.intentAuthorisationInvalid"), true); input.focus(); return; }
      resolve(requestID, "charged", code, tools);
    });
    return form;
  }

  /**
   * Fills the card of a `paymentUnknown` alert. `tools`: { el, button, confirmingButton, can, toast, reportError,
   * resolved (the alert is settled: drop it and redraw), redraw }.
   */
  function fill(card, actions, alert, tools) {
    const requestID = requestIDOf(alert);
    const intent = intents.get(requestID);
    if (!intent) load(tools.redraw);
    card.append(tools.el("p", "intent-amount", intent
      ? I18N.t(intent.kind === "refund" ? "alerts.intentRefundAmount" : "alerts.intentAmount", { amount: I18N.money(intent.amount) })
      : I18N.t("alerts.intentLoading")));
    if (intent) {
      card.append(tools.el("p", "meta intent-reference",
        I18N.t("alerts.intentReference", { reference: intent.terminalTransactionID || I18N.t("alerts.intentNoReference") })));
    }
    card.append(tools.el("p", "", I18N.t("alerts.intentHint")));
    if (!tools.can("supervisor")) {
      card.append(tools.el("p", "hint", I18N.t("alerts.intentNeedsSupervisor")));
      return;
    }
    const charged = tools.button(I18N.t("alerts.intentCharged"), "button-primary intent-charged", () => {
      if (drafts.has(requestID)) drafts.delete(requestID); else drafts.set(requestID, "");
      tools.redraw();
    });
    charged.setAttribute("aria-expanded", String(drafts.has(requestID)));
    actions.append(charged);
    actions.append(tools.confirmingButton(alert, "notCharged", "alerts.intentNotCharged", "alerts.intentNotChargedConfirm",
      () => resolve(requestID, "notCharged", null, tools)));
    if (drafts.has(requestID)) {
      const form = chargedForm(requestID, intent, tools);
      // After the actions: the form opens under the buttons.
      queueMicrotask(() => {
        card.append(form);
        const input = form.querySelector("input");
        if (input && document.activeElement === document.body) input.focus();
      });
    }
  }

  return { fill };
})();
