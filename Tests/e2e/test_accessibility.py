"""axe-core in the real browser on every kiosk, handheld and phone-pass state: no serious or critical
violation (issue 17). axe-core's script comes from PyPI: axe-playwright-python bundles axe-core 4.x (used
here only as the script, injected through Selenium); axe-selenium-python's older axe-core 3.1 is the fallback.
`scripts/setup-deps --test` installs them."""
import importlib.util
import json
import os

import pytest

from conftest import HANDHELD, KIOSK_LANDSCAPE, KIOSK_PORTRAIT
from pages_helpers import (
    MILK, RED_WINE, UNKNOWN, YOGURT, api_scan, click, click_css, open_handheld, open_kiosk, open_tab, pass_audit_via_api,
    pay_at_kiosk,
    screen, shoot_both, start_anonymous, wait_screen,
)


def axe_script():
    for module, relative in (("axe_playwright_python", "axe.min.js"),
                             ("axe_selenium_python", os.path.join("node_modules", "axe-core", "axe.min.js"))):
        spec = importlib.util.find_spec(module)
        if spec and spec.origin:
            path = os.path.join(os.path.dirname(spec.origin), relative)
            if os.path.exists(path):
                with open(path, encoding="utf8") as handle:
                    return handle.read()
    return None


AXE = axe_script()
if AXE is None:
    pytest.skip("axe-core not installed (scripts/setup-deps --test)", allow_module_level=True)

PHONE = (360, 740)
SERIOUS = ("serious", "critical")


def check(browser, state):
    """Runs axe on the page as it is now; fails listing every serious or critical violation."""
    driver = browser.driver
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(AXE)
    driver.set_script_timeout(60)
    results = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations)), e => done(JSON.stringify({error: String(e)})));")
    violations = json.loads(results)
    assert isinstance(violations, list), violations
    bad = [v for v in violations if v.get("impact") in SERIOUS]
    report = "\n".join(
        f"{v['impact']} {v['id']}: {v['help']} — " + "; ".join(str(n["target"][0]) for n in v["nodes"][:4]) for v in bad)
    assert not bad, f"axe in state {state!r}:\n{report}"


def test_every_kiosk_state_passes_axe(daemon, browsers):
    kiosk = open_kiosk(browsers(KIOSK_PORTRAIT), daemon)
    wait_screen(kiosk, "welcome")
    check(kiosk, "welcome")
    session_id, token = start_anonymous(kiosk)
    check(kiosk, "basket empty")
    for code in (MILK, YOGURT, YOGURT, YOGURT):
        api_scan(daemon, session_id, token, code)
    try:
        api_scan(daemon, session_id, token, UNKNOWN)
    except Exception:
        pass
    kiosk.wait(lambda d: d.execute_script("return document.querySelectorAll('#basket-lines .line-refused').length") == 1,
               "the refused item's line")
    check(kiosk, "basket with a group, a discount, a refused item and a message")
    # A supervisor prices the unknown item from the handheld: the line says "price set by staff".
    supervisor = daemon.request("POST", "/v1/staff/login", {"badge": "selfscan:badge:S001", "pin": "1234",
                                                            "role": "supervisor"})["token"]
    daemon.request("POST", f"/v1/staff/sessions/{session_id}/priced-lines",
                   {"code": UNKNOWN, "price": {"minor": 450, "currency": "EUR"}, "reason": "notInCatalog"},
                   staff_token=supervisor)
    kiosk.wait(lambda d: d.execute_script("return document.querySelectorAll('#basket-lines .badge-staff').length") == 1,
               "the staff-priced line")
    kiosk.wait(lambda d: d.execute_script("return document.querySelectorAll('#basket-lines .line-refused').length") == 0,
               "the priced item's 'not charged' row goes")
    check(kiosk, "basket with a staff-priced line")
    shoot_both(kiosk, "kiosk-basket-grouped", (KIOSK_PORTRAIT, KIOSK_LANDSCAPE))
    click(kiosk, "toast-close")
    api_scan(daemon, session_id, token, RED_WINE)
    kiosk.wait(lambda d: d.execute_script("return document.getElementById('dialog-age').open"), "age dialog")
    check(kiosk, "age dialog")
    shoot_both(kiosk, "kiosk-age-dialog", (KIOSK_PORTRAIT, KIOSK_LANDSCAPE))
    click(kiosk, "age-continue")
    staff = daemon.request("POST", "/v1/staff/login", {"badge": "selfscan:badge:S001", "pin": "1234"})["token"]
    daemon.request("POST", f"/v1/staff/sessions/{session_id}/approve-age", {"approve": True}, staff_token=staff)
    click_css(kiosk, "#basket-lines .line-item", "a basket row")
    kiosk.wait(lambda d: d.execute_script("return document.getElementById('dialog-line').open"), "line dialog")
    check(kiosk, "line dialog")
    click(kiosk, "line-close")
    kiosk.wait(lambda d: d.find_element("id", "checkout").is_enabled(), "checkout allowed")
    click(kiosk, "checkout")
    kiosk.wait(lambda d: screen(kiosk) in ("payment", "audit"), "checkout moves on")
    if screen(kiosk) == "audit":
        check(kiosk, "audit")
        pass_audit_via_api(daemon, session_id)
        kiosk.wait(lambda d: d.find_element("id", "audit-acknowledge").is_displayed() or screen(kiosk) == "payment",
                   "audit result")
        if screen(kiosk) == "audit":
            check(kiosk, "audit result")
            click(kiosk, "audit-acknowledge")
    wait_screen(kiosk, "payment")
    kiosk.wait(lambda d: d.find_element("id", "pay-start").is_displayed(), "ready to pay")
    check(kiosk, "payment")
    click(kiosk, "pay-start")
    wait_screen(kiosk, "receipt")
    kiosk.wait(lambda d: d.execute_script(
        "const i = document.getElementById('exit-pass-qr'); return i.complete && i.naturalWidth > 0"), "the pass")
    check(kiosk, "receipt")
    kiosk.resize(KIOSK_LANDSCAPE)
    check(kiosk, "receipt, landscape")


