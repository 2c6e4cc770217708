"""The kiosk's one suggestion after a scan (issue 18 #3) against `selfscan demo`, whose embedded referential
holds a small basket history (DemoBasketHistory: milk in 25 baskets, with the baguette in 15, with butter in 15)
and publishes the suggestions the daemon pulls with its catalog: one unobtrusive, explained suggestion, asked
for only after the scan's answer is on screen, never a product already in the basket."""

from conftest import KIOSK_PORTRAIT, TIMEOUT
from processes import wait_until
from pages_helpers import BAGUETTE, MILK, api_scan, open_kiosk, start_anonymous, wait_line, wait_screen

MILK_ID, BAGUETTE_ID, BUTTER_ID = "LAIT-DEMI-ECREME-1L", "BAGUETTE", "BEURRE-DOUX-250G"

# Holds every suggestion request of the page until released: proves the scan's line never waits for one.
HOLD_SUGGESTIONS = """
window.__held = [];
const original = window.fetch;
window.fetch = (url, options) => String(url).includes('/suggestion')
  ? new Promise((resolve) => window.__held.push(() => resolve(original(url, options))))
  : original(url, options);
"""


def suggestion(browser):
    return browser.driver.execute_script(
        "const a = document.querySelectorAll('#suggestion');"
        "return a.length ? {count: a.length, product: a[0].dataset.product, text: a[0].innerText} : null")


def wait_for_published_suggestions(daemon, session_id, token):
    """The daemon pulls the referential's catalog (with its suggestions) shortly after starting."""
    def published():
        answer = daemon.request("GET", f"/v1/sessions/{session_id}/suggestion?product={MILK_ID}", session_token=token)
        return answer.get("suggestion") if answer else None
    return wait_until(published, "the referential's suggestions at the daemon", timeout=TIMEOUT * 2, step=0.3)


def test_one_explained_suggestion_after_a_scan_never_delaying_it(daemon, browsers):
    kiosk = open_kiosk(browsers(KIOSK_PORTRAIT), daemon)
    wait_screen(kiosk, "welcome")
    session_id, token = start_anonymous(kiosk)
    expected = wait_for_published_suggestions(daemon, session_id, token)
    assert expected["productID"] == BAGUETTE_ID and expected["confidencePercent"] == 60

    kiosk.driver.execute_script(HOLD_SUGGESTIONS)
    api_scan(daemon, session_id, token, MILK)
    wait_line(kiosk, "Lait demi-écrémé")
    kiosk.wait(lambda d: d.execute_script("return window.__held.length") >= 1, "the suggestion is asked after the scan")
    assert suggestion(kiosk) is None, "nothing is shown before the suggestion's answer"
    kiosk.driver.execute_script("window.__held.splice(0).forEach((release) => release())")
    kiosk.wait(lambda d: suggestion(kiosk) is not None, "the suggestion shows")
    shown = suggestion(kiosk)
    assert shown["count"] == 1
    assert shown["product"] == BAGUETTE_ID
    assert "Baguette" in shown["text"]
    assert "60 %" in shown["text"] and "Lait demi-écrémé" in shown["text"], shown["text"]
    kiosk.screenshot("kiosk-suggestion")

    # The baguette scanned: the next suggestion is never a product already in the basket.
    api_scan(daemon, session_id, token, BAGUETTE)
    wait_line(kiosk, "Baguette")
    kiosk.wait(lambda d: d.execute_script("return window.__held.length") >= 1, "asked again after the second scan")
    kiosk.driver.execute_script("window.__held.splice(0).forEach((release) => release())")
    kiosk.wait(lambda d: (suggestion(kiosk) or {}).get("product") == BUTTER_ID, "the next suggestion is the butter")
    assert suggestion(kiosk)["count"] == 1

    # The shopper can dismiss it.
    kiosk.driver.execute_script("document.querySelector('#suggestion .suggestion-close').click()")
    kiosk.wait(lambda d: suggestion(kiosk) is None, "dismissed")
