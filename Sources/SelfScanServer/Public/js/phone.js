// SelfScan phone page (scan & go): opens a session like the kiosk (anonymous or loyalty card), scans with the
// phone's camera (frames decoded by zbar on the daemon: POST /v1/sessions/{id}/frames) or a typed GTIN, shows
// the basket, and ends by handing the basket to a kiosk (signed hand-off QR) or asking for checkout (audit or
// payment per store policy).
import { $, API, APIError, I18N, STRINGS, startLanguage } from "./shell.js";
import { PhoneCamera } from "./phone-camera.js";

Object.assign(STRINGS.fr, {
  "phone.welcome": "Scannez vos articles avec votre téléphone",
  "phone.startAnonymous": "Commencer mes courses",
  "phone.card": "Carte de fidélité (facultatif)",
  "phone.startWithCard": "Commencer avec ma carte",
  "phone.scanTitle": "Scanner",
  "phone.torch": "Lampe",
  "phone.cameraStart": "Activer la caméra",
  "phone.cameraDenied": "Caméra indisponible : saisissez le code sous le produit.",
  "phone.aim": "Visez le code-barres dans le cadre.",
  "phone.added": "Ajouté : {name}",
  "phone.manual": "Saisir le code-barres",
  "phone.add": "Ajouter",
  "phone.basket": "Mon panier",
  "phone.total": "Total",
  "phone.toKiosk": "Payer à une borne",
  "phone.checkout": "Terminer mes courses",
  "phone.handoffTitle": "Présentez ce code à une borne",
  "phone.handoffText": "Scannez-le à une borne libre pour retrouver votre panier et payer.",
  "phone.auditTitle": "Contrôle de votre panier",
  "phone.auditText": "Un employé va vérifier quelques articles. Présentez-vous à l’accueil des caisses.",
  "phone.payTitle": "Panier validé",
  "phone.payText": "Présentez ce code à une borne pour payer.",
  "phone.backToScan": "Revenir au scan",
  "phone.auditing": "Contrôle en cours…",
  "phone.auditPassedTitle": "Contrôle terminé : panier validé",
  "phone.auditPassedText": "Présentez ce code à une borne pour payer votre panier contrôlé.",
  "phone.auditDiffTitle": "Votre panier a été corrigé",
  "phone.auditDiffText": "Le contrôle a trouvé des écarts. Nouveau total : {total}.",
  "phone.auditContinue": "J’ai compris, payer",
  "phone.error": "Erreur : {message}",
});
Object.assign(STRINGS.en, {
  "phone.welcome": "Scan your items with your phone",
  "phone.startAnonymous": "Start shopping",
  "phone.card": "Loyalty card (optional)",
  "phone.startWithCard": "Start with my card",
  "phone.scanTitle": "Scan",
  "phone.torch": "Torch",
  "phone.cameraStart": "Turn on the camera",
  "phone.cameraDenied": "Camera unavailable: type the code under the product.",
  "phone.aim": "Aim at the barcode inside the frame.",
  "phone.added": "Added: {name}",
  "phone.manual": "Type the barcode",
  "phone.add": "Add",
  "phone.basket": "My basket",
  "phone.total": "Total",
  "phone.toKiosk": "Pay at a kiosk",
  "phone.checkout": "Finish shopping",
  "phone.handoffTitle": "Show this code to a kiosk",
  "phone.handoffText": "Scan it at a free kiosk to get your basket back and pay.",
  "phone.auditTitle": "Basket check",
  "phone.auditText": "A member of staff will check a few items. Please go to the checkout desk.",
  "phone.payTitle": "Basket confirmed",
  "phone.payText": "Show this code to a kiosk to pay.",
  "phone.backToScan": "Back to scanning",
  "phone.auditing": "Check in progress…",
  "phone.auditPassedTitle": "Check done: basket confirmed",
  "phone.auditPassedText": "Show this code to a kiosk to pay for your checked basket.",
  "phone.auditDiffTitle": "Your basket was corrected",
  "phone.auditDiffText": "The check found differences. New total: {total}.",
  "phone.auditContinue": "Understood, pay",
  "phone.error": "Error: {message}",
});

