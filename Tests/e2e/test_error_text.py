"""Every error code the daemon's API can answer (docs/api.md, "Error codes") has a French and an English text
on every page that calls the API (kiosk, handheld): never the daemon's English log message on a French page."""
import os
import re

from conftest import HANDHELD, KIOSK_PORTRAIT
from pages_helpers import in_shell


def documented_codes():
    root = os.environ.get("SELFSCAN_ROOT", ".")
    with open(os.path.join(root, "docs", "api.md"), encoding="utf-8") as handle:
        text = handle.read()
    section = text[text.index("## Error codes"):]
    codes = []
    for line in section.splitlines():
        if line.startswith("| `"):
            codes += re.findall(r"`([^`]+)`", line.split("|")[1])
    return codes


def test_every_documented_error_code_has_french_and_english_text_on_every_page(daemon, browsers):
    codes = documented_codes()
    assert len(codes) > 100 and "handoffSuperseded" in codes and "basketLockedByPayment" in codes
    browser = browsers(KIOSK_PORTRAIT)
    for page, size in (("kiosk.html", KIOSK_PORTRAIT), ("handheld.html", HANDHELD)):
        browser.driver.set_window_size(*size)
        browser.driver.get(f"{daemon.base}/{page}")
        browser.wait(lambda d: d.execute_script("return document.readyState") == "complete", f"{page} loads")
        texts = in_shell(browser, "return args[0].map(c => [c, shell.ErrorText.text(c, 'fr'), shell.ErrorText.text(c, 'en')])",
                         codes)
        missing = [code for code, fr, en in texts if not fr or not en]
        assert not missing, f"{page}: no text for {missing}"
        same = [code for code, fr, en in texts if fr == en]
        assert not same, f"{page}: French text is the English one for {same}"
        # French typography: a non-breaking space before the colon.
        assert all(" :" not in fr for _, fr, _ in texts), "a breaking space before ':' in French"
        # The page's language decides by default.
        in_shell(browser, "shell.I18N.setLanguage('en')")
        assert in_shell(browser, "return shell.ErrorText.text('lineAmountZero')").startswith("This weight")
        in_shell(browser, "shell.I18N.setLanguage('fr')")
        assert in_shell(browser, "return shell.ErrorText.text('handoffSuperseded')").startswith("Ce code")