def test_every_handheld_state_passes_axe(daemon, browsers):
    handheld = open_handheld(browsers(PHONE), daemon)
    opened = daemon.request("POST", "/v1/sessions", {})
    api_scan(daemon, opened["session"]["id"], opened["token"], RED_WINE)
    handheld.wait(lambda d: d.execute_script("return document.querySelectorAll('#alerts .card').length") > 0, "alert")
    check(handheld, "alerts")
    handheld.screenshot("handheld-alerts-phone")
    for tab in ("price", "stock", "orders"):
        open_tab(handheld, tab)
        check(handheld, tab)
    handheld.resize(HANDHELD)
    open_tab(handheld, "alerts")
    check(handheld, "alerts at 480×800")
    click(handheld, "logout")
    handheld.wait(lambda d: d.execute_script("return document.body.dataset.view") == "login", "login")
    check(handheld, "login")


def test_the_phone_pass_page_passes_axe(daemon, browsers):
    phone = browsers(PHONE)
    phone.driver.get(f"{daemon.base}/pass.html")
    phone.wait(lambda d: d.execute_script("return document.readyState") == "complete", "pass page")
    check(phone, "phone pass, no pass")


def test_the_phone_receipt_with_its_exit_pass_passes_axe(daemon, browsers):
    kiosk = open_kiosk(browsers(KIOSK_PORTRAIT), daemon)
    pay_at_kiosk(kiosk, daemon)
    kiosk.wait(lambda d: d.execute_script("return Boolean(document.getElementById('phone-pass-qr').dataset.link)"), "phone code")
    check(kiosk, "receipt with the phone code")
    phone = browsers(PHONE)
    phone.driver.get(kiosk.driver.execute_script("return document.getElementById('phone-pass-qr').dataset.link"))
    phone.wait(lambda d: d.execute_script("return !document.getElementById('pass-figure').hidden && "
                                          "!document.getElementById('receipt-body').hidden"), "pass and receipt")
    check(phone, "e-receipt with the exit pass")


def test_the_unknown_item_states_of_the_handheld_pass_axe(daemon, browsers):
    handheld = open_handheld(browsers(PHONE), daemon, role="supervisor")
    opened = daemon.request("POST", "/v1/sessions", {})
    try:
        api_scan(daemon, opened["session"]["id"], opened["token"], UNKNOWN)
    except Exception:
        pass
    card = "#alerts .card[data-kind='unknownCode']"
    handheld.wait(lambda d: d.find_elements("css selector", card), "unknown item card")
    check(handheld, "unknown item card (supervisor)")
    click_css(handheld, f"{card} .button-primary", "add at a price")
    handheld.wait(lambda d: d.find_elements("css selector", f"{card} form.price-form"), "price form")
    handheld.driver.find_element("css selector", f"{card} input[name='minor']").send_keys("450")
    check(handheld, "price form")
    click_css(handheld, f"{card} .button-danger", "put aside")
    handheld.wait(lambda d: d.find_elements("css selector", f"{card} .button-danger.confirming"), "confirming")
    check(handheld, "put aside, confirming")
