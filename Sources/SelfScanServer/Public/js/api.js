// SelfScan pages: the daemon's local API (docs/api.md) — JSON calls with the session or staff token, the
// live event stream (WebSocket, reconnecting, re-fetching on gaps), and the offline status poll.
import { Adapter, Paths } from "./adapter.js";
import { I18N } from "./i18n.js";

/** A refused call: `code` is the daemon's stable error code (docs/api.md), `status` the HTTP status. */
export class APIError extends Error {
  constructor(status, code, message) {
    super(message || code);
    this.status = status;
    this.code = code;
  }
}

export const API = (() => {
  const auth = { sessionToken: null, staffToken: null };

  async function call(method, path, body, options = {}) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (auth.sessionToken && !options.staff) headers["X-Session-Token"] = auth.sessionToken;
    if (auth.staffToken && !options.shopper) headers.Authorization = `Bearer ${auth.staffToken}`;
    let response;
    try {
      response = await fetch(path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: "no-store",
      });
    } catch (error) {
      throw new APIError(0, "network", I18N.t("common.network"));
    }
    const text = await response.text();
    let json = null;
    if (text) {
      try { json = JSON.parse(text); } catch (error) { json = null; }
    }
    if (!response.ok) {
      const detail = (json && json.error) || {};
      throw new APIError(response.status, detail.code || `http${response.status}`, detail.message || response.statusText);
    }
    return json;
  }

  /**
   * Live events: one WebSocket, reconnecting with backoff. `onEvent(event)` gets each parsed message;
   * `onGap()` runs after a reconnect or a sequence gap (the caller re-fetches state); `onStatus(up)` reports
   * whether the stream is connected.
   */
  function eventStream(query, { onEvent, onGap, onStatus }) {
    let socket = null;
    let closed = false;
    let lastSequence = null;
    let delay = 500;
    let timer = null;

    function connect() {
      if (closed) return;
      const scheme = location.protocol === "https:" ? "wss" : "ws";
      // After a drop, `since` asks the daemon to replay what was missed (or to send one `resync` event).
      const params = new URLSearchParams({ ...query(), ...(lastSequence !== null ? { since: String(lastSequence) } : {}) }).toString();
      socket = new WebSocket(`${scheme}://${location.host}/v1/events?${params}`);
      socket.onopen = () => {
        delay = 500;
        onStatus && onStatus(true);
        // The state is read on the daemon's `subscribed` handshake (the first message), not here.
      };
      socket.onmessage = (message) => {
        let event;
        try { event = JSON.parse(message.data); } catch (error) { return; }
        const sequence = typeof event.seq === "number" ? event.seq : event.sequence;
        if (event.type === "subscribed") {
          // The daemon's handshake: subscribed from here on, so reading the state now misses nothing.
          onGap && onGap();
          return;
        }
        if (event.type === "resync") {
          // The missed events are gone: re-read the state, then follow live events from here.
          if (typeof sequence === "number") lastSequence = sequence;
          onGap && onGap();
          return;
        }
        if (typeof sequence === "number" && lastSequence !== null && sequence <= lastSequence) return;  // replayed twice
        if (lastSequence !== null && typeof sequence === "number" && sequence > lastSequence + 1) {
          onGap && onGap();
        }
        if (typeof sequence === "number") lastSequence = sequence;
        onEvent(event);
      };
      socket.onclose = () => {
        socket = null;
        onStatus && onStatus(false);
        if (closed) return;
        timer = setTimeout(connect, delay);
        delay = Math.min(delay * 2, 8000);
      };
      socket.onerror = () => { /* onclose follows and reconnects */ };
    }

    connect();
    return {
      close() {
        closed = true;
        clearTimeout(timer);
        if (socket) socket.close();
      },
      restart() {
        lastSequence = null;
        if (socket) socket.close(); else { clearTimeout(timer); connect(); }
      },
    };
  }

  /**
   * Polls `GET /v1/status` every `periodMs` and reports `{daemonUp, referentialUp, catalogAgeSeconds}`.
   */
  function watchStatus(onChange, periodMs = 5000) {
    async function poll() {
      let report;
      try {
        const status = await call("GET", "/v1/status");
        report = Adapter.status(status);
      } catch (error) {
        report = { daemonUp: false, referentialUp: true, catalogAgeSeconds: null };
      }
      onChange(report);
    }
    poll();
    return setInterval(poll, periodMs);
  }

  /**
   * Tells the daemon this page is alive (`POST /v1/devices/heartbeat`) now and every `periodMs`: a random
   * device id kept in localStorage (one per browser), the page's role, and `sessionID()` when it has one.
   * A failed heartbeat is retried at the next tick (the offline banner reports a lost daemon).
   */
  function heartbeat(role, sessionID = () => null, periodMs = 10000) {
    const key = `selfscan.deviceID.${role}`;
    let deviceID = localStorage.getItem(key);
    if (!deviceID || !/^[A-Za-z0-9._-]{1,64}$/.test(deviceID)) {
      const bytes = crypto.getRandomValues(new Uint8Array(8));
      deviceID = `${role}-${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
      localStorage.setItem(key, deviceID);
    }
    async function beat() {
      try {
        await call("POST", Paths.heartbeat, { deviceID, role, sessionID: sessionID() || null }, { shopper: true });
      } catch (error) { /* the status poll shows a lost daemon */ }
    }
    beat();
    return setInterval(beat, periodMs);
  }

  return {
    auth,
    heartbeat,
    call,
    get: (path, options) => call("GET", path, undefined, options),
    post: (path, body, options) => call("POST", path, body === undefined ? {} : body, options),
    put: (path, body, options) => call("PUT", path, body, options),
    patch: (path, body, options) => call("PATCH", path, body, options),
    del: (path, options) => call("DELETE", path, undefined, options),
    eventStream,
    watchStatus,
  };
})();
