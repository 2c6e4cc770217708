"""The phone scan & go page in headless Chromium with a fake camera: the camera stream is a y4m video made
here (pure Python, no Pillow) of the EAN-13 of a demo catalog product; the page sends Y800 frames to the
daemon, zbar decodes them, and the product lands in the basket — then the basket is handed to a kiosk.

http://127.0.0.1 is a secure context for Chromium (getUserMedia works); the flag below says so explicitly.
"""
import importlib.util
import json
import os
import shutil
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from conftest import TIMEOUT, Browser
from pages_helpers import COFFEE

PHONE = (390, 844)


def axe_script():
    """axe-core's script, as test_accessibility.py finds it (None when not installed)."""
    for module, relative in (("axe_playwright_python", "axe.min.js"),
                             ("axe_selenium_python", os.path.join("node_modules", "axe-core", "axe.min.js"))):
        spec = importlib.util.find_spec(module)
        if spec and spec.origin:
            path = os.path.join(os.path.dirname(spec.origin), relative)
            if os.path.exists(path):
                with open(path, encoding="utf8") as handle:
                    return handle.read()
    return None


def check_axe(browser, state):
    """WCAG A/AA/AAA rules (AAA: contrast ≥ 7:1): no serious or critical violation, no contrast failure."""
    script = axe_script()
    if script is None:
        return
    driver = browser.driver
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(script)
    driver.set_script_timeout(60)
    results = json.loads(driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag2aaa']}, resultTypes: ['violations']})"
        ".then(r => done(JSON.stringify(r.violations)), e => done(JSON.stringify({error: String(e)})));"))
    assert isinstance(results, list), results
    bad = [v for v in results if v.get("impact") in ("serious", "critical") or v["id"].startswith("color-contrast")]
    assert not bad, f"axe in state {state!r}: " + "; ".join(
        f"{v['id']} {[n['target'][0] for n in v['nodes'][:4]]}" for v in bad)

_L = ["0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011", "0110111", "0001011"]
_PARITY = ["LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL"]


def ean13_modules(digits):
    """The 95 modules of an EAN-13 ('1' = bar)."""
    d = [int(c) for c in digits]
    flip = lambda code: "".join("1" if c == "0" else "0" for c in code)  # noqa: E731
    bits = "101"
    for i in range(1, 7):
        bits += _L[d[i]] if _PARITY[d[0]][i - 1] == "L" else flip(_L[d[i]])[::-1]
    bits += "01010"
    for i in range(7, 13):
        bits += flip(_L[d[i]])
    return bits + "101"


def write_y4m(path, digits, width=640, height=480, module=4, frames=10):
    """A still y4m (4:2:0) of the code centred in the phone page's aim box, with a little noise per frame."""
    bits = ean13_modules(digits)
    x0 = (width - len(bits) * module) // 2
    row = bytearray([230] * width)
    for index, bit in enumerate(bits):
        if bit == "1":
            row[x0 + index * module:x0 + (index + 1) * module] = bytes([25]) * module
    blank = bytes([230]) * width
    chroma = bytes([128]) * ((width // 2) * (height // 2) * 2)
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for frame in range(frames):
            out.write(b"FRAME\n")
            for y in range(height):
                out.write(bytes(row) if height * 3 // 8 <= y < height * 5 // 8 else blank)
            out.write(chroma)


class PhoneBrowser(Browser):
    """Headless Chromium at phone size whose camera is the y4m file."""

    def __init__(self, size, video, origin):
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--hide-scrollbars", "--force-device-scale-factor=1", "--lang=fr-FR",
                         f"--window-size={size[0]},{size[1]}",
                         "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                         f"--use-file-for-fake-video-capture={video}",
                         f"--unsafely-treat-insecure-origin-as-secure={origin}", "--autoplay-policy=no-user-gesture-required"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
        self.driver = webdriver.Chrome(service=Service(driver_path), options=options)
        self.driver.set_page_load_timeout(TIMEOUT)
        self.resize(size)
        self.errors = []


def test_phone_scans_a_product_with_the_camera_and_hands_the_basket_to_a_kiosk(daemon, tmp_path):
    video = tmp_path / "coffee.y4m"
    write_y4m(video, COFFEE)
    phone = PhoneBrowser(PHONE, video, daemon.base)
    try:
        # detector=off: always the daemon's zbar path (BarcodeDetector is only an optional fast path).
        phone.driver.get(f"{daemon.base}/phone.html?detector=off")
        phone.wait(lambda d: d.find_element(By.ID, "start-anonymous").is_displayed(), "start button")
        check_axe(phone, "start")
        phone.driver.find_element(By.ID, "start-anonymous").click()
        phone.wait(lambda d: d.execute_script(
            "return document.querySelector(`#basket li[data-code='${arguments[0]}']`) !== null", COFFEE),
            "the coffee scanned by the camera in the basket", timeout=TIMEOUT * 2)
        phone.screenshot("phone-scanned")
        check_axe(phone, "scanning")

        # The daemon's basket has it, once (one product per steady aim, though the video keeps showing it).
        stored = phone.driver.execute_script("return JSON.parse(sessionStorage.getItem('selfscan.phone'))")
        session = daemon.request("GET", f"/v1/sessions/{stored['id']}", session_token=stored["token"])
        codes = [line["scannedCode"] for line in session["lines"] if not line.get("isVoided")]
        assert codes == [COFFEE]
        assert session["lines"][0]["quantity"] == 1
        assert phone.driver.find_element(By.ID, "total").text.replace("\u202f", " ").replace("\xa0", " ") == "3,79 €"
        with urllib.request.urlopen(f"{daemon.base}/metrics", timeout=TIMEOUT) as response:
            assert "selfscan_camera_frames_with_code_total" in response.read().decode()

        # Touch targets ≥ 48 px on the phone page.
        small = phone.driver.execute_script(
            "return [...document.querySelectorAll('button, input')].filter(e => e.offsetParent !== null)"
            ".filter(e => { const r = e.getBoundingClientRect(); return r.height < 48 || r.width < 48; })"
            ".map(e => e.id || e.textContent)")
        assert small == []

        # Hand the basket to a kiosk: a signed hand-off QR.
        phone.driver.find_element(By.ID, "to-kiosk").click()
        phone.wait(lambda d: d.find_element(By.ID, "end-qr").is_displayed(), "hand-off QR")
        assert phone.driver.find_element(By.ID, "end-qr").get_attribute("alt").startswith("selfscan:handoff:")
        phone.screenshot("phone-handoff")
        phone.collect_console()
        assert phone.errors == []
    finally:
        phone.driver.quit()
