"""The shelf-label page (GS1 Digital Link /01/<GTIN>) on a phone (390×844), against `selfscan demo`: online with
live stock and an order for pick-up, out of stock with substitutes, offline with the cache's age."""
import pytest

from conftest import Daemon
from pages_helpers import COFFEE, ReferentialProxy, ean13, free_port, text_of

PHONE = (390, 844)
CRISPS_PLAIN = ean13("376000000109")    # demo: none here, the paprika ones are its substitute
CRISPS_PAPRIKA = ean13("376000000110")


def open_shelf(browser, daemon, gtin):
    browser.driver.get(f"{daemon.base}/01/{gtin}")
    browser.wait(lambda d: d.execute_script("return document.getElementById('shelf').getAttribute('aria-busy') === 'false'"),
                 "the shelf page loaded")
    assert not browser.driver.execute_script("return !document.getElementById('shelf-error').hidden"), \
        text_of(browser, "shelf-error")
    return browser


def assert_fits_the_phone(browser):
    width = browser.driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= PHONE[0], f"the page is {width}px wide on a {PHONE[0]}px phone"


@pytest.fixture
def proxied_daemon(tmp_path):
    proxy = ReferentialProxy(free_port()).start()
    running = Daemon(tmp_path, proxy.demo_args).start()
    try:
        yield running, proxy
    finally:
        running.stop()
        proxy.stop()


def test_online_product_page_and_order_for_pickup(daemon, browsers):
    phone = open_shelf(browsers(PHONE), daemon, COFFEE)
    assert text_of(phone, "shelf-name") == "Café moulu 250 g"
    assert "3,79" in text_of(phone, "shelf-price")
    assert "15,16" in text_of(phone, "shelf-unit-price") and "/ kg" in text_of(phone, "shelf-unit-price")
    assert "Prix carte" in text_of(phone, "shelf-loyalty")
    current = phone.driver.execute_script("return document.querySelector('#shelf-nutriscore .current').textContent")
    assert current == "B"
    phone.wait(lambda d: d.execute_script("return document.getElementById('shelf-stock-source').dataset.source") == "referential",
               "live stock")
    assert "En rayon ici : 24" in text_of(phone, "shelf-stock-here")
    assert "Hypermarché Villeurbanne : 12" in text_of(phone, "shelf-stock-others")
    assert phone.driver.execute_script("return document.getElementById('shelf-substitutes-box').hidden")
    assert_fits_the_phone(phone)
    phone.screenshot("shelf-online")

    phone.driver.find_element("id", "shelf-order").click()
    phone.wait(lambda d: d.execute_script("return document.getElementById('shelf-order-result').dataset.status") == "ordered",
               "the order reached the referential")
    assert "Commande confirmée" in text_of(phone, "shelf-order-result")
    phone.screenshot("shelf-ordered")


def test_out_of_stock_shows_substitutes_in_stock(daemon, browsers):
    phone = open_shelf(browsers(PHONE), daemon, CRISPS_PLAIN)
    assert text_of(phone, "shelf-stock-here") == "Épuisé dans ce magasin"
    phone.wait(lambda d: not d.execute_script("return document.getElementById('shelf-substitutes-box').hidden"),
               "substitutes shown")
    assert "Chips paprika 150 g" in text_of(phone, "shelf-substitutes")
    assert "15 en rayon" in text_of(phone, "shelf-substitutes")
    assert_fits_the_phone(phone)
    phone.screenshot("shelf-out-of-stock")
    phone.driver.find_element("css selector", "#shelf-substitutes a").click()
    phone.wait(lambda d: d.current_url.endswith(f"/01/0{CRISPS_PAPRIKA}"), "the substitute's page")


def test_offline_shows_stock_from_the_cache_with_its_age(proxied_daemon, browsers):
    daemon, proxy = proxied_daemon
    proxy.stop()
    phone = open_shelf(browsers(PHONE), daemon, COFFEE)
    assert phone.driver.execute_script("return document.getElementById('shelf-stock-source').dataset.source") == "cache"
    assert "Hors ligne : stock connu il y a" in text_of(phone, "shelf-stock-source")
    assert "3,79" in text_of(phone, "shelf-price"), "prices come from the catalog cache"
    phone.screenshot("shelf-offline")
    phone.driver.find_element("id", "shelf-order").click()
    phone.wait(lambda d: d.execute_script("return document.getElementById('shelf-order-result').dataset.status") == "queued",
               "the order waits in the outbox")
    assert "dès le retour du réseau" in text_of(phone, "shelf-order-result")
