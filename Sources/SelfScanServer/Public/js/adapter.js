// SelfScan pages: the one place that knows the daemon's paths and JSON shapes (docs/api.md). The screens
// work on the small view models built here, so an API change touches this file only.
export const Paths = {
  sessions: "/v1/sessions",
  resume: "/v1/sessions/resume",
  session: (id) => `/v1/sessions/${encodeURIComponent(id)}`,
  scans: (id) => `/v1/sessions/${encodeURIComponent(id)}/scans`,
  line: (id, lineID) => `/v1/sessions/${encodeURIComponent(id)}/lines/${encodeURIComponent(lineID)}`,
  checkout: (id) => `/v1/sessions/${encodeURIComponent(id)}/checkout`,
  payment: (id) => `/v1/sessions/${encodeURIComponent(id)}/payment`,
  help: (id) => `/v1/sessions/${encodeURIComponent(id)}/help`,
  suspend: (id) => `/v1/sessions/${encodeURIComponent(id)}/suspend`,
  resumeScanning: (id) => `/v1/sessions/${encodeURIComponent(id)}/resume-scanning`,
  auditAcknowledge: (id) => `/v1/sessions/${encodeURIComponent(id)}/audit/acknowledge`,
  exitPass: (id) => `/v1/sessions/${encodeURIComponent(id)}/exit-pass`,
  qr: (text) => `/v1/qr.svg?text=${encodeURIComponent(text)}`,
  status: "/v1/status",
  device: "/v1/device",
  staffLogin: "/v1/staff/login",
  staffLogout: "/v1/staff/logout",
  alerts: "/v1/staff/alerts",
  alert: (id) => `/v1/staff/alerts/${encodeURIComponent(id)}`,
  approve: (id) => `/v1/staff/sessions/${encodeURIComponent(id)}/approve-age`,
  pricedLines: (id) => `/v1/staff/sessions/${encodeURIComponent(id)}/priced-lines`,
  auditStart: (id) => `/v1/staff/sessions/${encodeURIComponent(id)}/audit`,
  auditScan: (id) => `/v1/staff/sessions/${encodeURIComponent(id)}/audit/scans`,
  auditValidate: (id) => `/v1/staff/sessions/${encodeURIComponent(id)}/audit/validate`,
  priceCheck: (code) => `/v1/staff/price-check?code=${encodeURIComponent(code)}`,
  stock: (code) => `/v1/staff/stock?code=${encodeURIComponent(code)}`,
  reserve: "/v1/staff/reservations",
  pickings: "/v1/staff/pickings",
  pickingScan: (id) => `/v1/staff/pickings/${encodeURIComponent(id)}/scans`,
  heartbeat: "/v1/devices/heartbeat",
};

