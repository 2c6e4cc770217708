"""tmux end-to-end tests of the manager console as used in a store (issue 17 items 14 and 15): at 80x24 and
160x48, a kiosk page with a browser-profile id shows as a short label, states and alert kinds as words, the clock
in the store's time zone (the daemon's, not the console machine's), and `a` alone approves nothing: the question
names the session, the device and the item; Esc cancels; Enter approves.

Environment: SELFSCAN_BIN, SELFSCAN_ROOT, SELFSCAN_E2E_TIMEOUT (see conftest.py).
"""
import datetime
import os
import re
import zoneinfo

import pytest

from conftest import BIN
from processes import Program, wait_for_health
from test_console import (ConsoleDaemon, age_restricted_gtin, connected, console_command, staff_token,  # noqa: F401
                          terminals)

STORE_ZONE = "Pacific/Chatham"  # UTC+12:45 / +13:45: no console machine is there by chance
PAGE = "kiosk-60c4a1b2c3d4e5f6"  # what a kiosk page's heartbeat sends (api.js: role + 16 random hex digits)


class StoreZoneDaemon(ConsoleDaemon):
    """The demo daemon in the store's time zone (its machine's zone: `timeZone`'s default)."""

    def start(self):
        data_dir = self.workdir / "data"
        data_dir.mkdir(exist_ok=True)
        args = [BIN, "demo", "--port", self.port, "--no-trip", "--data-dir", data_dir, *self.demo_args()]
        program = Program(args, self.log_path, name="selfscan demo", env={**os.environ, "TZ": STORE_ZONE}).start()
        self.program = wait_for_health(program, self.base)
        return self


@pytest.fixture
def store_daemon(tmp_path):
    running = StoreZoneDaemon(tmp_path).start()
    try:
        yield running
    finally:
        running.stop()


def store_clocks():
    """The store's wall clock now and a minute later (`HH:MM`): the header shows one of them."""
    now = datetime.datetime.now(zoneinfo.ZoneInfo(STORE_ZONE))
    return {(now + datetime.timedelta(minutes=m)).strftime("%H:%M") for m in (0, 1)}


@pytest.mark.parametrize("width,height", [(80, 24), (160, 48)])
def test_store_use_labels_clock_and_confirmed_approval(store_daemon, terminals, width, height):
    daemon = store_daemon
    assert daemon.request("GET", "/v1/status")["timeZone"] == STORE_ZONE
    opened = daemon.request("POST", "/v1/sessions", {})
    session, token = opened["session"]["id"], opened["token"]
    daemon.request("POST", "/v1/devices/heartbeat", {"deviceID": PAGE, "role": "kiosk", "sessionID": session})
    staff = staff_token(daemon)
    wine = age_restricted_gtin(daemon, staff)
    daemon.request("POST", f"/v1/sessions/{session}/scans", {"payload": wine}, session_token=token)

    # The console machine is in UTC; the store is not: the clock is the store's.
    term = terminals(console_command(daemon), width=width, height=height, env={"TZ": "UTC"})
    screen = term.wait_for(lambda s: connected(s) and "ALERTS (1)" in s and "Kiosk 60c4" in s and "Bordeaux" in s,
                           "the age check, named, and the kiosk page by its label")
    lines = screen.splitlines()
    clock = re.search(r" (\d\d:\d\d):\d\d(Z?) ", lines[0])
    assert clock and clock.group(2) == "" and clock.group(1) in store_clocks(), (lines[0], store_clocks())
    for raw in (PAGE, "approvalNeeded", "ageApproval"):
        assert raw not in screen, f"raw identifier {raw!r} on screen:\n{screen}"
    session_row = next(line for line in lines if session[:8] in line and "EUR" in line)
    assert "AGE CHECK" in session_row, session_row
    alert_row = next(line for line in lines if line.lstrip().startswith("AGE CHECK"))
    assert "check the ID: Bordeaux" in alert_row, alert_row

    # One `a` approves nothing: a question naming the session, its device and the item.
    term.keys("a")
    # One predicate for the question and its answers: ncurses draws a frame line by line, so a capture can
    # hold the new question above the old key help (seen once in a full run).
    term.wait_for(lambda s: f"APPROVE age check · {session[:8]} · kiosk-demo · Bordeaux" in s
                  and "y / Enter = yes" in s and "Esc = no" in s, "the approval question and its answers")
    assert daemon.request("GET", f"/v1/sessions/{session}", session_token=token)["pendingApprovalLineIDs"]
    term.keys("Escape")
    term.wait_for(lambda s: f"cancelled: approval of {session[:8]}" in s, "the cancelled approval")
    assert daemon.request("GET", f"/v1/sessions/{session}", session_token=token)["pendingApprovalLineIDs"]

    # `a` then Enter approves.
    term.keys("a")
    term.wait_for(lambda s: f"APPROVE age check · {session[:8]}" in s, "the approval question again")
    term.keys("Enter")
    term.wait_for(lambda s: "ALERTS (0)" in s, "the approval done and the alert gone")
    assert daemon.request("GET", f"/v1/sessions/{session}", session_token=token)["pendingApprovalLineIDs"] == []
    term.keys("q")
    term.wait_for(lambda s: "EXITED 0" in s, "a clean exit")
