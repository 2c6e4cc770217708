"""Shared steps of the page tests: demo catalog codes, the kiosk and handheld pages, scans injected through
the API as a scanner would deliver them."""
import re
import socket
import threading

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from processes import free_port  # noqa: F401 (the page tests import it from here)
from processes import wait_until


def ean13(twelve):
    """The EAN-13 with its check digit (GS1 mod 10)."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(twelve))
    return twelve + str((10 - total % 10) % 10)


# Demo catalog (SelfScanDemo DemoCatalog): notable products.
SPARKLING_WATER = ean13("376000000101")   # deposit bottle attached
RED_WINE = ean13("376000000103")          # 18+
WHISKY = ean13("376000000104")            # 18+, always audited
YOGURT = ean13("376000000105")            # 3 for 2
COFFEE = ean13("376000000106")
PASTA = ean13("376000000111")             # 3 for 2,50 €
GROUND_BEEF = ean13("376000000113")       # recalled: sale stopped
BAGUETTE = ean13("376000000115")
MILK = ean13("376000000116")
EARBUDS = ean13("376000000114")           # click & collect demo: none here, 4 at FR-0043, 1 at FR-0044
UNKNOWN = ean13("376000009999")           # valid GTIN, not in the catalog
MARIE_CARD = ean13("042000000001")


def weighed(reference, grams):
    """French weighed-produce label: 21 + 5-digit item reference + 5-digit grams."""
    return ean13(f"21{reference:05d}{grams:05d}"[:12])


KIOSK_STORAGE = "selfscan.kiosk.session"
RAW_KEY = re.compile(r"\b(?:welcome|basket|line|notice|age|checkout|audit|pay|receipt|idle|session|state|staff|tab|alerts|scan|price|stock|orders|common|offline|lang)\.[a-zA-Z][\w.]*\b")


def in_shell(browser, body, *args):
    """Runs `body` (a function body that may `return`: `shell` is the page shell module, `args` the extra
    arguments) in the page and returns its result. The pages are ES modules with no globals: this imports the
    page's own instance of js/shell.js (a module is evaluated once per page), so what it changes the page sees."""
    return browser.driver.execute_script(
        "const args = [...arguments]; return import('/js/shell.js').then((shell) => { " + body + " });", *args)


def open_kiosk(browser, daemon, query=""):
    browser.driver.get(f"{daemon.base}/kiosk.html{query}")
    browser.wait(lambda d: d.execute_script("return document.readyState") == "complete", "kiosk page loads")
    return browser


def screen(browser):
    return browser.driver.execute_script("return document.body.dataset.screen")


def wait_screen(browser, name):
    browser.wait(lambda d: d.execute_script("return document.body.dataset.screen") == name, f"kiosk shows the {name} screen")


def kiosk_session(browser):
    """(id, token) the kiosk page keeps in localStorage."""
    stored = browser.driver.execute_script(f"return JSON.parse(localStorage.getItem('{KIOSK_STORAGE}') || 'null')")
    assert stored, "the kiosk keeps its session in localStorage"
    return stored["id"], stored["token"]


def start_anonymous(browser):
    browser.driver.find_element(By.ID, "start-anonymous").click()
    wait_screen(browser, "basket")
    return kiosk_session(browser)


def line_texts(browser):
    """The basket lines' texts, read in one script call (the list re-renders on every event)."""
    return browser.driver.execute_script(
        "return [...document.querySelectorAll('#basket-lines .line')].map(e => e.innerText.replace(/\\s+/g, ' '))")


def wait_line(browser, fragment):
    browser.wait(lambda d: any(fragment in t for t in line_texts(browser)), f"a basket line shows {fragment!r}")


def text_of(browser, element_id):
    """The element's text, its non-breaking spaces (French typography: « : », « ! ») read as spaces."""
    return browser.driver.execute_script(
        "const e = document.getElementById(arguments[0]); return e ? e.innerText.replace(/[\\u00a0\\u202f]/g, ' ') : ''",
        element_id)


def visible(browser, element_id):
    return browser.driver.find_element(By.ID, element_id).is_displayed()


def click(browser, element_id):
    element = browser.wait(EC.element_to_be_clickable((By.ID, element_id)), f"#{element_id} is clickable")
    element.click()


def assert_no_raw_keys(browser):
    body = browser.driver.find_element(By.TAG_NAME, "body").text
    leaked = RAW_KEY.findall(body)
    assert not leaked, f"untranslated i18n keys on screen: {leaked}"


def shoot_both(browser, name, sizes):
    """Screenshots of the current screen at each size (resizing the same page), ending on the first size."""
    paths = []
    for size in list(sizes[1:]) + [sizes[0]]:
        browser.resize(size)
        browser.driver.execute_script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        paths.append(browser.screenshot(name))
    return paths


# The daemon's API as the tests use it (docs/api.md).
def api_scan(daemon, session_id, token, payload):
    """A scan delivered to the session the way a scanner bound to the kiosk delivers it."""
    return daemon.request("POST", f"/v1/sessions/{session_id}/scans", {"payload": payload}, session_token=token)


def api_session(daemon, session_id, token):
    return daemon.request("GET", f"/v1/sessions/{session_id}", session_token=token)


DEMO_BADGE, DEMO_PIN = "selfscan:badge:S001", "1234"  # `selfscan demo`'s staff member (a supervisor)
DEMO_STAFF = {role: (DEMO_BADGE, DEMO_PIN) for role in ("attendant", "auditor", "supervisor")}


