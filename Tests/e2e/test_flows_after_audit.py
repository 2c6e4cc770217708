"""Shopper and staff flows a store hits after the happy path, in headless Chromium against a real daemon:
- scan & go after an audit: the phone follows the audit live and, once it passed, shows the hand-off QR; the
  kiosk that scans it lands on payment (no scanning, the audited basket is what gets paid) and takes the money;
- a payment whose terminal answer was lost: the handheld's alert card shows the amount and the terminal's
  reference, and a supervisor answers "Débité" (the journal's authorisation number, confirmed) or "Non débité".
The audit is made deterministic with the earbuds (always audited by the store policy, no age check).
"""
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from conftest import HANDHELD, KIOSK_PORTRAIT, APIFailure
from pages_helpers import (
    COFFEE, EARBUDS, MILK, api_scan, api_session, click, click_css, kiosk_session, open_handheld, open_kiosk,
    pass_audit_via_api,
    script_terminal, text_of, visible, wait_screen,
)
from test_phone_flows import FEEDBACK_STUBS, open_phone


def phone_session(phone):
    stored = phone.driver.execute_script("return JSON.parse(sessionStorage.getItem('selfscan.phone'))")
    return stored["id"], stored["token"]


def test_phone_basket_audited_then_handed_to_a_kiosk_and_paid(daemon, browsers, tmp_path):
    phone = open_phone(daemon, tmp_path, FEEDBACK_STUBS, query="?detector=off", code=None)
    try:
        field = phone.driver.find_element(By.ID, "manual-code")
        field.send_keys(EARBUDS)
        phone.driver.find_element(By.CSS_SELECTOR, "#manual-form button").click()
        phone.wait(lambda d: d.execute_script(
            "return document.querySelector(`#basket li[data-code='${arguments[0]}']`) !== null", EARBUDS), "earbuds added")
        session_id, token = phone_session(phone)

        # Checkout draws the audit (earbuds: always audited): go to the desk, no QR yet, no way back.
        phone.driver.find_element(By.ID, "checkout").click()
        phone.wait(lambda d: d.find_element(By.ID, "view-end").is_displayed(), "audit notice")
        assert api_session(daemon, session_id, token)["state"] == "auditRequired"
        assert not phone.driver.find_element(By.ID, "end-qr").is_displayed()
        assert not phone.driver.find_element(By.ID, "end-back").is_displayed()

        # Staff rescan on the handheld (through the API here): the phone learns it live and shows the hand-off QR.
        pass_audit_via_api(daemon, session_id)
        phone.wait(lambda d: d.find_element(By.ID, "end-qr").is_displayed(), "hand-off QR after the audit")
        code = phone.driver.find_element(By.ID, "end-qr").get_attribute("alt")
        assert code.startswith("selfscan:handoff:")
        assert "contrôlé" in text_of(phone, "end-text")
        assert not phone.driver.find_element(By.ID, "end-back").is_displayed(), "an audited basket has no way back"
        assert api_session(daemon, session_id, token)["state"] == "suspended"
        phone.collect_console()
        assert phone.errors == []
    finally:
        phone.driver.quit()

    # The kiosk scans the code: straight to payment, with the audited basket.
    kiosk = open_kiosk(browsers(KIOSK_PORTRAIT), daemon, "?scanGapMs=400")
    ActionChains(kiosk.driver).send_keys(code + "\n").perform()
    wait_screen(kiosk, "payment")
    kiosk_id, kiosk_token = kiosk_session(kiosk)
    assert kiosk_id == session_id
    view = api_session(daemon, session_id, kiosk_token)
    assert view["state"] == "readyToPay" and view["audit"]["required"] and view["audit"]["passed"]
    assert not visible(kiosk, "pay-back"), "no way back to scanning after an audit"
    # A scan here changes nothing: the audited basket is what gets paid.
    ActionChains(kiosk.driver).send_keys(COFFEE + "\n").perform()
    kiosk.wait(lambda d: not d.find_element(By.ID, "toast").get_attribute("hidden"), "the scan is refused on screen")
    assert [line["scannedCode"] for line in api_session(daemon, session_id, kiosk_token)["lines"]
            if not line["isVoided"]] == [EARBUDS]
    # The same code again: single use.
    try:
        daemon.request("POST", "/v1/sessions/resume", {"code": code})
        raise AssertionError("a hand-off code resumed twice")
    except APIFailure as failure:
        assert (failure.status, failure.code) == (409, "handoffAlreadyUsed"), failure
    kiosk.wait(lambda d: visible(kiosk, "pay-start"), "ready to pay")
    click(kiosk, "pay-start")
    wait_screen(kiosk, "receipt")
    assert api_session(daemon, session_id, kiosk_token)["state"] == "paid"


