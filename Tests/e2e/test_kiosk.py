"""The shopper's kiosk page against a real daemon: a full trip, a reload mid-trip, a declined then approved
payment, a payment whose answer is lost then a reload (one charge), scans while a dialog is open, languages,
the offline banner while the referential is unreachable."""
import re
import subprocess
import urllib.request

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

import pytest

from conftest import KIOSK_LANDSCAPE, KIOSK_PORTRAIT, TIMEOUT, Daemon
from pages_helpers import (
    BAGUETTE, GROUND_BEEF, MILK, PASTA, SPARKLING_WATER, UNKNOWN, YOGURT, ReferentialProxy, api_scan, api_session,
    assert_no_raw_keys, click, click_css, free_port, in_shell, kiosk_session, pass_audit_via_api, line_texts, open_kiosk, screen,
    script_terminal, shoot_both, start_anonymous, text_of, visible, wait_line, wait_referential_online, wait_screen,
    weighed,
)

BOTH = (KIOSK_PORTRAIT, KIOSK_LANDSCAPE)


def euros(text):
    """'12,34 €' → 1234 (minor units)."""
    match = re.search(r"(-?\d+),(\d\d)", text.replace("\u202f", "").replace("\xa0", ""))
    assert match, f"no amount in {text!r}"
    return int(match.group(1)) * 100 + int(match.group(2))


def test_full_trip(daemon, browsers):
    kiosk = open_kiosk(browsers(KIOSK_PORTRAIT), daemon)
    wait_screen(kiosk, "welcome")
    assert_no_raw_keys(kiosk)
    shoot_both(kiosk, "kiosk-welcome", BOTH)

    session_id, token = start_anonymous(kiosk)
    assert text_of(kiosk, "basket-empty")

    # Scans arrive through the API as from the kiosk's scanner; each one shows at once (event stream).
    api_scan(daemon, session_id, token, MILK)
    wait_line(kiosk, "Lait demi-écrémé")
    for _ in range(3):
        api_scan(daemon, session_id, token, YOGURT)
    kiosk.wait(lambda d: any("3 pour 2" in t for t in line_texts(kiosk)), "the 3-for-2 discount line shows")
    api_scan(daemon, session_id, token, SPARKLING_WATER)
    kiosk.wait(lambda d: any("Consigne" in t for t in line_texts(kiosk)), "the deposit shows as its own line")
    api_scan(daemon, session_id, token, weighed(10002, 1234))
    kiosk.wait(lambda d: any("1,234 kg" in t for t in line_texts(kiosk)), "the weighed line shows its weight")
    for _ in range(3):
        api_scan(daemon, session_id, token, PASTA)
    api_scan(daemon, session_id, token, BAGUETTE)
    wait_line(kiosk, "Baguette")

    # Totals on screen are the daemon's.
    view = api_session(daemon, session_id, token)
    kiosk.wait(lambda d: euros(text_of(kiosk, "total-total")) == view["totals"]["total"]["minor"], "the total matches")
    assert euros(text_of(kiosk, "total-savings")) == abs(view["totals"]["discountTotal"]["minor"])
    assert visible(kiosk, "row-deposits")
    assert_no_raw_keys(kiosk)
    shoot_both(kiosk, "kiosk-basket", BOTH)

    # An unknown item and a recalled item: the shopper is told what to do.
    try:
        api_scan(daemon, session_id, token, UNKNOWN)
    except Exception:
        pass
    kiosk.wait(lambda d: visible(kiosk, "toast") and "inconnu" in text_of(kiosk, "toast-text"), "unknown item notice")
    shoot_both(kiosk, "kiosk-unknown-item", BOTH)
    try:
        api_scan(daemon, session_id, token, GROUND_BEEF)
    except Exception:
        pass
    kiosk.wait(lambda d: "ne peut pas être vendu" in text_of(kiosk, "toast-text"), "sale-stopped notice")
    click(kiosk, "toast-close")

    click(kiosk, "checkout")
    # The unknown and refused items raise the audit score: the policy may draw an audit.
    kiosk.wait(lambda d: screen(kiosk) in ("payment", "audit"), "checkout moves on")
    if screen(kiosk) == "audit":
        pass_audit_via_api(daemon, session_id)
    wait_screen(kiosk, "payment")
    kiosk.wait(lambda d: visible(kiosk, "pay-start"), "ready to pay")
    assert euros(text_of(kiosk, "pay-total")) == view["totals"]["total"]["minor"]
    shoot_both(kiosk, "kiosk-payment", BOTH)
    click(kiosk, "pay-start")

    wait_screen(kiosk, "receipt")
    kiosk.wait(lambda d: d.execute_script(
        "const i = document.getElementById('exit-pass-qr'); return i.complete && i.naturalWidth > 0"), "the exit-pass QR loads")
    source = kiosk.driver.find_element(By.ID, "exit-pass-qr").get_attribute("src")
    with urllib.request.urlopen(source, timeout=10) as response:
        assert response.headers["Content-Type"].startswith("image/svg+xml")
        assert b"<path" in response.read()
    assert_no_raw_keys(kiosk)
    shots = shoot_both(kiosk, "kiosk-receipt", BOTH)

    # The QR code on screen is the daemon's signed exit pass: zbar reads it back from the screenshot.
    exit_pass = api_session(daemon, session_id, token)["exitPass"]["code"]
    for shot in shots:
        decoded = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(shot)],
                                 capture_output=True, text=True, timeout=30)
        codes = decoded.stdout.split()
        assert exit_pass in codes, f"QR in {shot.name} decodes to the exit pass"
        # The second code opens the receipt with the pass on the shopper's phone.
        assert any(code.startswith(f"{daemon.base}/e-receipt.html#t=") for code in codes), codes

    click(kiosk, "receipt-finish")
    wait_screen(kiosk, "welcome")
    assert kiosk.driver.execute_script("return localStorage.getItem('selfscan.kiosk.session')") is None


