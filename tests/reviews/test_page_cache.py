"""Leaderboards answered from the page cache: never stale after the commit that changed them (a
review, an override, a contest unpublished, a person banned), conditional requests answered 304,
and a cached answer or a 304 without any SQL."""

import pytest
import redis
import requests

from tests.conftest import envelope_ok
from tests.support import services
from tests.support.processes import ArenaServer

CONFIG = {"marks_accepted": 10, "marks_rejected": 0, "quorum": 1}


def scores(resp):
    return [(r["participant"]["name"], r["total_score"]) for r in envelope_ok(resp)]


def test_a_review_renews_the_cached_boards_and_their_etag(app, people, jury_contest, submit, api, client):
    p = people
    contest = jury_contest("simple", CONFIG)
    sub = submit(contest, p["alice"], "Alpha")
    url = f"/api/v1/contests/{contest.id}/leaderboard"
    first = api(None).get(url)
    assert scores(first) == [("alice", "0.00")] and first.headers["ETag"]
    assert scores(api(None).get(url)) == [("alice", "0.00")]  # answered from the cache
    assert scores(api(None).get("/api/v1/leaderboard")) == [("alice", "0.00")]
    page = client.get(f"/leaderboards/{contest.id}").get_data(as_text=True)
    assert "<td>0.00</td>" in page

    same = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert same.status_code == 304 and same.get_data() == b""

    envelope_ok(api(p["jury1"]).post(f"/api/v1/submissions/{sub.id}/reviews", {"decision": "accept", "marks": 7}),
                201)
    assert scores(api(None).get(url)) == [("alice", "7.00")]
    assert scores(api(None).get("/api/v1/leaderboard")) == [("alice", "7.00")]
    assert "<td>7.00</td>" in client.get(f"/leaderboards/{contest.id}").get_data(as_text=True)
    assert "<td>7.00</td>" in client.get(f"/leaderboards/{contest.id}/fragment").get_data(as_text=True)
    changed = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.headers["ETag"] != first.headers["ETag"]


def test_an_override_renews_the_cached_board(app, people, jury_contest, submit, api):
    p = people
    contest = jury_contest("simple", CONFIG)
    sub = submit(contest, p["bob"], "Beta")
    envelope_ok(api(p["jury1"]).post(f"/api/v1/submissions/{sub.id}/reviews", {"decision": "accept", "marks": 7}),
                201)
    url = f"/api/v1/contests/{contest.id}/leaderboard"
    assert scores(api(None).get(url)) == [("bob", "7.00")]
    envelope_ok(api(p["org"]).post(f"/api/v1/submissions/{sub.id}/overrides",
                                   {"status": "rejected", "reason": "Copied text", "score": "0"}), 201)
    assert scores(api(None).get(url)) == [("bob", "0.00")]


def test_an_unpublished_contest_leaves_the_cache_at_once(app, people, jury_contest, submit, api, client):
    p = people
    contest = jury_contest("simple", CONFIG)
    sub = submit(contest, p["carol"], "Gamma")
    envelope_ok(api(p["jury1"]).post(f"/api/v1/submissions/{sub.id}/reviews", {"decision": "accept", "marks": 7}),
                201)
    url = f"/api/v1/contests/{contest.id}/leaderboard"
    etag = api(None).get(url).headers["ETag"]
    assert len(scores(api(None).get("/api/v1/leaderboard"))) == 1
    assert client.get(f"/leaderboards/{contest.id}").status_code == 200

    envelope_ok(api(p["org"]).patch(f"/api/v1/contests/{contest.id}", {"is_published": False}))
    assert api(None).get(url).status_code == 404
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 404  # the old ETag earns no 304
    assert client.get(f"/leaderboards/{contest.id}").status_code == 404
    assert scores(api(None).get("/api/v1/leaderboard")) == []
    # its organiser still sees the board, uncached
    assert len(scores(api(p["org"]).get(url))) == 1


