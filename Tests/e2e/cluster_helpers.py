"""Processes of the multi-node and failover tests (docs/scaling.md), all on loopback, each stopped by its own pid:
PostgreSQL servers (a primary, a streaming standby), HAProxy, `selfscan referential serve` nodes and
`selfscan serve` daemons pushing to them, plus the shopper's steps that make baskets and payments.

Environment: SELFSCAN_BIN (the built `selfscan`), SELFSCAN_ROOT, SELFSCAN_E2E_TIMEOUT (seconds per bounded wait).
Every process is a `processes.Program` (start, stop by pid, log).
"""
import glob
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from processes import (  # noqa: F401 (free_port, wait_until, ROOT: the cluster tests import them from here)
    BIN, ROOT, TIMEOUT, Program, ReferentialServer, free_port, selfscan_serve, wait_until,
)

PG_BIN = (sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2])) or ["/usr/bin"])[-1]
PG_USER = "selfscan"
STORE = "fr-0042"


class Workspace:
    """A temp dir the postgres user can enter (pytest's tmp dirs are private to root); removed at the end."""

    def __init__(self, prefix):
        self.path = Path(tempfile.mkdtemp(prefix=prefix))
        self.path.chmod(0o755)
        self.processes = []

    def track(self, process):
        self.processes.append(process)
        return process

    def close(self):
        for process in reversed(self.processes):
            try:
                process.stop()
            except Exception:  # one failing stop must not leave the others running
                pass
        if not os.environ.get("SELFSCAN_KEEP_CLUSTER_DIRS"):  # kept for a post-mortem when set
            shutil.rmtree(self.path, ignore_errors=True)


def _as_postgres():
    return {"user": "postgres", "group": "postgres"} if os.geteuid() == 0 else {}


