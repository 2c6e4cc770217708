// SelfScan kiosk page: the shopper's screen. All state lives in the daemon; this page shows the session
// it resumes from localStorage, redraws on live events, and sends what the shopper does.
import { $, API, APIError, Adapter, ErrorText, I18N, Paths, renderOfflineBanner, startLanguage } from "./shell.js";
import { ScannerKeys } from "./scanner-keys.js";
import { KioskSuggestion } from "./kiosk-suggestion.js";

(() => {
  const params = new URLSearchParams(location.search);
  const IDLE_MS = Number(params.get("idle") || 120) * 1000;           // quiet time before "still there?"
  const IDLE_COUNTDOWN_S = Number(params.get("idleCountdown") || 30);  // then this many seconds to answer
  const RECEIPT_IDLE_MS = Number(params.get("receiptIdle") || 60) * 1000;
  // Longest pause between two keys of one keyboard-wedge scan (10–1000 ms; 45 by default): raise it for a
  // slow scanner or a loaded terminal whose key events arrive late.
  const SCAN_GAP_MS = Math.min(1000, Math.max(10, Number(params.get("scanGapMs") || 45)));
  const STORAGE_KEY = "selfscan.kiosk.session";
  // Where a phone reaches this daemon's pass page (the store's address; the kiosk itself may be on loopback).
  const PASS_BASE = (params.get("passBase") || location.origin).replace(/\/+$/, "");

  const page = {
    view: null,          // Adapter.session(...) of the current session
    knownLines: new Set(),
    stream: null,
    payment: { busy: false, outcome: null, prompt: null },
    ageDialogShownFor: null,
    lastActivity: Date.now(),
    idleTimer: null,
    idleCountdown: null,
    lineDialogLineID: null,
    status: { daemonUp: true, referentialUp: true, catalogAgeSeconds: null },
    starting: false,
    receiptDeadline: null, // {session, at}: when the receipt gives way to the welcome screen (set once per trip)
    staffWaits: new Set(), // open help alerts of this session: a shopper waiting for staff is never idle
    events: 0,           // basket events applied so far
    streamUp: false,     // the event stream is connected
  };

  // MARK: stored session (survives reloads)

  function stored() {
    try { return JSON.parse(localStorage.getItem(STORAGE_KEY) || "null"); } catch (error) { return null; }
  }
  function store(id, token) {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ id, token }));
    API.auth.sessionToken = token;
  }
  function forget() {
    localStorage.removeItem(STORAGE_KEY);
    API.auth.sessionToken = null;
    if (page.stream) page.stream.close();
    page.stream = null;
    clearInterval(page.reconcile);
    page.view = null;
    page.knownLines = new Set();
    page.payment = { busy: false, outcome: null, prompt: null };
    page.ageDialogShownFor = null;
    page.receiptDeadline = null;
    page.staffWaits = new Set();
    clearTimeout(page.idleTimer);
    closeDialogs();
    clearMessages();
    wipeShopperDetails();
    showScreen("welcome");
    renderCustomer();
  }

  /**
   * A shared screen: once a trip ends nothing of the shopper stays in the page, not even hidden (lines,
   * totals, payment, exit pass, name).
   */
  function wipeShopperDetails() {
    for (const id of ["basket-lines", "receipt-lines", "audit-change-list", "audit-basket"]) $(id).replaceChildren();
    for (const id of ["total-subtotal", "total-deposits", "total-savings", "total-count", "total-total", "pay-total",
      "pay-prompt", "audit-total", "audit-text", "receipt-paid", "receipt-card", "exit-pass-expiry", "line-name",
      "state-notice", "customer", "age-item", "audit-old-total", "audit-new-total", "basket-announce"]) {
      if ($(id)) $(id).textContent = "";
    }
    for (const qr of [$("exit-pass-qr"), $("phone-pass-qr")]) {
      qr.removeAttribute("src");
      qr.alt = "";
    }
    $("phone-pass").hidden = true;
    delete $("phone-pass-qr").dataset.link;
    receiptPassCode = null;
    eReceipt = null;
    eReceiptAsked = null;
  }

  // MARK: screens

  function showScreen(name) {
    if (document.body.dataset.screen !== name) {
      document.body.dataset.screen = name;
      clearMessages();  // a message is about the screen it was shown on
      const heading = document.querySelector(`#screen-${name} h1`);
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        // The control a keyboard user was on has just been hidden with its screen: the focus goes to the new
        // screen's title (read out by a screen reader), so Tab goes on from there, not from a hidden button.
        // (No ring shows for a touch user: a title focused by script is not :focus-visible after a tap.)
        heading.focus({ preventScroll: true });
      }
    }
  }

  function screenFor(state) {
    switch (state) {
      case "open": case "scanning": case "approvalNeeded": return "basket";
      case "checkoutRequested": case "readyToPay": return "payment";
      case "auditRequired": case "auditing": case "audited": return "audit";
      case "paid": case "exited": return "receipt";
      default: return "welcome";
    }
  }

  function render() {
    const view = page.view;
    if (!view) { showScreen("welcome"); return; }
    if (["abandoned", "void", "suspended"].includes(view.state)) { forget(); return; }
    const screen = screenFor(view.state);
    showScreen(screen);
    renderCustomer();
    renderBasket();
    renderTotals();
    renderStateNotice();
    if (screen === "audit") renderAudit();
    if (screen === "payment") renderPayment();
    if (screen === "receipt") renderReceipt();
    renderAgeDialog();
    scheduleIdle();
  }

  function renderCustomer() {
    const view = page.view;
    const element = $("customer");
    if (!view) { element.textContent = ""; return; }
    if (!view.customer) element.textContent = I18N.t("basket.anonymous");
    else if (view.customer.name) element.textContent = `${I18N.t("basket.hello", { name: view.customer.name })} · ${I18N.t("basket.loyalty", { card: maskCard(view.customer.card) })}`;
    else element.textContent = I18N.t("basket.loyaltyMember");
  }
  const maskCard = (card) => (card && card.length > 4 ? `•••• ${card.slice(-4)}` : card || "");

  /**
   * The basket groups a product's scans into one row ("3 × Yaourts", the 3-for-2 under it): lines of the same
   * product at the same price and approval state, counted (not weighed, not priced by their label). Deposits
   * group the same way under their own name. Every other line is a row of its own.
   */
  function groupLines(lines) {
    const groups = [];
    const byKey = new Map();
    for (const line of lines) {
      const groupable = (line.kind === "item" || line.kind === "deposit") && !line.weightGrams;
      const key = groupable
        ? `${line.kind}:${line.productID}:${line.unitPrice ? line.unitPrice.minor : ""}:${line.approved === true}`
        : `line:${line.id}`;
      let group = byKey.get(key);
      if (!group) {
        group = { key, lines: [], kind: line.kind, counted: groupable && line.kind === "item" };
        byKey.set(key, group);
        groups.push(group);
      }
      group.lines.push(line);
    }
    for (const group of groups) {
      const first = group.lines[0];
      group.first = first;
      group.last = group.lines[group.lines.length - 1];
      group.quantity = group.lines.reduce((n, l) => n + (l.weightGrams ? 1 : l.quantity), 0);
      const currency = (first.total && first.total.currency) || "EUR";
      group.total = { minor: group.lines.reduce((n, l) => n + ((l.total && l.total.minor) || 0), 0), currency };
      group.ids = new Set(group.lines.map((l) => l.id));
    }
    return groups;
  }

  function groupElement(group, isNew) {
    const line = group.first;
    const item = document.createElement("li");
    item.className = "line-row";
    const button = document.createElement("button");
    button.type = "button";
    button.className = `line line-item line-${line.kind}`;
    button.dataset.lineId = group.last.id;
    button.dataset.group = group.key;
    button.dataset.focusKey = `${group.key}:line`;
    button.dataset.quantity = String(group.quantity);
    if (isNew) button.classList.add("line-new");

    const name = document.createElement("span");
    name.className = "line-name";
    const label = line.kind === "deposit" ? `${I18N.t("basket.deposit")} · ${line.name}` : line.name;
    name.textContent = group.quantity > 1 && !line.weightGrams ? `${group.quantity} × ${label}` : label;
    if (line.minimumAge && !line.voided) {
      const badge = document.createElement("span");
      const ok = line.approved === true;
      badge.className = `line-badge ${ok ? "badge-ok" : "badge-age"}`;
      badge.textContent = ok ? I18N.t("basket.approved") : I18N.t("basket.ageRestricted", { age: line.minimumAge });
      name.append(" ", badge);
    }
    if (line.staffPriceReason) {
      const badge = document.createElement("span");
      badge.className = "line-badge badge-staff";
      badge.textContent = I18N.t("basket.staffPriced");
      name.append(" ", badge);
    }
    if (line.nutriScore) {
      // Nutri-Score from the catalog: the letter in text (colour is never the only cue).
      const badge = document.createElement("span");
      badge.className = `line-badge nutri nutri-${line.nutriScore}`;
      badge.textContent = I18N.t("basket.nutriScore", { score: line.nutriScore });
      name.append(" ", badge);
    }
    if (line.imageURL) {
      const image = document.createElement("img");
      image.className = "line-image";
      image.src = line.imageURL;
      image.alt = "";  // decorative: the name says what it is
      image.loading = "lazy";
      image.width = 48;
      image.height = 48;
      image.addEventListener("error", () => image.remove());
      name.prepend(image);
    }
    const detail = document.createElement("span");
    detail.className = "line-detail";
    if (line.weightGrams) detail.textContent = I18N.t("basket.weight", { weight: I18N.weight(line.weightGrams), price: I18N.money(line.unitPrice) });
    else if (group.quantity !== 1) detail.textContent = I18N.t("basket.unitPrice", { price: I18N.money(line.unitPrice) });
    else detail.textContent = "";
    if (line.repricedFrom) detail.textContent += ` ${I18N.t("basket.repriced", { old: I18N.money(line.repricedFrom), new: I18N.money(line.unitPrice) })}`;
    const price = document.createElement("span");
    price.className = "line-price";
    price.textContent = I18N.money(group.total);
    button.append(name, detail, price);
    button.setAttribute("aria-label", `${name.textContent}, ${price.textContent}. ${I18N.t("line.title")}`);
    button.addEventListener("click", () => openLineDialog(group.key));
    item.append(button);
    if (group.counted && ["open", "scanning", "approvalNeeded"].includes(page.view.state)) {
      const stepper = document.createElement("div");
      stepper.className = "line-stepper";
      const minus = document.createElement("button");
      minus.type = "button";
      minus.className = "button button-round line-minus";
      minus.textContent = "−";
      minus.setAttribute("aria-label", I18N.t("line.decreaseNamed", { name: line.name }));
      minus.dataset.focusKey = `${group.key}:minus`;
      minus.addEventListener("click", () => changeGroupQuantity(group.key, -1));
      const plus = document.createElement("button");
      plus.type = "button";
      plus.className = "button button-round line-plus";
      plus.textContent = "+";
      plus.setAttribute("aria-label", I18N.t("line.increaseNamed", { name: line.name }));
      plus.dataset.focusKey = `${group.key}:plus`;
      plus.addEventListener("click", () => changeGroupQuantity(group.key, 1));
      stepper.append(minus, plus);
      item.append(stepper);
    }
    return item;
  }

  function discountElement(discount) {
    const item = document.createElement("li");
    const row = document.createElement("div");
    row.className = "line line-discount";
    row.setAttribute("role", "note");
    const name = document.createElement("span");
    name.className = "line-name";
    name.textContent = `${I18N.t("basket.discount")} · ${discount.name}`;
    const price = document.createElement("span");
    price.className = "line-price";
    price.textContent = `−${I18N.money(discount.amount)}`;
    row.append(name, price);
    item.append(row);
    return item;
  }

  function renderBasket() {
    const view = page.view;
    const list = $("basket-lines");
    const visible = view.lines.filter((line) => !line.voided);
    $("basket-empty").hidden = visible.length > 0 || refusals().length > 0;
    const fragment = document.createDocumentFragment();
    let newest = null;
    let newestLine = null;
    const groups = groupLines(visible);
    page.groups = groups;
    // Each discount sits under the last group holding a line it used.
    const discountsAfter = new Map();
    const unplaced = [];
    for (const discount of view.discounts) {
      const last = [...groups].reverse().find((group) => discount.lineIDs.some((id) => group.ids.has(id)));
      if (last) discountsAfter.set(last.key, [...(discountsAfter.get(last.key) || []), discount]);
      else unplaced.push(discount);
    }
    const tracking = page.knownLines.size > 0 || view.lines.length === 1;
    for (const group of groups) {
      const fresh = tracking ? group.lines.filter((line) => !page.knownLines.has(line.id)) : [];
      const element = groupElement(group, fresh.length > 0);
      if (fresh.length) { newest = element; newestLine = group; }
      fragment.append(element);
      for (const discount of discountsAfter.get(group.key) || []) fragment.append(discountElement(discount));
    }
    for (const discount of unplaced) fragment.append(discountElement(discount));
    for (const refusal of refusals()) fragment.append(refusalElement(refusal));
    replaceKeepingFocus(list, fragment);
    page.knownLines = new Set(view.lines.map((line) => line.id));
    if (newest) newest.scrollIntoView({ block: "nearest" });
    // One short announcement per change for screen readers (the list itself is not a live region).
    if (newestLine) announce(I18N.t("basket.announceAdded", { name: newestLine.first.name, n: newestLine.quantity, total: I18N.money(view.total) }));
    if (page.lineDialogLineID) refreshLineDialog();
  }

  /**
   * Puts the freshly built rows in place of the list's, unless they are the same (the periodic re-read and most
   * events change nothing on screen); when they differ, the control that had the keyboard focus (a row, its −
   * or +) gets it back in the new rows. Rebuilding under the focus would throw a keyboard user back to the
   * start of the list every few seconds, and Tab would never reach "Terminer et payer".
   */
  function replaceKeepingFocus(list, fragment) {
    const fresh = list.cloneNode(false);
    fresh.append(fragment);
    if (fresh.isEqualNode(list)) return;
    const focused = list.contains(document.activeElement) ? document.activeElement.dataset.focusKey : null;
    list.replaceChildren(...fresh.childNodes);
    if (!focused) return;
    const again = [...list.querySelectorAll("[data-focus-key]")].find((element) => element.dataset.focusKey === focused);
    // A row that left the basket: the focus stays in the basket, on its title.
    (again || $("basket-title")).focus({ preventScroll: true });
  }

  let lastAnnouncement = "";
  function announce(text) {
    if (text === lastAnnouncement) return;
    lastAnnouncement = text;
    $("basket-announce").textContent = text;
  }

  function renderTotals() {
    const view = page.view;
    $("total-subtotal").textContent = I18N.money(view.subtotal);
    $("total-deposits").textContent = I18N.money(view.depositTotal);
    $("row-deposits").hidden = !view.depositTotal.minor;
    $("total-savings").textContent = `−${I18N.money(view.discountTotal)}`;
    $("row-savings").hidden = !view.discountTotal.minor;
    $("total-count").textContent = I18N.t("basket.items", { n: view.itemCount });
    $("total-total").textContent = I18N.money(view.total);
    $("checkout").disabled = view.itemCount === 0 || view.pendingApproval || !["open", "scanning"].includes(view.state);
  }

  function renderStateNotice() {
    const notice = $("state-notice");
    if (page.view.pendingApproval) {
      notice.textContent = `${I18N.t("basket.awaitingApproval")} — ${I18N.t("basket.helpCalled")}`;
      notice.hidden = false;
    } else if (page.staffWaits.size > 0) {
      notice.textContent = I18N.t("basket.helpCalled");
      notice.hidden = false;
    } else {
      notice.hidden = true;
    }
  }

  function renderAgeDialog() {
    const dialog = $("dialog-age");
    const pending = page.view && page.view.pendingApproval && screenFor(page.view.state) === "basket";
    if (!pending) {
      if (dialog.open) dialog.close();
      page.ageDialogShownFor = null;
      return;
    }
    const pendingLines = page.view.lines.filter((l) => l.minimumAge && l.approved !== true && !l.voided);
    $("age-item").textContent = [...new Set(pendingLines.map((l) => I18N.t("age.item", { name: l.name, age: l.minimumAge })))].join(" · ");
    const key = pendingLines.map((l) => l.id).join(",");
    if (page.ageDialogShownFor !== key) {
      page.ageDialogShownFor = key;
      openDialog(dialog);
    }
  }

  // The total the shopper saw before the audit (per session, kept across reloads): shown next to the new one.
  const preAuditKey = (sessionID) => `selfscan.kiosk.totalBeforeAudit.${sessionID}`;
  function rememberPreAuditTotal() {
    const key = preAuditKey(page.view.id);
    if (!sessionStorage.getItem(key)) sessionStorage.setItem(key, JSON.stringify(page.view.total));
  }
  function preAuditTotal() {
    try { return JSON.parse(sessionStorage.getItem(preAuditKey(page.view.id)) || "null"); } catch (error) { return null; }
  }

  /** "Manquant : Whisky, ajouté" / "Quantité : Yaourts 3 → 2": each difference the audit made, line by line. */
  function renderAuditChanges(changes) {
    $("audit-changes").hidden = changes.length === 0;
    if (!changes.length) return;
    $("audit-change-list").replaceChildren(...changes.map((change) => {
      const li = document.createElement("li");
      li.dataset.kind = change.kind;
      const label = document.createElement("span");
      const amount = document.createElement("span");
      const price = change.unitPrice ? I18N.money(change.unitPrice) : "";
      if (change.kind === "missing") label.textContent = I18N.t("audit.change.missing", { name: change.name, n: change.found ?? 1 });
      else if (change.kind === "extra") label.textContent = I18N.t("audit.change.extra", { name: change.name, n: change.scanned ?? 1 });
      else label.textContent = I18N.t("audit.change.quantity", { name: change.name, scanned: change.scanned, found: change.found });
      amount.textContent = price ? I18N.t("audit.change.unit", { price }) : "";
      li.append(label, amount);
      return li;
    }));
    const before = preAuditTotal();
    $("audit-old-total").textContent = before ? I18N.money(before) : "—";
    $("audit-new-total").textContent = I18N.money(page.view.total);
    // The basket as it now is, to review before paying (read-only rows).
    $("audit-basket").replaceChildren(...groupLines(page.view.lines.filter((l) => !l.voided)).map((group) => {
      const li = document.createElement("li");
      li.className = "line";
      const name = document.createElement("span");
      name.className = "line-name";
      name.textContent = group.quantity > 1 && !group.first.weightGrams ? `${group.quantity} × ${group.first.name}` : group.first.name;
      const price = document.createElement("span");
      price.className = "line-price";
      price.textContent = I18N.money(group.total);
      li.append(name, price);
      return li;
    }));
  }

  function renderAudit() {
    const state = page.view.state;
    if (state !== "audited") rememberPreAuditTotal();
    renderAuditChanges(state === "audited" ? ((page.view.audit && page.view.audit.changes) || []) : []);
    const differences = (page.view.audit && page.view.audit.differences) || [];
    $("audit-text").textContent = state === "auditing" ? I18N.t("audit.inProgress")
      : state === "audited" ? I18N.t(differences.length ? "audit.differences" : "audit.done") : I18N.t("audit.body");
    $("audit-total").textContent = I18N.money(page.view.total);
    $("audit-acknowledge").hidden = state !== "audited";
    $("audit-spinner").hidden = state === "audited";
  }

  function renderPayment() {
    const view = page.view;
    $("pay-total").textContent = I18N.money(view.total);
    const prompt = $("pay-prompt");
    const ready = view.state === "readyToPay";
    prompt.className = "lead";
    const outcome = page.payment.outcome;
    if (!ready) {
      prompt.textContent = I18N.t("checkout.requesting");
    } else if (page.payment.busy) {
      prompt.textContent = I18N.t(page.payment.prompt || "pay.presentCard");
    } else if (outcome && outcome !== "approved") {
      prompt.textContent = I18N.t(`pay.${outcome}`);
      prompt.classList.add("declined");
    } else {
      prompt.textContent = "";
    }
    const failed = !page.payment.busy && outcome && outcome !== "approved";
    $("pay-hint").hidden = outcome !== "declined" || page.payment.busy;
    $("pay-spinner").hidden = !(page.payment.busy || !ready);
    $("pay-start").hidden = failed || page.payment.busy || !ready;
    $("pay-retry").hidden = !failed || !ready;
    const audited = view.audit && view.audit.required;
    $("pay-back").hidden = page.payment.busy || view.state !== "readyToPay" || Boolean(audited);
  }

  let receiptPassCode = null;
  // The e-receipt link of the session on the receipt screen: asked once (POST /v1/sessions/{id}/e-receipt);
  // `{session, token}` once answered, `{session, token: null}` when refused (the phone code then carries the pass only).
  let eReceipt = null;

  /** The shopper's phone code: the e-receipt page (`e-receipt.html#t=…`, the receipt with the exit pass above it
   *  while the basket has one), or the pass page alone (`pass.html#code=…&exp=…`) when the e-receipt was refused.
   *  Shown once the e-receipt link is known, so the code never changes under a phone's camera. */
  function renderPhoneCode(view, pass) {
    if (!eReceipt || eReceipt.session !== view.id) {
      $("phone-pass").hidden = true;
      requestEReceipt(view.id);
      return;
    }
    const token = eReceipt.token;
    const phoneURL = token ? `${PASS_BASE}/e-receipt.html#t=${token}`
      : pass ? `${PASS_BASE}/pass.html#code=${encodeURIComponent(pass.code)}${pass.expiresAt ? `&exp=${pass.expiresAt}` : ""}`
      : null;
    $("phone-pass").hidden = !phoneURL;
    if (!phoneURL) return;
    const source = Paths.qr(phoneURL);
    const image = $("phone-pass-qr");
    if (image.getAttribute("src") !== source) image.src = source;
    image.dataset.link = phoneURL;
    image.alt = I18N.t(!token ? "receipt.passOnPhone" : pass ? "receipt.onPhone" : "receipt.receiptOnPhone");
    $("phone-pass-caption").textContent = image.alt;
  }

  let eReceiptAsked = null;
  async function requestEReceipt(sessionID) {
    if (eReceiptAsked === sessionID) return;
    eReceiptAsked = sessionID;
    let token = null;
    try {
      token = (await API.post(`${Paths.session(sessionID)}/e-receipt`, {})).token;
    } catch (error) {
      token = null;  // the displayed receipt stands; the phone code carries the pass alone
    }
    if (eReceiptAsked !== sessionID) return;  // the trip ended meanwhile
    eReceipt = { session: sessionID, token };
    if (page.view && page.view.id === sessionID && document.body.dataset.screen === "receipt") renderReceipt();
  }

  function renderReceipt() {
    const view = page.view;
    $("receipt-paid").textContent = I18N.t("receipt.paid", { amount: I18N.money((view.payment && view.payment.amount) || view.total) });
    const last4 = view.payment && view.payment.last4;
    $("receipt-card").textContent = last4 ? I18N.t("receipt.card", { last4: String(last4).slice(-4) }) : "";
    const pass = view.exitPass;
    $("exit-pass").hidden = !pass;
    $("receipt-no-pass").hidden = Boolean(pass);
    if (pass && pass.code !== receiptPassCode) {
      receiptPassCode = pass.code;
      $("exit-pass-qr").src = Paths.qr(pass.code);
      $("exit-pass-qr").alt = I18N.t("receipt.exitPass");
    }
    renderPhoneCode(view, pass);
    $("exit-pass-expiry").textContent = pass && pass.expiresAt ? I18N.t("receipt.exitPassExpires", { time: I18N.time(pass.expiresAt) }) : "";
    const list = $("receipt-lines");
    // One row per product, as in the basket.
    const rows = groupLines(view.lines.filter((l) => !l.voided)).map((g) => [g.first.weightGrams
      ? `${g.first.name} (${I18N.weight(g.first.weightGrams)})`
      : (g.quantity > 1 ? `${g.quantity} × ${g.first.kind === "deposit" ? `${I18N.t("basket.deposit")} · ${g.first.name}` : g.first.name}` : g.first.name), I18N.money(g.total)]);
    for (const d of view.discounts) rows.push([`${I18N.t("basket.discount")} · ${d.name}`, `−${I18N.money(d.amount)}`]);
    for (const v of view.vat) if (v.vat) rows.push([`${I18N.t("receipt.vat")} ${v.rate != null ? I18N.percent(v.rate.basisPoints ?? v.rate) : ""}`, I18N.money(v.vat)]);
    rows.push([I18N.t("receipt.total"), I18N.money((view.payment && view.payment.amount) || view.total), "receipt-total"]);
    list.replaceChildren(...rows.map(([label, amount, className]) => {
      const li = document.createElement("li");
      if (className) li.className = className;
      const a = document.createElement("span"); a.textContent = label;
      const b = document.createElement("span"); b.textContent = amount;
      li.append(a, b);
      return li;
    }));
  }

  // MARK: offline banner

  function renderOffline() {
    renderOfflineBanner($("offline-banner"), page.status);
  }

  // MARK: toasts and dialogs

  // Messages queue: a new one is added under the others (never overwrites them), each leaves after
  // MESSAGE_MS, the oldest goes first beyond MAX_MESSAGES, and a screen change clears them all.
  const MESSAGE_MS = 10000;
  const MAX_MESSAGES = 3;
  function toast(text, danger = false) {
    const list = $("toast-text");
    for (const same of [...list.children].filter((p) => p.textContent === text)) same.remove();
    const message = document.createElement("p");
    message.textContent = text;
    message.dataset.danger = String(danger);
    list.append(message);
    while (list.children.length > MAX_MESSAGES) list.firstElementChild.remove();
    message.timer = setTimeout(() => { message.remove(); updateMessages(); }, MESSAGE_MS);
    updateMessages();
  }
  function updateMessages() {
    const list = $("toast-text");
    $("toast").hidden = list.children.length === 0;
    $("toast").classList.toggle("toast-danger", [...list.children].some((p) => p.dataset.danger === "true"));
  }
  function clearMessages() {
    for (const message of $("toast-text").children) clearTimeout(message.timer);
    $("toast-text").replaceChildren();
    updateMessages();
  }

  function openDialog(dialog) {
    for (const other of document.querySelectorAll("dialog[open]")) if (other !== dialog) other.close();
    if (!dialog.open) dialog.showModal();
  }
  function closeDialogs() {
    for (const dialog of document.querySelectorAll("dialog[open]")) dialog.close();
    page.lineDialogLineID = null;
  }

  const dialogGroup = () => (page.groups || []).find((group) => group.key === page.lineDialogLineID);
  function openLineDialog(groupKey) {
    if (!page.view || !["open", "scanning", "approvalNeeded"].includes(page.view.state)) return;
    page.lineDialogLineID = groupKey;
    refreshLineDialog();
    if (page.lineDialogLineID) openDialog($("dialog-line"));
  }
  function refreshLineDialog() {
    const group = page.view && dialogGroup();
    if (!group) {
      if ($("dialog-line").open) $("dialog-line").close();
      page.lineDialogLineID = null;
      return;
    }
    const line = group.first;
    $("line-name").textContent = line.name;
    $("line-quantity").textContent = line.weightGrams ? I18N.weight(line.weightGrams) : String(group.quantity);
    $("line-decrease").hidden = !group.counted;
    $("line-increase").hidden = !group.counted;
    $("line-weighed").hidden = !line.weightGrams;
    $("line-remove").hidden = line.kind === "deposit";
  }

  // MARK: actions

  /** Why the basket can't change now, and what to do (a refused scan or change on this screen). */
  function refusalReason() {
    const state = page.view && page.view.state;
    if (["auditRequired", "auditing", "audited"].includes(state)) return "notice.scanDuringAudit";
    if (state === "readyToPay" && !page.payment.busy && !(page.view.audit && page.view.audit.required)) return "notice.scanDuringPaymentBack";
    if (["checkoutRequested", "readyToPay"].includes(state)) return "notice.scanDuringPayment";
    if (["paid", "exited"].includes(state)) return "notice.scanAfterPayment";
    return "notice.notNow";
  }

  function reportError(error) {
    if (error instanceof APIError && error.code === "network") {
      toast(I18N.t("notice.daemonDown"), true);
      return;
    }
    if (error instanceof APIError && error.code === "illegalTransition") {
      toast(I18N.t(refusalReason()), true);
      return;
    }
    if (error instanceof APIError) {
      const known = { unknownCode: "notice.unknownCode", unknownProduct: "notice.unknownCode", saleStopped: "notice.saleStopped",
        saleRefused: "notice.saleStopped", unrecognisedCode: "notice.refused", badScan: "notice.refused", illegalTransition: "notice.notNow" };
      if (known[error.code]) { toast(I18N.t(known[error.code]), true); return; }
      // Every other code of the API (docs/api.md) has its text in the shopper's language.
      const said = ErrorText.text(error.code);
      if (said) { toast(said, true); return; }
      toast(I18N.t("notice.error", { message: error.message }), true);
    } else {
      console.warn(error);
      toast(I18N.t("notice.error", { message: String(error.message || error) }), true);
    }
  }

  /** Makes a session this page's own: kept for reloads (id + token), shown, and followed live. */
  function follow(id, session, token) {
    store(String(id), token);
    receive(session);
    connectEvents();
  }

  async function openSession(body) {
    if (page.starting) return null;
    page.starting = true;
    $("start-anonymous").disabled = true;
    $("start-anonymous").textContent = I18N.t("welcome.starting");
    try {
      const created = await API.post(Paths.sessions, body || {}, { shopper: true });
      const id = created.id ?? created.sessionID ?? (created.session && created.session.id);
      follow(id, created.session || created, created.token);
      return id;
    } catch (error) {
      reportError(error);
      return null;
    } finally {
      page.starting = false;
      $("start-anonymous").disabled = false;
      $("start-anonymous").textContent = I18N.t("welcome.start");
    }
  }

  /**
   * A basket hand-off QR shown by a handheld: the session moves to this kiosk (the daemon claims it at the
   * referential when another device's daemon holds it) and the shopper carries on here.
   */
  async function resumeHandoff(code) {
    try {
      const resumed = await API.post(Paths.resume, { code }, { shopper: true });
      follow(resumed.session.id, resumed.session, resumed.token);
    } catch (error) {
      reportError(error);
    }
  }

  /** A scan typed by a keyboard-wedge scanner into this page (a daemon-attached scanner sends none). */
  async function scanned(text) {
    const before = page.events;
    activity();
    if (/^selfscan:handoff:/i.test(text)) return resumeHandoff(text);
    const current = document.body.dataset.screen;
    if (current === "receipt") {
      // The previous trip is over (paid): a scan here is the next shopper starting theirs.
      forget();
    } else if (current === "payment" || current === "audit") {
      toast(I18N.t(refusalReason()), true);
      return;
    }
    if (!page.view) {
      const id = await openSession({});
      if (!id) return;
    }
    try {
      const result = await API.post(Paths.scans(page.view.id), { payload: text });
      receiveFresh(result, before);
    } catch (error) {
      reportError(error);
    }
  }

  /** + / − on a group: the API changes one line's quantity (the group's last), or removes it at zero. */
  async function changeGroupQuantity(groupKey, delta) {
    const before = page.events;
    const group = (page.groups || []).find((g) => g.key === groupKey);
    if (!group || !group.counted) return;
    const line = group.last;
    const quantity = line.quantity + delta;
    try {
      const result = quantity <= 0
        ? await API.del(Paths.line(page.view.id, line.id))
        : await API.patch(Paths.line(page.view.id, line.id), { quantity });
      receiveFresh(result, before);
      if (quantity <= 0 && group.lines.length === 1 && page.lineDialogLineID === groupKey) closeDialogs();
    } catch (error) {
      reportError(error);
    }
  }
  const changeQuantity = (delta) => changeGroupQuantity(page.lineDialogLineID, delta);

  /** "Retirer": every line of the group leaves the basket. */
  async function removeLine() {
    const before = page.events;
    const group = dialogGroup();
    closeDialogs();
    if (!group) return;
    try {
      let result = null;
      for (const line of group.lines) result = await API.del(Paths.line(page.view.id, line.id));
      receiveFresh(result, before);
    } catch (error) {
      reportError(error);
    }
  }

  async function checkout() {
    const before = page.events;
    try {
      $("checkout").disabled = true;
      const result = await API.post(Paths.checkout(page.view.id), {});
      receiveFresh(result, before);
    } catch (error) {
      reportError(error);
      renderTotals();
    }
  }

  const newPaymentID = () => (window.crypto && crypto.randomUUID ? crypto.randomUUID()
    : `pay-${Date.now()}-${Math.random().toString(16).slice(2)}`);

  // The payment attempt's id lives in sessionStorage (per session): a retry after a lost answer, a second tap
  // or a reload mid-payment sends the same id, and the daemon answers with the recorded payment instead of
  // charging again. A definite outcome ends the attempt: the next one gets a new id.
  const paymentKey = (sessionID) => `selfscan.kiosk.paymentID.${sessionID}`;
  function attemptPaymentID(sessionID) {
    let id = sessionStorage.getItem(paymentKey(sessionID));
    if (!id) {
      id = newPaymentID();
      sessionStorage.setItem(paymentKey(sessionID), id);
    }
    return id;
  }
  const endPaymentAttempt = (sessionID) => sessionStorage.removeItem(paymentKey(sessionID));

  async function pay() {
    const before = page.events;
    if (page.payment.busy || !page.view) return;
    const sessionID = page.view.id;
    const paymentID = attemptPaymentID(sessionID);
    page.payment = { busy: true, outcome: null, prompt: "pay.presentCard" };
    renderPayment();
    try {
      const result = await API.post(Paths.payment(sessionID), { paymentID });
      const record = (result && result.payment) || {};
      endPaymentAttempt(sessionID);
      page.payment = { busy: false, outcome: normaliseOutcome(record.outcome || "approved"), prompt: null };
      if (result && result.session) receiveFresh(result, before); else await refresh();
    } catch (error) {
      const outcomes = { paymentDeclined: "declined", terminalTimeout: "timeout", paymentTimeout: "timeout",
        paymentCancelled: "cancelled", network: "daemonDown" };
      // Only a refusal by the daemon or the terminal ends the attempt; a lost answer keeps its id for the retry.
      if (!["network", "paymentInProgress"].includes(error.code) && error.status < 500) endPaymentAttempt(sessionID);
      if (error.code === "paymentInProgress") {
        // The same attempt is still at the terminal (a reload or a second tap): wait for its outcome.
        page.payment = { busy: true, outcome: null, prompt: "pay.processing" };
        renderPayment();
        setTimeout(() => { page.payment.busy = false; refresh().then(renderPayment); }, 2000);
        return;
      }
      page.payment = { busy: false, outcome: outcomes[error.code] || "timeout", prompt: null };
      if (!outcomes[error.code]) reportError(error);
      await refresh();
    }
    renderPayment();
  }
  const normaliseOutcome = (value) => ({ approve: "approved", decline: "declined", cancel: "cancelled", timedOut: "timeout" }[value] || value);

  async function backToBasket() {
    const before = page.events;
    // Going back from the payment screen reopens the basket when the daemon allows it.
    try {
      const result = await API.post(Paths.resumeScanning(page.view.id), {});
      receiveFresh(result, before);
    } catch (error) {
      reportError(error);
    }
  }

  async function acknowledgeAudit() {
    const before = page.events;
    try {
      const result = await API.post(Paths.auditAcknowledge(page.view.id), {});
      receiveFresh(result, before);
    } catch (error) {
      reportError(error);
    }
  }

  async function callHelp() {
    // On the welcome screen there is no session yet: one is opened so the alert names this kiosk's shopper.
    if (!page.view && !(await openSession({}))) return;
    if (!page.view) return;
    try {
      await API.post(Paths.help(page.view.id), {});
    } catch (error) {
      if (error.status !== 404) { reportError(error); return; }
    }
    toast(I18N.t("basket.helpCalled"));
    scheduleIdle();
  }

  function finish() {
    forget();
  }

  // MARK: data in

  /**
   * A view from a request's response, applied unless a basket event arrived while the request was in flight:
   * events are delivered in order and each change publishes one, so the event stream then holds a view at
   * least as new (a response applied after it could show an older basket).
   */
  function receiveFresh(result, eventsBefore) {
    if (!result) return;
    if (page.streamUp && page.events !== eventsBefore) return;
    receive(result.session || result);
  }

  function receive(raw) {
    if (!raw) return;
    const view = Adapter.session(raw);
    // Only the session this kiosk holds: a late answer for a finished session must not bring it back.
    const saved = stored();
    if (!saved || view.id !== String(saved.id)) return;
    if (page.view && view.id !== page.view.id) return;
    if (!page.view) page.knownLines = new Set(view.lines.map((line) => line.id));
    const changed = page.view && (page.view.lines.length !== view.lines.length || page.view.state !== view.state);
    page.view = view;
    render();
    KioskSuggestion.onView(view);  // after drawing: never delays a scan
    if (changed) activity();  // a scan or a state change is the shopper (or staff) at the kiosk
  }

  async function refresh() {
    const saved = stored();
    if (!saved) return;
    const before = page.events;
    try {
      receiveFresh(await API.get(Paths.session(saved.id)), before);
    } catch (error) {
      if ([401, 403, 404].includes(error.status)) forget();
    }
  }

  function connectEvents() {
    if (page.stream) page.stream.close();
    const saved = stored();
    if (!saved) return;
    page.stream = API.eventStream(() => ({ session: saved.id, token: saved.token }), {
      onEvent: (event) => {
        if (event.type === "basket" && event.data) { page.events += 1; receive(event.data); }
        else if (event.type === "alert" && event.data) onAlert(event.data);
        else if (event.type === "alertResolved" && event.data) onAlertResolved(event.data);
        else if (event.type === "scanRefused" && event.data) onAlert({ kind: event.data.reason || event.data.kind || "unrecognisedCode" });
        else if (event.type === "payment" && event.data) onPayment(event.data);
      },
      onGap: () => {
        // Called on the daemon's `subscribed` handshake and after a gap: from here on every event arrives.
        refresh();
      },
      onStatus: (up) => { page.streamUp = up; },
    });
    // Safety net: a slow re-read keeps the screen right even if an event was ever lost.
    clearInterval(page.reconcile);
    page.reconcile = setInterval(() => { if (page.view && !page.payment.busy) refresh(); }, 5000);
  }

  function onAlert(data) {
    const kind = data.kind;
    if (kind === "unknownCode" || kind === "unknownProduct") {
      toast(I18N.t("notice.unknownCode"), true);
      addRefusal({ id: data.id, kind: "unknown", code: data.code });
    } else if (kind === "saleRefused" || kind === "saleStopped") {
      toast(I18N.t("notice.saleStopped"), true);
      addRefusal({ id: data.id, kind: "stopped", name: data.item && data.item.name, code: data.code });
    } else if (kind === "unrecognisedCode" || kind === "badScan") {
      toast(I18N.t("notice.refused"), true);
    } else if (kind === "help" && data.id) {
      page.staffWaits.add(String(data.id));
      if (page.view) renderStateNotice();
    }
    activity();
  }

  /** Staff dealt with an alert of this session (`alertResolved` event): the wait for them is over. */
  function onAlertResolved(data) {
    if (page.staffWaits.delete(String(data.id)) && page.view) {
      renderStateNotice();
      scheduleIdle();
    }
  }

  // MARK: refused items (kept in the basket as lines saying so, for this session)

  const refusalKey = (sessionID) => `selfscan.kiosk.refusals.${sessionID}`;
  function refusals() {
    if (!page.view) return [];
    let list;
    try { list = JSON.parse(sessionStorage.getItem(refusalKey(page.view.id)) || "[]"); } catch (error) { return []; }
    // An unknown item staff then priced is in the basket now: its "not charged" row goes.
    const priced = new Set(page.view.lines.filter((l) => l.staffPriceReason && !l.voided).map((l) => l.code));
    return list.filter((r) => !(r.kind === "unknown" && priced.has(r.code)));
  }
  function addRefusal(refusal) {
    if (!page.view) return;
    const list = refusals().filter((r) => !refusal.id || r.id !== refusal.id);
    list.push({ ...refusal, at: Date.now() });
    sessionStorage.setItem(refusalKey(page.view.id), JSON.stringify(list.slice(-20)));
    if (screenFor(page.view.state) === "basket") renderBasket();
  }
  function refusalElement(refusal) {
    const item = document.createElement("li");
    const row = document.createElement("div");
    row.className = "line line-refused";
    row.dataset.refusal = refusal.kind;
    const name = document.createElement("span");
    name.className = "line-name";
    name.textContent = refusal.kind === "unknown"
      ? I18N.t("basket.refusedUnknown") : I18N.t("basket.refusedStopped", { name: refusal.name || "" }).trim();
    const detail = document.createElement("span");
    detail.className = "line-detail";
    detail.textContent = [refusal.code ? I18N.t("basket.refusedCode", { code: refusal.code }) : "",
      I18N.t(refusal.kind === "unknown" ? "basket.refusedUnknownHint" : "basket.refusedStoppedHint")].filter(Boolean).join(" · ");
    const price = document.createElement("span");
    price.className = "line-price";
    price.textContent = I18N.t("basket.notCharged");
    row.append(name, detail, price);
    item.append(row);
    return item;
  }

  function onPayment(data) {
    const status = data.status || data.prompt || data.outcome;
    if (!page.payment.busy && data.outcome && data.outcome !== "approved") {
      page.payment.outcome = normaliseOutcome(data.outcome);
      renderPayment();
    }
    const prompts = { presentCard: "pay.presentCard", waitingForCard: "pay.presentCard", enterPin: "pay.enterPin", pin: "pay.enterPin",
      processing: "pay.processing", authorising: "pay.processing", removeCard: "pay.removeCard" };
    if (prompts[status] && page.payment.busy) {
      page.payment.prompt = prompts[status];
      renderPayment();
    }
  }

  // MARK: idle timeout

  function activity() {
    page.lastActivity = Date.now();
    if ($("dialog-idle").open) {
      $("dialog-idle").close();
      clearInterval(page.idleCountdown);
      page.idleCountdown = null;
    }
    scheduleIdle();
  }

  function scheduleIdle() {
    clearTimeout(page.idleTimer);
    const screen = document.body.dataset.screen;
    if (!page.view || page.idleCountdown) return;
    if (screen === "receipt") {
      // One deadline per trip, set when the receipt first shows: re-renders (events, the 5 s re-read) must
      // not push it back, or the receipt stays up for the next shopper.
      if (!page.receiptDeadline || page.receiptDeadline.session !== page.view.id) {
        page.receiptDeadline = { session: page.view.id, at: Date.now() + RECEIPT_IDLE_MS };
      }
      page.idleTimer = setTimeout(finish, Math.max(0, page.receiptDeadline.at - Date.now()));
    } else if (screen === "basket" && !waitingForStaff()) {
      page.idleTimer = setTimeout(askStillThere, Math.max(0, IDLE_MS - (Date.now() - page.lastActivity)));
    }
  }

  /** The shopper is waiting for staff (an age check, a call for help): that wait never times out. */
  function waitingForStaff() {
    return Boolean(page.view && (page.view.pendingApproval || page.staffWaits.size > 0));
  }

  function askStillThere() {
    if (page.payment.busy || document.body.dataset.screen !== "basket" || waitingForStaff()) return;
    let remaining = IDLE_COUNTDOWN_S;
    $("idle-body").textContent = I18N.t("idle.body", { n: remaining });
    openDialog($("dialog-idle"));
    page.idleCountdown = setInterval(async () => {
      remaining -= 1;
      $("idle-body").textContent = I18N.t("idle.body", { n: remaining });
      if (remaining > 0) return;
      clearInterval(page.idleCountdown);
      page.idleCountdown = null;
      const view = page.view;
      // The basket stays in the daemon (suspended): staff can resume it; this kiosk is freed.
      if (view) { try { await API.post(Paths.suspend(view.id), {}); } catch (error) { /* freed anyway */ } }
      forget();
    }, 1000);
  }

  // MARK: the kiosk's own scanner

  /**
   * While no session is shown, follows the session this device's scanner opens (a loyalty card or a first
   * item scanned on the welcome screen): `GET /v1/device` gives it with its token (loopback only).
   */
  let devicePoll = null;
  function watchDevice() {
    if (devicePoll) return;
    devicePoll = setInterval(async () => {
      if (page.view || page.starting) return;
      let device;
      try {
        device = await API.get(Paths.device, { shopper: true });
      } catch (error) {
        if (error.status === 404) { clearInterval(devicePoll); devicePoll = null; }
        return;
      }
      const session = device && device.session;
      if (!session || !device.token || page.view) return;
      if (!["open", "scanning", "approvalNeeded", "checkoutRequested", "auditRequired", "auditing", "audited", "readyToPay"].includes(session.state)) return;
      follow(session.id, session, device.token);
      activity();
    }, 1500);
  }

  // MARK: wiring

  function init() {
    startLanguage(() => { render(); renderOffline(); });
    $("start-anonymous").addEventListener("click", () => openSession({}));
    $("checkout").addEventListener("click", checkout);
    for (const help of document.querySelectorAll("[data-help]")) help.addEventListener("click", callHelp);
    $("pay-start").addEventListener("click", pay);
    $("pay-retry").addEventListener("click", pay);
    $("pay-back").addEventListener("click", backToBasket);
    $("receipt-finish").addEventListener("click", finish);
    $("audit-acknowledge").addEventListener("click", acknowledgeAudit);
    $("toast-close").addEventListener("click", clearMessages);
    $("age-continue").addEventListener("click", () => $("dialog-age").close());
    $("line-increase").addEventListener("click", () => changeQuantity(1));
    $("line-decrease").addEventListener("click", () => changeQuantity(-1));
    $("line-remove").addEventListener("click", removeLine);
    $("line-close").addEventListener("click", closeDialogs);
    $("dialog-line").addEventListener("close", () => { page.lineDialogLineID = null; });
    $("idle-continue").addEventListener("click", activity);
    for (const type of ["pointerdown", "keydown"]) document.addEventListener(type, activity, { passive: true });
    ScannerKeys.attach(scanned, { maxGapMs: SCAN_GAP_MS });

    API.watchStatus((status) => { page.status = status; renderOffline(); });
    API.heartbeat("kiosk", () => (page.view ? page.view.id : null));
    watchDevice();

    const saved = stored();
    if (saved) {
      API.auth.sessionToken = saved.token;
      refresh().then(() => { if (stored()) connectEvents(); });
    } else {
      showScreen("welcome");
    }
  }

  document.addEventListener("DOMContentLoaded", init);
})();
