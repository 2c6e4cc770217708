"""tmux end-to-end tests of `selfscan console`: a real daemon (`selfscan demo --no-trip`) on loopback, the console
in a real terminal (tmux, 80x24), keys sent with send-keys, the screen read with capture-pane.

Environment: SELFSCAN_BIN, SELFSCAN_ROOT, SELFSCAN_E2E_TIMEOUT (see conftest.py).
"""
import json
import os
import re
import shutil
import subprocess
import uuid

import pytest

from conftest import BIN, ROOT, TIMEOUT, Daemon, free_port
from processes import wait_until

BADGE, PIN = "selfscan:badge:S001", "1234"


class ConsoleDaemon(Daemon):
    """conftest's demo daemon with its own embedded-referential port (the default 8090 clashes with any other
    demo running on the machine), kept across restarts."""

    def __init__(self, workdir):
        super().__init__(workdir)
        self.referential_port = free_port()

    def demo_args(self):
        return ["--referential-port", str(self.referential_port)]


@pytest.fixture
def daemon(tmp_path):
    running = ConsoleDaemon(tmp_path).start()
    try:
        yield running
    finally:
        running.stop()


def tmux(*args, check=True):
    return subprocess.run(["tmux", *args], check=check, capture_output=True, text=True, timeout=TIMEOUT)


class Terminal:
    """One detached tmux session of a given size running a command; closed at the end of the test."""

    def __init__(self, command, width=80, height=24, env=None):
        assert shutil.which("tmux"), "tmux is not installed"
        self.name = f"selfscan-console-{uuid.uuid4().hex[:8]}"
        environment = " ".join(f"{key}={value}" for key, value in (env or {}).items())
        tmux("new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
             f"env TERM=xterm-256color {environment} {command}; echo EXITED $?; sleep 600")

    def screen(self):
        return tmux("capture-pane", "-p", "-t", self.name).stdout

    def keys(self, *keys):
        tmux("send-keys", "-t", self.name, *keys)

    def wait_for(self, predicate, what, timeout=TIMEOUT):
        # tmux has no "screen changed" event a test can wait on: a bounded poll through the shared helper.
        last = {"screen": ""}

        def shown():
            last["screen"] = self.screen()
            return last["screen"] if predicate(last["screen"]) else None
        try:
            return wait_until(shown, what, timeout=timeout, step=0.2)
        except AssertionError as error:
            # The scrollback too: a crash's first lines (what failed) scroll off a 24-row screen.
            history = tmux("capture-pane", "-p", "-J", "-S", "-400", "-t", self.name, check=False).stdout
            raise AssertionError(f"{error}; screen and scrollback:\n{history or last['screen']}") from None

    def resize(self, width, height):
        tmux("resize-window", "-t", self.name, "-x", str(width), "-y", str(height))

    def close(self):
        tmux("kill-session", "-t", self.name, check=False)


@pytest.fixture
def terminals():
    opened = []

    def open_terminal(*args, **kwargs):
        terminal = Terminal(*args, **kwargs)
        opened.append(terminal)
        return terminal

    yield open_terminal
    for terminal in opened:
        terminal.close()


def connected(screen):
    """The header says CONNECTED (not DISCONNECTED, not CONNECTING)."""
    return re.search(r"(?<!DIS)CONNECTED", screen) is not None


def console_command(daemon, *extra):
    return f"{BIN} console --url {daemon.base} --badge {BADGE} --pin {PIN} --refresh 0.3 {' '.join(extra)}"


def staff_token(daemon):
    return daemon.request("POST", "/v1/staff/login", {"badge": BADGE, "pin": PIN, "role": "supervisor"})["token"]


def ean13(twelve):
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(twelve))
    return twelve + str((10 - total % 10) % 10)


def age_restricted_gtin(daemon, token):
    """The demo catalog's Bordeaux (376000000103x), checked through the staff price check to be 18+."""
    gtin = ean13("376000000103")
    product = daemon.request("GET", f"/v1/staff/price-check?code={gtin}", staff_token=token)
    assert product["minimumAge"] == 18, product
    return gtin