def test_reload_mid_trip_resumes_the_session(daemon, browsers):
    kiosk = open_kiosk(browsers(KIOSK_LANDSCAPE), daemon)
    session_id, token = start_anonymous(kiosk)
    for code in (MILK, BAGUETTE, BAGUETTE):
        api_scan(daemon, session_id, token, code)
    kiosk.wait(lambda d: len(line_texts(kiosk)) == 2 and any("2 × Baguette" in t for t in line_texts(kiosk)),
               "two rows: the two baguettes are one row")
    before = line_texts(kiosk)
    total = text_of(kiosk, "total-total")

    kiosk.driver.refresh()
    wait_screen(kiosk, "basket")
    kiosk.wait(lambda d: line_texts(kiosk) == before, "the same lines after the reload")
    assert text_of(kiosk, "total-total") == total
    assert kiosk_session(kiosk) == (session_id, token)

    # Still live after the reload.
    api_scan(daemon, session_id, token, YOGURT)
    wait_line(kiosk, "Yaourts")


def test_declined_then_approved_payment(daemon, browsers):
    script_terminal(daemon, ["decline", "approve"])
    kiosk = open_kiosk(browsers(KIOSK_PORTRAIT), daemon)
    session_id, token = start_anonymous(kiosk)
    api_scan(daemon, session_id, token, MILK)
    wait_line(kiosk, "Lait")
    click(kiosk, "checkout")
    kiosk.wait(lambda d: screen(kiosk) in ("payment", "audit"), "checkout moves on")
    if screen(kiosk) == "audit":  # the random audit drew this basket
        pass_audit_via_api(daemon, session_id)
    wait_screen(kiosk, "payment")
    click(kiosk, "pay-start")

    kiosk.wait(lambda d: visible(kiosk, "pay-retry"), "a declined payment offers to try again")
    assert "refusé" in text_of(kiosk, "pay-prompt")
    assert visible(kiosk, "pay-hint")
    shoot_both(kiosk, "kiosk-payment-declined", BOTH)
    assert api_session(daemon, session_id, token)["state"] == "readyToPay"

    click(kiosk, "pay-retry")
    wait_screen(kiosk, "receipt")
    view = api_session(daemon, session_id, token)
    assert view["state"] == "paid"
    outcomes = [record["outcome"] for record in view["payment"]["records"]]
    assert outcomes.count("approved") == 1, f"charged once: {outcomes}"


def test_scanner_fires_while_a_dialog_is_open(daemon, browsers):
    # WebDriver's key events can arrive more than the default 45 ms apart on a loaded machine (a real scanner
    # types a burst a few ms apart): the page's scanGapMs allows it, as for a slow scanner.
    kiosk = open_kiosk(browsers(KIOSK_PORTRAIT), daemon, "?scanGapMs=400")
    session_id, token = start_anonymous(kiosk)
    api_scan(daemon, session_id, token, MILK)
    wait_line(kiosk, "Lait")

    # Open the line dialog; focus sits on one of its buttons.
    click_css(kiosk, "#basket-lines .line-item", "a basket line")
    kiosk.wait(lambda d: d.execute_script("return document.getElementById('dialog-line').open"), "line dialog opens")
    focused = kiosk.driver.execute_script("return document.activeElement.id")
    assert focused, "a dialog button has focus"
    quantity_before = text_of(kiosk, "line-quantity")

    # A keyboard-wedge scanner types a code + Enter: it becomes a scan, and presses no dialog button.
    ActionChains(kiosk.driver).send_keys(BAGUETTE + "\n").perform()
    wait_line(kiosk, "Baguette")
    assert kiosk.driver.execute_script("return document.getElementById('dialog-line').open"), "the dialog stays open"
    assert text_of(kiosk, "line-quantity") == quantity_before, "no dialog button was pressed"
    assert len(api_session(daemon, session_id, token)["lines"]) == 2

    # The dialog still works: + raises the quantity in the daemon.
    click(kiosk, "line-increase")
    kiosk.wait(lambda d: text_of(kiosk, "line-quantity") == "2", "quantity 2")
    click(kiosk, "line-close")