def test_a_banned_member_leaves_the_cached_points_board(app, people, api):
    from arena.extensions import db
    from arena.points import operations as points

    for name, amount in (("alice", 30), ("bob", 20)):
        points.adjust_points(people[name], amount=amount, reason="prize", actor=people["admin"])
    db.session.commit()
    url = "/api/v1/points/leaderboard"
    assert [r["username"] for r in envelope_ok(api(None).get(url))] == ["alice", "bob"]
    envelope_ok(api(people["admin"]).post(f"/api/v1/users/{people['alice'].id}/ban", {"reason": "spam"}))
    assert [r["username"] for r in envelope_ok(api(None).get(url))] == ["bob"]
    points.adjust_points(people["carol"], amount=50, reason="prize", actor=people["admin"])
    db.session.commit()
    assert [r["username"] for r in envelope_ok(api(None).get(url))] == ["carol", "bob"]


def test_a_cached_board_and_a_304_issue_no_sql(app, people, jury_contest, submit, api, client, count_queries):
    contest = jury_contest("simple", CONFIG)
    submit(contest, people["alice"], "Alpha")
    for url in (f"/api/v1/contests/{contest.id}/leaderboard?per_page=20", "/api/v1/leaderboard",
                "/api/v1/points/leaderboard"):
        first = client.get(url)
        assert first.status_code == 200
        with count_queries() as log:
            again = client.get(url)
            not_modified = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert again.get_data() == first.get_data()
        assert not_modified.status_code == 304
        assert len(log) == 0, log.statements


def test_a_private_board_is_never_shared(app, people, jury_contest, submit, api):
    """An unpublished contest's board is seen by its organisers, and never stored for anyone else."""
    p = people
    contest = jury_contest("simple", CONFIG)
    submit(contest, p["alice"], "Alpha")
    envelope_ok(api(p["org"]).patch(f"/api/v1/contests/{contest.id}", {"is_published": False}))
    url = f"/api/v1/contests/{contest.id}/leaderboard"
    assert len(scores(api(p["org"]).get(url))) == 1
    assert api(None).get(url).status_code == 404
    assert api(p["outsider"]).get(url).status_code == 404


@pytest.mark.services
@pytest.mark.skipif(not services.redis_url(), reason="needs ARENA_TEST_REDIS_URL: two processes share a "
                    "cache only through Redis (the in-process cache is per process)")
def test_two_processes_never_serve_a_stale_board(config, people, jury_contest, submit, auth_headers):
    p = people
    contest = jury_contest("simple", CONFIG)
    subs = [submit(contest, p["alice"], "Alpha"), submit(contest, p["bob"], "Beta")]
    url = f"/api/v1/contests/{contest.id}/leaderboard"
    jury = auth_headers(p["jury1"])
    with ArenaServer(config, workers=2) as one, ArenaServer(config, workers=2) as two:
        def board(server):
            resp = requests.get(server.url + url, timeout=20)
            return [(r["participant"]["name"], r["total_score"]) for r in resp.json()["data"]], resp.headers["ETag"]

        for server in (one, two, one, two):
            assert board(server)[0] == [("alice", "0.00"), ("bob", "0.00")]
        assert redis.from_url(services.redis_url()).keys("*page:board*"), "the board was not cached in Redis"

        for n, (writer, reader) in enumerate(((one, two), (two, one)), 1):
            _rows, etag = board(reader)
            resp = requests.post(f"{writer.url}/api/v1/submissions/{subs[n - 1].id}/reviews", headers=jury,
                                 json={"decision": "accept", "marks": 5}, timeout=20)
            assert resp.status_code == 201, resp.text
            rows, fresh_etag = board(reader)
            assert len([r for r in rows if r[1] == "5.00"]) == n
            assert fresh_etag != etag
            assert requests.get(reader.url + url, headers={"If-None-Match": etag}, timeout=20).status_code == 200

        resp = requests.patch(f"{one.url}/api/v1/contests/{contest.id}", headers=auth_headers(p["org"]),
                              json={"is_published": False}, timeout=20)
        assert resp.status_code == 200, resp.text
        assert requests.get(two.url + url, timeout=20).status_code == 404
