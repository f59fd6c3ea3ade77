"""The app-level wiki service and its API, against the real local MediaWiki."""

import pytest

from arena.wiki import service
from tests.conftest import envelope_ok
from tests.wiki.conftest import TEST_WIKI_ID


@pytest.fixture
def wiki_app(config, wiki, request):
    config.update(WIKIS={TEST_WIKI_ID: wiki.api_url}, WIKI_TIMEOUT=3, WIKI_MAX_RETRIES=0,
                  WIKI_BACKOFF=0.05, WIKI_BREAKER_FAIL_MAX=2, WIKI_BREAKER_RESET_SECONDS=1,
                  WIKI_CONTACT="tests@arena.invalid")
    return request.getfixturevalue("app")


@pytest.fixture
def api(wiki_app, create_user, auth_headers):
    headers = auth_headers(create_user("reader"))
    client = wiki_app.test_client()

    def get(path, **params):
        return client.get(path, query_string=params, headers=headers)

    return get


def test_article_facts_through_the_api_match_the_wiki(api, wiki, client):
    direct = client.article_facts(["Ada Lovelace"])["Ada Lovelace"].to_dict()
    data = envelope_ok(api("/api/v1/wiki/article", url=wiki.article_url("Ada_Lovelace")))
    assert data["wiki"] == TEST_WIKI_ID
    facts = data["facts"]
    assert facts == direct
    assert facts["creator"] == "Alice" and facts["size"] == 1199
    assert facts["created_at"].startswith("2026-03-05")


def test_links_in_other_forms_and_redirects(api, wiki):
    base = wiki.base_url
    for url in (f"{base}/index.php?title=Ada_Lovelace", f"{base}/index.php/Ada%20Lovelace#Life",
                f"{base}/index.php?title=Lovelace&redirect=yes"):
        facts = envelope_ok(api("/api/v1/wiki/article", url=url))["facts"]
        assert facts["title"] == "Ada Lovelace", url


def test_size_at_and_user_window(api, wiki):
    data = envelope_ok(api("/api/v1/wiki/article", url=wiki.article_url("Ada Lovelace"),
                           at="2026-04-01T00:00:00Z", user="Bob",
                           since="2026-04-01T00:00:00Z", until="2026-04-30T00:00:00Z"))
    assert data["size_at"] == 225  # only Alice's first revision existed on 1 April
    assert data["user_bytes_added"] == 1151 - 225
    assert data["expansion_bytes"] == 1199 - 225


def test_bad_links_and_arguments_are_422(api, wiki):
    resp = api("/api/v1/wiki/article", url="https://example.org/wiki/Foo")
    assert resp.status_code == 422 and "url" in resp.get_json()["errors"]
    resp = api("/api/v1/wiki/article", url=wiki.article_url("Talk:Ada Lovelace"))
    assert resp.status_code == 422
    resp = api("/api/v1/wiki/article", url=wiki.article_url("Ada Lovelace"), user="Bob")
    assert resp.status_code == 422 and "user" in resp.get_json()["errors"]
    assert api("/api/v1/wiki/article").status_code == 422


def test_wiki_user_and_preview(api, wiki):
    user = envelope_ok(api("/api/v1/wiki/user", wiki=TEST_WIKI_ID, name="Alice"))
    assert user["exists"] is True and user["edit_count"] > 0
    assert envelope_ok(api("/api/v1/wiki/user", wiki=TEST_WIKI_ID, name="Nobody Here"))["exists"] is False
    assert api("/api/v1/wiki/user", wiki="notawiki", name="x").status_code == 422
    preview = envelope_ok(api("/api/v1/wiki/preview", url=wiki.article_url("Ada Lovelace")))
    assert "Lovelace" in preview["html"] and "<script" not in preview["html"].lower()
    assert api("/api/v1/wiki/preview", url=wiki.article_url("No such page at all")).status_code == 404


def test_facts_are_cached_and_refresh_bypasses_the_cache(api, wiki, wiki_app):
    url = wiki.article_url("Charles Babbage")
    envelope_ok(api("/api/v1/wiki/article", url=url))
    with wiki_app.app_context():
        wiki_client = service.client(TEST_WIKI_ID)
    before = wiki_client.request_count
    envelope_ok(api("/api/v1/wiki/article", url=url))
    assert wiki_client.request_count == before  # served from the cache
    envelope_ok(api("/api/v1/wiki/article", url=url, refresh="true"))
    assert wiki_client.request_count > before


def test_facts_for_many_titles_are_batched(wiki_app, wiki):
    titles = [f"Missing page {i}" for i in range(120)]
    with wiki_app.app_context():
        wiki_client = service.client(TEST_WIKI_ID)
        wiki_client.siteinfo()  # read once per client (namespaces, language)
        before = wiki_client.request_count
        facts = service.article_facts(TEST_WIKI_ID, titles)
        assert len(facts) == 120 and not any(f.exists for f in facts.values())
        assert wiki_client.request_count - before == 3  # 50 + 50 + 20


def test_wiki_down_gives_503_and_opens_the_breaker(api, wiki, wiki_app):
    wiki.stop()
    try:
        url = wiki.article_url("Analytical Engine")
        for _ in range(2):
            resp = api("/api/v1/wiki/article", url=url, refresh="true")
            assert resp.status_code == 503 and resp.get_json()["success"] is False
        status = wiki_app.test_client().get("/status").get_json()
        assert status["wikis"][TEST_WIKI_ID]["breaker"] == "open"
    finally:
        wiki.start()
    import time

    time.sleep(1.2)  # the breaker's reset timeout: one trial call is let through and succeeds
    envelope_ok(api("/api/v1/wiki/article", url=wiki.article_url("Analytical Engine"), refresh="true"))
    assert wiki_app.test_client().get("/status").get_json()["wikis"][TEST_WIKI_ID]["breaker"] == "closed"


def test_anonymous_callers_are_refused(wiki_app, wiki):
    resp = wiki_app.test_client().get("/api/v1/wiki/article", query_string={"url": wiki.article_url("Ada")})
    assert resp.status_code == 401
