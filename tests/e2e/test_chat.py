"""Two people in one chat room, each in their own browser: a message one sends appears on the other's
page without a reload (the room polls its messages with ETag), and the room page passes the audit
in English and Arabic."""

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import audit

pytestmark = pytest.mark.e2e


def sign_in(page, base, username):
    page.goto(base + "/login")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/login" not in url)


def test_two_people_see_each_others_messages_without_reload(app, browser, live_server, create_user):
    from arena.chat import operations
    from arena.extensions import db

    amira = create_user("amira")
    omar = create_user("omar", language="ar")
    room = operations.create_room(actor=amira, name="Lobby")
    operations.join(room, actor=omar)
    db.session.commit()
    url = f"{live_server.url}/chat/rooms/{room.id}"
    contexts = [browser.new_context(locale="en-GB"), browser.new_context(locale="ar")]
    try:
        pages = [c.new_page() for c in contexts]
        for page, who in zip(pages, ("amira", "omar")):
            sign_in(page, live_server.url, who)
            page.goto(url)
        assert pages[1].locator("html").get_attribute("dir") == "rtl"
        assert audit(pages[0]) == [] and audit(pages[1]) == []
        pages[0].locator("#chat-body").fill("Hello from Amira")
        pages[0].locator("form:has(#chat-body) button[type=submit]:not([name=with_video])").click()
        pages[1].locator("#chat-messages", has_text="Hello from Amira").wait_for(timeout=10_000)
        pages[1].locator("#chat-body").fill("أهلًا يا أميرة")
        pages[1].locator("form:has(#chat-body) button[type=submit]:not([name=with_video])").click()
        pages[0].locator("#chat-messages", has_text="أهلًا يا أميرة").wait_for(timeout=10_000)
        # nobody reloaded: the first page is still the one first loaded
        assert pages[0].evaluate("performance.getEntriesByType('navigation')[0].type") == "navigate"
    finally:
        for c in contexts:
            c.close()


def test_report_a_message_and_resolve_it_from_the_admin_queue(app, browser, live_server, create_user):
    from arena.chat import operations
    from arena.extensions import db

    create_user("root", role="admin")
    amira = create_user("amira")
    omar = create_user("omar", language="ar")
    room = operations.create_room(actor=amira, name="Lobby")
    operations.join(room, actor=omar)
    operations.post_message(room, "buy cheap points", actor=amira)
    db.session.commit()
    contexts = [browser.new_context(locale="ar"), browser.new_context(locale="en-GB")]
    try:
        member, admin = (c.new_page() for c in contexts)
        sign_in(member, live_server.url, "omar")
        member.goto(f"{live_server.url}/chat/rooms/{room.id}")
        member.locator("details.chat-report summary").first.click()
        assert member.locator("html").get_attribute("dir") == "rtl"
        assert audit(member) == []
        member.locator("details.chat-report input[name=reason]").first.fill("إعلان مزعج")
        member.locator("details.chat-report button[type=submit]").first.click()
        member.locator(".flash", has_text="شكرًا").wait_for(timeout=10_000)

        sign_in(admin, live_server.url, "root")
        admin.goto(f"{live_server.url}/admin/chat-reports")
        assert admin.locator("tbody", has_text="buy cheap points").count() == 1
        assert audit(admin) == []
        admin.locator("input[name=reason]").first.fill("Advertising")
        admin.locator("button[value=delete]").first.click()
        admin.locator("tbody", has_text="Nothing waits.").wait_for(timeout=10_000)
        assert audit(admin) == []
    finally:
        for c in contexts:
            c.close()