def test_live_console_session_alert_disconnect_reconnect(daemon, terminals):
    term = terminals(console_command(daemon))
    term.wait_for(lambda s: connected(s) and "OPEN SESSIONS (0)" in s, "the console connected to the daemon")

    # A shopper opens a session: it appears.
    opened = daemon.request("POST", "/v1/sessions", {})
    session, token = opened["session"]["id"], opened["token"]
    term.wait_for(lambda s: "OPEN SESSIONS (1)" in s and session[:8] in s, "the new session")

    # An 18+ item raises an age-approval alert; the manager approves it from the keyboard.
    staff = staff_token(daemon)
    gtin = age_restricted_gtin(daemon, staff)
    daemon.request("POST", f"/v1/sessions/{session}/scans", {"payload": gtin}, session_token=token)
    term.wait_for(lambda s: "ALERTS (1)" in s and "AGE CHECK" in s and "Bordeaux" in s, "the age-approval alert, named")
    # `a` asks first: approving from the office means the ID was checked in person; `n` leaves it waiting.
    term.keys("a")
    term.wait_for(lambda s: f"APPROVE age check · {session[:8]}" in s, "the approval question")
    term.keys("n")
    term.wait_for(lambda s: f"cancelled: approval of {session[:8]}" in s, "the cancelled approval")
    assert daemon.request("GET", f"/v1/sessions/{session}", session_token=token)["pendingApprovalLineIDs"]
    term.keys("a")
    term.wait_for(lambda s: f"APPROVE age check · {session[:8]}" in s, "the approval question again")
    term.keys("y")
    term.wait_for(lambda s: "approved" in s and "ALERTS (0)" in s, "the approval done and the alert gone")
    view = daemon.request("GET", f"/v1/sessions/{session}", session_token=token)
    assert view["pendingApprovalLineIDs"] == []
    assert view["state"] != "approvalNeeded"

    # The daemon goes away: the console says so and keeps running.
    daemon.stop()
    screen = term.wait_for(lambda s: "DISCONNECTED" in s, "the disconnected banner")
    assert "disconnected: daemon unreachable" in screen

    # It comes back (same data dir, same port): the console recovers by itself.
    daemon.start()
    term.wait_for(lambda s: connected(s) and session[:8] in s, "the reconnection")

    save_screen(term.screen())
    term.keys("q")
    term.wait_for(lambda s: "EXITED 0" in s, "a clean exit on q")


def save_screen(screen):
    """The README's captured screen (docs/console-screen.txt)."""
    target = ROOT / "docs" / "console-screen.txt"
    if os.environ.get("SELFSCAN_SAVE_CONSOLE_SCREEN") == "1" or not target.exists():
        target.write_text(screen.rstrip("\n") + "\n")


def test_sigterm_restores_the_terminal(daemon, terminals):
    term = terminals(console_command(daemon))
    term.wait_for(lambda s: connected(s), "the console")
    # The selfscan process itself (not tmux's shell, whose command line also names the console).
    pattern = "^" + re.escape(str(BIN)) + " console --url " + re.escape(daemon.base)
    pid = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True).stdout.split()
    assert pid, "console process not found"
    for one in pid:
        os.kill(int(one), 15)
    screen = term.wait_for(lambda s: "EXITED" in s, "the console to stop on SIGTERM")
    assert "EXITED 0" in screen
    assert "OPEN SESSIONS" not in screen, "the console screen was not cleared (endwin not called)"


def test_tiny_terminal_gets_a_clear_message(daemon, terminals):
    term = terminals(console_command(daemon), width=60, height=15)
    term.wait_for(lambda s: "Terminal too small: need 80x24, have 60x15" in s, "the too-small message")
    term.resize(80, 24)
    term.wait_for(lambda s: "OPEN SESSIONS" in s, "the full screen after enlarging")
    term.keys("q")
    term.wait_for(lambda s: "EXITED 0" in s, "a clean exit")


