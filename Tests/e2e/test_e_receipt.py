"""The e-receipt: the kiosk's receipt screen shows a QR code of a signed, expiring link; the phone (390×844)
opens it and sees the same lines, promotion lines and VAT breakdown as the displayed receipt."""
import urllib.parse

from conftest import KIOSK_PORTRAIT
from pages_helpers import (
    MILK, YOGURT, api_scan, api_session, click, open_kiosk, pass_audit_via_api, screen, script_terminal,
    start_anonymous, wait_line, wait_screen,
)

PHONE = (390, 844)


def test_kiosk_shows_the_e_receipt_qr_and_the_phone_opens_it(daemon, browsers):
    script_terminal(daemon, ["approve"])
    kiosk = open_kiosk(browsers(KIOSK_PORTRAIT), daemon, "?eReceipt=1")
    session_id, token = start_anonymous(kiosk)
    for code in (YOGURT, YOGURT, YOGURT, MILK):
        api_scan(daemon, session_id, token, code)
    wait_line(kiosk, "Lait")
    click(kiosk, "checkout")
    kiosk.wait(lambda d: screen(kiosk) in ("payment", "audit"), "checkout moves on")
    if screen(kiosk) == "audit":  # the random audit drew this basket
        pass_audit_via_api(daemon, session_id)
    wait_screen(kiosk, "payment")
    click(kiosk, "pay-start")
    wait_screen(kiosk, "receipt")
    kiosk.wait(lambda d: d.execute_script("return document.getElementById('e-receipt-qr') !== null"),
               "the e-receipt QR code on the receipt screen")
    link = kiosk.driver.execute_script("return document.getElementById('e-receipt-qr').dataset.link")
    source = kiosk.driver.execute_script("return document.getElementById('e-receipt-qr').getAttribute('src')")
    assert urllib.parse.unquote(source.split("text=", 1)[1]) == link
    kiosk.wait(lambda d: d.execute_script("const i = document.getElementById('e-receipt-qr'); return i.complete && i.naturalWidth > 0"),
               "the QR code image loads (qr.svg draws the e-receipt link)")
    kiosk.screenshot("kiosk-e-receipt")
    assert link.startswith(daemon.base + "/e-receipt.html#t=")

    phone = browsers(PHONE)
    phone.driver.get(link)
    phone.wait(lambda d: d.execute_script("return document.getElementById('receipt').getAttribute('aria-busy') === 'false'"),
               "the e-receipt loaded")
    assert phone.driver.execute_script("return document.getElementById('receipt-error').hidden"), \
        phone.driver.find_element("id", "receipt-error").text
    text = phone.driver.find_element("id", "receipt-body").text
    assert "Yaourts nature x4" in text and "Lait demi-écrémé 1 L" in text
    assert "3 pour 2" in phone.driver.find_element("id", "receipt-discounts").text
    view = api_session(daemon, session_id, token)
    vat_rows = phone.driver.find_elements("css selector", "#receipt-vat tr")
    assert len(vat_rows) == 1 + len([v for v in view["totals"]["vatBreakdown"]]), "one row per VAT rate"
    width = phone.driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= PHONE[0], f"the page is {width}px wide"
    phone.screenshot("e-receipt")

    # The trip ends: nothing of the shopper stays on the shared kiosk.
    click(kiosk, "receipt-finish")
    kiosk.wait(lambda d: d.execute_script("return document.getElementById('e-receipt') === null"), "the QR code is gone")