export const Adapter = (() => {
  const zero = (currency = "EUR") => ({ minor: 0, currency });
  const isMoney = (value) => value && typeof value.minor === "number";

  /** A basket line → `{id, name, quantity, weightGrams, unitPrice, total, kind, minimumAge, approved, voided}`. */
  function line(raw) {
    const measure = raw.measure || {};
    const weightGrams = raw.weightGrams ?? measure.weightGrams ?? measure.grams ?? (measure.weight && measure.weight.grams) ?? null;
    const quantity = raw.quantity ?? measure.count ?? (measure.units && measure.units.count) ?? 1;
    const kind = raw.kind || (raw.isDeposit ? "deposit" : (weightGrams ? "weighed" : "item"));
    return {
      id: String(raw.id ?? raw.lineID),
      productID: String(raw.productID ?? raw.code ?? raw.name),
      name: raw.name || raw.productName || raw.code || "?",
      code: raw.scannedCode || raw.code || "",
      quantity,
      weightGrams,
      unitPrice: raw.unitPrice || raw.price || null,
      total: raw.total || raw.lineTotal || raw.amount || raw.unitPrice || null,
      kind,
      minimumAge: raw.minimumAge ?? null,
      approved: raw.ageApproved ?? raw.approved ?? null,
      voided: Boolean(raw.isVoided ?? raw.voided),
      depositFor: raw.depositFor ?? raw.parentLineID ?? null,
      repricedFrom: raw.repricedFrom || null,
      staffPriceReason: raw.staffPriceReason || null,
      // Catalog attributes, when the session view carries them (omnichannel catalog): only a same-origin or
      // http(s) image URL and one Nutri-Score letter A–E are kept; anything else shows nothing.
      imageURL: typeof raw.imageURL === "string" && /^(https?:\/\/|\/)[^\s"'<>]*$/.test(raw.imageURL) ? raw.imageURL : null,
      nutriScore: typeof raw.nutriScore === "string" && /^[A-E]$/i.test(raw.nutriScore) ? raw.nutriScore.toUpperCase() : null,
    };
  }

  /** A promotion line → `{name, kind, amount}` (amount positive: the saving). */
  function discount(raw) {
    const amount = raw.amount || zero();
    return {
      name: raw.name || raw.reason || raw.kind || "",
      kind: raw.kind || "",
      amount: { minor: Math.abs(amount.minor), currency: amount.currency },
      lineIDs: (raw.allocations || []).map((allocation) => String(allocation.lineID)),
    };
  }

  /** The session view (`GET /v1/sessions/{id}`, `basket` events). */
  function session(raw) {
    const s = raw.session || raw;
    const totals = s.totals || {};
    const currency = (totals.total && totals.total.currency) || totals.currency || "EUR";
    const lines = (s.lines || []).map(line);
    const discounts = (totals.discounts || s.discounts || []).map(discount);
    const customer = s.customer || null;
    const paymentBlock = s.payment || {};
    const records = paymentBlock.records || [];
    const lastRecord = records.length ? records[records.length - 1] : null;
    const approvedRecord = [...records].reverse().find((r) => r.outcome === "approved") || null;
    const pass = s.exitPass || null;
    return {
      id: String(s.id ?? s.sessionID),
      state: s.state || "open",
      customer: customer && { id: customer.id || "", tier: customer.tier ?? null, name: customer.name || "", card: customer.card || "" },
      lines,
      discounts,
      subtotal: totals.itemsSubtotal || totals.subtotal || zero(currency),
      discountTotal: totals.discountTotal ? { minor: Math.abs(totals.discountTotal.minor), currency } : zero(currency),
      depositTotal: totals.depositTotal || zero(currency),
      total: totals.total || zero(currency),
      vat: totals.vatBreakdown || [],
      itemCount: lines.filter((l) => !l.voided && l.kind !== "deposit").reduce((n, l) => n + (l.weightGrams ? 1 : l.quantity), 0),
      pendingApproval: (s.pendingApprovalLineIDs || []).length > 0 || s.state === "approvalNeeded",
      pendingApprovalLineIDs: (s.pendingApprovalLineIDs || []).map(String),
      audit: s.audit || null,
      paid: paymentBlock.paid || null,
      due: paymentBlock.due || null,
      payment: lastRecord && {
        status: lastRecord.outcome || null,
        last4: (approvedRecord && approvedRecord.last4) || lastRecord.last4 || null,
        amount: (approvedRecord && approvedRecord.amount) || lastRecord.amount || null,
        scheme: (approvedRecord && approvedRecord.scheme) || null,
      },
      exitPass: pass && { code: pass.code || pass.qr || pass.payload, expiresAt: instant(pass.expiresAt) },
    };
  }

  /**
   * `GET /v1/status` → `{daemonUp, referentialUp, catalogAgeSeconds, store}`. Reads the sync engine's report
   * (`sync.connectivity` online/offline/refused/unknown, `sync.catalogCheckedAt`) when the daemon includes it (no
   * `sync`: the daemon has no referential and runs offline by design).
   */
  function status(raw) {
    const sync = raw.sync || raw.referential || {};
    let referentialUp = true;
    // `refused` (the referential answers but refuses our pushes: bad token, other store) is not up: nothing
    // this device sells reaches it, so the pages say so as they do offline.
    if (sync.connectivity) referentialUp = sync.connectivity === "online" || sync.connectivity === "unknown";
    else if (typeof sync.reachable === "boolean") referentialUp = sync.reachable;
    else if (typeof sync.online === "boolean") referentialUp = sync.online;
    // The catalog's age: since the sync engine last confirmed it current (ISO 8601 text, "2026-11-23T15:45:39Z"),
    // else since the cache was applied (`catalog.ageSeconds`: a daemon that never reached the referential).
    let age = null;
    if (sync.catalogCheckedAt != null) {
      const checked = Date.parse(sync.catalogCheckedAt);
      if (!Number.isNaN(checked)) age = Math.max(0, Math.round((Date.now() - checked) / 1000));
    }
    if (age == null && raw.catalog && typeof raw.catalog.ageSeconds === "number") age = raw.catalog.ageSeconds;
    return { daemonUp: true, referentialUp, catalogAgeSeconds: age, store: raw.store || null };
  }

  /** An instant on the wire (ISO 8601 text, "2026-12-04T12:00:00Z", as every time the API sends) → ms since the
   *  Unix epoch, or null when absent or unreadable. */
  function instant(text) {
    if (typeof text !== "string") return null;
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? null : ms;
  }

  /** An alert (`GET /v1/staff/alerts`, `alert` events) → `{id, kind, session, device, at, item, code, text}`. */
  function alert(raw) {
    return {
      id: String(raw.id ?? raw.alertID ?? `${raw.kind}-${raw.session}-${raw.at}`),
      kind: raw.kind || "other",
      session: raw.session ?? raw.sessionID ?? null,
      device: raw.device ?? raw.deviceID ?? raw.scanner ?? null,
      at: instant(raw.at) ?? instant(raw.createdAt) ?? Date.now(),
      item: raw.item || raw.product || (raw.name ? { name: raw.name, minimumAge: raw.minimumAge } : null),
      code: raw.code || raw.payload || null,
      text: raw.message || raw.detail || raw.error || "",
      resolved: Boolean(raw.resolved),
    };
  }

  /**
   * `GET /v1/staff/stock` → `{productID, name, here, stores:[{store, quantity}], live, catalogAgeSeconds}`
   * (`live`: asked from the referential now; otherwise the daemon's catalog cache, as old as its age).
   */
  function stock(raw) {
    return {
      productID: raw.productID,
      name: raw.name || raw.productID,
      here: raw.here ?? null,
      stores: (raw.otherStores || []).map((level) => ({ store: level.store, name: level.name || null, quantity: level.quantity ?? 0 })),
      live: raw.source === "referential",
      catalogAgeSeconds: raw.catalogAgeSeconds ?? null,
    };
  }

  /** `POST /v1/staff/reservations` answer → `{id, status, name, quantity, store, replayed}`. */
  function reservation(raw) {
    return {
      id: raw.id, status: raw.status, mode: raw.mode, name: raw.name, quantity: raw.quantity,
      store: raw.fulfilmentStoreID, replayed: Boolean(raw.replayed),
    };
  }

  /** A click & collect order to pick (`GET /v1/staff/pickings`, scan answers). */
  function picking(raw) {
    return {
      id: raw.id, name: raw.name || raw.gtin, gtin: raw.gtin, quantity: raw.quantity, picked: raw.picked ?? 0,
      status: raw.status, awaitingReferential: Boolean(raw.awaitingReferential), from: raw.requestingStoreID,
      card: raw.loyaltyCard || null, createdAt: instant(raw.createdAt),
      done: raw.status === "picked",
    };
  }

  return { session, line, discount, status, alert, stock, reservation, picking, instant, isMoney, zero };
})();