class PgServer:
    """One PostgreSQL server run as the postgres user (PostgreSQL refuses root), in its own process group so that
    `kill9` takes the postmaster and every backend at once, as when the machine dies."""

    def __init__(self, workspace, name):
        self.dir = workspace.path / name
        self.dir.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        self.port = free_port()
        self.process = None
        workspace.track(self)

    def initdb(self):
        subprocess.run([f"{PG_BIN}/initdb", "-D", str(self.data), "-A", "trust", "-U", PG_USER],
                       check=True, capture_output=True, **_as_postgres())
        # Streaming replication from loopback (initdb -A trust allows it already; stated for clarity).
        with open(self.data / "pg_hba.conf", "a") as hba:
            hba.write("host replication all 127.0.0.1/32 trust\n")
        return self

    def basebackup_from(self, primary):
        """A standby: a base backup of `primary` with its streaming settings (`-R` writes standby.signal)."""
        subprocess.run([f"{PG_BIN}/pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port), "-U", PG_USER,
                        "-D", str(self.data), "-R", "-X", "stream", "-c", "fast"],
                       check=True, capture_output=True, **_as_postgres())
        return self

    def start(self, **settings):
        options = {"fsync": "off", "max_connections": "200", "listen_addresses": "127.0.0.1",
                   "unix_socket_directories": str(self.dir), "port": str(self.port),
                   # Standbys answer HAProxy's check soon after a kill; no wait for a lost primary.
                   "wal_receiver_timeout": "5s", "wal_retrieve_retry_interval": "200ms"}
        options.update({key: str(value) for key, value in settings.items()})
        arguments = [f"{PG_BIN}/postgres", "-D", str(self.data)]
        for key, value in options.items():
            arguments += ["-c", f"{key}={value}"]
        # SIGINT: PostgreSQL's fast shutdown.
        self.process = Program(arguments, self.dir / "log", name="postgres", stop_signal=signal.SIGINT,
                               **_as_postgres()).start()
        wait_until(self.is_ready, f"PostgreSQL on port {self.port}:\n{self.log_text()}")
        return self

    def is_ready(self):
        self.process.check_alive()
        return subprocess.run([f"{PG_BIN}/pg_isready", "-q", "-h", "127.0.0.1", "-p", str(self.port)]).returncode == 0

    def sql(self, query, database="postgres", schema=None):
        """Rows of `query` as lists of text (psql unaligned, tab-separated)."""
        env = dict(os.environ, PGCONNECT_TIMEOUT="3")
        if schema:
            env["PGOPTIONS"] = f"-c search_path={schema}"
        out = subprocess.run([f"{PG_BIN}/psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", PG_USER, "-d", database,
                              "-XAtq", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", query],
                             capture_output=True, text=True, env=env, timeout=TIMEOUT)
        assert out.returncode == 0, f"psql on {self.port}: {out.stderr}"
        return [line.split("\t") for line in out.stdout.splitlines() if line]

    def promote(self):
        subprocess.run([f"{PG_BIN}/pg_ctl", "promote", "-w", "-t", str(int(TIMEOUT)), "-D", str(self.data)],
                       check=True, capture_output=True, **_as_postgres())

    def kill9(self):
        self.process.kill9()

    def log_text(self):
        try:
            return (self.dir / "log").read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def stop(self):
        if self.process:
            self.process.stop()


class HAProxy:
    """HAProxy (Debian's) in the foreground with a stats socket the tests read server states from."""

    def __init__(self, workspace, name="haproxy"):
        self.dir = workspace.path / name
        self.dir.mkdir()
        self.socket_path = self.dir / "stats.sock"
        self.process = None
        workspace.track(self)

    def start(self, body, external_check=False):
        globals_ = [f"stats socket {self.socket_path} level admin", "maxconn 2000"]
        if external_check:
            # The PostgreSQL primary check runs a program (scripts/haproxy-pg-primary-check).
            globals_ += ["external-check", "insecure-fork-wanted"]
        config = "global\n" + "".join(f"  {line}\n" for line in globals_) + (
            "defaults\n  timeout connect 2s\n  timeout client 60s\n  timeout server 60s\n  timeout check 2s\n"
        ) + body
        path = self.dir / "haproxy.cfg"
        path.write_text(config)
        check = subprocess.run(["haproxy", "-c", "-q", "-f", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, f"haproxy config refused: {check.stderr}\n{config}"
        self.process = Program(["haproxy", "-db", "-f", path], self.dir / "log", name="haproxy").start()
        wait_until(lambda: self.process.check_alive() and self.socket_path.exists(), "haproxy's stats socket")
        return self

    def command(self, text):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(5)
            sock.connect(str(self.socket_path))
            sock.sendall(text.encode() + b"\n")
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def states(self, backend):
        """{server name: status} of a backend, from `show stat` (UP, DOWN, …)."""
        lines = self.command("show stat").splitlines()
        header = lines[0].lstrip("# ").split(",")
        rows = [dict(zip(header, line.split(","))) for line in lines[1:] if line]
        # A server starts UP before its first check ("INI"): only a state a check reached counts.
        return {row["svname"]: row["status"] if "INI" not in row["check_status"] else "INI" for row in rows
                if row["pxname"] == backend and row["svname"] not in ("FRONTEND", "BACKEND")}

    def wait_states(self, backend, expected):
        return wait_until(lambda: all(self.states(backend).get(name, "").startswith(state)
                                      for name, state in expected.items()),
                          f"haproxy {backend} servers {expected}")

    def stop(self):
        if self.process:
            self.process.stop()


def referential_cli(db, *args):
    out = subprocess.run([BIN, "referential", *args, "--db", db], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr + out.stdout
    return out.stdout


class ReferentialNode:
    """`selfscan referential serve --port 0` over `db`; its port is read from its first line."""

    def __init__(self, workspace, name, db):
        self.dir = workspace.path / name
        self.dir.mkdir()
        self.db = db
        self.process = None
        workspace.track(self)

    def start(self):
        self.process = ReferentialServer(self.db, self.dir / "log", name="referential node").start()
        self.port = self.process.port
        self.base = self.process.base
        return self

    def log_text(self):
        return self.process.log_text(3000) if self.process else ""

    def stop(self):
        if self.process:
            self.process.stop()


def http(method, url, body=None, headers=None, timeout=TIMEOUT):
    """(status, parsed JSON or None); transport errors raise OSError."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, payload = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, payload = error.code, error.read()
    try:
        return status, (json.loads(payload) if payload else None)
    except ValueError:
        return status, payload


class DeviceClient:
    """A device's calls to one referential base URL with its bearer token."""

    def __init__(self, base, token):
        self.base = base
        self.token = token

    def call(self, method, path, body=None):
        return http(method, self.base + path, body, {"Authorization": f"Bearer {self.token}"})


STAFF = [{"id": "S100", "name": "Alice Martin", "badge": "BADGE-S100",
          "pinSHA256": hashlib.sha256(b"S100:1234").hexdigest(), "roles": ["attendant", "auditor", "supervisor"]}]


def ean13(twelve):
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(twelve))
    return twelve + str((10 - total % 10) % 10)


BASKET_CODES = [ean13("376000000105"), ean13("376000000106"), ean13("376000000115"), ean13("376000000116")]


class StoreDaemon:
    """`selfscan serve` (a kiosk of the demo store with the seeded catalog and a simulated terminal) pushing to
    `referential_url` with its own device token."""

    def __init__(self, workspace, name, referential_url, token):
        self.dir = workspace.path / name
        self.dir.mkdir()
        self.name = name
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        config = {"store": STORE.upper(), "device": name, "role": "kiosk", "dataDir": str(self.dir / "data"),
                  "listen": {"host": "127.0.0.1", "port": self.port}, "logLevel": "info",
                  "referential": {"url": referential_url, "token": token}, "staff": STAFF,
                  "payment": {"terminal": "simulated", "script": []}, "catalogSeed": "frenchHypermarketDemo",
                  "auditRiskLevel": "low"}
        self.config_path = self.dir / "selfscan.json"
        self.config_path.write_text(json.dumps(config, indent=2))
        self.process = None
        self.staff_token = None
        workspace.track(self)

    def start(self):
        self.process = selfscan_serve(self.config_path, self.port, self.dir / "log", name=f"daemon {self.name}")
        status, login = self.call("POST", "/v1/staff/login", {"badge": "BADGE-S100", "pin": "1234", "role": "supervisor"})
        assert status == 201, login
        self.staff_token = login["token"]
        return self

    def log_text(self):
        try:
            return (self.dir / "log").read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def call(self, method, path, body=None, session=None, staff=False):
        headers = {}
        if session:
            headers["X-Session-Token"] = session
        if staff:
            headers["Authorization"] = f"Bearer {self.staff_token}"
        return http(method, self.base + path, body, headers)

    def sell_one(self, codes):
        """A basket of `codes`, checked out (audited by the supervisor when the policy picks it) and paid on the
        simulated terminal. Returns (session id, total minor units)."""
        status, opened = self.call("POST", "/v1/sessions", {})
        assert status == 201, opened
        session, token = opened["session"]["id"], opened["token"]
        base = f"/v1/sessions/{session}"
        for code in codes:
            status, answer = self.call("POST", f"{base}/scans", {"payload": code}, session=token)
            assert status == 200, answer
        status, view = self.call("POST", f"{base}/checkout", session=token)
        assert status == 200, view
        if view["state"] == "auditRequired":
            staff_base = f"/v1/staff/sessions/{session}"
            status, view = self.call("POST", f"{staff_base}/audit", staff=True)
            assert status == 200, view
            for code in codes:  # the auditor finds every item: no difference, the total stands
                status, counted = self.call("POST", f"{staff_base}/audit/scans", {"payload": code}, staff=True)
                assert status == 200, counted
            status, view = self.call("POST", f"{staff_base}/audit/validate", staff=True)
            assert status == 200, view
            if view["state"] == "audited":  # differences to acknowledge (none expected)
                status, view = self.call("POST", f"{base}/audit/acknowledge", session=token)
                assert status == 200, view
        assert view["state"] == "readyToPay", view
        for _ in range(3):  # a simulated terminal timeout is settled or answered 504: pay again
            status, paid = self.call("POST", f"{base}/payment", {"paymentID": str(uuid.uuid4())}, session=token)
            if status != 504:
                break
        assert status == 200 and (paid.get("payment") or {}).get("outcome") == "approved", (status, paid)
        assert paid["session"]["state"] == "paid", paid
        return session.upper(), paid["session"]["totals"]["total"]["minor"]

    def paid_sessions(self):
        """{session id: total minor} of the paid sessions this daemon holds."""
        status, listed = self.call("GET", "/v1/sessions?state=paid", staff=True)
        assert status == 200, listed
        sessions = listed["sessions"]
        assert len(sessions) < 200, "the listing stops at 200 sessions: sell fewer"
        return {s["id"].upper(): (s["total"]["minor"] if isinstance(s["total"], dict) else s["total"]) for s in sessions}

    def sync_status(self):
        status, body = self.call("GET", "/v1/sync")
        assert status == 200, body
        return body

    def drained(self):
        """The outbox is empty, read from the database (`/v1/status`'s `outboxDepth`): the sync engine's own
        `outboxDepth` (`/v1/sync`) is refreshed by its loop and lags while it sleeps in a backoff."""
        status, body = self.call("GET", "/v1/status")
        assert status == 200, body
        sync = body["sync"]
        assert sync["rejected"] == 0 and not sync.get("quarantined"), sync
        return body["outboxDepth"] == 0

    def stop(self):
        if self.process:
            self.process.stop()


def referential_ledger(pg, database, schema):
    """What the referential holds for the store: {session: [basket totals]} and {session: [approved amounts]}
    (a list per session, so a basket or payment stored twice shows)."""
    baskets, payments = {}, {}
    for session, total in pg.sql(f"SELECT session_id, total_minor FROM baskets WHERE store_id = '{STORE}'",
                                 database, schema):
        baskets.setdefault(session.upper(), []).append(int(total))
    for session, amount in pg.sql(
            f"SELECT session_id, amount_minor FROM payments WHERE store_id = '{STORE}' AND outcome = 'approved'",
            database, schema):
        payments.setdefault(session.upper(), []).append(int(amount))
    return baskets, payments


def ledger_difference(expected, actual):
    """What differs between two {session: [amounts]} ledgers, for the failure message."""
    return {"missing": sorted(set(expected) - set(actual)), "unexpected": sorted(set(actual) - set(expected)),
            "different": {s: (expected[s], actual[s]) for s in set(expected) & set(actual) if expected[s] != actual[s]}}


def assert_each_once(sold, daemons, pg, database, schema, also=None):
    """Every paid basket the daemons hold (and the test sold) is at the referential exactly once, with its one
    approved payment of the basket's total; nothing else is there but `also` ({session: total} the test
    delivered itself)."""
    held = {}
    for daemon in daemons:
        held.update(daemon.paid_sessions())
    assert held == sold, "the daemons hold other paid baskets than the test sold"
    expected = {s: [t] for s, t in list(sold.items()) + list((also or {}).items())}
    baskets, payments = referential_ledger(pg, database, schema)
    assert expected == baskets, f"baskets at the referential differ from the daemons': {ledger_difference(expected, baskets)}"
    assert expected == payments, f"payments at the referential differ from the daemons': {ledger_difference(expected, payments)}"
    duplicates = pg.sql("SELECT store_id, device_id, id FROM ingest_items GROUP BY store_id, device_id, id "
                        "HAVING COUNT(*) > 1", database, schema)
    assert duplicates == [], f"ingest items stored twice: {duplicates}"