def test_void_cancel_then_confirm(daemon, terminals):
    opened = daemon.request("POST", "/v1/sessions", {})
    session, token = opened["session"]["id"], opened["token"]
    term = terminals(console_command(daemon))
    term.wait_for(lambda s: connected(s) and "OPEN SESSIONS (1)" in s, "the open session")
    term.keys("Tab")  # focus the sessions table (alerts have the focus at start)
    term.wait_for(lambda s: "▶ OPEN SESSIONS" in s, "the sessions table focused")

    # Cancel path: v asks (in words on screen), n backs out, nothing is sent.
    term.keys("v")
    screen = term.wait_for(lambda s: f"VOID session {session[:8]}" in s, "the void question")
    assert "y = yes, cancel the whole basket" in screen
    term.keys("n")
    term.wait_for(lambda s: f"cancelled: void of {session[:8]}" in s, "the cancellation")
    assert daemon.request("GET", f"/v1/sessions/{session}", session_token=token)["state"] != "void"

    # Confirm path: v, y, then a reason by number; the daemon voids it and the row leaves the open list.
    term.keys("v")
    term.wait_for(lambda s: f"VOID session {session[:8]}" in s, "the void question again")
    term.keys("y")
    screen = term.wait_for(lambda s: f"Why void {session[:8]}" in s, "the reason pick list")
    assert "2 suspected fraud" in screen
    term.keys("2")
    term.wait_for(lambda s: f"session {session[:8]} voided (suspected fraud): now void" in s, "the void result")
    term.wait_for(lambda s: "OPEN SESSIONS (0)" in s, "the voided session gone from the open list")
    assert daemon.request("GET", f"/v1/sessions/{session}", session_token=token)["state"] == "void"
    term.keys("q")
    term.wait_for(lambda s: "EXITED 0" in s, "a clean exit")


def test_devices_view(daemon, terminals):
    term = terminals(console_command(daemon))
    term.wait_for(lambda s: connected(s) and "DEVICES" in s, "the console")
    term.keys("d")
    screen = term.wait_for(lambda s: "▶ DEVICES (" in s, "the devices view")
    assert "OPEN SESSIONS" not in screen
    device = daemon.request("GET", "/v1/status")["device"]
    assert re.search(rf"{re.escape(device)}\s+daemon\s+store\s+online", screen), screen
    # A kiosk page announces itself: it shows up online; the summary counts it.
    daemon.request("POST", "/v1/devices/heartbeat", {"deviceID": "kiosk-e2e", "role": "kiosk", "sessionID": None})
    screen = term.wait_for(lambda s: re.search(r"kiosk-e2e\s+page\s+kiosk\s+online", s), "the heartbeating page")
    assert "DEVICES 2: 2 online" in screen
    term.keys("d")
    term.wait_for(lambda s: "▶ OPEN SESSIONS" in s, "back to the sessions")
    term.keys("q")
    term.wait_for(lambda s: "EXITED 0" in s, "a clean exit")


def test_live_update_arrives_before_the_poll(daemon, terminals):
    # A 30 s poll: a session showing up within a few seconds can only come from the event stream.
    command = f"{BIN} console --url {daemon.base} --badge {BADGE} --pin {PIN} --refresh 30"
    term = terminals(command)
    term.wait_for(lambda s: connected(s) and " LIVE " in s and "OPEN SESSIONS (0)" in s, "the live event stream")
    opened = daemon.request("POST", "/v1/sessions", {})
    session = opened["session"]["id"]
    term.wait_for(lambda s: "OPEN SESSIONS (1)" in s and session[:8] in s, "the new session, live", timeout=5)

    # The stream dropping makes the console check at once: DISCONNECTED long before the 30 s poll...
    daemon.stop()
    term.wait_for(lambda s: "DISCONNECTED" in s, "the disconnection, from the stream", timeout=5)
    # ...and it comes back live by itself (reconnection backoff is at most 5 s), logging in again.
    daemon.start()
    term.wait_for(lambda s: connected(s) and " LIVE " in s, "the live stream again", timeout=12)
    second = daemon.request("POST", "/v1/sessions", {})["session"]["id"]
    term.wait_for(lambda s: second[:8] in s, "a session opened after the restart, live", timeout=5)
    term.keys("q")
    term.wait_for(lambda s: "EXITED 0" in s, "a clean exit")