def staff_token(daemon, role):
    badge, pin = DEMO_STAFF[role]
    return daemon.request("POST", "/v1/staff/login", {"badge": badge, "pin": pin, "role": role})["token"]


def script_terminal(daemon, outcomes):
    token = staff_token(daemon, "supervisor")
    daemon.request("PUT", "/v1/payment-terminal/script", {"script": outcomes}, staff_token=token)


def open_handheld(browser, daemon, role="attendant"):
    driver = browser.driver
    driver.get(f"{daemon.base}/handheld.html")
    browser.wait(lambda d: d.execute_script("return document.body.dataset.view") == "login", "handheld shows login")
    badge, pin = DEMO_STAFF[role]
    driver.find_element(By.ID, "login-badge").send_keys(badge)
    driver.find_element(By.ID, "login-pin").send_keys(pin)
    driver.find_element(By.CSS_SELECTOR, f"#login-role option[value='{role}']").click()
    driver.find_element(By.ID, "login-submit").click()
    browser.wait(lambda d: d.execute_script("return document.body.dataset.view") == "alerts", "handheld signs in")
    return browser


def handheld_scan(browser, code):
    """A keyboard-wedge scanner typing into the handheld's scan field."""
    field = browser.driver.find_element(By.ID, "scan-input")
    field.clear()
    field.send_keys(code + "\n")


def click_css(browser, css, message):
    """Clicks the first element matching `css` once it is clickable, again if a re-render replaced it."""
    from selenium.common.exceptions import StaleElementReferenceException

    def attempt(driver):
        try:
            elements = driver.find_elements(By.CSS_SELECTOR, css)
            if not elements or not elements[0].is_displayed() or not elements[0].is_enabled():
                return False
            elements[0].click()
            return True
        except StaleElementReferenceException:
            return False
    browser.wait(attempt, message)


def pass_audit_via_api(daemon, session_id):
    """Staff run the audit the policy drew, finding exactly the basket (no difference)."""
    token = staff_token(daemon, "auditor")
    view = daemon.request("POST", f"/v1/staff/sessions/{session_id}/audit", {}, staff_token=token)
    for line in view["lines"]:
        if line["isVoided"] or line["kind"] == "deposit":
            continue
        for _ in range(1 if line.get("weightGrams") else line["quantity"]):
            daemon.request("POST", f"/v1/staff/sessions/{session_id}/audit/scans", {"payload": line["scannedCode"]},
                           staff_token=token)
    return daemon.request("POST", f"/v1/staff/sessions/{session_id}/audit/validate", {}, staff_token=token)


def pay_at_kiosk(kiosk, daemon, codes=(MILK,), wait_for="Lait"):
    """A trip on the kiosk page: start anonymous, scan `codes` through the API, check out (passing the audit the
    policy may draw), pay, and wait for the receipt screen. Returns (session id, session token)."""
    session_id, token = start_anonymous(kiosk)
    for code in codes:
        api_scan(daemon, session_id, token, code)
    wait_line(kiosk, wait_for)
    click(kiosk, "checkout")
    kiosk.wait(lambda d: screen(kiosk) in ("payment", "audit"), "checkout moves on")
    if screen(kiosk) == "audit":
        pass_audit_via_api(daemon, session_id)
    wait_screen(kiosk, "payment")
    click(kiosk, "pay-start")
    wait_screen(kiosk, "receipt")
    return session_id, token


# Click & collect (the demo seeds neighbour stores FR-0043 and FR-0044 with stock: DemoClickAndCollect).
DEMO_STORE, NEIGHBOUR = "FR-0042", "FR-0043"


def handheld_view(browser):
    return browser.driver.execute_script("return document.body.dataset.view")


def open_tab(browser, tab):
    click_css(browser, f"[data-tab='{tab}']", f"the {tab} tab")
    browser.wait(lambda d: handheld_view(browser) == tab, f"handheld shows the {tab} view")


def stock_source(browser):
    return browser.driver.execute_script(
        "const e = document.getElementById('stock-source'); return e && !e.hidden ? e.dataset.source : null")


def reservation_status(browser):
    return browser.driver.execute_script(
        "const e = document.getElementById('reservation-result'); return e && !e.hidden ? e.dataset.status : null")


def click_store_action(browser, store, action):
    """Clicks Reserve or Order on a store's stock card (the page re-renders the cards after each answer)."""
    click_css(browser, f"#view-stock .card[data-store='{store}'] button[data-action='{action}']", f"{action} at {store}")


class ReferentialProxy:
    """A TCP forwarder between a daemon and its embedded referential that a test can stop (new connections
    refused, open ones cut: the referential is unreachable) and start again on the same port."""

    def __init__(self, target_port):
        self.target_port = target_port
        self.port = free_port()
        self.listener = None
        self.open = set()
        self.lock = threading.Lock()

    @property
    def demo_args(self):
        return ["--referential-port", str(self.target_port), "--referential-url", f"http://127.0.0.1:{self.port}"]

    def start(self):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.open.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source, sink):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def stop(self):
        if self.listener:
            try:
                self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() thread
            except OSError:
                pass
            self.listener.close()
            self.listener = None
        with self.lock:
            connections, self.open = list(self.open), set()
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            connection.close()


def wait_referential_online(daemon, timeout=60):
    """Waits until the daemon's sync engine has talked to the referential (GET /v1/status)."""
    def online():
        sync = (daemon.request("GET", "/v1/status") or {}).get("sync") or {}
        return sync if sync.get("connectivity") == "online" else None
    return wait_until(online, "the daemon reaching its referential", timeout=timeout, step=0.2)
