"""Fixtures for tests against a real, local MediaWiki, shared by every test package
(loaded from ``tests/conftest.py`` through ``pytest_plugins``).

``mediawiki`` (session): a :class:`tests.support.mediawiki.MediaWikiServer`
that is installed once per session (from a cached template when the
fixture dumps have not changed) and running.  Tests may ``stop()`` it; the
function-scoped ``wiki`` fixture starts it again before each test.

``wiki_client`` is a :class:`WikiClient` on it (``tests/wiki`` also calls it ``client``);
``wiki_app`` is the Arena app configured with the wiki as ``testwiki``.

If MediaWiki/PHP is missing the wiki tests are skipped, unless
``ARENA_REQUIRE_MEDIAWIKI=1`` (as in CI), which turns that into an error.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from arena.wiki.client import WikiClient
from arena.wiki.registry import WikiRegistry
from arena.wiki.site import NetworkPolicy
from arena.wiki.writeback import BotPassword
from tests.support.mediawiki import HarnessError, MediaWikiServer, build_template

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "wiki"
TEST_WIKI_ID = "testwiki"

#: Short timeouts and retries so that an unreachable wiki fails fast.
FAST_POLICY = NetworkPolicy(timeout=5, max_retries=1, backoff=0.05, max_backoff=2)


def wiki_settings(wiki) -> dict:
    """App settings for the test wiki: fast failures, a breaker that closes again after a second."""
    return {"WIKIS": {TEST_WIKI_ID: wiki.api_url}, "WIKI_TIMEOUT": 3, "WIKI_MAX_RETRIES": 0,
            "WIKI_BACKOFF": 0.05, "WIKI_BREAKER_FAIL_MAX": 2, "WIKI_BREAKER_RESET_SECONDS": 1,
            "WIKI_CONTACT": "tests@arena.invalid"}


@pytest.fixture(scope="session")
def mediawiki(tmp_path_factory):
    try:
        template = build_template(FIXTURES)
    except HarnessError as exc:
        if os.environ.get("ARENA_REQUIRE_MEDIAWIKI") == "1":
            raise
        pytest.skip(f"MediaWiki test wiki unavailable: {exc}")
    server = MediaWikiServer.from_template(template, tmp_path_factory.mktemp("mediawiki") / "wiki")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def wiki(mediawiki):
    """The session wiki, running (restarted if a previous test stopped it)."""
    if not mediawiki.running:
        mediawiki.start()
    return mediawiki


@pytest.fixture
def registry(wiki):
    return WikiRegistry({TEST_WIKI_ID: wiki.api_url})


@pytest.fixture
def wiki_client(wiki, registry):
    return WikiClient.for_wiki(registry, TEST_WIKI_ID, policy=FAST_POLICY, contact="tests@arena.invalid")


@pytest.fixture
def arabic_client(wiki):
    """The same wiki treated as an Arabic-language wiki."""
    registry = WikiRegistry({"arwiki": {"api": wiki.api_url, "language": "ar"}})
    return WikiClient.for_wiki(registry, "arwiki", policy=FAST_POLICY)


@pytest.fixture
def bot_auth(wiki):
    return BotPassword(wiki.bot.login_name, wiki.bot.password)


@pytest.fixture
def wiki_app(config, wiki, request):
    """The Arena app with the test wiki configured (as ``testwiki``)."""
    config.update(wiki_settings(wiki))
    return request.getfixturevalue("app")
