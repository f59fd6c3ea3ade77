"""The competition leaderboard is answered from the page cache, and is right again at once after an
attempt is scored, after a re-score and after the competition is unpublished."""

from __future__ import annotations

from datetime import timedelta

from arena.core import signals
from tests.competitions.conftest import answer, start, submit
from tests.conftest import envelope_ok


def _board(client, cid):
    return [(r["user"]["username"], r["total"]) for r in envelope_ok(client.get(f"/api/v1/competitions/{cid}/leaderboard"))]


def _take(client, headers, cid, qid, value, clock):
    attempt = start(client, headers, cid)
    answer(client, headers, cid, attempt["id"], qid, value)
    clock.shift(timedelta(seconds=400))
    envelope_ok(submit(client, headers, cid, attempt["id"]))
    clock.shift(timedelta(seconds=-400))


def test_cached_board_answers_without_sql_and_304_on_etag(client, player, auth_headers, make_competition, clock,
                                                           count_queries):
    competition = make_competition()
    cid, qid = competition["id"], competition["question_ids"][0]
    _take(client, auth_headers(player), cid, qid, "b", clock)
    url = f"/api/v1/competitions/{cid}/leaderboard"
    first = client.get(url)
    assert first.status_code == 200 and first.headers["ETag"]
    with count_queries() as log:
        again = client.get(url)
        unchanged = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.get_data() == first.get_data()
    assert unchanged.status_code == 304
    assert len(log) == 0


def test_board_renewed_after_a_scored_attempt(client, player, rival, auth_headers, make_competition, clock):
    competition = make_competition()
    cid, qid = competition["id"], competition["question_ids"][0]
    _take(client, auth_headers(player), cid, qid, "b", clock)
    assert _board(client, cid) == [("player", "10.00")]
    _take(client, auth_headers(rival), cid, qid, "a", clock)
    assert _board(client, cid) == [("player", "10.00"), ("rival", "0.00")]


def test_rescore_sends_its_signal_and_renews_the_board(client, organiser, player, auth_headers, make_competition,
                                                       clock):
    competition = make_competition()
    cid, qid = competition["id"], competition["question_ids"][0]
    _take(client, auth_headers(player), cid, qid, "a", clock)  # wrong under the original answer
    assert _board(client, cid) == [("player", "0.00")]
    heard = []

    def receiver(sender, **kwargs):
        heard.append((sender.id, kwargs))

    signals.competition_attempts_rescored.connect(receiver)
    try:
        envelope_ok(client.patch(f"/api/v1/competitions/{cid}/questions/{qid}?confirm_rescore=true",
                                 json={"answer": "a"}, headers=auth_headers(organiser)))
    finally:
        signals.competition_attempts_rescored.disconnect(receiver)
    assert heard == [(cid, {"attempts": 1, "change": "question_updated"})]
    assert _board(client, cid) == [("player", "10.00")]


def test_refused_rescore_leaves_the_cached_board(client, organiser, player, auth_headers, make_competition, clock):
    competition = make_competition()
    cid, qid = competition["id"], competition["question_ids"][0]
    _take(client, auth_headers(player), cid, qid, "a", clock)
    before = client.get(f"/api/v1/competitions/{cid}/leaderboard")
    refused = client.patch(f"/api/v1/competitions/{cid}/questions/{qid}", json={"answer": "a"},
                           headers=auth_headers(organiser))
    assert refused.status_code == 409
    after = client.get(f"/api/v1/competitions/{cid}/leaderboard", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 304


def test_unpublished_competition_board_is_gone_for_the_public(client, organiser, player, auth_headers,
                                                               make_competition, clock):
    competition = make_competition()
    cid, qid = competition["id"], competition["question_ids"][0]
    _take(client, auth_headers(player), cid, qid, "b", clock)
    assert _board(client, cid) == [("player", "10.00")]
    envelope_ok(client.patch(f"/api/v1/competitions/{cid}", json={"is_published": False},
                             headers=auth_headers(organiser)))
    assert client.get(f"/api/v1/competitions/{cid}/leaderboard").status_code == 404
    organisers_view = client.get(f"/api/v1/competitions/{cid}/leaderboard", headers=auth_headers(organiser))
    assert [r["user"]["username"] for r in envelope_ok(organisers_view)] == ["player"]