def test_english_and_keyboard_only(daemon, browsers):
    kiosk = open_kiosk(browsers(KIOSK_LANDSCAPE), daemon)
    keys = in_shell(kiosk, "return [Object.keys(shell.STRINGS.fr).sort(), Object.keys(shell.STRINGS.en).sort()]")
    assert keys[0] == keys[1], "French and English tables have the same keys"
    empty = in_shell(
        kiosk, "return Object.entries(shell.STRINGS).flatMap(([l, t]) => Object.entries(t).filter(([k, v]) => !v.trim()).map(([k]) => l + ':' + k))")
    assert not empty, f"empty strings: {empty}"

    kiosk.driver.find_element(By.CSS_SELECTOR, "[data-lang='en']").click()
    kiosk.wait(lambda d: "Welcome" in text_of(kiosk, "welcome-title"), "English welcome")
    assert kiosk.driver.execute_script("return document.documentElement.lang") == "en"

    # Keyboard only: Tab to "Start without a card", Enter.
    for _ in range(6):
        if kiosk.driver.execute_script("return document.activeElement.id") == "start-anonymous":
            break
        ActionChains(kiosk.driver).send_keys("\ue004").perform()  # Tab
    assert kiosk.driver.execute_script("return document.activeElement.id") == "start-anonymous"
    ActionChains(kiosk.driver).send_keys("\ue007").perform()  # Enter
    wait_screen(kiosk, "basket")
    session_id, token = kiosk_session(kiosk)
    api_scan(daemon, session_id, token, MILK)
    wait_line(kiosk, "Lait")
    assert "Total to pay" in kiosk.driver.find_element(By.CSS_SELECTOR, ".totals-total dt").text
    assert_no_raw_keys(kiosk)
    shoot_both(kiosk, "kiosk-basket-english", BOTH)


def test_idle_timeout_frees_the_kiosk(daemon, browsers):
    kiosk = open_kiosk(browsers(KIOSK_PORTRAIT), daemon, "?idle=2&idleCountdown=4")
    session_id, token = start_anonymous(kiosk)
    api_scan(daemon, session_id, token, MILK)
    wait_line(kiosk, "Lait")

    kiosk.wait(lambda d: d.execute_script("return document.getElementById('dialog-idle').open"), "still there?")
    assert "Êtes-vous toujours là" in text_of(kiosk, "dialog-idle")
    shoot_both(kiosk, "kiosk-idle", BOTH)
    # Answering keeps the session.
    click(kiosk, "idle-continue")
    assert screen(kiosk) == "basket"

    # Not answering frees the kiosk; the basket stays in the daemon, suspended.
    kiosk.wait(lambda d: d.execute_script("return document.getElementById('dialog-idle').open"), "asked again")
    wait_screen(kiosk, "welcome")
    assert api_session(daemon, session_id, token)["state"] == "suspended"
    assert kiosk.driver.execute_script("return localStorage.getItem('selfscan.kiosk.session')") is None


def go_to_payment(kiosk, daemon):
    session_id, token = start_anonymous(kiosk)
    api_scan(daemon, session_id, token, MILK)
    wait_line(kiosk, "Lait")
    click(kiosk, "checkout")
    kiosk.wait(lambda d: screen(kiosk) in ("payment", "audit"), "checkout moves on")
    if screen(kiosk) == "audit":  # the random audit drew this basket
        pass_audit_via_api(daemon, session_id)
    wait_screen(kiosk, "payment")
    kiosk.wait(lambda d: visible(kiosk, "pay-start"), "ready to pay")
    return session_id, token


