"""Browser end-to-end tests of the kiosk and handheld pages: a real daemon on loopback, headless Chromium.

Environment: SELFSCAN_BIN (the built `selfscan`, default <root>/.build/debug/selfscan), SELFSCAN_ROOT
(the package root), SELFSCAN_E2E_TIMEOUT (seconds for each bounded wait, default 20).
Screenshots go to <root>/out/screenshots/ (not committed).
"""
import json
import shutil
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

try:
    import selenium  # noqa: F401
except ImportError:  # pyenv's python3 lacks Debian's python3-selenium: use the system site-packages
    sys.path.append("/usr/lib/python3/dist-packages")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from processes import BIN, ROOT, TIMEOUT, free_port, selfscan_demo  # noqa: E402,F401 (the tests import them from here)

SCREENSHOTS = ROOT / "out" / "screenshots"

KIOSK_PORTRAIT = (1080, 1920)
KIOSK_LANDSCAPE = (1920, 1080)
HANDHELD = (480, 800)


class APIFailure(Exception):
    def __init__(self, status, body):
        super().__init__(f"HTTP {status}: {body}")
        self.status = status
        self.body = body

    @property
    def code(self):
        try:
            return json.loads(self.body)["error"]["code"]
        except (ValueError, KeyError, TypeError):
            return None


class Daemon:
    """One `selfscan demo --no-trip` on a free loopback port, with its own data directory."""

    def __init__(self, workdir, extra_args=()):
        self.workdir = Path(workdir)
        self.extra_args = list(extra_args)  # e.g. --referential-port/--referential-url (pages_helpers.ReferentialProxy)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = self.workdir / "daemon.log"
        self.program = None

    def demo_args(self):
        """`selfscan demo`'s options beyond the port and data directory."""
        # The demo pays through the Caisse-AP simulator over loopback TCP; the browser tests script its answers
        # (decline, abandon…) through the staff API (`PUT /v1/payment-terminal/script`).
        args = list(self.extra_args)
        if "--referential-port" not in self.extra_args:
            # The embedded referential's default port (8090) may be taken by any other demo on the machine.
            self.referential_port = getattr(self, "referential_port", None) or free_port()
            args += ["--referential-port", str(self.referential_port)]
        return args

    def start(self):
        assert BIN.exists(), f"selfscan binary not found at {BIN} (set SELFSCAN_BIN)"
        data_dir = self.workdir / "data"
        data_dir.mkdir(exist_ok=True)
        self.program = selfscan_demo(self.port, data_dir, self.log_path, self.demo_args())
        return self

    @property
    def process(self):
        return self.program.process if self.program else None

    def log_text(self):
        return self.program.log_text() if self.program else ""

    def stop(self):
        if self.program:
            self.program.stop()

    def request(self, method, path, body=None, session_token=None, staff_token=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if session_token:
            request.add_header("X-Session-Token", session_token)
        if staff_token:
            request.add_header("Authorization", f"Bearer {staff_token}")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                text = response.read().decode()
                return json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            raise APIFailure(error.code, error.read().decode(errors="replace")) from None


@pytest.fixture
def daemon(tmp_path):
    running = Daemon(tmp_path).start()
    try:
        yield running
    finally:
        running.stop()


class Browser:
    """A headless Chromium at a fixed viewport; remembers console errors for the test to fail on."""

    def __init__(self, size):
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--hide-scrollbars", "--force-device-scale-factor=1", "--lang=fr-FR",
                         f"--window-size={size[0]},{size[1]}"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
        self.driver = webdriver.Chrome(service=Service(driver_path), options=options)
        self.driver.set_page_load_timeout(TIMEOUT)
        self.resize(size)
        self.errors = []

    def resize(self, size):
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": False})
        self.size = size

    def collect_console(self):
        for entry in self.driver.get_log("browser"):
            message = entry.get("message", "")
            is_script = entry.get("source") in ("javascript", "console-api") or "Uncaught" in message
            if entry.get("level") == "SEVERE" and is_script:
                self.errors.append(message)

    def wait(self, condition, message="", timeout=TIMEOUT):
        return WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(condition, message)

    def screenshot(self, name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}-{self.size[0]}x{self.size[1]}.png"
        self.driver.save_screenshot(str(path))
        return path

    def quit(self):
        try:
            self.collect_console()
        finally:
            self.driver.quit()


@pytest.fixture
def browsers():
    """Opens browsers on demand (`browsers(size)`); fails the test on any console JavaScript error."""
    opened = []

    def open_browser(size):
        browser = Browser(size)
        opened.append(browser)
        return browser

    yield open_browser
    errors = []
    for browser in opened:
        try:
            browser.quit()
        except Exception as error:  # a crashed driver must not hide the others' errors
            errors.append(f"driver: {error}")
        errors.extend(browser.errors)
    assert not errors, "browser console errors:\n" + "\n".join(errors)
