"""A phone reloaded in the middle of a trip resumes it (the tab keeps its session in sessionStorage): reloaded
while waiting for the audit it shows the audit wait again and follows the audit live, then the hand-off QR —
it used to show the start screen, the shopper lost the basket on the phone. Reloaded while scanning it shows
the basket; reloaded on the hand-off QR it shows the same code."""
from selenium.webdriver.common.by import By

from pages_helpers import EARBUDS, api_session, pass_audit_via_api, text_of
from test_flows_after_audit import phone_session
from test_phone_flows import FEEDBACK_STUBS, open_phone


def scan_earbuds(phone):
    phone.driver.find_element(By.ID, "manual-code").send_keys(EARBUDS)
    phone.driver.find_element(By.CSS_SELECTOR, "#manual-form button").click()
    phone.wait(lambda d: d.execute_script(
        "return document.querySelector(`#basket li[data-code='${arguments[0]}']`) !== null", EARBUDS), "earbuds added")


def reload(phone):
    phone.driver.refresh()
    phone.wait(lambda d: d.execute_script("return document.readyState") == "complete", "page reloaded")


def test_a_phone_reloaded_while_waiting_for_its_audit_resumes_the_wait_then_shows_the_code(daemon, tmp_path):
    phone = open_phone(daemon, tmp_path, FEEDBACK_STUBS, query="?detector=off", code=None)
    try:
        scan_earbuds(phone)
        session_id, token = phone_session(phone)
        # Reloaded while scanning: the basket, still in the scan view.
        reload(phone)
        phone.wait(lambda d: d.find_element(By.ID, "view-scan").is_displayed(), "scan view after a reload")
        assert phone.driver.execute_script(
            "return document.querySelector(`#basket li[data-code='${arguments[0]}']`) !== null", EARBUDS)

        phone.driver.find_element(By.ID, "checkout").click()
        phone.wait(lambda d: d.find_element(By.ID, "view-end").is_displayed(), "audit notice")
        assert api_session(daemon, session_id, token)["state"] == "auditRequired"

        # Reloaded while waiting for the audit: the audit wait again, never the start screen.
        reload(phone)
        phone.wait(lambda d: d.find_element(By.ID, "view-end").is_displayed(), "audit notice after a reload")
        assert not phone.driver.find_element(By.ID, "view-start").is_displayed()
        assert "employé" in text_of(phone, "end-text"), text_of(phone, "end-text")
        assert not phone.driver.find_element(By.ID, "end-qr").is_displayed()
        assert not phone.driver.find_element(By.ID, "end-back").is_displayed()

        # The reloaded page follows the audit live: once staff pass it, the hand-off QR.
        pass_audit_via_api(daemon, session_id)
        phone.wait(lambda d: d.find_element(By.ID, "end-qr").is_displayed(), "hand-off QR after the audit")
        code = phone.driver.find_element(By.ID, "end-qr").get_attribute("alt")
        assert code.startswith("selfscan:handoff:")
        assert api_session(daemon, session_id, token)["state"] == "suspended"

        # Reloaded on the QR: the same code again (the basket is handed off, not lost).
        reload(phone)
        phone.wait(lambda d: d.find_element(By.ID, "end-qr").is_displayed(), "hand-off QR after a reload")
        assert phone.driver.find_element(By.ID, "end-qr").get_attribute("alt") == code
        assert "contrôlé" in text_of(phone, "end-text")
        phone.collect_console()
        assert phone.errors == []
    finally:
        phone.driver.quit()
