"""The staff handheld page with the kiosk page side by side, against a real daemon: an age approval done on
the handheld while the kiosk updates live, an audit with a difference, a price check; click & collect: stock
live and from the cache, reserve and order (queued while the referential is unreachable), picking by scanning."""
import pytest
from selenium.webdriver.common.by import By

from conftest import HANDHELD, KIOSK_LANDSCAPE, KIOSK_PORTRAIT, Daemon
from pages_helpers import (
    BAGUETTE, COFFEE, DEMO_STORE, EARBUDS, MARIE_CARD, MILK, NEIGHBOUR, RED_WINE, WHISKY, YOGURT, ReferentialProxy,
    api_scan, api_session, assert_no_raw_keys, click, click_css, click_store_action, free_port, handheld_scan,
    line_texts, open_handheld, open_kiosk, open_tab, reservation_status, shoot_both, start_anonymous, stock_source,
    text_of, visible, wait_line, wait_referential_online, wait_screen,
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

    # Both pages announce themselves (POST /v1/devices/heartbeat): the daemon lists them online.
    staff = daemon.request("POST", "/v1/staff/login", {"badge": "selfscan:badge:S001", "pin": "1234", "role": "attendant"})["token"]

    def pages_online():
        devices = daemon.request("GET", "/v1/devices", staff_token=staff)["devices"]
        return {d["role"] for d in devices if d["kind"] == "page" and d["online"]}
    handheld.wait(lambda d: pages_online() >= {"kiosk", "handheld"}, "kiosk and handheld pages heartbeat")


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
    # Line by line: one of the two yogurts removed (or their quantity 2 → 1), with the total before and after (issue 17 item 3).
    changes = text_of(kiosk, "audit-change-list")
    assert "Yaourts" in changes and ("2 → 1" in changes or "retiré" in changes), changes
    old_total, new_total = text_of(kiosk, "audit-old-total"), text_of(kiosk, "audit-new-total")
    assert old_total and new_total and old_total != new_total, (old_total, new_total)
    kiosk.driver.find_element(By.CSS_SELECTOR, "#audit-review summary").click()
    kiosk.wait(lambda d: "Yaourts" in text_of(kiosk, "audit-basket"), "the basket can be reviewed before paying")
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


# MARK: click & collect (the demo seeds FR-0043/FR-0044 with stock: DemoClickAndCollect)

def store_card_text(browser, store):
    return browser.driver.execute_script(
        "const e = document.querySelector(`#view-stock .card[data-store='${arguments[0]}']`); return e ? e.innerText : ''",
        store)


def set_field(browser, element_id, value):
    field = browser.driver.find_element(By.ID, element_id)
    field.clear()
    if value:
        field.send_keys(value)


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


def test_click_and_collect_reserve_then_pick_by_scanning(daemon, browsers):
    handheld = open_handheld(browsers(HANDHELD), daemon)
    open_tab(handheld, "stock")
    handheld_scan(handheld, EARBUDS)
    handheld.wait(lambda d: stock_source(handheld) == "live", "live stock from the referential")
    assert "Écouteurs" in text_of(handheld, "stock-product")
    assert "en direct" in text_of(handheld, "stock-source")
    handheld.wait(lambda d: "4 en stock" in store_card_text(handheld, NEIGHBOUR), "the neighbour's stock")
    assert "Hypermarché Villeurbanne" in store_card_text(handheld, NEIGHBOUR), "the referential names the store"
    assert "0 en stock" in store_card_text(handheld, DEMO_STORE)
    assert handheld.driver.execute_script(
        f"return document.querySelector(\"#view-stock .card[data-store='{DEMO_STORE}'] button[data-action='reserve']\").disabled"
    ), "nothing to hold here"
    assert_no_raw_keys(handheld)
    handheld.screenshot("handheld-stock")

    # Hold 2 at the neighbour: the referential answers, the stock is read again.
    set_field(handheld, "reserve-quantity", "2")
    click_store_action(handheld, NEIGHBOUR, "reserve")
    handheld.wait(lambda d: reservation_status(handheld) == "reserved", "the referential holds the stock")
    assert "Réservé : 2 × Écouteurs" in text_of(handheld, "reservation-result")
    handheld.wait(lambda d: "2 en stock" in store_card_text(handheld, NEIGHBOUR), "the hold shows in the stock")
    handheld.screenshot("handheld-reserved")

    # More than on hand: a clear refusal, nothing held.
    set_field(handheld, "reserve-quantity", "5")
    click_store_action(handheld, "FR-0044", "reserve")
    handheld.wait(lambda d: reservation_status(handheld) == "error", "insufficient stock is refused")
    assert "Stock insuffisant" in text_of(handheld, "reservation-result")
    assert "1 en stock" in store_card_text(handheld, "FR-0044")

    # Coffee for Marie, to pick up here.
    handheld_scan(handheld, COFFEE)
    handheld.wait(lambda d: "Café" in text_of(handheld, "stock-product") and stock_source(handheld) == "live", "coffee stock")
    set_field(handheld, "reserve-quantity", "2")
    set_field(handheld, "reserve-card", MARIE_CARD)
    click_store_action(handheld, DEMO_STORE, "reserve")
    handheld.wait(lambda d: reservation_status(handheld) == "reserved", "coffee held here")

    # This store's picking list has the coffee (the earbuds are prepared by the neighbour).
    open_tab(handheld, "orders")
    handheld.wait(lambda d: d.execute_script("return document.querySelectorAll('#orders .card').length") == 1, "one order to pick")
    order_text = handheld.driver.find_element(By.CSS_SELECTOR, "#orders .card").text
    assert "2 × Café moulu" in order_text and "Stock réservé" in order_text and "…" + MARIE_CARD[-4:] in order_text  # only the last four digits leave the card (docs/privacy.md)
    assert_no_raw_keys(handheld)
    handheld.screenshot("handheld-orders")

    click_css(handheld, "#orders .card .button-primary", "pick button")
    handheld.wait(lambda d: d.find_element(By.ID, "picking").is_displayed(), "the picking screen")
    handheld_scan(handheld, MILK)
    handheld.wait(lambda d: "Mauvais article" in text_of(handheld, "picking-message"), "a wrong item is refused")
    handheld.screenshot("handheld-picking-wrong-item")
    handheld_scan(handheld, COFFEE)
    handheld.wait(lambda d: "1 / 2" in text_of(handheld, "picking-count"), "one unit picked")
    handheld_scan(handheld, COFFEE)
    handheld.wait(lambda d: d.execute_script("return document.getElementById('picking').dataset.status") == "picked",
                  "the last unit marks the order picked")
    assert "Commande prête" in text_of(handheld, "picking-message")
    handheld.screenshot("handheld-picking-done")

    token = daemon.request("POST", "/v1/staff/login", {"badge": "selfscan:badge:S001", "pin": "1234", "role": "attendant"})["token"]
    assert daemon.request("GET", "/v1/staff/pickings", staff_token=token)["pickings"] == []
    click(handheld, "picking-back")
    handheld.wait(lambda d: visible(handheld, "orders-empty"), "nothing left to pick")

    click_css(handheld, "[data-lang='en']", "English")
    handheld.wait(lambda d: "No order to pick" in text_of(handheld, "orders-empty"), "English strings")
    assert_no_raw_keys(handheld)


def test_click_and_collect_offline_order_is_queued_then_delivered(proxied_daemon, browsers):
    daemon, proxy = proxied_daemon
    wait_referential_online(daemon)
    handheld = open_handheld(browsers(HANDHELD), daemon)
    proxy.stop()

    open_tab(handheld, "stock")
    handheld_scan(handheld, COFFEE)
    handheld.wait(lambda d: stock_source(handheld) == "cache", "the catalog cache answers", timeout=30)
    assert "Central injoignable" in text_of(handheld, "stock-source")
    assert "24 en stock" in store_card_text(handheld, DEMO_STORE), "the cache has the stock the daemon synced"

    # A hold needs the referential: offline, "Réserver" is not offered (it used to stay enabled, then fail).
    reserve = f"#view-stock .card[data-store='{DEMO_STORE}'] button[data-action='reserve']"
    handheld.wait(lambda d: not d.find_element(By.CSS_SELECTOR, reserve).is_enabled(), "reserve disabled offline")
    assert "Hors ligne" in store_card_text(handheld, DEMO_STORE)

    click_store_action(handheld, DEMO_STORE, "order")
    handheld.wait(lambda d: reservation_status(handheld) == "queued", "the order is queued")
    assert "Hors ligne" in text_of(handheld, "reservation-result")
    assert_no_raw_keys(handheld)
    handheld.screenshot("handheld-order-queued")

    open_tab(handheld, "orders")
    handheld.wait(lambda d: "Central injoignable" in text_of(handheld, "orders-empty"), "no list while offline", timeout=30)

    # The referential comes back: the outbox delivers the order, and this store picks it.
    proxy.start()
    token = daemon.request("POST", "/v1/staff/login", {"badge": "selfscan:badge:S001", "pin": "1234", "role": "attendant"})["token"]
    handheld.wait(lambda d: len((daemon.request("GET", "/v1/staff/pickings", staff_token=token) or {}).get("pickings", [])) == 1,
                  "the queued order reaches the referential", timeout=90)
    click(handheld, "orders-refresh")
    handheld.wait(lambda d: d.execute_script("return document.querySelectorAll('#orders .card').length") == 1, "the order is listed")
    assert "Commandé" in handheld.driver.find_element(By.CSS_SELECTOR, "#orders .card").text