def test_double_tap_and_lost_answer_then_reload_charge_once(daemon, browsers):
    kiosk = open_kiosk(browsers(KIOSK_PORTRAIT), daemon)
    session_id, token = go_to_payment(kiosk, daemon)
    # The daemon charges, but its answer never reaches the page (the network drops it).
    kiosk.driver.execute_script("""
        window.sentPaymentIDs = [];
        const original = window.fetch;
        window.fetch = async (url, options) => {
          if (String(url).endsWith('/payment')) {
            window.sentPaymentIDs.push(JSON.parse(options.body).paymentID);
            if (window.sentPaymentIDs.length === 1) { await original(url, options); throw new TypeError('answer lost'); }
          }
          return original(url, options);
        };""")
    # Two taps in the same instant: one request.
    kiosk.driver.execute_script("const b = document.getElementById('pay-start'); b.click(); b.click();")
    kiosk.wait(lambda d: d.execute_script("return window.sentPaymentIDs.length") == 1, "the payment request is sent")
    sent = kiosk.driver.execute_script("return window.sentPaymentIDs")
    key = f"selfscan.kiosk.paymentID.{session_id}"
    # The attempt's id outlives the lost answer and a reload mid-payment.
    kiosk.driver.refresh()
    kiosk.wait(lambda d: d.execute_script("return document.readyState") == "complete", "kiosk reloads")
    assert kiosk.driver.execute_script(f"return sessionStorage.getItem('{key}')") == sent[0]
    wait_screen(kiosk, "receipt")
    # A retry with that id (as the page sends it) answers the recorded payment: nothing charged again.
    retry = daemon.request("POST", f"/v1/sessions/{session_id}/payment", {"paymentID": sent[0]}, session_token=token)
    assert retry["replayed"] is True and retry["payment"]["outcome"] == "approved"
    outcomes = [record["outcome"] for record in api_session(daemon, session_id, token)["payment"]["records"]]
    assert outcomes.count("approved") == 1, f"charged once: {outcomes}"


@pytest.fixture
def proxied_daemon(tmp_path):
    """A demo whose daemon reaches its embedded referential through a proxy the test can stop and restart."""
    proxy = ReferentialProxy(free_port()).start()
    running = Daemon(tmp_path, proxy.demo_args).start()
    try:
        yield running, proxy
    finally:
        running.stop()
        proxy.stop()


def test_offline_banner_with_the_catalog_age_while_the_referential_is_unreachable(proxied_daemon, browsers):
    daemon, proxy = proxied_daemon
    wait_referential_online(daemon)
    kiosk = open_kiosk(browsers(KIOSK_PORTRAIT), daemon)
    session_id, token = start_anonymous(kiosk)
    assert not visible(kiosk, "offline-banner")

    proxy.stop()
    # The scan is recorded locally; its delivery finds the referential gone.
    api_scan(daemon, session_id, token, MILK)
    wait_line(kiosk, "Lait")
    kiosk.wait(lambda d: visible(kiosk, "offline-banner"), "the offline banner shows", timeout=TIMEOUT * 2)
    status = daemon.request("GET", "/v1/status")
    assert status["sync"]["connectivity"] == "offline"
    banner = text_of(kiosk, "offline-banner")
    assert "Mode hors ligne" in banner and "catalogue mis à jour" in banner, banner
    api_scan(daemon, session_id, token, YOGURT)
    wait_line(kiosk, "Yaourts")
    shoot_both(kiosk, "kiosk-offline", BOTH)

    proxy.start()
    kiosk.wait(lambda d: not visible(kiosk, "offline-banner"), "the banner goes away", timeout=TIMEOUT * 4)
    assert daemon.request("GET", "/v1/status")["sync"]["connectivity"] == "online"


def test_a_handoff_code_scanned_at_the_kiosk_resumes_the_handheld_basket(daemon, browsers):
    # The handheld's session: two items, then suspended for hand-off (its QR code text).
    opened = daemon.request("POST", "/v1/sessions", {})
    session_id, token = opened["session"]["id"], opened["token"]
    api_scan(daemon, session_id, token, MILK)
    api_scan(daemon, session_id, token, BAGUETTE)
    suspended = daemon.request("POST", f"/v1/sessions/{session_id}/suspend", {}, session_token=token)
    code = suspended["handoff"]["code"]
    assert code.startswith("selfscan:handoff:")

    # The kiosk's scanner types the code: the basket comes over, and the shopper can go on scanning there.
    kiosk = open_kiosk(browsers(KIOSK_PORTRAIT), daemon, "?scanGapMs=400")
    ActionChains(kiosk.driver).send_keys(code + "\n").perform()
    wait_screen(kiosk, "basket")
    wait_line(kiosk, "Lait")
    wait_line(kiosk, "Baguette")
    assert kiosk_session(kiosk)[0] == session_id
    assert api_session(daemon, session_id, token)["state"] == "scanning"
    ActionChains(kiosk.driver).send_keys(YOGURT + "\n").perform()
    kiosk.wait(lambda d: len(api_session(daemon, session_id, token)["lines"]) >= 3, "the kiosk scan lands in the handed-off basket")

    # The same code again: already used, said on screen, the basket unchanged.
    ActionChains(kiosk.driver).send_keys(code + "\n").perform()
    kiosk.wait(lambda d: not d.find_element(By.ID, "toast").get_attribute("hidden"), "a message about the used code")
    assert kiosk_session(kiosk)[0] == session_id