const Phone = (() => {
  const page = { session: null, token: null, lastAdded: 0 };
  /** The daemon's repeat window and weak-read confirmation window (docs/api.md, "Camera frames"). */
  const REPEAT_MS = 1500, CONFIRM_MS = 1000;

  function show(view) {
    document.body.dataset.view = view;
    for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== `view-${view}`;
  }

  function status(text, kind = "") {
    page.statusShown = (page.statusShown || 0) + 1;
    const element = $("scan-status");
    element.textContent = text;
    element.className = `status ${kind}`;
  }

  /** A JSON call with the session token (API.call sets it). */
  const call = (method, path, body) => API.call(method, path, body);

  async function open(card) {
    $("start-error").textContent = "";
    try {
      const opened = await call("POST", "/v1/sessions", card ? { loyaltyCard: card } : {});
      page.token = opened.token;
      API.auth.sessionToken = opened.token;
      sessionStorage.setItem("selfscan.phone", JSON.stringify({ id: opened.session.id, token: opened.token }));
      render(opened.session);
      show("scan");
      startCamera();
    } catch (error) {
      $("start-error").textContent = I18N.t("phone.error", { message: error.message });
    }
  }

  function render(session) {
    page.session = session;
    const list = $("basket");
    list.textContent = "";
    for (const line of session.lines || []) {
      if (line.isVoided) continue;
      const item = document.createElement("li");
      item.dataset.code = line.scannedCode;
      const name = document.createElement("span");
      name.className = "line-name";
      name.textContent = line.quantity > 1 ? `${line.quantity} × ${line.name}` : line.name;
      const price = document.createElement("span");
      price.textContent = I18N.money(line.total);
      item.append(name, price);
      list.append(item);
    }
    $("total").textContent = I18N.money((session.totals || {}).total);
  }

  /**
   * The page's one audio context, made (or resumed) on a tap: browsers start audio only after a user gesture,
   * and limit how many contexts a page may open, so one is made once and reused for every beep.
   */
  function unlockAudio() {
    try {
      if (!page.audio) page.audio = new (window.AudioContext || window.webkitAudioContext)();
      if (page.audio.state === "suspended") page.audio.resume().catch(() => {});
    } catch (error) { page.audio = null; }
  }

  /** Success feedback: a short beep (Web Audio) and a vibration where supported. */
  function feedback() {
    try {
      const audio = page.audio;
      if (audio) {
        const tone = audio.createOscillator();
        tone.frequency.value = 1760;
        tone.connect(audio.destination);
        tone.start();
        tone.stop(audio.currentTime + 0.08);
      }
    } catch (error) { /* no audio */ }
    if (navigator.vibrate) navigator.vibrate(60);
  }

  function scanned(result) {
    render(result.session);
    const newest = (result.session.lines || []).filter((l) => !l.isVoided).slice(-1)[0];
    status(I18N.t("phone.added", { name: newest ? newest.name : "" }), "success");
    page.lastAdded = Date.now();
    feedback();
  }

  function failed(error) {
    if (error.code === "frameRateExceeded") return;
    status(I18N.t("phone.error", { message: error.message }), "error");
  }

  /** Posts one Y800 frame; the daemon decodes it with zbar and scans what it finds into the session. */
  async function sendFrame(frame) {
    if (!page.session) return;
    // The BarcodeDetector is following a code: a frame it missed must not make the daemon scan that code
    // again (the daemon's repeat window knows only the frames it decoded).
    if (Date.now() - (page.lastDetectedAt || 0) < REPEAT_MS) return;
    const path = `/v1/sessions/${encodeURIComponent(page.session.id)}/frames?width=${frame.width}&height=${frame.height}`;
    let response;
    try {
      response = await fetch(path, {
        method: "POST", body: frame.bytes, cache: "no-store",
        headers: { "Content-Type": "application/octet-stream", "X-Session-Token": page.token, Accept: "application/json" },
      });
    } catch (error) { return failed(new APIError(0, "network", I18N.t("common.network"))); }
    const json = await response.json().catch(() => null);
    if (!response.ok) {
      const detail = (json && json.error) || {};
      return failed(new APIError(response.status, detail.code || `http${response.status}`, detail.message || response.statusText));
    }
    if (json && json.outcome === "scanned") scanned(json.result);
  }

  /** Reads the daemon also makes wait for a second frame (docs/api.md "Camera frames"): EAN-8, short Code 128. */
  const isWeak = (code) => code.symbology === "]E4" || (code.symbology === "]C0" && code.payload.length < 8);

  /**
   * The BarcodeDetector fast path: a plain scan, debounced here like the daemon's camera frames (one product
   * per steady aim: the same code within 1.5 s of its last sighting is not scanned again), and weak reads only
   * when two detections in a row agree.
   */
  async function sendDetected(code) {
    if (!page.session) return;
    const now = Date.now();
    if (code.payload === page.lastDetected && now - page.lastDetectedAt < REPEAT_MS) {
      page.lastDetectedAt = now;
      return;
    }
    if (isWeak(code) && !(page.weak && page.weak.payload === code.payload && now - page.weak.at < CONFIRM_MS)) {
      page.weak = { payload: code.payload, at: now };
      return;
    }
    page.weak = null;
    page.lastDetected = code.payload;
    page.lastDetectedAt = now;
    try { scanned(await call("POST", `/v1/sessions/${encodeURIComponent(page.session.id)}/scans`, code)); } catch (error) { failed(error); }
  }

  async function startCamera() {
    // A camera can take seconds to open: whatever the shopper saw meanwhile (a typed code's error or "added")
    // stays; the aim hint only fills a status nobody has written since the camera was asked for.
    const shownBefore = page.statusShown || 0;
    try {
      const { torch } = await PhoneCamera.start($("camera-video"));
      $("torch").hidden = !torch;
      $("camera-retry").hidden = true;
      if ((page.statusShown || 0) === shownBefore) status(I18N.t("phone.aim"));
      PhoneCamera.loop($("camera-video"), { fps: 8, onFrame: sendFrame, onDetected: sendDetected });
    } catch (error) {
      $("camera-retry").hidden = false;
      status(I18N.t("phone.cameraDenied"), "error");
    }
  }

  async function manual(event) {
    event.preventDefault();
    const code = $("manual-code").value.trim();
    if (!code || !page.session) return;
    try {
      scanned(await call("POST", `/v1/sessions/${encodeURIComponent(page.session.id)}/scans`, { payload: code }));
      $("manual-code").value = "";
    } catch (error) { failed(error); }
  }

  /** What the tab keeps across a reload (sessionStorage: this tab only): the session, and the end screen shown. */
  function remember(ending = null) {
    if (!page.session || !page.token) return;
    sessionStorage.setItem("selfscan.phone", JSON.stringify({ id: page.session.id, token: page.token, ending }));
  }

  function end(title, text, code, { back = Boolean(code), values = {} } = {}) {
    remember({ title, text, code, back, values });
    PhoneCamera.stop();
    $("end-title").textContent = I18N.t(title, values);
    $("end-text").textContent = I18N.t(text, values);
    const qr = $("end-qr");
    page.handoff = code;
    // Back to scanning takes the handed-off basket back (the code is good for one resume); an audited basket
    // has no way back (what was checked is what gets paid).
    $("end-back").hidden = !back;
    $("end-continue").hidden = true;
    $("end-differences").hidden = true;
    qr.hidden = !code;
    if (code) {
      qr.src = `/v1/qr.svg?text=${encodeURIComponent(code)}`;
      qr.alt = code;
    }
    show("end");
  }

  async function toKiosk() {
    try {
      const suspended = await call("POST", `/v1/sessions/${encodeURIComponent(page.session.id)}/suspend`, {});
      render(suspended.session);
      end("phone.handoffTitle", "phone.handoffText", suspended.handoff.code);
    } catch (error) { failed(error); }
  }

  async function checkout() {
    try {
      const session = await call("POST", `/v1/sessions/${encodeURIComponent(page.session.id)}/checkout`, {});
      render(session.session || session);
      const state = (session.session || session).state;
      if (state === "auditRequired") {
        end("phone.auditTitle", "phone.auditText", null);
        return watchAudit();
      }
      // Ready to pay: payment happens at a kiosk (the phone has no terminal) — hand the basket over. A session
      // is handed off only while scanning, so back to scanning first (allowed: no audit was required); the
      // kiosk takes it from there.
      await call("POST", `/v1/sessions/${encodeURIComponent(page.session.id)}/resume-scanning`, {});
      const suspended = await call("POST", `/v1/sessions/${encodeURIComponent(page.session.id)}/suspend`, {});
      end("phone.payTitle", "phone.payText", suspended.handoff.code);
    } catch (error) { failed(error); }
  }

  /**
   * After checkout drew an audit: follow the session's live events (re-reading it on the stream's handshake and
   * after a gap) until staff finish. A passed audit ends in `readyToPay`: the phone hands the audited basket to
   * a kiosk (the kiosk resumes it on payment, never back to scanning). An audit with differences ends in
   * `audited`: the shopper sees them and acknowledges, then gets the code.
   */
  function watchAudit() {
    const { id } = page.session;
    if (page.stream) page.stream.close();
    page.stream = API.eventStream(() => ({ session: id, token: page.token }), {
      onEvent: (event) => { if (event.type === "basket" && event.data) afterAudit(event.data); },
      onGap: async () => {
        try { afterAudit(await call("GET", `/v1/sessions/${encodeURIComponent(id)}`)); } catch (error) { /* next event */ }
      },
    });
  }

  function afterAudit(view) {
    if (!page.session || view.id !== page.session.id || page.handingOff) return;
    render(view);
    if (view.state === "auditing") {
      $("end-text").textContent = I18N.t("phone.auditing");
    } else if (view.state === "audited") {
      end("phone.auditDiffTitle", "phone.auditDiffText", null, { values: { total: I18N.money((view.totals || {}).total) } });
      const list = $("end-differences");
      list.textContent = "";
      for (const difference of (view.audit && view.audit.differences) || []) {
        const item = document.createElement("li");
        item.textContent = difference;
        list.append(item);
      }
      list.hidden = list.children.length === 0;
      $("end-continue").hidden = false;
    } else if (view.state === "readyToPay") {
      handOffAudited();
    }
  }

  /** The audited basket, ready to pay: suspended for a kiosk (signed, single-use code), the QR shown. */
  async function handOffAudited() {
    if (page.handingOff) return;
    page.handingOff = true;
    try {
      const suspended = await call("POST", `/v1/sessions/${encodeURIComponent(page.session.id)}/suspend`, {});
      if (page.stream) { page.stream.close(); page.stream = null; }
      render(suspended.session);
      end("phone.auditPassedTitle", "phone.auditPassedText", suspended.handoff.code, { back: false });
    } catch (error) {
      page.handingOff = false;
      $("end-text").textContent = I18N.t("phone.error", { message: error.message });
    }
  }

  async function acknowledgeAudit() {
    try {
      const view = await call("POST", `/v1/sessions/${encodeURIComponent(page.session.id)}/audit/acknowledge`, {});
      afterAudit(view.session || view);
    } catch (error) {
      $("end-text").textContent = I18N.t("phone.error", { message: error.message });
    }
  }

  function init() {
    startLanguage(() => page.session && render(page.session));
    $("start-anonymous").addEventListener("click", () => { unlockAudio(); open(null); });
    $("card-form").addEventListener("submit", (event) => { event.preventDefault(); unlockAudio(); open($("card-number").value.trim()); });
    $("manual-form").addEventListener("submit", manual);
    $("torch").addEventListener("click", async () => $("torch").setAttribute("aria-pressed", String(await PhoneCamera.toggleTorch())));
    $("camera-retry").addEventListener("click", startCamera);
    $("to-kiosk").addEventListener("click", toKiosk);
    $("checkout").addEventListener("click", checkout);
    $("end-continue").addEventListener("click", acknowledgeAudit);
    $("end-back").addEventListener("click", async () => {
      try {
        // The session is suspended for the hand-off: resume it here with its own code.
        const resumed = await call("POST", "/v1/sessions/resume", { code: page.handoff });
        page.token = resumed.token;
        API.auth.sessionToken = resumed.token;
        page.handoff = null;
        sessionStorage.setItem("selfscan.phone", JSON.stringify({ id: resumed.session.id, token: resumed.token }));
        render(resumed.session);
        show("scan");
        startCamera();
      } catch (error) { failed(error); }
    });
    restore().catch(() => show("start"));
  }

  /**
   * A reload (or the phone's browser bringing the tab back) resumes the trip where it was, from the session this
   * tab keeps: scanning, the audit wait (followed live again), the audit's corrections, or the hand-off code it
   * showed. A session that ended, or that the daemon no longer knows, starts over.
   */
  async function restore() {
    let saved = null;
    try { saved = JSON.parse(sessionStorage.getItem("selfscan.phone") || "null"); } catch (error) { saved = null; }
    if (!saved || !saved.id || !saved.token) return show("start");
    page.token = saved.token;
    API.auth.sessionToken = saved.token;
    let view;
    try {
      view = await call("GET", `/v1/sessions/${encodeURIComponent(saved.id)}`);
    } catch (error) {
      sessionStorage.removeItem("selfscan.phone");
      page.token = null;
      API.auth.sessionToken = null;
      return show("start");
    }
    render(view);
    const ending = saved.ending;
    switch (view.state) {
      case "open": case "scanning": case "approvalNeeded":
        show("scan");
        return startCamera();
      case "checkoutRequested": case "auditRequired": case "auditing":
        end("phone.auditTitle", "phone.auditText", null);
        if (view.state === "auditing") $("end-text").textContent = I18N.t("phone.auditing");
        return watchAudit();
      case "audited":
        watchAudit();
        return afterAudit(view);
      case "readyToPay":
        if (view.audit && view.audit.required) return handOffAudited();
        // Checked out without an audit, the reload came before the hand-off: back to scanning (as checkout does).
        render(await call("POST", `/v1/sessions/${encodeURIComponent(view.id)}/resume-scanning`, {}).then((v) => v.session || v));
        show("scan");
        return startCamera();
      case "suspended":
        if (ending && ending.code) return end(ending.title, ending.text, ending.code, { back: ending.back, values: ending.values || {} });
        break;
      default:
        break;
    }
    sessionStorage.removeItem("selfscan.phone");
    page.session = null;
    show("start");
  }

  document.addEventListener("DOMContentLoaded", init);
  return { page };
})();
