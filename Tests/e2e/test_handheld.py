"""The staff handheld page with the kiosk page side by side, against a real daemon: an age approval done on
the handheld while the kiosk updates live, an audit with a difference, a price check."""
from selenium.webdriver.common.by import By

from conftest import HANDHELD, KIOSK_LANDSCAPE, KIOSK_PORTRAIT
from pages_helpers import (
    BAGUETTE, MILK, RED_WINE, WHISKY, YOGURT, api_scan, api_session, assert_no_raw_keys, click, click_css, handheld_scan,
    line_texts, open_handheld, open_kiosk, shoot_both, start_anonymous, text_of, visible, wait_line,
    wait_screen,
)

BOTH = (KIOSK_PORTRAIT, KIOSK_LANDSCAPE)


def alert_cards(browser, kind):
    return browser.driver.execute_script(
        "return document.querySelectorAll(`#alerts .card[data-kind='${arguments[0]}']`).length", kind)


def test_age_approval_from_the_handheld_updates_the_kiosk_live(daemon, browsers):
    kiosk = open_kiosk(browsers(KIOSK_PORTRAIT), daemon)
    handheld = open_handheld(browsers(HANDHELD), daemon)
    handheld.screenshot("handheld-alerts-empty")

    session_id, token = start_anonymous(kiosk)
    api_scan(daemon, session_id, token, MILK)
    api_scan(daemon, session_id, token, RED_WINE)
    wait_line(kiosk, "Bordeaux")

    # The kiosk says a staff member is coming; the shopper may keep scanning.
    kiosk.wait(lambda d: d.execute_script("return document.getElementById('dialog-age').open"), "age dialog on the kiosk")
    assert "personnel arrive" in text_of(kiosk, "dialog-age")
    shoot_both(kiosk, "kiosk-age-check", BOTH)
    assert not kiosk.driver.find_element(By.ID, "checkout").is_enabled(), "no checkout before the age check"

    # The handheld gets the alert live and approves it.
    handheld.wait(lambda d: alert_cards(handheld, "ageApproval"), "age alert on the handheld")
    assert_no_raw_keys(handheld)
    handheld.screenshot("handheld-alerts")
    click_css(handheld, "#alerts .card[data-kind='ageApproval'] .button-primary", "approve button")

    # The kiosk updates without a reload: dialog gone, line marked approved, checkout allowed.
    kiosk.wait(lambda d: not d.execute_script("return document.getElementById('dialog-age').open"), "age dialog closes")
    kiosk.wait(lambda d: any("Âge vérifié" in t for t in line_texts(kiosk)), "the line shows the approval")
    kiosk.wait(lambda d: d.find_element(By.ID, "checkout").is_enabled(), "checkout allowed")
    assert visible(kiosk, "state-notice") is False
    handheld.wait(lambda d: not alert_cards(handheld, "ageApproval"), "the alert leaves the queue")
    view = api_session(daemon, session_id, token)
    assert view["pendingApprovalLineIDs"] == []


def test_audit_with_a_difference(daemon, browsers):
    kiosk = open_kiosk(browsers(KIOSK_LANDSCAPE), daemon)
    session_id, token = start_anonymous(kiosk)
    for code in (MILK, YOGURT, YOGURT, BAGUETTE, WHISKY):
        api_scan(daemon, session_id, token, code)
    wait_line(kiosk, "Whisky")

    handheld = open_handheld(browsers(HANDHELD), daemon, role="auditor")
    handheld.wait(lambda d: alert_cards(handheld, "ageApproval"), "age alert for the whisky")
    click_css(handheld, "#alerts .card[data-kind='ageApproval'] .button-primary", "approve button")
    kiosk.wait(lambda d: d.find_element(By.ID, "checkout").is_enabled(), "checkout allowed")

    # The whisky is always audited: the kiosk shows the audit notice.
    click(kiosk, "checkout")
    wait_screen(kiosk, "audit")
    shoot_both(kiosk, "kiosk-audit", BOTH)

    handheld.wait(lambda d: alert_cards(handheld, "audit"), "audit alert on the handheld")
    click_css(handheld, "#alerts .card[data-kind='audit'] .button-accent", "start audit button")
    handheld.wait(lambda d: d.execute_script("return document.body.dataset.view") == "audit", "audit view")
    kiosk.wait(lambda d: "Contrôle en cours" in text_of(kiosk, "audit-text"), "the kiosk shows the audit running")

    # Rescan: one yogurt instead of two (a difference), everything else present.
    for code in (MILK, YOGURT, BAGUETTE, WHISKY):
        handheld_scan(handheld, code)
    handheld.wait(lambda d: d.execute_script("return document.querySelectorAll('#audit-lines tr.ok').length") == 3,
                  "three lines match")
    missing = handheld.driver.execute_script("return [...document.querySelectorAll('#audit-lines tr.missing')].map(e => e.innerText)")
    assert len(missing) == 1 and "Yaourts" in missing[0]
    assert "Manquant 1" in text_of(handheld, "audit-differences")
    assert_no_raw_keys(handheld)
    handheld.screenshot("handheld-audit")

    click(handheld, "audit-validate")
    handheld.wait(lambda d: d.execute_script("return document.body.dataset.view") == "alerts", "back to alerts")

    # The basket was corrected: the kiosk shows it, the shopper acknowledges, then pays.
    kiosk.wait(lambda d: visible(kiosk, "audit-acknowledge"), "the kiosk shows the audit result")
    assert "corrigé" in text_of(kiosk, "audit-text")
    shoot_both(kiosk, "kiosk-audit-corrected", BOTH)
    click(kiosk, "audit-acknowledge")
    wait_screen(kiosk, "payment")
    view = api_session(daemon, session_id, token)
    assert view["audit"]["differences"], "the difference is recorded"
    yogurts = sum(line["quantity"] for line in view["lines"] if "Yaourt" in line["name"] and not line["isVoided"])
    assert yogurts == 1


def test_price_check(daemon, browsers):
    handheld = open_handheld(browsers(HANDHELD), daemon)
    handheld.driver.find_element(By.CSS_SELECTOR, "[data-tab='price']").click()
    handheld_scan(handheld, RED_WINE)
    handheld.wait(lambda d: visible(handheld, "price-result") and "Bordeaux" in text_of(handheld, "price-result"), "price shown")
    assert "6,90 €" in text_of(handheld, "price-result").replace("\u202f", " ").replace("\xa0", " ")
    assert "18" in text_of(handheld, "price-result")
    assert_no_raw_keys(handheld)
    handheld.screenshot("handheld-price-check")
