"""On PostgreSQL: many simultaneous submits of one attempt score it once and announce it once."""

from __future__ import annotations

import threading

import pytest

from arena.core import signals
from tests.competitions.conftest import RIGHT, answer, start
from tests.support import services

pytestmark = pytest.mark.skipif(not services.database_url(), reason="needs PostgreSQL (ARENA_TEST_DATABASE_URL)")


def test_twenty_concurrent_submits_score_once_and_signal_once(app, client, player, auth_headers, make_competition):
    from arena.competitions.models import Attempt
    from arena.extensions import db

    competition = make_competition()
    headers = auth_headers(player)
    attempt = start(client, headers, competition["id"])
    for index, qid in enumerate(competition["question_ids"]):
        answer(client, headers, competition["id"], attempt["id"], qid, RIGHT[index])
    received = []
    lock = threading.Lock()

    def receiver(sender, **kwargs):
        with lock:
            received.append(kwargs)

    signals.competition_attempt_scored.connect(receiver)
    barrier = threading.Barrier(20)
    statuses = []

    def submit_once():
        local = app.test_client()
        barrier.wait()
        resp = local.post(f"/api/v1/competitions/{competition['id']}/attempts/{attempt['id']}/submit",
                          headers=headers)
        with lock:
            statuses.append((resp.status_code, resp.get_json()["data"]["breakdown"]["total"]))

    try:
        threads = [threading.Thread(target=submit_once) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        signals.competition_attempt_scored.disconnect(receiver)
    assert len(statuses) == 20
    # every caller sees the one result: 4 × 10 = 40, and 20 % time bonus (the clock stands still) = 48
    assert set(statuses) == {(200, "48.00")}
    assert received == [{"user_id": player.id, "competition_id": competition["id"], "points": 100}]
    db.session.expire_all()
    assert db.session.get(Attempt, attempt["id"]).status == "submitted"
