"""The e-receipt: the kiosk's receipt screen shows one phone code, a signed, expiring link; the phone (390×844)
opens it and sees the exit pass and, under it, the same lines, promotion lines and VAT breakdown as the displayed
receipt."""
import urllib.parse

from conftest import KIOSK_PORTRAIT
from pages_helpers import MILK, YOGURT, api_session, click, open_kiosk, pay_at_kiosk, script_terminal

PHONE = (390, 844)


def test_kiosk_shows_the_e_receipt_qr_and_the_phone_opens_it(daemon, browsers):
    script_terminal(daemon, ["approve"])
    kiosk = open_kiosk(browsers(KIOSK_PORTRAIT), daemon)
    session_id, token = pay_at_kiosk(kiosk, daemon, codes=(YOGURT, YOGURT, YOGURT, MILK))
    kiosk.wait(lambda d: d.execute_script("return !document.getElementById('phone-pass').hidden && "
                                          "Boolean(document.getElementById('phone-pass-qr').dataset.link)"),
               "the phone code on the receipt screen")
    link = kiosk.driver.execute_script("return document.getElementById('phone-pass-qr').dataset.link")
    source = kiosk.driver.execute_script("return document.getElementById('phone-pass-qr').getAttribute('src')")
    assert urllib.parse.unquote(source.split("text=", 1)[1]) == link
    kiosk.wait(lambda d: d.execute_script("const i = document.getElementById('phone-pass-qr'); return i.complete && i.naturalWidth > 0"),
               "the QR code image loads (qr.svg draws the e-receipt link)")
    assert kiosk.driver.execute_script("return document.querySelectorAll('#screen-receipt img[src*=\"qr.svg\"]').length") == 2, \
        "two codes on the receipt screen: the exit pass for the gate, one code for the phone"
    kiosk.screenshot("kiosk-e-receipt")
    assert link.startswith(daemon.base + "/e-receipt.html#t=")

    phone = browsers(PHONE)
    phone.driver.get(link)
    phone.wait(lambda d: d.execute_script("return document.getElementById('receipt').getAttribute('aria-busy') === 'false'"),
               "the e-receipt loaded")
    # The exit pass above the receipt: the same signed pass the gate reads.
    phone.wait(lambda d: d.execute_script("const i = document.getElementById('pass-qr'); return !document.getElementById('pass-figure').hidden && i.complete && i.naturalWidth > 0"),
               "the exit pass on the phone")
    pass_source = phone.driver.execute_script("return document.getElementById('pass-qr').getAttribute('src')")
    assert urllib.parse.unquote(pass_source.split("text=", 1)[1]) == api_session(daemon, session_id, token)["exitPass"]["code"]
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
    kiosk.wait(lambda d: d.execute_script("const i = document.getElementById('phone-pass-qr'); "
                                          "return document.getElementById('phone-pass').hidden && !i.getAttribute('src') && !i.dataset.link"),
               "the phone code is gone")


# Refuses the page's e-receipt requests as the daemon would on a fault: the kiosk must still give the phone its pass.
REFUSE_E_RECEIPT = """
const original = window.fetch;
window.fetch = (url, options) => String(url).endsWith('/e-receipt')
  ? Promise.resolve(new Response(JSON.stringify({error: {code: 'internal', message: 'test'}}),
      {status: 500, headers: {'Content-Type': 'application/json'}}))
  : original(url, options);
"""


def test_without_an_e_receipt_the_phone_code_still_carries_the_exit_pass(daemon, browsers):
    script_terminal(daemon, ["approve"])
    kiosk = open_kiosk(browsers(KIOSK_PORTRAIT), daemon)
    kiosk.driver.execute_script(REFUSE_E_RECEIPT)
    session_id, token = pay_at_kiosk(kiosk, daemon)
    kiosk.wait(lambda d: d.execute_script("return Boolean(document.getElementById('phone-pass-qr').dataset.link)"),
               "the phone code falls back to the pass")
    link = kiosk.driver.execute_script("return document.getElementById('phone-pass-qr').dataset.link")
    exit_pass = api_session(daemon, session_id, token)["exitPass"]["code"]
    assert link.startswith(daemon.base + "/pass.html#code="), link
    assert urllib.parse.parse_qs(link.split("#", 1)[1])["code"] == [exit_pass]
    caption = kiosk.driver.find_element("id", "phone-pass-caption").text
    assert "passe de sortie" in caption and "ticket" not in caption, caption
