"""A dependency that fails is named to the log (with the request id), never to the caller."""

import logging

import pytest

from tests.support.services import free_port

DEAD_WIKI = "dead.wiki"


@pytest.fixture
def dead_wiki_app(config, request):
    port = free_port()  # nothing listens there
    config.update(WIKIS={DEAD_WIKI: f"http://127.0.0.1:{port}/w/api.php"}, WIKI_TIMEOUT=1,
                  WIKI_MAX_RETRIES=0, WIKI_BACKOFF=0.01)
    return request.getfixturevalue("app"), port


def test_wiki_down_answers_what_to_do_and_logs_what_failed(dead_wiki_app, create_user, auth_headers, caplog):
    app, port = dead_wiki_app
    headers = auth_headers(create_user("reader"))
    with caplog.at_level(logging.WARNING, logger="arena.wiki"):
        resp = app.test_client().get("/api/v1/wiki/user", query_string={"wiki": DEAD_WIKI, "name": "Alice"},
                                     headers={**headers, "X-Request-ID": "req-wiki-down-1"})
    assert resp.status_code == 503
    body = resp.get_json()
    assert body["success"] is False
    assert body["message"] == "The wiki cannot be reached right now. Try again in a few minutes."
    assert str(port) not in resp.get_data(as_text=True) and "127.0.0.1" not in resp.get_data(as_text=True)
    logged = [r for r in caplog.records if r.name == "arena.wiki" and str(port) in r.getMessage()]
    assert logged and logged[0].request_id == "req-wiki-down-1"


def test_the_status_page_says_a_check_failed_without_its_details(app, client):
    from arena.web.views import register_status_check

    def broken():
        raise ConnectionError("redis://:secret@10.0.0.5:6379/0 refused")

    register_status_check(app, "broken", broken)
    body = client.get("/status").get_json()
    assert body["broken"] == {"status": "unknown"}
    assert "secret" not in str(body)


def test_an_unexpected_error_is_a_plain_500(app, client):
    from arena.core import access

    @access.public
    def boom():
        raise RuntimeError("postgresql://arena:hunter2@db/arena exploded")

    app.add_url_rule("/api/v1/test-boom", view_func=boom)
    resp = client.get("/api/v1/test-boom")
    assert resp.status_code == 500 and "hunter2" not in resp.get_data(as_text=True)
    assert resp.get_json()["message"] == "Something went wrong on our side. It has been logged."
