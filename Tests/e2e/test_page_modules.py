"""The pages are ES modules (issue 14): each page loads its code with `<script type="module">` only, every file
under js/ is served with a JavaScript MIME type (a browser refuses a module script otherwise), the page shell
(js/shell.js) leaves nothing global, and every page still runs: its first screen is drawn."""
import re
import urllib.request

from conftest import KIOSK_PORTRAIT, ROOT, TIMEOUT
from pages_helpers import COFFEE

PUBLIC = ROOT / "Sources" / "SelfScanServer" / "Public"
PAGES = sorted(path.name for path in PUBLIC.glob("*.html"))
SCRIPTS = sorted(path.name for path in PUBLIC.glob("js/*.js"))
# The names the classic scripts used to put on `window`.
FORMER_GLOBALS = ["I18N", "STRINGS", "API", "APIError", "Adapter", "Paths", "ErrorText", "ScannerKeys", "PhoneCamera",
                  "Phone"]
# Each page (its address) and a condition true once its module ran: its first screen drawn, in French.
DRAWN = {
    "/kiosk.html": "document.body.dataset.screen === 'welcome' && document.getElementById('welcome-title').textContent !== ''",
    "/handheld.html": "document.body.dataset.view === 'login' && document.getElementById('login-title').textContent !== ''",
    "/phone.html": "document.getElementById('start-title').textContent !== ''",
    "/pass.html": "!document.getElementById('pass-missing').hidden",
    "/e-receipt.html": "document.getElementById('receipt').getAttribute('aria-busy') === 'false'",
    f"/01/{COFFEE}": "document.getElementById('shelf').getAttribute('aria-busy') === 'false'"
                     " && document.getElementById('shelf-name').textContent !== ''",
}


def fetch(daemon, path):
    with urllib.request.urlopen(daemon.base + path, timeout=TIMEOUT) as response:
        return response.headers.get("Content-Type", ""), response.read().decode()


def test_every_page_loads_module_scripts_only_under_a_policy_that_allows_them(daemon):
    assert {"kiosk.html", "handheld.html", "phone.html", "pass.html", "shelf.html", "e-receipt.html"} <= set(PAGES)
    for page in PAGES:
        _, html = fetch(daemon, f"/{page}")
        scripts = re.findall(r"<script\b[^>]*>", html)
        classic = [tag for tag in scripts if 'type="module"' not in tag or "src=" not in tag]
        assert not classic, f"{page}: classic or inline scripts {classic}"
        assert "<style" not in html and " style=" not in html, f"{page}: inline style (the policy refuses it)"
        with urllib.request.urlopen(f"{daemon.base}/{page}", timeout=TIMEOUT) as response:
            policy = response.headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy and "unsafe" not in policy, f"{page}: {policy!r}"


def test_every_script_is_served_as_javascript(daemon):
    assert "shell.js" in SCRIPTS
    for name in SCRIPTS:
        content_type, text = fetch(daemon, f"/js/{name}")
        assert content_type.split(";")[0].strip() in ("text/javascript", "application/javascript"), (name, content_type)
        assert re.search(r"^(import|export) ", text, re.M), f"js/{name} is not an ES module"


def test_each_page_runs_and_leaves_nothing_global(daemon, browsers):
    browser = browsers(KIOSK_PORTRAIT)
    for address, drawn in DRAWN.items():
        browser.driver.get(daemon.base + address)
        browser.wait(lambda d: d.execute_script(f"return {drawn}"), f"{address} draws its first screen")
        leaked = browser.driver.execute_script("return arguments[0].filter((name) => name in window)", FORMER_GLOBALS)
        assert not leaked, f"{address} puts {leaked} on window"
        refused = [entry["message"] for entry in browser.driver.get_log("browser")
                   if "Content Security Policy" in entry.get("message", "")]
        assert not refused, f"{address}: the policy refused {refused}"
