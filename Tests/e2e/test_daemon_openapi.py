"""Contract test: `selfscan serve` answers every operation of docs/openapi-daemon.yaml as the document says.

A store-role daemon (seeded demo catalog, simulated payment terminal, two staff members) and a gate-role daemon
(trusting the store's key) are started on loopback. Every operation of the document is driven, with its main
error answers; each response's status must be declared for the operation and its body must validate against the
declared schema (application/json, text/plain, image/svg+xml). A JSON body where the document declares none is a
gap in the document too. The error codes seen during the run must all be listed in docs/api.md.
"""
import base64
import hashlib
import json
import os
import pathlib
import socket
import subprocess
import urllib.error
import urllib.parse
import urllib.request
import uuid

import hostile
import jsonschema
import pytest
import yaml

from processes import BIN, ROOT, TIMEOUT, ReferentialServer, free_port, selfscan_serve, wait_until

SPEC = yaml.safe_load((ROOT / "docs" / "openapi-daemon.yaml").read_text())


def json_schema(node):
    """OpenAPI 3.0 `nullable: true` as JSON Schema (`null` allowed), so that jsonschema validates 3.0 documents."""
    if isinstance(node, list):
        return [json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable") is True:
        if "type" in out:
            out["type"] = list(dict.fromkeys((out["type"] if isinstance(out["type"], list) else [out["type"]]) + ["null"]))
        if "enum" in out and None not in out["enum"]:
            out["enum"] = out["enum"] + [None]
        if "allOf" in out or "$ref" in out:
            out = {"anyOf": [{"type": "null"}, {key: value for key, value in out.items()}]}
    return out


COMPONENTS = json_schema(SPEC["components"])
API_DOC = (ROOT / "docs" / "api.md").read_text()
STORE = "FR-0042"

COVERED = set()      # "METHOD /template" of every operation called
FINISHED = set()     # names of the driving tests that ran to the end
ERROR_CODES = {}     # error code -> "METHOD /template status" where it was seen


def ean13(twelve):
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(twelve))
    return twelve + str((10 - total % 10) % 10)


WHISKY = ean13("376000000104")   # 18+, always audited
YOGURT = ean13("376000000105")
COFFEE = ean13("376000000106")
BAGUETTE = ean13("376000000115")
EARBUDS = ean13("376000000114")
UNKNOWN = ean13("376000009999")  # a valid GTIN, not in the catalog


def all_operations():
    return {f"{method.upper()} {path}" for path, operations in SPEC["paths"].items()
            for method in operations if method != "parameters"}


def declared_response(template, method, status):
    operation = SPEC["paths"][template][method]
    responses = operation["responses"]
    assert str(status) in responses, f"{method.upper()} {template}: status {status} is not declared"
    response = responses[str(status)]
    if "$ref" in response:
        response = SPEC["components"]["responses"][response["$ref"].split("/")[-1]]
    return response


def check(template, method, status, content_type, body):
    """The response matches the document: declared status, declared content type, body valid against the schema."""
    response = declared_response(template, method, status)
    content = response.get("content")
    where = f"{method.upper()} {template} {status}"
    if not body:
        assert not content or status == 304, f"{where}: empty body but the document declares {list(content)}"
        return
    assert content, f"{where}: a {content_type} body but the document declares no content"
    assert content_type in content, f"{where}: content type {content_type} not in {list(content)}"
    schema = content[content_type].get("schema")
    if content_type == "application/json":
        assert schema, f"{where}: JSON body without a declared schema"
        schema = dict(json_schema(schema), components=COMPONENTS)
        jsonschema.Draft202012Validator(schema).validate(json.loads(body))
    elif schema:
        schema = dict(json_schema(schema), components=COMPONENTS)
        jsonschema.Draft202012Validator(schema).validate(body.decode())


def pin_hash(staff_id, pin):
    return hashlib.sha256(f"{staff_id}:{pin}".encode()).hexdigest()


class Daemon:
    """One `selfscan serve --config` on a free loopback port; every call is checked against the document."""

    def __init__(self, workdir, role, extra=None):
        self.workdir = pathlib.Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        config = {"store": STORE, "device": f"{role}-box", "role": role, "dataDir": str(self.workdir / "data"),
                  "listen": {"host": "127.0.0.1", "port": self.port}}
        config.update(extra or {})
        self.config_path = self.workdir / "selfscan.json"
        self.config_path.write_text(json.dumps(config, indent=2))
        self.log_path = self.workdir / "daemon.log"
        self.program = None

    def start(self):
        self.program = selfscan_serve(self.config_path, self.port, self.log_path)
        return self

    def log_text(self):
        return self.program.log_text() if self.program else ""

    def stop(self):
        if self.program:
            self.program.stop()

    def call(self, method, path, template=None, body=None, session=None, staff=None, content_type="application/json"):
        """(status, JSON body or raw bytes), after checking the answer against the document."""
        template = template or path.split("?")[0]
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", content_type)
        if session:
            request.add_header("X-Session-Token", session)
        if staff:
            request.add_header("Authorization", f"Bearer {staff}")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                status, ctype, payload = response.status, response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as error:
            status, ctype, payload = error.code, error.headers.get("Content-Type", ""), error.read()
        ctype = ctype.split(";")[0].strip()
        COVERED.add(f"{method} {template}")
        check(template, method.lower(), status, ctype, payload)
        parsed = json.loads(payload) if ctype == "application/json" and payload else payload
        if status >= 400 and isinstance(parsed, dict):
            ERROR_CODES.setdefault(parsed["error"]["code"], f"{method} {template} {status}")
        return status, parsed

    def error(self, method, path, template=None, body=None, session=None, staff=None, content_type="application/json"):
        """(status, error code) of a refused request."""
        status, parsed = self.call(method, path, template, body, session, staff, content_type)
        assert status >= 400, f"{method} {path}: expected an error, got {status} {parsed}"
        return status, parsed["error"]["code"]


STAFF = [
    {"id": "S100", "name": "Alice Martin", "badge": "BADGE-S100", "pinSHA256": pin_hash("S100", "1234"),
     "roles": ["attendant", "auditor", "supervisor"]},
    {"id": "S200", "name": "Bob Durand", "badge": "BADGE-S200", "pinSHA256": pin_hash("S200", "5678"),
     "roles": ["attendant"]},
]


