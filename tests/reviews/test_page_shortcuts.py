"""Repeats of public cached answers answered before the request pipeline (``arena.core.shortcuts``):
the same bytes and headers the pipeline sends, never stale after a commit, and only for requests the
pipeline would have answered the same way for anyone."""

import pytest

from tests.conftest import envelope_ok
from tests.support import services

CONFIG = {"marks_accepted": 10, "marks_rejected": 0, "quorum": 1}


@pytest.fixture
def pipeline_runs(app):
    """How many requests went through Flask's pipeline (its before-request hooks) so far."""
    runs = []
    app.before_request_funcs.setdefault(None, []).insert(0, lambda: runs.append(1))
    return runs


def _same_headers(resp):
    return {k: v for k, v in resp.headers.items() if k not in ("X-Request-ID", "Date")}


def _metric(app, rule, status):
    return app.extensions["arena_metrics"].registry.get_sample_value(
        "arena_http_requests_total", {"method": "GET", "endpoint": rule, "status": status}) or 0


def test_a_repeat_is_answered_with_the_pipelines_bytes_and_headers(app, people, jury_contest, submit, client,
                                                                   pipeline_runs):
    contest = jury_contest("simple", CONFIG)
    submit(contest, people["alice"], "Alpha")
    url = f"/api/v1/contests/{contest.id}/leaderboard?per_page=20"
    rule = "/api/v1/contests/<int:contest_id>/leaderboard"
    first = client.get(url)
    assert first.status_code == 200 and len(pipeline_runs) == 1
    again = client.get(url, headers={"X-Request-ID": "repeat-1"})
    assert len(pipeline_runs) == 1, "the repeat went through the pipeline"
    assert again.status_code == 200 and again.get_data() == first.get_data()
    assert _same_headers(again) == _same_headers(first)
    assert again.headers["X-Request-ID"] == "repeat-1" and first.headers["X-Request-ID"]
    assert _metric(app, rule, "200") == 2  # both counted, under the route's rule

    # a conditional repeat: the first 304 comes from the view, the next ones from the shortcut
    etag = first.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    runs = len(pipeline_runs)
    not_modified = client.get(url, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.get_data() == b"" and len(pipeline_runs) == runs
    assert not_modified.headers["ETag"] == etag and _metric(app, rule, "304") == 2

    # another page of the same board is another line: the pipeline answers it first
    assert client.get(url + "&page=2").status_code == 200 and len(pipeline_runs) == runs + 1


def test_a_review_is_seen_at_once_by_the_shortcut(app, people, jury_contest, submit, api, client, pipeline_runs):
    contest = jury_contest("simple", CONFIG)
    sub = submit(contest, people["alice"], "Alpha")
    url = f"/api/v1/contests/{contest.id}/leaderboard"
    scores = lambda: [r["total_score"] for r in envelope_ok(client.get(url))]  # noqa: E731
    assert scores() == ["0.00"] and scores() == ["0.00"]
    runs = len(pipeline_runs)
    envelope_ok(api(people["jury1"]).post(f"/api/v1/submissions/{sub.id}/reviews",
                                          {"decision": "accept", "marks": 7}), 201)
    assert scores() == ["7.00"]  # the renewed generation: the pipeline built the new board
    assert len(pipeline_runs) == runs + 2  # the review, and the board built again
    assert scores() == ["7.00"] and len(pipeline_runs) == runs + 2  # then the shortcut again

    envelope_ok(api(people["org"]).patch(f"/api/v1/contests/{contest.id}", {"is_published": False}))
    assert client.get(url).status_code == 404  # unpublished: gone from the shortcut at once


def test_credentials_and_other_requests_go_through_the_pipeline(app, people, jury_contest, submit, client,
                                                                auth_headers, pipeline_runs):
    contest = jury_contest("simple", CONFIG)
    submit(contest, people["alice"], "Alpha")
    url = f"/api/v1/contests/{contest.id}/leaderboard"
    assert client.get(url).status_code == 200 and client.get(url).status_code == 200
    runs = len(pipeline_runs)
    # a credential is the pipeline's to judge (this public board does not ask for the caller)
    assert client.get(url, headers=auth_headers(people["bob"])).status_code == 200
    assert client.get(url, headers={"Authorization": "Bearer not-a-token"}).status_code == 200
    assert client.get(url, headers={"X-API-Key": "nope"}).status_code == 200
    assert client.head(url).status_code == 200
    client.set_cookie("arena_lang", "ar")
    assert client.get(url).status_code == 200
    assert len(pipeline_runs) == runs + 5


def test_a_line_is_forgotten_when_its_parts_may_move(app, people, client, monkeypatch, pipeline_runs):
    """The points board's key carries the current week and month: at midnight the line is asked of
    the view again."""
    from arena.core import shortcuts

    url = "/api/v1/points/leaderboard?period=week"
    assert client.get(url).status_code == 200 and client.get(url).status_code == 200
    assert len(pipeline_runs) == 1
    known = app.wsgi_app.known[("", "/api/v1/points/leaderboard", "period=week", "")]
    monkeypatch.setattr(shortcuts, "_now", lambda: known.until + 1)
    assert client.get(url).status_code == 200 and len(pipeline_runs) == 2


def test_a_rate_limited_deployment_counts_every_request(config, _schema):
    """With a default limit every request is counted by the pipeline: the shortcut never answers."""
    from arena.extensions import limiter
    from tests.conftest import _clean, make_app

    app = make_app({**config, "RATELIMIT_ENABLED": True, "RATELIMIT_DEFAULT": "3/minute",
                    "RATELIMIT_STORAGE_URI": "memory://"})
    try:
        _clean(app)
        client = app.test_client()
        codes = [client.get("/api/v1/leaderboard").status_code for _ in range(5)]
        assert codes == [200, 200, 200, 429, 429]
        assert not app.wsgi_app.known
    finally:  # the extension object is shared by every app of the process: no default limit for the next
        limiter.limit_manager.set_default_limits([])


def _token(app, create_user, name="alice"):
    from tests.conftest import PASSWORD

    create_user(name)
    login = app.test_client().post("/api/v1/auth/login", json={"login": name, "password": PASSWORD})
    return envelope_ok(login)["access_token"]


@pytest.mark.skipif(not services.redis_url(), reason="a token's verdict is shared only through Redis")
def test_a_token_repeat_is_answered_until_the_token_is_revoked(app, create_user, pipeline_runs):
    client = app.test_client()  # no cookies: the token alone
    token = _token(app, create_user)
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/contests", headers=bearer).status_code == 200
    runs = len(pipeline_runs)
    repeat = client.get("/api/v1/contests", headers=bearer)
    assert repeat.status_code == 200 and len(pipeline_runs) == runs
    # another person's token is another line; a changed token is refused by the pipeline
    assert client.get("/api/v1/contests", headers={"Authorization": f"Bearer {token}x"}).status_code == 401

    envelope_ok(client.post("/api/v1/auth/logout", headers=bearer))
    refused = client.get("/api/v1/contests", headers=bearer)
    assert refused.status_code == 401 and refused.get_json()["message"] == "The token has been revoked."


@pytest.mark.skipif(not services.redis_url(), reason="a token's verdict is shared only through Redis")
def test_a_token_repeat_stops_at_a_ban_and_at_expiry(app, people, create_user, auth_headers, monkeypatch,
                                                     pipeline_runs):
    from arena.core import shortcuts

    real_now = shortcuts._now
    client = app.test_client()
    bearer = {"Authorization": f"Bearer {_token(app, create_user, 'dora')}"}
    assert client.get("/api/v1/contests", headers=bearer).status_code == 200
    known = next(k for line, k in app.wsgi_app.known.items() if line[3])
    runs = len(pipeline_runs)
    monkeypatch.setattr(shortcuts, "_now", lambda: known.until + 1)  # the token's expiry
    assert known.until < float("inf")
    client.get("/api/v1/contests", headers=bearer)
    assert len(pipeline_runs) == runs + 1
    monkeypatch.setattr(shortcuts, "_now", real_now)

    assert client.get("/api/v1/contests", headers=bearer).status_code == 200
    runs = len(pipeline_runs)
    assert client.get("/api/v1/contests", headers=bearer).status_code == 200 and len(pipeline_runs) == runs
    from arena.extensions import db
    from arena.identity.models import User

    dora_id = db.session.scalar(db.select(User.id).where(User.username == "dora"))
    envelope_ok(client.post(f"/api/v1/users/{dora_id}/ban", json={"reason": "spam"},
                            headers=auth_headers(people["admin"])))
    assert client.get("/api/v1/contests", headers=bearer).status_code == 401


@pytest.mark.skipif(bool(services.redis_url()), reason="on Redis a token's verdict is kept")
def test_without_a_shared_cache_every_token_request_goes_through_the_pipeline(app, create_user, pipeline_runs):
    client = app.test_client()
    bearer = {"Authorization": f"Bearer {_token(app, create_user)}"}
    for _ in range(3):
        assert client.get("/api/v1/contests", headers=bearer).status_code == 200
    assert len(pipeline_runs) == 4  # the sign-in and every list
