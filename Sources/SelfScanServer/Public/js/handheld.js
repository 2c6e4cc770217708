// SelfScan handheld page: the staff screen. Badge/PIN login, live alert queue (age checks, audits, unknown
// items, device faults), audit rescans, price check, stock and click & collect picking — every scan goes
// through the scan field (a keyboard-wedge scanner types into it) or a burst typed anywhere on the page.
import { $, API, APIError, Adapter, ErrorText, I18N, Paths, renderOfflineBanner, startLanguage } from "./shell.js";
import { ScannerKeys } from "./scanner-keys.js";
import { HandheldSubstitutes } from "./handheld-substitutes.js";
import { HandheldPaymentIntents } from "./handheld-payment-intents.js";

(() => {
  const STORAGE_KEY = "selfscan.staff";
  const page = {
    staff: null,          // {token, name, role, staffID}
    view: "login",
    tab: "alerts",
    alerts: new Map(),    // id → alert
    stream: null,
    audit: null,          // {session, lines:[{key,name,expected,scanned}], extra:[{key,name,scanned}]}
    stock: null,
    reservation: null,    // {answer} or {error, code}: the last reserve/order outcome
    pendingReservation: null, // {key, id}: a request to retry with the same id after a network failure
    orders: [],           // click & collect orders to pick (Adapter.picking)
    ordersError: null,
    picking: null,        // {order, message, tone}: the order being picked
    storeID: null,
    status: { daemonUp: true, referentialUp: true, catalogAgeSeconds: null },
  };

  // MARK: views

  function setView(view) {
    page.view = view;
    document.body.dataset.view = view;
    for (const tab of document.querySelectorAll("[data-tab]")) {
      tab.setAttribute("aria-selected", String(tab.dataset.tab === view));
    }
    if (view !== "login") $("scan-input").focus({ preventScroll: true });
  }

  function showTab(tab) {
    page.tab = tab;
    setView(tab);
    if (tab === "orders") loadOrders();
    if (tab === "alerts") loadAlerts();
  }

  let toastTimer = null;
  function toast(text, danger = false) {
    $("toast-text").textContent = text;
    $("toast").classList.toggle("toast-danger", danger);
    $("toast").hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { $("toast").hidden = true; }, 5000);
  }

  const ROLE_RANK = { attendant: 0, auditor: 1, supervisor: 2 };
  /** Whether the signed-in staff member's role allows what needs `role`. */
  const can = (role) => Boolean(page.staff) && (ROLE_RANK[page.staff.role] ?? -1) >= ROLE_RANK[role];

  function reportError(error) {
    if (error instanceof APIError && ["invalidStaffToken", "missingStaffToken"].includes(error.code)) {
      logout(false);
      toast(I18N.t("staff.sessionExpired"), true);
      return;
    }
    // The daemon's messages are English, for logs: known refusals are said in the page's language.
    const known = { staffRoleTooLow: "staff.roleTooLow", network: "common.network", notFound: "staff.alreadyDone" };
    if (error instanceof APIError && known[error.code]) {
      toast(I18N.t(known[error.code]), true);
      return;
    }
    // Every other code of the API (docs/api.md) has its text in the staff's language.
    const said = error instanceof APIError ? ErrorText.text(error.code) : null;
    if (said) { toast(said, true); return; }
    toast(I18N.t("common.error", { message: error.message || String(error) }), true);
  }

  const el = (tag, className, text) => {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined) element.textContent = text;
    return element;
  };
  const button = (label, className, onClick) => {
    const element = el("button", `button ${className}`, label);
    element.type = "button";
    element.addEventListener("click", onClick);
    return element;
  };

  // MARK: login

  async function login(event) {
    event.preventDefault();
    $("login-error").hidden = true;
    $("login-submit").disabled = true;
    try {
      // No role picked: the daemon signs in with the highest role the badge holds.
      const credentials = { badge: $("login-badge").value.trim(), pin: $("login-pin").value };
      if ($("login-role").value) credentials.role = $("login-role").value;
      const result = await API.post(Paths.staffLogin, credentials, { shopper: true });
      page.staff = { token: result.token, name: result.name, role: result.role, staffID: result.staffID };
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(page.staff));
      $("login-pin").value = "";
      signedIn();
    } catch (error) {
      const key = error.code === "roleNotGranted" ? "staff.roleNotGranted" : (error.code === "badCredentials" ? "staff.badCredentials" : null);
      $("login-error").textContent = key ? I18N.t(key) : I18N.t("common.error", { message: error.message });
      $("login-error").hidden = false;
    } finally {
      $("login-submit").disabled = false;
    }
  }

  function signedIn() {
    API.auth.staffToken = page.staff.token;
    renderStaff();
    showTab("alerts");
    if (page.stream) page.stream.close();
    // onGap runs on the daemon's `subscribed` handshake (and after a gap): subscribed from then on, so the queue
    // read then misses no alert — no second, "surely subscribed" read later.
    page.stream = API.eventStream(() => ({ staff: page.staff.token }), { onEvent, onGap: loadAlerts });
  }

  function renderStaff() {
    $("staff-name").textContent = page.staff
      ? I18N.t("staff.hello", { name: page.staff.name, role: I18N.t(`staff.role.${page.staff.role}`) }) : "";
  }

  async function logout(callServer = true) {
    if (callServer && page.staff) { try { await API.post(Paths.staffLogout, {}); } catch (error) { /* gone anyway */ } }
    sessionStorage.removeItem(STORAGE_KEY);
    if (page.stream) page.stream.close();
    page.stream = null;
    page.staff = null;
    API.auth.staffToken = null;
    page.alerts.clear();
    page.audit = null;
    renderStaff();
    // A shared device: the next person's badge scan must not be appended to this one's.
    $("login-badge").value = "";
    $("login-pin").value = "";
    $("login-error").hidden = true;
    setView("login");
    $("login-badge").focus();
  }

  // MARK: alerts

  // Reads of the queue may overlap (sign-in, the stream's handshake, a tab switch): only the latest one's answer
  // is applied, and the alert events that arrived while it was in flight are applied again on top of it (the
  // answer may have been read before them). Without this, an older or slower read wiped a fresh alert.
  let alertReads = 0;
  let eventsDuringRead = null;

  async function loadAlerts() {
    if (!page.staff) return;
    const read = ++alertReads;
    eventsDuringRead = [];
    try {
      const result = await API.get(Paths.alerts, { staff: true });
      if (read !== alertReads) return;
      page.alerts.clear();
      for (const raw of (result && (result.alerts || result)) || []) {
        const alert = Adapter.alert(raw);
        if (!alert.resolved) page.alerts.set(alert.id, alert);
      }
      for (const event of eventsDuringRead) applyToAlerts(event);
      renderAlerts();
    } catch (error) {
      if (error.status !== 404) reportError(error);
    } finally {
      if (read === alertReads) eventsDuringRead = null;
    }
  }

  /** What an event changes in the alert queue (true when it is about alerts). */
  function applyToAlerts(event) {
    if (event.type === "alert" && event.data) {
      const alert = Adapter.alert({ session: event.session, at: event.at, ...event.data });
      if (alert.resolved) page.alerts.delete(alert.id); else page.alerts.set(alert.id, alert);
    } else if (event.type === "alertResolved" && event.data) {
      page.alerts.delete(String(event.data.id));
    } else if (event.type === "basket" && event.data) {
      const view = Adapter.session(event.data);
      // An approved age check or a finished audit clears that session's alerts.
      for (const [id, alert] of page.alerts) {
        if (alert.session !== view.id) continue;
        if (alert.kind === "ageApproval" && !view.pendingApproval) page.alerts.delete(id);
        if (alert.kind === "audit" && !["auditRequired", "auditing"].includes(view.state)) page.alerts.delete(id);
      }
    } else if (event.type === "device" && event.data) {
      // Scanner faults: `detached` / `error` raise one alert per scanner, `attached` clears it.
      const id = `device-${event.data.scanner || event.data.device || "?"}`;
      if (event.data.event === "attached") page.alerts.delete(id);
      else if (["detached", "error"].includes(event.data.event) || event.data.fault) {
        page.alerts.set(id, Adapter.alert({ kind: "device", id, at: event.at, ...event.data, message: event.data.error || event.data.event }));
      }
    } else {
      return false;
    }
    return true;
  }

  function onEvent(event) {
    if (applyToAlerts(event)) {
      if (eventsDuringRead) eventsDuringRead.push(event);
      renderAlerts();
    }
    if (event.type === "basket" && event.data) {
      const view = Adapter.session(event.data);
      if (page.audit && page.audit.session === view.id) mergeAuditSession(event.data);
    } else if (event.type === "audit" && event.data && page.audit && event.data.session === page.audit.session) {
      mergeAuditProgress(event.data);
    }
  }

  // Most urgent first: a shopper waiting at a kiosk (age check), then a call for help, an audit, items to check,
  // devices; oldest first within a kind of urgency.
  const URGENCY = { ageApproval: 0, paymentUnknown: 1, help: 1, audit: 2, unknownCode: 3, saleRefused: 3 };
  const urgency = (alert) => URGENCY[alert.kind] ?? 4;
  function renderAlerts() {
    const alerts = [...page.alerts.values()].sort((a, b) => urgency(a) - urgency(b) || a.at - b.at);
    $("alerts-empty").hidden = alerts.length > 0;
    $("alert-count").hidden = alerts.length === 0;
    $("alert-count").textContent = String(alerts.length);
    $("alerts").replaceChildren(...alerts.map(alertCard));
  }

  function alertCard(alert) {
    const known = ["ageApproval", "audit", "unknownCode", "saleRefused", "device", "help", "paymentUnknown", "couponReused"];
    const kind = known.includes(alert.kind) ? alert.kind : "other";
    const card = el("li", `card card-${kind}`);
    card.dataset.alertId = alert.id;
    card.dataset.kind = alert.kind;
    card.append(el("h3", "", I18N.t(`alerts.kind.${kind}`)));
    const where = alert.device ? I18N.t("alerts.kiosk", { device: alert.device }) : (alert.session ? I18N.t("alerts.session", { id: String(alert.session).slice(0, 8) }) : "");
    const ageSeconds = Math.max(0, Math.round((Date.now() - alert.at) / 1000));
    card.append(el("p", "meta", [where, I18N.age(ageSeconds)].filter(Boolean).join(" · ")));
    if (alert.item && alert.item.name) {
      card.append(el("p", "", alert.item.minimumAge ? I18N.t("alerts.item", { name: alert.item.name, age: alert.item.minimumAge }) : alert.item.name));
    }
    if (alert.code && kind !== "paymentUnknown") card.append(el("p", "meta", I18N.t("alerts.code", { code: alert.code })));
    // The daemon's message is for logs (English); known kinds are described by the page in the staff's language.
    if (alert.text && (kind === "other" || kind === "device" || kind === "couponReused")) card.append(el("p", "", alert.text));
    else if (kind === "ageApproval") card.append(el("p", "", I18N.t("alerts.ageHint")));
    else if (kind === "audit") card.append(el("p", "", I18N.t("alerts.auditHint")));
    const actions = el("div", "actions");
    if (kind === "ageApproval") {
      actions.append(button(I18N.t("alerts.approve"), "button-primary", () => approve(alert, true)));
      // Refusing voids the item: the first tap asks, a second tap within a few seconds refuses.
      actions.append(confirmingButton(alert, "refuse", "alerts.refuse", "alerts.refuseConfirm", () => approve(alert, false)));
    } else if (kind === "audit") {
      // Only what this login may do is offered (the daemon would refuse the rest).
      if (can("auditor")) actions.append(button(I18N.t("alerts.startAudit"), "button-accent", () => startAudit(alert.session)));
      else card.append(el("p", "hint", I18N.t("alerts.needsAuditor")));
    }
    if (kind === "paymentUnknown") {
      // A lost terminal answer: only a supervisor settles it (charged / not charged), never a plain dismiss.
      HandheldPaymentIntents.fill(card, actions, alert, {
        el, button, confirmingButton, can, toast, reportError, redraw: renderAlerts,
        resolved: () => { page.alerts.delete(alert.id); renderAlerts(); },
      });
    } else if (kind === "unknownCode" && alert.session) {
      // An unknown item: a supervisor adds it at a price with a reason; anyone may put it aside (void: no line).
      if (can("supervisor")) actions.append(button(I18N.t("alerts.priceItem"), "button-primary", () => togglePriceForm(card, alert)));
      else card.append(el("p", "hint", I18N.t("alerts.needsSupervisor")));
      actions.append(confirmingButton(alert, "putAside", "alerts.voidItem", "alerts.voidItemConfirm", () => dismiss(alert)));
    } else if (kind !== "ageApproval" && kind !== "audit" && kind !== "paymentUnknown") {
      actions.append(button(I18N.t("alerts.dismiss"), "button-secondary", () => dismiss(alert)));
    }
    card.append(actions);
    return card;
  }

  // A destructive action asks first: the first tap arms it for CONFIRM_MS (the button says what a second tap
  // does), a second tap within that time does it. The armed state is kept here, not only on the button, so that
  // the alert list re-rendering in between (any alert or basket event redraws it) keeps it.
  const CONFIRM_MS = 5000;
  const armed = new Map();  // "alertID:action" → the timer that disarms it
  function confirmingButton(alert, action, labelKey, confirmKey, run) {
    const key = `${alert.id}:${action}`;
    const show = (node, on) => {
      node.classList.toggle("confirming", on);
      node.textContent = I18N.t(on ? confirmKey : labelKey);
    };
    const node = button("", "button-danger", () => {
      if (armed.has(key)) {
        clearTimeout(armed.get(key));
        armed.delete(key);
        run();
        return;
      }
      armed.set(key, setTimeout(() => {
        armed.delete(key);
        for (const shown of document.querySelectorAll("[data-confirm]")) if (shown.dataset.confirm === key) show(shown, false);
      }, CONFIRM_MS));
      show(node, true);
    });
    node.dataset.confirm = key;
    show(node, armed.has(key));
    return node;
  }

  const PRICE_REASONS = ["notInCatalog", "unreadableCode", "damagedLabel", "shelfPrice"];

  /** The "add at a price" form of an unknown-item card: price in cents (shown as money), a reason, a name. */
  function togglePriceForm(card, alert) {
    const existing = card.querySelector("form.price-form");
    if (existing) { existing.remove(); return; }
    const form = el("form", "price-form");
    const id = `price-${alert.id}`.replace(/[^A-Za-z0-9_-]/g, "_");
    const field = (labelKey, input) => {
      const label = el("label", "", I18N.t(labelKey));
      label.htmlFor = input.id;
      return [label, input];
    };
    const price = el("input");
    price.id = `${id}-minor`;
    price.name = "minor";
    price.inputMode = "numeric";
    price.pattern = "[0-9]{1,6}";
    price.required = true;
    price.autocomplete = "off";
    const preview = el("output", "price-preview", "");
    preview.id = `${id}-preview`;
    preview.setAttribute("aria-live", "polite");
    price.setAttribute("aria-describedby", preview.id);
    price.addEventListener("input", () => {
      const minor = Number.parseInt(price.value, 10);
      preview.textContent = Number.isFinite(minor) ? I18N.money({ minor, currency: "EUR" }) : "";
    });
    const reason = el("select");
    reason.id = `${id}-reason`;
    reason.name = "reason";
    for (const code of PRICE_REASONS) {
      const option = el("option", "", I18N.t(`alerts.priceReason.${code}`));
      option.value = code;
      reason.append(option);
    }
    const name = el("input");
    name.id = `${id}-name`;
    name.name = "name";
    name.maxLength = 80;
    name.autocomplete = "off";
    const submit = el("button", "button button-primary", I18N.t("alerts.priceSubmit"));
    submit.type = "submit";
    form.append(...field("alerts.priceMinor", price), preview, ...field("alerts.priceReason", reason),
      ...field("alerts.priceName", name), submit);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const minor = Number.parseInt(price.value, 10);
      if (!/^[0-9]{1,6}$/.test(price.value.trim()) || !(minor > 0)) { toast(I18N.t("alerts.priceInvalid"), true); price.focus(); return; }
      try {
        const view = Adapter.session(await API.post(Paths.pricedLines(alert.session), {
          code: alert.code || "?", name: name.value.trim() || undefined, price: { minor, currency: "EUR" },
          reason: reason.value, alert: alert.id,
        }, { staff: true }));
        page.alerts.delete(alert.id);
        renderAlerts();
        toast(I18N.t("alerts.priced", { price: I18N.money({ minor, currency: "EUR" }), total: I18N.money(view.total) }));
      } catch (error) {
        reportError(error);
      }
    });
    card.append(form);
    price.focus();
  }

  async function approve(alert, yes) {
    try {
      await API.post(Paths.approve(alert.session), { approve: yes }, { staff: true });
      page.alerts.delete(alert.id);
      renderAlerts();
      toast(I18N.t(yes ? "alerts.approved" : "alerts.refused"));
    } catch (error) {
      reportError(error);
    }
  }

  async function dismiss(alert) {
    try {
      await API.del(Paths.alert(alert.id), { staff: true });
    } catch (error) {
      if (error.status !== 404) { reportError(error); return; }
    }
    page.alerts.delete(alert.id);
    renderAlerts();
  }

  // MARK: audit

  async function startAudit(sessionID) {
    try {
      const view = Adapter.session(await API.post(Paths.auditStart(sessionID), {}, { staff: true }));
      page.audit = { session: sessionID, expected: expectedFromView(view), counted: new Map(), lastProduct: null, mode: view.audit && view.audit.mode };
      renderAudit();
      setView("audit");
    } catch (error) {
      reportError(error);
    }
  }

  /** What the basket says: one row per product (voided lines and deposits are not rescanned). */
  function expectedFromView(view) {
    const byProduct = new Map();
    for (const line of view.lines) {
      if (line.voided || line.kind === "deposit") continue;
      const row = byProduct.get(line.productID) || { productID: line.productID, name: line.name, expected: 0 };
      row.expected += line.weightGrams ? 1 : line.quantity;
      byProduct.set(line.productID, row);
    }
    return byProduct;
  }

  /** An `AuditProgress` from the daemon: counts per product so far. */
  function mergeAuditProgress(progress) {
    if (!page.audit || !progress || !progress.counted) return;
    page.audit.counted = new Map(progress.counted.map((c) => [c.productID, c.count]));
    page.audit.lastProduct = progress.lastProduct || null;
    // A product found in the bag but not in the basket: keep its name for the differences list.
    if (progress.lastProduct && progress.lastProductID && !page.audit.expected.has(progress.lastProductID)) {
      page.audit.extraNames = { ...(page.audit.extraNames || {}), [progress.lastProductID]: progress.lastProduct };
    }
    renderAudit();
  }

  function mergeAuditSession(raw) {
    const view = Adapter.session(raw);
    if (!["auditRequired", "auditing"].includes(view.state) && page.view === "audit") {
      page.audit = null;
      showTab("alerts");
    }
  }

  function renderAudit() {
    const audit = page.audit;
    if (!audit) return;
    const modeText = audit.mode ? ` · ${I18N.t(audit.mode === "full" ? "audit.scope.full" : "audit.scope.partial")}` : "";
    $("audit-session").textContent = `${I18N.t("alerts.session", { id: String(audit.session).slice(0, 8) })} · ${I18N.t("audit.lines", { n: audit.expected.size })}${modeText}`;
    const rows = [];
    const differences = [];
    const names = audit.extraNames || {};
    for (const line of audit.expected.values()) {
      const scanned = audit.counted.get(line.productID) || 0;
      rows.push({ productID: line.productID, name: line.name, expected: line.expected, scanned });
    }
    for (const [productID, scanned] of audit.counted) {
      if (!audit.expected.has(productID)) rows.push({ productID, name: names[productID] || productID, expected: 0, scanned });
    }
    const trs = rows.map((row) => {
      const tr = el("tr", row.scanned === row.expected ? "ok" : (row.scanned < row.expected ? "missing" : "extra"));
      tr.dataset.productId = row.productID;
      tr.append(el("td", "", row.name), el("td", "", String(row.expected)), el("td", "", String(row.scanned)));
      if (row.scanned !== row.expected) differences.push(row);
      return tr;
    });
    $("audit-lines").replaceChildren(...trs);
    const items = differences.map((row) => {
      const delta = row.scanned - row.expected;
      return el("li", delta < 0 ? "missing" : "extra", `${row.name} : ${delta < 0 ? I18N.t("audit.missing") : I18N.t("audit.extra")} ${Math.abs(delta)}`);
    });
    $("audit-differences").replaceChildren(...(items.length ? items : [el("li", "", I18N.t("audit.noDifference"))]));
  }

  async function auditScan(code) {
    try {
      mergeAuditProgress(await API.post(Paths.auditScan(page.audit.session), { payload: code }, { staff: true }));
    } catch (error) {
      reportError(error);
    }
  }

  async function validateAudit() {
    try {
      await API.post(Paths.auditValidate(page.audit.session), {}, { staff: true });
      toast(I18N.t("audit.validated"));
      const session = page.audit.session;
      page.audit = null;
      for (const [id, alert] of page.alerts) if (alert.session === session && alert.kind === "audit") page.alerts.delete(id);
      renderAlerts();
      showTab("alerts");
    } catch (error) {
      reportError(error);
    }
  }

  // MARK: price check, stock, reserve

  async function priceCheck(code) {
    const box = $("price-result");
    try {
      const result = await API.get(Paths.priceCheck(code), { staff: true });
      const product = result.product || result;
      box.replaceChildren(
        el("p", "product-name", product.name),
        el("p", "price-big", I18N.money(product.price || product.unitPrice) + (product.perKilogram ? " /kg" : "")),
        el("p", "meta", [code, product.vatRate != null ? I18N.t("price.vat", { rate: I18N.percent(product.vatRate.basisPoints ?? product.vatRate) }) : ""].filter(Boolean).join(" · ")),
      );
      const tags = el("div", "tags");
      if (product.minimumAge) tags.append(el("span", "tag tag-warn", I18N.t("price.minAge", { age: product.minimumAge })));
      if (product.saleStopped || product.saleStop) tags.append(el("span", "tag tag-warn", I18N.t("price.saleStopped")));
      for (const promotion of result.promotions || product.promotions || []) tags.append(el("span", "tag", promotion.name || promotion.label || String(promotion)));
      if (tags.childElementCount) box.append(tags);
      box.hidden = false;
      $("price-hint").hidden = true;
    } catch (error) {
      box.replaceChildren(el("p", "error", error.status === 404 ? I18N.t("price.unknown") : I18N.t("common.error", { message: error.message })));
      box.hidden = false;
    }
  }

  async function stockCheck(code) {
    try {
      page.stock = { code, result: Adapter.stock(await API.get(Paths.stock(code), { staff: true })) };
      page.reservation = null;
      renderStock();
    } catch (error) {
      page.stock = null;
      $("stock-hint").hidden = true;
      $("stock-result").hidden = false;
      $("stock-product").textContent = error.status === 404 ? I18N.t("price.unknown") : I18N.t("common.error", { message: error.message });
      $("stock-source").hidden = true;
      $("stock-here").replaceChildren();
      $("stock-stores").replaceChildren();
      $("reservation-result").hidden = true;
    }
  }

  /** One store's card: its units, and Reserve (when it has some) / Order buttons for click & collect. */
  function stockCard(store, quantity, name = null) {
    const card = el("li", "card");
    card.dataset.store = store;
    card.append(el("h3", "", name && name !== store ? `${name} · ${store}` : store));
    card.append(el("p", "", quantity == null ? I18N.t("stock.none") : I18N.t("stock.units", { n: quantity })));
    const actions = el("div", "actions");
    const reserveButton = button(I18N.t("stock.reserve"), "button-accent", () => reserve(store, "reserve"));
    reserveButton.dataset.action = "reserve";
    // A reservation needs the referential (an order is queued instead): offline, say so rather than fail.
    const offline = !page.status.referentialUp || Boolean(page.stock && page.stock.result && !page.stock.result.live);
    reserveButton.disabled = !(quantity > 0) || offline;
    if (offline) card.append(el("p", "hint", I18N.t("stock.reserveOffline")));
    const orderButton = button(I18N.t("stock.order"), "button-secondary", () => reserve(store, "order"));
    orderButton.dataset.action = "order";
    actions.append(reserveButton, orderButton);
    card.append(actions);
    return card;
  }

  function renderStock() {
    renderReservation();
    if (!page.stock) return;
    const { result } = page.stock;
    $("stock-hint").hidden = true;
    $("stock-result").hidden = false;
    $("stock-product").textContent = result.name;
    const source = $("stock-source");
    source.hidden = false;
    source.dataset.source = result.live ? "live" : "cache";
    source.className = `source ${result.live ? "source-live" : "source-cache"}`;
    source.textContent = result.live ? I18N.t("stock.source.live")
      : (result.catalogAgeSeconds == null ? I18N.t("stock.source.cacheUnknownAge") : I18N.t("stock.source.cache", { age: I18N.age(result.catalogAgeSeconds) }));
    $("stock-here").replaceChildren(stockCard(page.storeID || "—", result.here));
    $("stock-stores").replaceChildren(...(result.stores.length
      ? result.stores.map((level) => stockCard(level.store, level.quantity, level.name))
      : [el("li", "empty", I18N.t("stock.noOtherStore"))]));
    HandheldSubstitutes.show(page.stock.code, result.here);
  }

  function newID() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /**
   * Reserve (hold stock) or order for click & collect. The request id is made once per request and reused
   * when the same request is retried after a network failure, so a retry is never a second reservation.
   */
  async function reserve(store, mode) {
    if (!page.stock || page.reserving) return;
    const quantity = Number($("reserve-quantity").value);
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > 10000) {
      page.reservation = { error: I18N.t("stock.error.badQuantity") };
      renderReservation();
      return;
    }
    const card = $("reserve-card").value.trim() || null;
    const key = JSON.stringify([page.stock.code, store, mode, quantity, card]);
    const id = page.pendingReservation && page.pendingReservation.key === key ? page.pendingReservation.id : newID();
    page.pendingReservation = { key, id };
    page.reserving = true;
    try {
      const answer = await API.post(Paths.reserve, {
        id, code: page.stock.code, quantity, fulfilmentStoreID: store, mode, loyaltyCard: card,
      }, { staff: true });
      page.pendingReservation = null;
      page.reservation = { answer: Adapter.reservation(answer) };
      renderReservation();
      if (answer.status !== "queued") stockCheck(page.stock.code).then(() => { page.reservation = { answer: Adapter.reservation(answer) }; renderReservation(); });
    } catch (error) {
      if (error.code !== "network") page.pendingReservation = null;
      if (["invalidStaffToken", "missingStaffToken"].includes(error.code)) { reportError(error); return; }
      const known = { insufficientStock: "stock.error.insufficientStock", referentialUnreachable: "stock.error.referentialUnreachable",
        reservationConflict: "stock.error.reservationConflict" };
      page.reservation = { error: known[error.code] ? I18N.t(known[error.code], { store, quantity }) : I18N.t("common.error", { message: error.message }), code: error.code };
      renderReservation();
    } finally {
      page.reserving = false;
    }
  }

  function renderReservation() {
    const box = $("reservation-result");
    const state = page.reservation;
    if (!state) { box.hidden = true; return; }
    box.hidden = false;
    if (state.error) {
      box.className = "card card-error";
      box.dataset.status = "error";
      box.dataset.code = state.code || "";
      box.replaceChildren(el("p", "error", state.error));
      return;
    }
    const r = state.answer;
    const key = { reserved: "stock.result.reserved", ordered: "stock.result.ordered", picked: "stock.result.picked", queued: "stock.result.queued" }[r.status] || "stock.result.ordered";
    box.className = `card ${r.status === "queued" ? "card-queued" : "card-done"}`;
    box.dataset.status = r.status;
    box.dataset.code = "";
    box.replaceChildren(el("p", "product-name", I18N.t(key, { quantity: r.quantity, name: r.name, store: r.store })));
    if (r.replayed) box.append(el("p", "meta", I18N.t("stock.result.replayed")));
    box.append(el("p", "meta", I18N.t("stock.result.reference", { id: String(r.id).slice(0, 8) })));
  }

  // MARK: click & collect picking

  async function loadOrders() {
    if (!page.staff) return;
    try {
      const result = await API.get(Paths.pickings, { staff: true });
      page.orders = (result.pickings || []).map(Adapter.picking);
      page.ordersError = null;
    } catch (error) {
      if (["invalidStaffToken", "missingStaffToken"].includes(error.code)) { reportError(error); return; }
      page.orders = [];
      page.ordersError = error.code === "referentialUnreachable" ? I18N.t("orders.unavailable") : I18N.t("common.error", { message: error.message });
    }
    renderOrders();
  }

  function orderMeta(order) {
    return [I18N.t("orders.from", { store: order.from, time: order.createdAt ? I18N.time(order.createdAt) : "" }),
      order.card ? I18N.t("orders.card", { card: order.card }) : ""].filter(Boolean).join(" · ");
  }

  function renderOrders() {
    const orders = page.orders || [];
    $("orders-list").hidden = Boolean(page.picking);
    $("orders-empty").hidden = orders.length > 0;
    $("orders-empty").textContent = page.ordersError || I18N.t("orders.empty");
    $("orders-empty").classList.toggle("error", Boolean(page.ordersError));
    $("orders").replaceChildren(...orders.map((order) => {
      const card = el("li", `card ${order.done ? "card-done" : ""}`);
      card.dataset.picking = order.id;
      card.append(el("h3", "", `${order.quantity} × ${order.name}`));
      const tags = el("div", "tags");
      tags.append(el("span", "tag", I18N.t(`orders.status.${order.status}`)));
      card.append(tags, el("p", "meta", orderMeta(order)));
      card.append(el("p", "", I18N.t("orders.progress", { picked: order.picked, wanted: order.quantity })));
      const actions = el("div", "actions");
      actions.append(button(I18N.t("orders.pick"), "button-primary", () => startPicking(order)));
      card.append(actions);
      return card;
    }));
    renderPicking();
  }

  function startPicking(order) {
    page.picking = { order, message: null, tone: null };
    renderOrders();
  }

  function renderPicking() {
    const picking = page.picking;
    $("picking").hidden = !picking;
    $("orders-list").hidden = Boolean(picking);
    if (!picking) return;
    const order = picking.order;
    $("picking").dataset.status = order.done ? "picked" : (order.awaitingReferential ? "awaiting" : "picking");
    $("picking-title").textContent = I18N.t("orders.picking", { order: String(order.id).slice(0, 8) });
    $("picking-product").textContent = `${order.quantity} × ${order.name}`;
    $("picking-meta").textContent = orderMeta(order);
    $("picking-progress").max = order.quantity;
    $("picking-progress").value = order.picked;
    $("picking-count").textContent = I18N.t("orders.progress", { picked: order.picked, wanted: order.quantity });
    const message = $("picking-message");
    if (order.done) { message.textContent = I18N.t("orders.done", { name: order.name }); message.className = "picking-done"; }
    else if (order.awaitingReferential) { message.textContent = I18N.t("orders.awaiting"); message.className = "hint"; }
    else if (picking.message) { message.textContent = picking.message; message.className = picking.tone === "wrong" ? "picking-wrong" : "hint"; }
    else { message.textContent = I18N.t("orders.scanHint"); message.className = "hint"; }
  }

  /** A scan on the order list opens the first order still to pick for that GTIN (then counts the scan). */
  function openOrderFor(code) {
    const gtin = /^\d{8,14}$/.test(code) ? code.padStart(14, "0") : null;
    const order = gtin && (page.orders || []).find((o) => !o.done && o.gtin === gtin);
    if (order) startPicking(order);
    return Boolean(order);
  }

  async function pick(code) {
    const picking = page.picking;
    try {
      picking.order = Adapter.picking(await API.post(Paths.pickingScan(picking.order.id), { code }, { staff: true }));
      picking.message = null;
      if (picking.order.done) toast(I18N.t("orders.done", { name: picking.order.name }));
    } catch (error) {
      if (["invalidStaffToken", "missingStaffToken"].includes(error.code)) { reportError(error); return; }
      picking.tone = "wrong";
      if (error.code === "wrongItem") {
        const match = /this order is for (.*), scanned (.*)$/.exec(error.message || "");
        picking.message = I18N.t("orders.wrongItem", { expected: picking.order.name, scanned: match ? match[2] : code });
      } else if (error.code === "alreadyPicked") picking.message = I18N.t("orders.alreadyPicked");
      else if (error.code === "referentialUnreachable") picking.message = I18N.t("orders.unavailable");
      else picking.message = I18N.t("common.error", { message: error.message });
    }
    renderPicking();
  }

  // MARK: scans

  function scanned(code) {
    const text = code.trim();
    if (!text) return;
    if (page.view === "login") {
      $("login-badge").value = text;
      $("login-pin").focus();
      return;
    }
    if (page.view === "audit" && page.audit) auditScan(text);
    else if (page.view === "stock") stockCheck(text);
    else if (page.view === "orders" && page.picking) pick(text);
    else if (page.view === "orders" && openOrderFor(text)) pick(text);
    else { if (page.view !== "price") showTab("price"); priceCheck(text); }
  }

  // MARK: offline

  function renderOffline() {
    renderOfflineBanner($("offline-banner"), page.status, { short: true });
  }

  // MARK: wiring

  function init() {
    startLanguage(() => { renderStaff(); renderAlerts(); renderAudit(); renderStock(); renderOrders(); renderOffline(); });
    for (const tab of document.querySelectorAll("[data-tab]")) tab.addEventListener("click", () => showTab(tab.dataset.tab));
    $("login-form").addEventListener("submit", login);
    $("scan-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const code = $("scan-input").value;
      $("scan-input").value = "";
      scanned(code);
    });
    $("audit-validate").addEventListener("click", validateAudit);
    $("audit-leave").addEventListener("click", () => { page.audit = null; showTab("alerts"); });
    $("picking-back").addEventListener("click", () => { page.picking = null; loadOrders(); });
    $("orders-refresh").addEventListener("click", loadOrders);
    $("logout").addEventListener("click", () => logout(true));
    $("toast-close").addEventListener("click", () => { $("toast").hidden = true; });
    ScannerKeys.attach(scanned, { passThroughInputs: true });
    API.watchStatus((status) => {
      const wasUp = page.status.referentialUp;
      page.status = status;
      if (status.store && status.store !== page.storeID) { page.storeID = status.store; renderStock(); }
      else if (wasUp !== status.referentialUp) renderStock();
      renderOffline();
    });
    setInterval(() => { if (page.view === "alerts") renderAlerts(); }, 30000);
    API.heartbeat("handheld");

    try { page.staff = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || "null"); } catch (error) { page.staff = null; }
    if (page.staff) signedIn(); else setView("login");
    renderAlerts();
  }

  document.addEventListener("DOMContentLoaded", init);
})();