def run_console(*args):
    return subprocess.run([str(BIN), "console", *args], capture_output=True, text=True, timeout=TIMEOUT * 2)


def test_once_json_snapshot(daemon):
    opened = daemon.request("POST", "/v1/sessions", {})
    result = run_console("--url", daemon.base, "--badge", BADGE, "--pin", PIN, "--once", "--json")
    assert result.returncode == 0, result.stderr
    snapshot = json.loads(result.stdout)
    assert snapshot["daemon"]["role"] == "store"
    assert [row["id"] for row in snapshot["openSessions"]] == [opened["session"]["id"]]
    assert snapshot["alerts"] == []
    assert {"sync", "totals", "devices"} <= snapshot.keys()
    # Devices come from GET /v1/devices: the daemon itself, online, with its session count.
    device = daemon.request("GET", "/v1/status")["device"]
    own = [row for row in snapshot["devices"] if row["id"] == device]
    assert own and own[0]["kind"] == "daemon" and own[0]["online"] is True and own[0]["openSessions"] == 1, snapshot["devices"]


def test_once_against_nothing_fails_clearly(tmp_path):
    port = Daemon(tmp_path).port  # a free port nobody listens on
    result = run_console("--url", f"http://127.0.0.1:{port}", "--badge", BADGE, "--pin", PIN, "--once", "--json")
    assert result.returncode == 2
    assert "no daemon answers at" in result.stderr
    assert "Fatal error" not in result.stderr


def test_once_with_wrong_pin_fails_clearly(daemon):
    result = run_console("--url", daemon.base, "--badge", BADGE, "--pin", "0000", "--once", "--json")
    assert result.returncode == 3
    assert "staff login refused" in result.stderr


def test_alerts_get_the_rows_they_need_urgent_first_at_80x24(daemon, terminals):
    # Eight trips, each with an unknown item (older alerts), then two shoppers waiting for an age check.
    unknown = ean13("376000009999")
    sessions = []
    for _ in range(8):
        opened = daemon.request("POST", "/v1/sessions", {})
        sessions.append((opened["session"]["id"], opened["token"]))
        try:
            daemon.request("POST", f"/v1/sessions/{opened['session']['id']}/scans", {"payload": unknown},
                           session_token=opened["token"])
        except Exception:  # the unknown item may be answered as a refusal: its alert is raised all the same
            pass
    staff = staff_token(daemon)
    wine = age_restricted_gtin(daemon, staff)
    for session, token in sessions[:2]:
        daemon.request("POST", f"/v1/sessions/{session}/scans", {"payload": wine}, session_token=token)
    term = terminals(console_command(daemon))
    screen = term.wait_for(lambda s: "ALERTS (10)" in s, "ten alerts")
    lines = screen.splitlines()
    start = next(i for i, line in enumerate(lines) if "ALERTS (10)" in line)
    rows = [line for line in lines[start + 1:] if line.strip() and "quit" not in line]
    kinds = [("AGE CHECK" if "AGE CHECK" in row else "UNKNOWN ITEM" if "UNKNOWN ITEM" in row else row) for row in rows[:10]]
    assert kinds == ["AGE CHECK"] * 2 + ["UNKNOWN ITEM"] * 8, screen
    assert "Bordeaux" in rows[0], "the age check names the item"
    assert "ageApproval" not in screen and "unknownCode" not in screen, "no raw identifiers"
    # The clock shows the store's time zone, the daemon's (test_console_store_use.py checks it against another).
    assert re.search(r" (\d\d:\d\d:\d\d)(Z?) ", lines[0]), lines[0]
    term.keys("q")
    term.wait_for(lambda s: "EXITED 0" in s, "a clean exit")