def lost_payment(daemon):
    """A session at readyToPay (milk; an audit drawn is passed) whose payment answer the terminal lost."""
    opened = daemon.request("POST", "/v1/sessions", {})
    session_id, token = opened["session"]["id"], opened["token"]
    api_scan(daemon, session_id, token, MILK)
    view = daemon.request("POST", f"/v1/sessions/{session_id}/checkout", {}, session_token=token)
    if view["state"] == "auditRequired":
        view = pass_audit_via_api(daemon, session_id)
    assert view["state"] == "readyToPay", view
    script_terminal(daemon, ["lostAnswer"])
    try:
        daemon.request("POST", f"/v1/sessions/{session_id}/payment", {"paymentID": "P-lost"}, session_token=token)
        raise AssertionError("the lost answer was answered")
    except APIFailure as failure:
        assert failure.status == 504, failure
    return session_id, token, view["totals"]["total"]["minor"]


def intent_card(browser):
    return browser.driver.find_elements(By.CSS_SELECTOR, "#alerts .card[data-kind='paymentUnknown']")


def test_handheld_supervisor_resolves_a_lost_payment_as_charged(daemon, browsers):
    session_id, token, total = lost_payment(daemon)
    euros = f"{total // 100},{total % 100:02d}"

    # An attendant sees the card (amount, reference) but no decision.
    attendant = open_handheld(browsers(HANDHELD), daemon, role="attendant")
    attendant.wait(lambda d: intent_card(attendant), "paymentUnknown card")
    attendant.wait(lambda d: euros in intent_card(attendant)[0].text, "the amount on the card")
    assert attendant.driver.find_elements(By.CSS_SELECTOR, "#alerts .intent-reference")
    assert not attendant.driver.find_elements(By.CSS_SELECTOR, "#alerts .intent-charged")
    assert "responsable" in intent_card(attendant)[0].text

    supervisor = open_handheld(browsers(HANDHELD), daemon, role="supervisor")
    supervisor.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#alerts .intent-charged"), "Débité offered")
    card = intent_card(supervisor)[0]
    assert "Débité" in card.text and "Non débité" in card.text
    supervisor.driver.find_element(By.CSS_SELECTOR, "#alerts .intent-charged").click()
    supervisor.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#alerts .intent-auth"), "authorisation field")
    confirm = supervisor.driver.find_element(By.CSS_SELECTOR, "#alerts .intent-confirm")
    assert euros in confirm.text, confirm.text
    # A bad number is refused on the page; nothing is sent.
    supervisor.driver.find_element(By.CSS_SELECTOR, "#alerts .intent-auth").send_keys("12-34")
    confirm.click()
    supervisor.wait(lambda d: not d.find_element(By.ID, "toast").get_attribute("hidden"), "bad number said")
    assert api_session(daemon, session_id, token)["state"] == "readyToPay"
    field = supervisor.driver.find_element(By.CSS_SELECTOR, "#alerts .intent-auth")
    field.clear()
    field.send_keys("A12345")
    supervisor.driver.find_element(By.CSS_SELECTOR, "#alerts .intent-confirm").click()
    supervisor.wait(lambda d: not intent_card(supervisor), "the card is gone")
    view = api_session(daemon, session_id, token)
    assert view["state"] == "paid", view["state"]
    # The attendant's handheld drops the alert live too.
    attendant.wait(lambda d: not intent_card(attendant), "the attendant's card is gone")


