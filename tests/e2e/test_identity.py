"""Accounts in a real browser: register (and fail to with a weak password), sign in, the account
page, sign out; the pages pass an automated accessibility audit in English and Arabic."""

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import audit

pytestmark = pytest.mark.e2e


def test_register_sign_in_and_out_in_the_browser(page, live_server):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Register").click()
    page.get_by_label("Username").fill("newbie")
    page.get_by_label("Email address").fill("newbie@example.org")
    page.get_by_label("Password", exact=True).fill("1qaz2wsx3edc")
    page.get_by_label("Repeat the password").fill("1qaz2wsx3edc")
    page.get_by_role("button", name="Create the account").click()
    alert = page.get_by_role("alert").filter(has_text="common passwords")
    assert alert.count() == 1
    assert page.get_by_label("Password", exact=True).get_attribute("aria-invalid") == "true"
    assert audit(page) == []

    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create the account").click()
    page.wait_for_url(live_server.url + "/login")
    page.get_by_label("Username or email").fill("newbie@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/account")
    assert page.get_by_role("heading", level=1).inner_text() == "Your account"
    assert audit(page) == []

    page.get_by_label("Language", exact=True).select_option("ar")
    page.get_by_role("button", name="Save the preferences").click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("heading", level=1).inner_text() == "حسابك"
    assert audit(page) == []
    page.get_by_role("button", name="تسجيل الخروج").click()
    assert page.get_by_role("link", name="تسجيل الدخول").count() == 1


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("path", ["/login", "/register", "/password/forgot"])
def test_account_pages_have_no_serious_accessibility_violations(browser, live_server, lang, path):
    context = browser.new_context(locale=lang, extra_http_headers={"Accept-Language": lang})
    page = context.new_page()
    page.goto(live_server.url + path)
    assert audit(page) == []
    context.close()


def test_admin_pages_are_accessible(browser, live_server, create_user):
    create_user("boss", role="superadmin")
    create_user("alice")
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/login")
    page.get_by_label("Username or email").fill("boss")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Users", exact=True).click()
    assert audit(page) == []
    page.get_by_role("link", name="alice").click()
    assert audit(page) == []
    page.get_by_role("link", name="All events about this account").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Audit log"
    assert audit(page) == []
    context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_welcome_link_signs_a_new_member_in_from_the_browser(browser, live_server, create_user, lang):
    from arena.identity.tokens import sign_in_link_token

    newcomer = create_user("newcomer")
    link = f"{live_server.url}/welcome/{sign_in_link_token(newcomer)}"
    context = browser.new_context(locale=lang, extra_http_headers={"Accept-Language": lang})
    page = context.new_page()
    page.goto(link)
    assert audit(page) == []
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/account")
    assert page.locator(".flash-success").count() == 1
    assert audit(page) == []
    page.goto(link)  # the link works once
    assert page.locator("main form button[type=submit]").count() == 0
    assert audit(page) == []
    context.close()