@pytest.fixture(scope="module")
def daemons(tmp_path_factory):
    base = tmp_path_factory.mktemp("daemon-openapi")
    store = Daemon(base / "store", "store", {
        "staff": STAFF, "payment": {"terminal": "simulated", "script": []},
        "catalogSeed": "frenchHypermarketDemo", "auditRiskLevel": "low",
        "publicDir": str(ROOT / "Sources" / "SelfScanServer" / "Public")})
    gate = None
    try:
        store.start()
        _, keys = store.call("GET", "/v1/keys")
        trusted = [{"keyID": key["keyID"], "publicKey": key["publicKey"]} for key in keys["keys"]]
        gate = Daemon(base / "gate", "gate", {"signing": {"trustedKeys": trusted}}).start()
        yield store, gate
    finally:
        for daemon in (gate, store):
            if daemon:
                daemon.stop()


@pytest.fixture(scope="module")
def staff(daemons):
    store, _ = daemons
    status, login = store.call("POST", "/v1/staff/login", body={"badge": "BADGE-S100", "pin": "1234",
                                                                 "role": "supervisor"})
    assert status == 201 and login["role"] == "supervisor"
    status, attendant = store.call("POST", "/v1/staff/login", body={"badge": "BADGE-S200", "pin": "5678",
                                                                     "role": "attendant"})
    assert status == 201
    return login["token"], attendant["token"]


def open_session(store, body=None):
    status, opened = store.call("POST", "/v1/sessions", body=body if body is not None else {})
    assert status == 201 and opened["session"]["state"] == "open"
    return opened["session"]["id"], opened["token"]


def scan(store, session, token, payload):
    status, answer = store.call("POST", f"/v1/sessions/{session}/scans", "/v1/sessions/{id}/scans",
                                {"payload": payload}, session=token)
    assert status == 200, answer
    return answer


def checked_out_unaudited(store):
    """A session at `readyToPay` (one coffee); the audit policy picks ~10 % of anonymous baskets at random, so
    a picked one is left and another tried (20 tries: a failure is a policy change, not bad luck)."""
    for _ in range(20):
        session, token = open_session(store)
        scan(store, session, token, COFFEE)
        status, view = store.call("POST", f"/v1/sessions/{session}/checkout", "/v1/sessions/{id}/checkout",
                                  session=token)
        assert status == 200
        if view["state"] == "readyToPay":
            return session, token
        assert view["state"] == "auditRequired"
    pytest.fail("20 baskets of one coffee in a row were picked for an audit")


def line_of(view, product):
    return next(line["id"] for line in view["lines"] if line["productID"] == product and not line["isVoided"])


# --- WebSocket (RFC 6455), just enough to read the first messages ------------------------------------------------

