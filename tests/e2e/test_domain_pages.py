"""Every domain's main pages, on the demo data, signed in as a demo user, in English and Arabic:
they render with the right direction, load no foreign asset, raise no console error, and pass an
automated accessibility audit (no serious or critical axe-core violation)."""

import pytest

from arena.core.cli import DEMO_PASSWORD
from tests.e2e.conftest import audit, sign_in

pytestmark = pytest.mark.e2e

PAGES = {
    "organiser": ["/contests", "/contests/women-in-science-2025", "/contests/women-in-science-2025/delete",
                  "/contests/new", "/leaderboard",
                  "/jury", "/account", "/my-submissions", "/notifications",
                  "/notifications/settings", "/referrals", "/chat"],
    "layla": ["/study/", "/study/subjects/new", "/study/sessions/new"],
    "admin": ["/admin/users", "/admin/contest-requests", "/admin/trusted-member-requests", "/admin/referrals", "/api/docs"],
}


@pytest.fixture
def demo_server(app, live_server):
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    return live_server


@pytest.mark.parametrize("lang,direction", [("en", "ltr"), ("ar", "rtl")])
@pytest.mark.parametrize("username", sorted(PAGES))
def test_domain_pages_render_and_pass_the_audit(browser, demo_server, username, lang, direction):
    if username == "layla":  # her account asks for Arabic, which beats the browser's language
        direction = "rtl"
    context = browser.new_context(locale=lang, extra_http_headers={"Accept-Language": lang})
    page = context.new_page()
    errors, foreign = [], []
    page.on("console", lambda msg: errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None)
    page.on("request", lambda req: foreign.append(req.url) if not req.url.startswith(demo_server.url) else None)
    sign_in(page, demo_server.url, username, DEMO_PASSWORD)
    failures = {}
    for path in PAGES[username]:
        response = page.goto(demo_server.url + path)
        assert response.status == 200, (path, response.status)
        assert page.locator("html").get_attribute("dir") == direction, path
        assert page.locator("h1").count() >= 1, path
        violations = audit(page)
        if violations:
            failures[path] = violations
    context.close()
    assert failures == {}
    assert errors == []
    assert foreign == []