def test_handheld_supervisor_resolves_a_lost_payment_as_not_charged(daemon, browsers):
    session_id, token, _ = lost_payment(daemon)
    supervisor = open_handheld(browsers(HANDHELD), daemon, role="supervisor")
    supervisor.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#alerts .card[data-kind='paymentUnknown'] [data-confirm]"),
                    "Non débité offered")
    # The alert list re-renders on live events: each tap finds the button again if a re-render replaced it.
    button = "#alerts .card[data-kind='paymentUnknown'] [data-confirm]"
    click_css(supervisor, button, "Non débité tapped")  # first tap asks
    label = "const e = document.querySelector(arguments[0]); return e ? e.innerText : ''"
    supervisor.wait(lambda d: "Confirmer" in d.execute_script(label, button), "confirmation asked")
    assert intent_card(supervisor)
    click_css(supervisor, button, "Non débité confirmed")
    supervisor.wait(lambda d: not intent_card(supervisor), "the card is gone")
    assert api_session(daemon, session_id, token)["state"] == "readyToPay"
    listed = daemon.request("GET", "/v1/staff/payment-intents",
                            staff_token=daemon.request("POST", "/v1/staff/login", {
                                "badge": "selfscan:badge:S001", "pin": "1234", "role": "supervisor"})["token"])
    assert listed["intents"] == [] and listed["resolutions"][0]["resolution"] == "notCharged"


def test_phone_shows_the_audits_corrections_then_the_hand_off_qr(daemon, tmp_path):
    phone = open_phone(daemon, tmp_path, FEEDBACK_STUBS, query="?detector=off", code=None)
    try:
        phone.driver.find_element(By.ID, "manual-code").send_keys(EARBUDS)
        phone.driver.find_element(By.CSS_SELECTOR, "#manual-form button").click()
        phone.wait(lambda d: d.execute_script(
            "return document.querySelector(`#basket li[data-code='${arguments[0]}']`) !== null", EARBUDS), "earbuds added")
        session_id, token = phone_session(phone)
        phone.driver.find_element(By.ID, "checkout").click()
        phone.wait(lambda d: d.find_element(By.ID, "view-end").is_displayed(), "audit notice")

        # Staff find two pairs of earbuds where one was scanned: the basket is corrected.
        auditor = daemon.request("POST", "/v1/staff/login", {"badge": "selfscan:badge:S001", "pin": "1234", "role": "auditor"})["token"]
        daemon.request("POST", f"/v1/staff/sessions/{session_id}/audit", {}, staff_token=auditor)
        for _ in range(2):
            daemon.request("POST", f"/v1/staff/sessions/{session_id}/audit/scans", {"payload": EARBUDS}, staff_token=auditor)
        validated = daemon.request("POST", f"/v1/staff/sessions/{session_id}/audit/validate", {}, staff_token=auditor)
        assert validated["state"] == "audited", validated["state"]

        # The phone shows the differences and the new total; no QR until the shopper acknowledges.
        phone.wait(lambda d: d.find_element(By.ID, "end-continue").is_displayed(), "acknowledge button")
        assert phone.driver.find_element(By.ID, "end-differences").is_displayed()
        assert "79,98" in text_of(phone, "end-text"), text_of(phone, "end-text")
        assert not phone.driver.find_element(By.ID, "end-qr").is_displayed()
        phone.driver.find_element(By.ID, "end-continue").click()
        phone.wait(lambda d: d.find_element(By.ID, "end-qr").is_displayed(), "hand-off QR after acknowledging")
        assert phone.driver.find_element(By.ID, "end-qr").get_attribute("alt").startswith("selfscan:handoff:")
        assert not phone.driver.find_element(By.ID, "end-continue").is_displayed()
        assert api_session(daemon, session_id, token)["state"] == "suspended"
        phone.collect_console()
        assert phone.errors == []
    finally:
        phone.driver.quit()