def websocket_first_message(daemon, query):
    """(HTTP status of the upgrade, first text message as JSON or None)."""
    key = base64.b64encode(os.urandom(16)).decode()
    with socket.create_connection(("127.0.0.1", daemon.port), timeout=TIMEOUT) as sock:
        sock.sendall((f"GET /v1/events?{query} HTTP/1.1\r\nHost: 127.0.0.1:{daemon.port}\r\nUpgrade: websocket\r\n"
                      f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        reader = sock.makefile("rb")
        status = int(reader.readline().split()[1])
        headers = {}
        while (line := reader.readline().strip()):
            name, _, value = line.decode().partition(":")
            headers[name.strip().lower()] = value.strip()
        COVERED.add("GET /v1/events")
        if status != 101:
            length = int(headers.get("content-length", "0"))
            body = reader.read(length) if length else b""
            check("/v1/events", "get", status, headers.get("content-type", "").split(";")[0].strip(), body)
            if body:
                ERROR_CODES.setdefault(json.loads(body)["error"]["code"], f"GET /v1/events {status}")
            return status, None
        declared_response("/v1/events", "get", 101)
        accept = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest())
        assert headers.get("sec-websocket-accept") == accept.decode()
        while True:
            first, second = reader.read(2)
            length = second & 0x7F
            if length == 126:
                length = int.from_bytes(reader.read(2), "big")
            elif length == 127:
                length = int.from_bytes(reader.read(8), "big")
            payload = reader.read(length)
            if first & 0x0F == 0x1:
                return status, json.loads(payload)


def check_event(message):
    schema = {"$ref": "#/components/schemas/Event", "components": COMPONENTS}
    jsonschema.Draft202012Validator(schema).validate(message)


# --- the tests -----------------------------------------------------------------------------------------------------

def test_system_routes(daemons):
    store, gate = daemons
    for daemon in (store, gate):
        assert daemon.call("GET", "/v1/health")[1] == {"status": "ok"}
        status, info = daemon.call("GET", "/v1/status")
        assert status == 200 and info["store"] == STORE.lower()  # store ids are lower-cased (docs/configuration.md)
        assert daemon.call("GET", "/v1/keys")[0] == 200
        status, text = daemon.call("GET", "/metrics")
        assert status == 200 and b"selfscan_uptime_seconds" in text
    assert store.error("GET", "/v1/sync") == (404, "noReferential")
    assert store.error("POST", "/v1/sync/pull") == (404, "noReferential")
    status, device = store.call("GET", "/v1/device")
    assert status == 200 and device["device"] == "store-box"
    assert store.call("POST", "/v1/devices/heartbeat", body={"deviceID": "kiosk-07", "role": "kiosk"})[0] == 204
    assert store.error("POST", "/v1/devices/heartbeat", body={"deviceID": "kiosk 07", "role": "kiosk"}) == \
        (400, "badDeviceID")
    assert store.error("POST", "/v1/devices/heartbeat", body={"deviceID": "k", "role": "gate"}) == \
        (400, "badDeviceRole")
    assert store.error("POST", "/v1/devices/heartbeat", body={"deviceID": "k", "role": "kiosk",
                                                              "sessionID": "nope"}) == (400, "badSessionID")
    assert store.error("GET", "/v1/qr.svg") == (400, "qrTextMissing")
    assert store.error("GET", "/v1/qr.svg?text=hello") == (400, "qrTextNotAllowed")
    assert store.error("GET", "/v1/qr.svg?text=selfscan:exit:" + "A" * 600) == (400, "qrTextTooLong")
    status, svg = store.call("GET", "/v1/qr.svg?text=selfscan:exit:ABC")
    assert status == 200 and svg.startswith(b"<svg")
    # A gate serves no sessions.
    assert gate.error("POST", "/v1/sessions", body={}) == (404, "notFound")


def test_staff_login_roles_and_devices(daemons, staff):
    store, _ = daemons
    supervisor, attendant = staff
    assert store.error("POST", "/v1/staff/login", body={"badge": "BADGE-S100", "pin": "0000",
                                                        "role": "attendant"}) == (401, "badCredentials")
    assert store.error("POST", "/v1/staff/login", body={"badge": "BADGE-S200", "pin": "5678",
                                                        "role": "supervisor"}) == (403, "roleNotGranted")
    assert store.error("POST", "/v1/staff/login", body={"badge": "BADGE-S100", "pin": "1234",
                                                        "role": "boss"})[0] == 400
    assert store.error("POST", "/v1/staff/login", body=b"{nope")[0] == 400
    status, devices = store.call("GET", "/v1/devices", staff=attendant)
    assert status == 200 and devices["devices"][0]["kind"] == "daemon"
    assert store.error("GET", "/v1/devices") == (401, "missingStaffToken")
    assert store.error("GET", "/v1/devices", staff="st_unknown") == (401, "invalidStaffToken")
    status, script = store.call("GET", "/v1/payment-terminal/script", staff=supervisor)
    assert status == 200 and script["script"] == []
    assert store.error("GET", "/v1/payment-terminal/script", staff=attendant) == (403, "staffRoleTooLow")
    assert store.error("PUT", "/v1/payment-terminal/script", body={"script": ["approve"]},
                       staff=attendant) == (403, "staffRoleTooLow")
    assert store.error("PUT", "/v1/payment-terminal/script", body={"script": ["explode"]},
                       staff=supervisor)[0] == 400
    status, price = store.call("GET", f"/v1/staff/price-check?code={YOGURT}", staff=attendant)
    assert status == 200 and price["productID"] == "YAOURT-NATURE-X4"
    assert store.error("GET", "/v1/staff/price-check?code=nothing", staff=attendant) == (404, "notFound")
    status, stock = store.call("GET", f"/v1/staff/stock?code={YOGURT}", staff=attendant)
    assert status == 200 and stock["source"] == "cache"
    assert store.error("GET", "/v1/staff/stock?code=nothing", staff=attendant) == (404, "notFound")
    assert store.error("GET", f"/v1/staff/stock?code={YOGURT}") == (401, "missingStaffToken")
    # Logout ends the token.
    status, other = store.call("POST", "/v1/staff/login", body={"badge": "BADGE-S200", "pin": "5678",
                                                                "role": "attendant"})
    assert store.call("POST", "/v1/staff/logout", staff=other["token"])[0] == 204
    assert store.error("GET", "/v1/staff/alerts", staff=other["token"]) == (401, "invalidStaffToken")
    assert store.error("POST", "/v1/staff/logout")[0] == 401


def test_click_and_collect_without_referential(daemons, staff):
    store, _ = daemons
    _, attendant = staff
    reserve = {"id": str(uuid.uuid4()).upper(), "code": EARBUDS, "quantity": 1, "fulfilmentStoreID": "FR-0043",
               "mode": "reserve"}
    assert store.error("POST", "/v1/staff/reservations", body=reserve, staff=attendant) == \
        (503, "referentialUnreachable")
    order = dict(reserve, id=str(uuid.uuid4()).upper(), mode="order")
    status, queued = store.call("POST", "/v1/staff/reservations", body=order, staff=attendant)
    assert status == 202 and queued["status"] == "queued"
    status, replay = store.call("POST", "/v1/staff/reservations", body=order, staff=attendant)
    assert status in (200, 202) and replay["id"] == order["id"]
    assert store.error("POST", "/v1/staff/reservations", body=dict(order, quantity=0), staff=attendant)[0] == 400
    assert store.error("POST", "/v1/staff/reservations", body=order)[0] == 401
    assert store.error("GET", "/v1/staff/pickings", staff=attendant) == (503, "referentialUnreachable")
    picking = f"/v1/staff/pickings/{uuid.uuid4()}/scans"
    assert store.error("POST", picking, "/v1/staff/pickings/{id}/scans", {"code": EARBUDS},
                       staff=attendant)[0] in (404, 503)


def test_a_whole_trip(daemons, staff):
    store, gate = daemons
    supervisor, attendant = staff
    session, token = open_session(store)
    _, other_token = open_session(store)
    base = f"/v1/sessions/{session}"
    assert scan(store, session, token, WHISKY)["action"] == "ageApproval"
    assert scan(store, session, token, UNKNOWN)["action"] == "callStaff"
    scan(store, session, token, YOGURT)
    view = scan(store, session, token, BAGUETTE)["session"]
    assert store.error("POST", f"{base}/scans", "/v1/sessions/{id}/scans", {"payload": "1234"},
                       session=token) == (422, "badLength")
    assert store.error("POST", f"{base}/scans", "/v1/sessions/{id}/scans", b"{nope", session=token)[0] == 400
    assert store.error("POST", f"{base}/scans", "/v1/sessions/{id}/scans", {"payload": YOGURT}) == \
        (401, "missingSessionToken")
    # At most one suggestion after a scan (none here: this referential-less store has no suggestions records).
    status, suggested = store.call("GET", f"{base}/suggestion", "/v1/sessions/{id}/suggestion", session=token)
    assert status == 200 and suggested.get("suggestion") is None, suggested
    assert store.error("GET", f"{base}/suggestion", "/v1/sessions/{id}/suggestion") == (401, "missingSessionToken")
    yogurt, baguette = line_of(view, "YAOURT-NATURE-X4"), line_of(view, view["lines"][-1]["productID"])
    line = "/v1/sessions/{id}/lines/{line}"
    status, view = store.call("PATCH", f"{base}/lines/{yogurt}", line, {"quantity": 3}, session=token)
    assert status == 200 and next(l for l in view["lines"] if l["id"] == yogurt)["quantity"] == 3
    assert store.error("PATCH", f"{base}/lines/{yogurt}", line, {"quantity": 0}, session=token) == \
        (422, "invalidQuantity")
    assert store.error("PATCH", f"{base}/lines/{uuid.uuid4()}", line, {"quantity": 2}, session=token) == \
        (404, "unknownLine")
    assert store.error("PATCH", f"{base}/lines/nope", line, {"quantity": 2}, session=token) == (400, "badLineID")
    assert store.call("DELETE", f"{base}/lines/{baguette}", line, session=token)[0] == 200
    assert store.error("DELETE", f"{base}/lines/{uuid.uuid4()}", line, session=token)[0] == 404

    status, alerts = store.call("GET", "/v1/staff/alerts", staff=attendant)
    kinds = {alert["kind"] for alert in alerts["alerts"] if alert.get("session") == session}
    assert status == 200 and {"ageApproval", "unknownCode"} <= kinds
    unknown_alert = next(a["id"] for a in alerts["alerts"] if a["kind"] == "unknownCode" and a["session"] == session)
    assert store.call("DELETE", f"/v1/staff/alerts/{unknown_alert}", "/v1/staff/alerts/{alert}",
                      staff=attendant)[0] == 204
    assert store.error("DELETE", f"/v1/staff/alerts/{unknown_alert}", "/v1/staff/alerts/{alert}",
                       staff=attendant) == (404, "notFound")
    status, listed = store.call("GET", "/v1/sessions?state=approvalNeeded", "/v1/sessions", staff=attendant)
    assert status == 200 and session in [s["id"] for s in listed["sessions"]]

    assert store.error("POST", f"{base}/checkout", "/v1/sessions/{id}/checkout", session=token) == \
        (409, "illegalTransition")
    approve = "/v1/staff/sessions/{id}/approve-age"
    assert store.error("POST", f"/v1/staff/sessions/{session}/approve-age", approve, {"approve": True})[0] == 401
    status, view = store.call("POST", f"/v1/staff/sessions/{session}/approve-age", approve, {"approve": True},
                              staff=attendant)
    assert status == 200 and view["state"] == "scanning"
    assert store.error("POST", f"{base}/payment", "/v1/sessions/{id}/payment", {}, session=token) == \
        (409, "notReadyToPay")
    assert store.error("GET", f"{base}/exit-pass", "/v1/sessions/{id}/exit-pass", session=token) == (409, "notPaid")
    assert store.error("GET", f"{base}/receipt", "/v1/sessions/{id}/receipt", session=token) == (409, "notPaid")
    assert store.error("POST", f"{base}/e-receipt", "/v1/sessions/{id}/e-receipt", session=token) == (409, "notPaid")
    # Camera frames (raw Y800): no code in a blank frame; geometry and size refused with typed errors.
    frames = "/v1/sessions/{id}/frames"
    blank = bytes([230]) * (64 * 48)
    status, answer = store.call("POST", f"{base}/frames?width=64&height=48", frames, blank, session=token,
                                content_type="application/octet-stream")
    assert status == 200 and answer["outcome"] == "noCode"
    assert store.error("POST", f"{base}/frames?width=64&height=47", frames, blank, session=token,
                       content_type="application/octet-stream") == (400, "badFrame")
    assert store.error("POST", f"{base}/frames?width=4000&height=3000", frames, blank, session=token,
                       content_type="application/octet-stream") == (413, "frameTooLarge")

    # Checkout: the whisky is always audited.
    status, view = store.call("POST", f"{base}/checkout", "/v1/sessions/{id}/checkout", session=token)
    assert status == 200 and view["state"] == "auditRequired"
    staff_base = f"/v1/staff/sessions/{session}"
    assert store.error("POST", f"{staff_base}/audit", "/v1/staff/sessions/{id}/audit", staff=attendant) == \
        (403, "staffRoleTooLow")
    status, view = store.call("POST", f"{staff_base}/audit", "/v1/staff/sessions/{id}/audit", staff=supervisor)
    assert status == 200 and view["state"] == "auditing"
    status, counted = store.call("POST", f"{staff_base}/audit/scans", "/v1/staff/sessions/{id}/audit/scans",
                                 {"payload": WHISKY}, staff=supervisor)
    assert status == 200 and counted["counted"] == [{"productID": "WHISKY-70CL", "count": 1}]
    status, view = store.call("POST", f"{staff_base}/audit/validate", "/v1/staff/sessions/{id}/audit/validate",
                              staff=supervisor)
    assert status == 200 and view["state"] == "audited" and view["audit"]["differences"]
    status, view = store.call("POST", f"{base}/audit/acknowledge", "/v1/sessions/{id}/audit/acknowledge",
                              session=token)
    assert status == 200 and view["state"] == "readyToPay"
    assert store.error("POST", f"{base}/audit/acknowledge", "/v1/sessions/{id}/audit/acknowledge",
                       session=token) == (409, "illegalTransition")

    # Payment: a declined card, then an approved one, then a retry with the same id (replayed).
    status, script = store.call("PUT", "/v1/payment-terminal/script", body={"script": ["cancel", "decline", "timeout"]},
                                staff=supervisor)
    assert status == 200 and script["script"] == ["cancel", "decline", "timeout"]
    pay = "/v1/sessions/{id}/payment"
    for outcome in ("cancelled", "declined"):
        status, answer = store.call("POST", f"{base}/payment", pay, {"paymentID": str(uuid.uuid4())}, session=token)
        assert status == 200 and answer["payment"]["outcome"] == outcome and answer["replayed"] is False
    assert store.error("POST", f"{base}/payment", pay, {"amount": {"minor": -5, "currency": "EUR"}},
                       session=token) == (422, "badAmount")
    assert store.error("POST", f"{base}/payment", pay, {"paymentID": "x"}, session=other_token) == \
        (403, "wrongSessionToken")
    # A terminal timeout is settled by asking the terminal for its last transaction (the simulated one approved
    # it), else `504 terminalTimeout` and the shopper pays again.
    payment_id = str(uuid.uuid4())
    status, paid = store.call("POST", f"{base}/payment", pay, {"paymentID": payment_id}, session=token)
    if status == 504:
        assert paid["error"]["code"] == "terminalTimeout"
        payment_id = str(uuid.uuid4())
        status, paid = store.call("POST", f"{base}/payment", pay, {"paymentID": payment_id}, session=token)
    assert status == 200 and paid["payment"]["outcome"] == "approved" and paid["session"]["state"] == "paid"
    status, replay = store.call("POST", f"{base}/payment", pay, {"paymentID": payment_id}, session=token)
    assert status == 200 and replay["replayed"] is True and replay["payment"] == paid["payment"]
    assert store.error("POST", f"{base}/payment", pay, {"paymentID": str(uuid.uuid4())}, session=token) == \
        (409, "notReadyToPay")

    status, exit_pass = store.call("GET", f"{base}/exit-pass", "/v1/sessions/{id}/exit-pass", session=token)
    assert status == 200 and exit_pass["code"].startswith("selfscan:exit:")
    status, receipt = store.call("GET", f"{base}/receipt", "/v1/sessions/{id}/receipt", session=token)
    assert status == 200 and receipt["payments"]
    status, link = store.call("POST", f"{base}/e-receipt", "/v1/sessions/{id}/e-receipt", session=token)
    assert status == 200 and link["url"] == f"/e-receipt.html#t={link['token']}", link
    status, phone = store.call("GET", f"/v1/e-receipts/{link['token']}", "/v1/e-receipts/{token}")
    assert status == 200 and phone["total"] == receipt["total"] and phone["vatBreakdown"] == receipt["vatBreakdown"]
    assert store.error("GET", "/v1/e-receipts/k.e30.AAAA", "/v1/e-receipts/{token}")[0] in (400, 403)
    status, text = store.call("GET", f"{base}/receipt?format=text", "/v1/sessions/{id}/receipt", session=token)
    assert status == 200 and b"TOTAL EUR" in text
    status, svg = store.call("GET", "/v1/qr.svg?text=" + urllib.parse.quote(exit_pass["code"]))
    assert status == 200 and svg.startswith(b"<svg")

    whisky = line_of(paid["session"], "WHISKY-70CL")
    refunds = "/v1/staff/sessions/{id}/refunds"
    assert store.error("POST", f"{staff_base}/refunds", refunds, {"lineID": whisky}, staff=attendant) == \
        (403, "staffRoleTooLow")
    status, refund = store.call("POST", f"{staff_base}/refunds", refunds, {"lineID": whisky}, staff=supervisor)
    assert status == 200 and refund["payment"]["outcome"] == "refunded"
    status, again = store.call("POST", f"{staff_base}/refunds", refunds, {"lineID": whisky}, staff=supervisor)
    assert status == 200 and again["replayed"] is True
    assert store.error("POST", f"{staff_base}/refunds", refunds, {"lineID": "nope"}, staff=supervisor) == \
        (400, "badLineID")
    assert store.error("POST", f"{staff_base}/void", "/v1/staff/sessions/{id}/void", {"reason": "too late"},
                       staff=attendant) == (409, "illegalTransition")

    # The gate (offline, trusting the store's key) opens once; the store box has its own ledger.
    passes = "/v1/gate/passes"
    status, opened = gate.call("POST", passes, body={"code": exit_pass["code"]})
    assert status == 200 and opened["open"] is True and opened["pass"]["s"] == session
    assert gate.error("POST", passes, body={"code": exit_pass["code"]}) == (409, "passReplayed")
    assert gate.error("POST", passes, body={"code": "junk"}) == (400, "passMalformed")
    assert gate.error("POST", passes, body={"code": exit_pass["code"][:-6] + "AAAAAA"})[0] == 403
    assert gate.error("POST", passes, body=b"{nope")[0] == 400
    assert store.call("POST", passes, body={"code": exit_pass["code"]})[0] == 200


def test_checkout_cancel_help_handoff_and_void(daemons, staff):
    store, _ = daemons
    supervisor, attendant = staff
    session, token = open_session(store)
    base = f"/v1/sessions/{session}"
    status, code = store.error("POST", f"{base}/checkout", "/v1/sessions/{id}/checkout", session=token)
    assert status == 409 and code in ("emptyBasket", "illegalTransition")  # nothing scanned: still `open`
    # Back to scanning from checkout, both spellings (from `open` there is nothing to go back to: `409`).
    status, code = store.error("POST", f"{base}/resume-scanning", "/v1/sessions/{id}/resume-scanning",
                               session=token)
    assert (status, code) == (409, "illegalTransition")
    for path in ("resume-scanning", "checkout/cancel"):
        session, token = checked_out_unaudited(store)
        base = f"/v1/sessions/{session}"
        status, view = store.call("POST", f"{base}/{path}", "/v1/sessions/{id}/" + path, session=token)
        assert status == 200 and view["state"] == "scanning"
    assert store.call("POST", f"{base}/help", "/v1/sessions/{id}/help", session=token)[0] == 202
    # Staff void of one line, then hand-off: suspend, resume here once.
    staff_line = "/v1/staff/sessions/{id}/lines/{line}"
    view = scan(store, session, token, BAGUETTE)["session"]
    baguette = view["lines"][-1]["id"]
    status, view = store.call("DELETE", f"/v1/staff/sessions/{session}/lines/{baguette}", staff_line,
                              staff=attendant)
    assert status == 200
    assert store.error("DELETE", f"/v1/staff/sessions/{session}/lines/{uuid.uuid4()}", staff_line,
                       staff=attendant)[0] == 404
    # An unknown item priced by a supervisor (attendants may not), with a reason; bad prices are typed errors.
    priced = "/v1/staff/sessions/{id}/priced-lines"
    body = {"code": "2999999999999", "price": {"minor": 250, "currency": "EUR"}, "reason": "notInCatalog"}
    assert store.error("POST", f"/v1/staff/sessions/{session}/priced-lines", priced, body, staff=attendant) == \
        (403, "staffRoleTooLow")
    assert store.error("POST", f"/v1/staff/sessions/{session}/priced-lines", priced,
                       {**body, "price": {"minor": 0, "currency": "EUR"}}, staff=supervisor) == \
        (422, "staffPriceOutOfRange")
    assert store.error("POST", f"/v1/staff/sessions/{session}/priced-lines", priced,
                       {**body, "reason": "because"}, staff=supervisor) == (400, "badStaffPriceReason")
    status, view = store.call("POST", f"/v1/staff/sessions/{session}/priced-lines", priced, body, staff=supervisor)
    assert status == 200 and view["lines"][-1]["staffPriceReason"] == "notInCatalog"
    assert view["lines"][-1]["total"] == {"minor": 250, "currency": "EUR"}
    store.call("DELETE", f"/v1/staff/sessions/{session}/lines/{view['lines'][-1]['id']}", staff_line, staff=attendant)
    status, suspended = store.call("POST", f"{base}/suspend", "/v1/sessions/{id}/suspend", session=token)
    assert status == 200 and suspended["session"]["state"] == "suspended"
    code = suspended["handoff"]["code"]
    assert store.error("POST", f"{base}/suspend", "/v1/sessions/{id}/suspend", session=token) == \
        (409, "illegalTransition")
    status, resumed = store.call("POST", "/v1/sessions/resume", body={"code": code})
    assert status == 200 and resumed["session"]["id"] == session
    token = resumed["token"]
    assert store.error("POST", "/v1/sessions/resume", body={"code": code}) == (409, "handoffAlreadyUsed")
    assert store.error("POST", "/v1/sessions/resume", body={"code": code[:-6] + "AAAAAA"}) == (403, "passForged")
    assert store.error("POST", "/v1/sessions/resume", body=b"{nope")[0] == 400
    assert store.error("POST", "/v1/gate/passes", body={"code": code}) == (400, "passWrongKind")

    # Void: reason checks, then the void, then nothing more.
    void = "/v1/staff/sessions/{id}/void"
    staff_base = f"/v1/staff/sessions/{session}"
    assert store.error("POST", f"{staff_base}/void", void, {"reason": ""}, staff=attendant) == \
        (400, "voidReasonMissing")
    assert store.error("POST", f"{staff_base}/void", void, {"reason": "x" * 201}, staff=attendant) == \
        (400, "voidReasonTooLong")
    assert store.error("POST", f"{staff_base}/void", void, {"reason": "r", "category": "whim"},
                       staff=attendant) == (400, "badVoidCategory")
    assert store.error("POST", f"{staff_base}/void", void, {"reason": "left"}) == (401, "missingStaffToken")
    assert store.error("POST", f"/v1/staff/sessions/{uuid.uuid4()}/void", void, {"reason": "left"},
                       staff=attendant) == (404, "sessionNotFound")
    status, view = store.call("POST", f"{staff_base}/void", void, {"reason": "customer left"}, staff=attendant)
    assert status == 200 and view["state"] == "void"
    assert store.error("POST", f"{staff_base}/void", void, {"reason": "again"}, staff=attendant) == \
        (409, "illegalTransition")
    assert store.error("POST", f"{base}/scans", "/v1/sessions/{id}/scans", {"payload": COFFEE}, session=token) == \
        (409, "illegalTransition")


def test_payment_intent_resolution(daemons, staff):
    """A payment whose outcome the terminal cannot tell stays open (nothing new is sent to the terminal) until a
    supervisor resolves it from the terminal's journal: exactly once, a retry replays, another decision conflicts."""
    store, _ = daemons
    supervisor, attendant = staff
    intents, resolutions = "/v1/staff/payment-intents", "/v1/staff/payment-intents/resolutions"
    status, listed = store.call("GET", intents, staff=attendant)
    assert status == 200 and listed["intents"] == []
    assert store.error("GET", intents) == (401, "missingStaffToken")
    nothing = {"requestID": "payment:nothing#1", "resolution": "notCharged"}
    assert store.error("POST", resolutions, body=nothing, staff=attendant) == (403, "staffRoleTooLow")
    assert store.error("POST", resolutions, body=nothing, staff=supervisor) == (404, "unknownPaymentIntent")

    session, token = checked_out_unaudited(store)
    status, _ = store.call("PUT", "/v1/payment-terminal/script", body={"script": ["lostAnswer"]}, staff=supervisor)
    assert status == 200
    status, lost = store.call("POST", f"/v1/sessions/{session}/payment", "/v1/sessions/{id}/payment",
                              {"paymentID": "P-lost"}, session=token)
    assert status == 504 and lost["error"]["code"] == "terminalTimeout", lost
    status, listed = store.call("GET", intents, staff=attendant)
    assert status == 200 and len(listed["intents"]) == 1, listed
    intent = listed["intents"][0]
    assert intent["sessionID"].upper() == session.upper() and intent["kind"] == "charge" and intent["state"] == "open"
    status, alerts = store.call("GET", "/v1/staff/alerts", staff=attendant)
    assert "paymentUnknown" in {alert["kind"] for alert in alerts["alerts"]}

    charged = {"requestID": intent["requestID"], "resolution": "charged", "authorisationCode": "100001"}
    assert store.error("POST", resolutions, body=dict(charged, authorisationCode=None), staff=supervisor) == \
        (400, "badResolution")
    status, resolved = store.call("POST", resolutions, body=charged, staff=supervisor)
    assert status == 200 and resolved["replayed"] is False, resolved
    assert resolved["payment"]["outcome"] == "approved" and resolved["payment"]["authCode"] == "100001"
    assert resolved["session"]["state"] == "paid"
    status, again = store.call("POST", resolutions, body=charged, staff=supervisor)
    assert status == 200 and again["replayed"] is True
    assert store.error("POST", resolutions, body={"requestID": intent["requestID"], "resolution": "notCharged"},
                       staff=supervisor) == (409, "paymentIntentAlreadyResolved")
    status, listed = store.call("GET", intents, staff=attendant)
    assert listed["intents"] == [] and listed["resolutions"][0]["requestID"] == intent["requestID"]


def test_session_errors(daemons, staff):
    store, _ = daemons
    _, attendant = staff
    session, token = open_session(store)
    other, other_token = open_session(store)
    one = "/v1/sessions/{id}"
    assert store.call("GET", f"/v1/sessions/{session}", one, session=token)[0] == 200
    assert store.call("GET", f"/v1/sessions/{session}", one, staff=attendant)[0] == 200
    assert store.error("GET", f"/v1/sessions/{session}", one, session=other_token) == (403, "wrongSessionToken")
    assert store.error("GET", f"/v1/sessions/{session}", one) == (401, "missingSessionToken")
    assert store.error("GET", f"/v1/sessions/{uuid.uuid4()}", one, staff=attendant) == (404, "sessionNotFound")
    assert store.error("GET", "/v1/sessions/nope", one, staff=attendant) == (400, "badSessionID")
    assert store.error("GET", "/v1/sessions") == (401, "missingStaffToken")
    assert store.error("POST", "/v1/sessions", body={"loyaltyCard": "123"}) == (422, "unknownLoyaltyCard")
    assert store.error("POST", "/v1/sessions", body=b"{nope")[0] == 400
    assert store.error("POST", f"/v1/sessions/{other}/help", "/v1/sessions/{id}/help", session=token) == \
        (403, "wrongSessionToken")


def test_live_events(daemons, staff):
    store, _ = daemons
    supervisor, _ = staff
    session, token = open_session(store)
    _, other_token = open_session(store)
    # since=0 is no past seq of this run: the first message is one resync event (or, with the subscribe
    # handshake, the `subscribed` message that precedes everything).
    for query in (f"staff={supervisor}&since=0", f"session={session}&token={token}&since=0"):
        status, first = websocket_first_message(store, query)
        assert status == 101 and first["type"] in ("resync", "subscribed"), first
        check_event(first)
    # A refused upgrade is a bare 400 (no error body): a bad `since`, a missing, unknown or wrong token.
    assert websocket_first_message(store, f"staff={supervisor}&since=soon")[0] == 400
    assert websocket_first_message(store, "staff=st_unknown")[0] == 400
    assert websocket_first_message(store, f"session={session}&token={other_token}")[0] == 400
    assert websocket_first_message(store, "")[0] == 400
    # One session holds at most 8 live streams (a page and its reconnects): the 9th upgrade is refused, and a
    # stream closed frees its place.
    held = [open_websocket(store, f"session={session}&token={token}") for _ in range(8)]
    try:
        assert websocket_first_message(store, f"session={session}&token={token}")[0] == 400
        held.pop().close()
        wait_until(lambda: websocket_first_message(store, f"session={session}&token={token}")[0] == 101,
                   "a place freed by a closed stream", step=0.05)
    finally:
        for sock in held:
            sock.close()


def open_websocket(daemon, query):
    """A subscribed WebSocket left open (its `subscribed` message read): the caller closes it."""
    key = base64.b64encode(os.urandom(16)).decode()
    sock = socket.create_connection(("127.0.0.1", daemon.port), timeout=TIMEOUT)
    sock.sendall((f"GET /v1/events?{query} HTTP/1.1\r\nHost: 127.0.0.1:{daemon.port}\r\nUpgrade: websocket\r\n"
                  f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    reader = sock.makefile("rb")
    assert int(reader.readline().split()[1]) == 101
    while reader.readline().strip():
        pass
    first, second = reader.read(2)
    payload = reader.read(second & 0x7F if second & 0x7F < 126 else int.from_bytes(reader.read(2), "big"))
    assert first & 0x0F == 0x1 and json.loads(payload)["type"] == "subscribed"
    return sock


SYNCED = "paris-42"


def referential_cli(db, *args):
    out = subprocess.run([BIN, "referential", *args, "--db", db], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr + out.stdout
    return out.stdout


@pytest.fixture(scope="module")
def synced_store(tmp_path_factory):
    """A store daemon synced with a real `selfscan referential serve` (SQLite): paris-42 here, paris-43 with stock."""
    base = tmp_path_factory.mktemp("daemon-openapi-sync")
    db = f"sqlite:{base}/ref.sqlite"
    referential_cli(db, "create-store", SYNCED, "--name", "Paris 42")
    referential_cli(db, "create-store", "paris-43", "--name", "Paris 43")
    token = referential_cli(db, "issue-token", "--store", SYNCED, "--device", "store-box").strip()
    csv = base / "catalog.csv"
    csv.write_text("id,gtin,name,price,currency,vat_bp\nCOLA,5449000000996,Cola 33cl,0.89,EUR,550\n")
    referential_cli(db, "import-catalog", str(csv))
    referential_cli(db, "set-stock", "--store", "paris-43", "5449000000996", "12")
    referential_cli(db, "set-stock", "--store", SYNCED, "5449000000996", "3")
    server = ReferentialServer(db, base / "referential.log").start()
    store = None
    try:
        store = Daemon(base / "store", "store", {
            "store": SYNCED, "staff": STAFF, "referential": {"url": server.base, "token": token},
            "publicDir": str(ROOT / "Sources" / "SelfScanServer" / "Public")}).start()
        yield store
    finally:
        if store:
            store.stop()
        server.stop()


def test_sync_stock_and_click_and_collect_with_a_referential(synced_store):
    store = synced_store
    assert store.call("POST", "/v1/sync/pull")[0] == 202
    def pulled():
        status, sync = store.call("GET", "/v1/sync")
        assert status == 200
        return sync.get("catalogVersion") and store.call("GET", "/v1/status")[1].get("catalog", {}).get("version")
    wait_until(pulled, "the catalog pulled from the referential", step=0.1)
    status, login = store.call("POST", "/v1/staff/login", body={"badge": "BADGE-S200", "pin": "5678",
                                                                "role": "attendant"})
    attendant = login["token"]
    status, stock = store.call("GET", "/v1/staff/stock?code=5449000000996", staff=attendant)
    assert status == 200 and stock["source"] == "referential", stock
    reserve = {"id": str(uuid.uuid4()).upper(), "code": "5449000000996", "quantity": 2,
               "fulfilmentStoreID": "paris-43", "mode": "reserve"}
    status, reserved = store.call("POST", "/v1/staff/reservations", body=reserve, staff=attendant)
    assert status == 201 and reserved["status"] == "reserved"
    status, replay = store.call("POST", "/v1/staff/reservations", body=reserve, staff=attendant)
    assert status == 200 and replay["replayed"] is True
    assert store.error("POST", "/v1/staff/reservations", body=dict(reserve, quantity=3), staff=attendant) == \
        (409, "reservationConflict")
    assert store.error("POST", "/v1/staff/reservations", body=dict(reserve, id=str(uuid.uuid4()).upper(),
                                                                   quantity=500), staff=attendant) == \
        (409, "insufficientStock")
    here = dict(reserve, id=str(uuid.uuid4()).upper(), fulfilmentStoreID=SYNCED, quantity=1, mode="order")
    status, ordered = store.call("POST", "/v1/staff/reservations", body=here, staff=attendant)
    assert status == 201, ordered
    status, pickings = store.call("GET", "/v1/staff/pickings", staff=attendant)
    assert status == 200 and here["id"] in [p["id"] for p in pickings["pickings"]], pickings
    scans = "/v1/staff/pickings/{id}/scans"
    assert store.error("POST", f"/v1/staff/pickings/{here['id']}/scans", scans, {"code": "3017620422003"},
                       staff=attendant)[0] in (404, 409)
    status, picked = store.call("POST", f"/v1/staff/pickings/{here['id']}/scans", scans, {"code": "5449000000996"},
                                staff=attendant)
    assert status == 200 and picked["picked"] == 1 and picked["status"] == "picked", picked
    assert store.error("POST", f"/v1/staff/pickings/{here['id']}/scans", scans, {"code": "5449000000996"},
                       staff=attendant) == (409, "alreadyPicked")
    assert store.error("POST", f"/v1/staff/pickings/{uuid.uuid4()}/scans", scans, {"code": "5449000000996"},
                       staff=attendant) == (404, "pickingNotFound")


def test_shelf_pages(synced_store):
    """The shelf-label page, its data and an order for pick-up (docs/api.md "Shelf labels")."""
    store = synced_store
    wait_until(lambda: store.call("GET", "/v1/status")[1].get("catalog", {}).get("version"),
               "the catalog pulled from the referential", step=0.1)
    status, page = store.call("GET", "/01/5449000000996", "/01/{gtin}")
    assert status == 200 and b"/js/shelf.js" in page
    assert store.error("GET", "/01/5449000000997", "/01/{gtin}") == (400, "invalidGTIN")
    status, view = store.call("GET", "/v1/shelf/5449000000996", "/v1/shelf/{gtin}")
    assert status == 200 and view["name"] == "Cola 33cl" and view["stock"]["source"] == "referential", view
    assert view["stock"]["here"] == 3 and view["canOrder"] is True
    assert store.error("GET", "/v1/shelf/12345", "/v1/shelf/{gtin}") == (400, "invalidGTIN")
    assert store.error("GET", "/v1/shelf/3017620422003", "/v1/shelf/{gtin}") == (404, "notFound")
    order = {"id": str(uuid.uuid4()).upper(), "quantity": 1}
    status, ordered = store.call("POST", "/v1/shelf/5449000000996/orders", "/v1/shelf/{gtin}/orders", order)
    assert status == 201 and ordered["mode"] == "order" and ordered["fulfilmentStoreID"] == SYNCED, ordered
    assert store.call("POST", "/v1/shelf/5449000000996/orders", "/v1/shelf/{gtin}/orders", order)[0] == 200


# The daemon's own hostile bodies, beside the common ones: a 2 MB string, out-of-range and mistyped members,
# NUL / lone surrogate / bidi override / traversal in strings.
HOSTILE_BODIES = hostile.BODIES + [
    b'{"payload":"' + b"7" * 2_000_000 + b'"}',
    b'{"quantity":1e308,"amountMinor":-9223372036854775809,"id":[],"payload":{},"code":null}',
    rb'{"badge":"\u0000","pin":"\ud800","role":"\u202e","deviceID":"../../etc/passwd"}',
]


def test_hostile_input_is_refused_with_a_typed_error(daemons, staff):
    """Every operation of the document, as a malicious client would call it: junk, truncated, deeply nested, huge
    and mistyped bodies, the wrong content type, hostile path parameters, with valid credentials so that the
    request gets past authentication. Each answer must be one the document declares for the operation (checked by
    `call`), never a 5xx, and the daemons must still serve afterwards."""
    store, gate = daemons
    supervisor, _ = staff
    session, token = open_session(store)
    scan(store, session, token, COFFEE)

    def send(method, path, template, body, content_type):
        daemon = gate if template.startswith("/v1/gate/") else store
        return daemon.call(method, path, template, body, session=token, staff=supervisor, content_type=content_type)

    problems = hostile.sweep(
        SPEC, send, HOSTILE_BODIES,
        parameters_for=lambda template: [session] + hostile.PARAMETERS if "{id}" in template else hostile.PARAMETERS[:3],
        # The WebSocket upgrade has its own tests; logging the supervisor out would end the sweep.
        skip=("/v1/events", "/v1/staff/logout"),
        # A gateway error with its typed body is an answer (the terminal or referential behind it), not a failure.
        server_error=lambda status, parsed: status >= 500 and not (status in (502, 503, 504) and isinstance(parsed, dict)))
    assert not problems, "\n".join(problems[:80])
    for daemon in (store, gate):
        assert daemon.call("GET", "/v1/health")[1] == {"status": "ok"}
    assert store.call("GET", f"/v1/sessions/{session}", "/v1/sessions/{id}", session=token)[0] == 200


@pytest.fixture(autouse=True)
def _remember_finished(request):
    yield
    FINISHED.add(request.node.name)


def driving_tests():
    return {name for name in globals() if name.startswith("test_") and name not in (
        "test_every_operation_was_driven", "test_every_error_code_seen_is_documented", "test_spec_is_valid_openapi")}


def test_every_operation_was_driven():
    """Runs after the others (file order): each operation of the document was called at least once."""
    if not driving_tests() <= FINISHED:
        pytest.skip(f"needs the whole file; not run: {sorted(driving_tests() - FINISHED)}")
    missing = sorted(all_operations() - COVERED)
    assert not missing, f"operations never called: {missing}"


def test_every_error_code_seen_is_documented():
    assert ERROR_CODES, "the run saw no error answer"
    undocumented = {code: where for code, where in ERROR_CODES.items() if f"`{code}`" not in API_DOC
                    and f" {code}`" not in API_DOC}
    assert not undocumented, f"error codes missing from docs/api.md: {undocumented}"


def test_spec_is_valid_openapi():
    try:
        from openapi_spec_validator import validate
    except ImportError:  # not packaged in Debian: the structural checks below still run
        validate = None
    if validate:
        validate(SPEC)
    assert SPEC["openapi"].startswith("3.")
    assert len(all_operations()) >= 46
