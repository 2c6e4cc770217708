"""The staff handheld as it is used in a store (issue 17 items 9-10, issue 22 item 6): the most urgent alert
first, alerts of finished trips closed, a dismissal seen by every handheld at once, sign-out leaves no badge."""
from selenium.webdriver.common.by import By

from conftest import HANDHELD
from pages_helpers import (
    MILK, RED_WINE, UNKNOWN, api_scan, click, click_css, open_handheld, staff_token, text_of,
)

PHONE = (360, 740)


def cards(browser):
    """(kind, alert id) of the alert cards, top to bottom."""
    return browser.driver.execute_script(
        "return [...document.querySelectorAll('#alerts .card')].map(c => [c.dataset.kind, c.dataset.alertId])")


def open_session(daemon):
    opened = daemon.request("POST", "/v1/sessions", {})
    return opened["session"]["id"], opened["token"]


def scan_ignoring_refusal(daemon, session_id, token, code):
    try:
        api_scan(daemon, session_id, token, code)
    except Exception:  # an unknown item may be answered as a refusal: its alert is raised all the same
        pass


def test_most_urgent_alert_first_and_finished_trips_leave_the_queue(daemon, browsers):
    handheld = open_handheld(browsers(PHONE), daemon)

    # A trip with an unknown item, then the shopper leaves (suspended): its alert goes with it.
    gone_id, gone_token = open_session(daemon)
    scan_ignoring_refusal(daemon, gone_id, gone_token, UNKNOWN)
    handheld.wait(lambda d: any(kind == "unknownCode" for kind, _ in cards(handheld)), "unknown item alert")
    daemon.request("POST", f"/v1/sessions/{gone_id}/suspend", {}, session_token=gone_token)
    handheld.wait(lambda d: not cards(handheld), "the finished trip's alert leaves every list")
    staff = staff_token(daemon, "attendant")
    assert not daemon.request("GET", "/v1/staff/alerts", staff_token=staff)["alerts"]

    # Older: an unknown item at one kiosk. Newer: a shopper waiting for an age check at another.
    older_id, older_token = open_session(daemon)
    scan_ignoring_refusal(daemon, older_id, older_token, UNKNOWN)
    handheld.wait(lambda d: len(cards(handheld)) == 1, "first alert")
    waiting_id, waiting_token = open_session(daemon)
    api_scan(daemon, waiting_id, waiting_token, MILK)
    api_scan(daemon, waiting_id, waiting_token, RED_WINE)
    handheld.wait(lambda d: len(cards(handheld)) == 2, "second alert")
    assert [kind for kind, _ in cards(handheld)] == ["ageApproval", "unknownCode"], cards(handheld)
    listed = daemon.request("GET", "/v1/staff/alerts", staff_token=staff)["alerts"]
    assert [a["kind"] for a in listed] == ["ageApproval", "unknownCode"], "the API lists the urgent one first"
    # The card names the item to check.
    assert "Bordeaux" in text_of(handheld, "alerts")
    handheld.screenshot("handheld-alerts-urgent-first")


def test_a_dismissal_on_one_handheld_reaches_the_others(daemon, browsers):
    first = open_handheld(browsers(HANDHELD), daemon)
    second = open_handheld(browsers(HANDHELD), daemon)
    session_id, token = open_session(daemon)
    scan_ignoring_refusal(daemon, session_id, token, UNKNOWN)
    for handheld in (first, second):
        handheld.wait(lambda d, h=handheld: any(kind == "unknownCode" for kind, _ in cards(h)), "alert on both")
    # "Put the item aside" voids the unknown item: a first tap asks, a second one confirms.
    click_css(first, "#alerts .card[data-kind='unknownCode'] .button-danger", "put aside on the first handheld")
    first.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#alerts .card[data-kind='unknownCode'] .confirming"),
               "asks for confirmation")
    click_css(first, "#alerts .card[data-kind='unknownCode'] .button-danger.confirming", "confirm")
    first.wait(lambda d: not cards(first), "gone on the first")
    second.wait(lambda d: not cards(second), "gone on the second, live (alertResolved event)")


def test_sign_out_leaves_no_badge_or_pin_in_the_fields(daemon, browsers):
    handheld = open_handheld(browsers(PHONE), daemon)
    click(handheld, "logout")
    handheld.wait(lambda d: d.execute_script("return document.body.dataset.view") == "login", "back to login")
    badge = handheld.driver.find_element(By.ID, "login-badge").get_attribute("value")
    pin = handheld.driver.find_element(By.ID, "login-pin").get_attribute("value")
    assert badge == "" and pin == "", f"fields kept {badge!r} / {pin!r}"


