"""Tests against a real, local MediaWiki: the fixtures live in ``tests/support/wiki_fixtures.py``
(shared with other packages); here ``client`` is the wiki client, not the Flask test client."""
from __future__ import annotations

import pytest

from tests.support.wiki_fixtures import FAST_POLICY, FIXTURES, TEST_WIKI_ID  # noqa: F401 - re-exported


def pytest_configure(config):
    config.addinivalue_line("markers", "wiki: tests against a real local MediaWiki")


@pytest.fixture
def client(wiki_client):
    return wiki_client
