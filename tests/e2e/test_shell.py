import pytest

from tests.e2e.conftest import audit

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang,direction,heading", [("en", "ltr", "Arena"), ("ar", "rtl", "أرينا")])
def test_home_page_renders_in_both_languages(browser, live_server, lang, direction, heading):
    context = browser.new_context(locale=lang, extra_http_headers={"Accept-Language": lang})
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("html").get_attribute("dir") == direction
    assert page.locator("h1").first.inner_text() == heading
    # right-to-left really lays out right to left: the brand sits on the right in Arabic
    brand = page.locator(".brand").bounding_box()
    width = page.viewport_size["width"]
    assert (brand["x"] > width / 2) == (direction == "rtl")
    assert errors == [], errors  # no CSP violations or script errors
    context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_home_page_has_no_serious_accessibility_violations(browser, live_server, lang):
    context = browser.new_context(locale=lang, extra_http_headers={"Accept-Language": lang})
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert audit(page) == []
    context.close()


def test_language_switch_in_the_browser(page, live_server):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="العربية").click()
    page.wait_for_url(live_server.url + "/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("dir") == "ltr"


def test_high_contrast_preference_changes_the_page(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/display")
    page.get_by_label("High").check()
    page.get_by_label("Visual density").select_option("1")
    page.get_by_role("button", name="Save").click()
    page.goto(live_server.url + "/")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(0, 0, 0)"
    assert audit(page) == []
    context.close()


@pytest.mark.parametrize("lang,direction", [("en", "ltr"), ("ar", "rtl")])
def test_api_reference_is_a_page_of_the_site(browser, live_server, lang, direction):
    context = browser.new_context(locale=lang, extra_http_headers={"Accept-Language": lang})
    page = context.new_page()
    failed, errors = [], []
    page.on("response", lambda r: failed.append((r.url, r.status)) if r.status >= 400 else None)
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(live_server.url + "/api/docs")
    assert page.locator("html").get_attribute("dir") == direction
    assert page.locator("article.api-operation").count() > 100
    assert page.locator("code", has_text="``").count() == 0
    page.wait_for_load_state("networkidle")
    assert failed == [] and errors == []  # the favicon and every asset load
    assert audit(page) == []
    page.locator(".brand").click()
    assert page.url.rstrip("/") == live_server.url
    context.close()