def test_at_360x740_validating_an_audit_is_within_reach(daemon, browsers):
    from pages_helpers import BAGUETTE, WHISKY, YOGURT
    opened = daemon.request("POST", "/v1/sessions", {})
    session_id, token = opened["session"]["id"], opened["token"]
    for code in (MILK, YOGURT, YOGURT, YOGURT, BAGUETTE, BAGUETTE, WHISKY):
        api_scan(daemon, session_id, token, code)
    staff = staff_token(daemon, "auditor")
    daemon.request("POST", f"/v1/staff/sessions/{session_id}/approve-age", {"approve": True}, staff_token=staff)
    daemon.request("POST", f"/v1/sessions/{session_id}/checkout", {}, session_token=token)  # the whisky: always audited
    handheld = open_handheld(browsers(PHONE), daemon, role="auditor")
    click_css(handheld, "#alerts .card[data-kind='audit'] .button-accent", "start audit")
    handheld.wait(lambda d: d.execute_script("return document.body.dataset.view") == "audit", "audit view")
    in_view = handheld.driver.execute_script("""
        const r = document.getElementById('audit-validate').getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;""")
    assert in_view, "“Valider le contrôle” is below the fold at 360×740"
    handheld.screenshot("handheld-audit-phone")


def test_the_role_comes_from_the_badge_and_only_allowed_actions_are_offered(daemon, browsers):
    from pages_helpers import DEMO_BADGE, DEMO_PIN, WHISKY
    handheld = browsers(PHONE)
    handheld.driver.get(f"{daemon.base}/handheld.html")
    handheld.wait(lambda d: d.execute_script("return document.body.dataset.view") == "login", "login")
    # No role picked: the badge's highest role (the demo's staff member is a supervisor).
    handheld.driver.find_element(By.ID, "login-badge").send_keys(DEMO_BADGE)
    handheld.driver.find_element(By.ID, "login-pin").send_keys(DEMO_PIN)
    handheld.driver.find_element(By.ID, "login-submit").click()
    handheld.wait(lambda d: d.execute_script("return document.body.dataset.view") == "alerts", "signed in")
    assert handheld.driver.execute_script("return JSON.parse(sessionStorage.getItem('selfscan.staff')).role") == "supervisor"
    click(handheld, "logout")
    handheld.wait(lambda d: d.execute_script("return document.body.dataset.view") == "login", "signed out")

    # An attendant is not offered the audit (it needs an auditor): said in French instead of failing in English.
    opened = daemon.request("POST", "/v1/sessions", {})
    session_id, token = opened["session"]["id"], opened["token"]
    api_scan(daemon, session_id, token, WHISKY)
    staff = staff_token(daemon, "supervisor")
    daemon.request("POST", f"/v1/staff/sessions/{session_id}/approve-age", {"approve": True}, staff_token=staff)
    daemon.request("POST", f"/v1/sessions/{session_id}/checkout", {}, session_token=token)
    attendant = open_handheld(browsers(PHONE), daemon, role="attendant")
    attendant.wait(lambda d: any(kind == "audit" for kind, _ in cards(attendant)), "the audit alert")
    # Read the card in one script: the alert list re-renders on events (a card found first may be replaced).
    card = attendant.driver.execute_script("""
        const c = document.querySelector("#alerts .card[data-kind='audit']");
        return c ? {accent: c.querySelectorAll(".button-accent").length, text: c.innerText} : null;""")
    assert card, "the audit card"
    assert card["accent"] == 0, "an attendant is offered the audit"
    assert "contrôleur" in card["text"]


def test_refusing_an_age_check_asks_again_and_the_card_names_the_item(daemon, browsers):
    handheld = open_handheld(browsers(PHONE), daemon)
    opened = daemon.request("POST", "/v1/sessions", {})
    session_id, token = opened["session"]["id"], opened["token"]
    api_scan(daemon, session_id, token, RED_WINE)
    handheld.wait(lambda d: any(kind == "ageApproval" for kind, _ in cards(handheld)), "age alert")
    card = "#alerts .card[data-kind='ageApproval']"
    assert "Bordeaux" in handheld.driver.find_element(By.CSS_SELECTOR, card).text
    # Apart from "approve": at least 16 px between them.
    gap = handheld.driver.execute_script(f"""
        const a = document.querySelector("{card} .button-primary").getBoundingClientRect();
        const r = document.querySelector("{card} .button-danger").getBoundingClientRect();
        return Math.max(r.top - a.bottom, r.left - a.right);""")
    assert gap >= 16, f"refuse is {gap}px from approve"
    click_css(handheld, f"{card} .button-danger", "refuse, first tap")
    handheld.wait(lambda d: "Confirmer" in d.find_element(By.CSS_SELECTOR, f"{card} .button-danger").text, "asks again")
    view = daemon.request("GET", f"/v1/sessions/{session_id}", session_token=token)
    assert view["state"] == "approvalNeeded", "one tap refused the item"
    click_css(handheld, f"{card} .button-danger", "refuse, confirmed")
    handheld.wait(lambda d: not any(kind == "ageApproval" for kind, _ in cards(handheld)), "refused")
    view = daemon.request("GET", f"/v1/sessions/{session_id}", session_token=token)
    assert view["state"] != "approvalNeeded"
