"""Browser tests: Playwright driving Debian's Chromium against a real Arena server process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.processes import ArenaServer

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/test.sh installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app, config):
    """A gunicorn process serving Arena on the test database."""
    with ArenaServer(config) as server:
        yield server


@pytest.fixture
def page(browser):
    context = browser.new_context(bypass_csp=False, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


def audit(page) -> list[dict]:
    """Run axe-core on the current page; return serious and critical violations."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: scripts/test.sh installs axe-core from npm")
    page.evaluate(AXE.read_text())  # evaluate runs outside the page's CSP
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]


def sign_in(page, base: str, username: str, password: str) -> None:
    """Sign in through the sign-in page, as a person would."""
    page.goto(base + "/login")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/login" not in url)
