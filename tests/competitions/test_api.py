"""The competitions API: organisers write, participants take timed attempts, results and boards."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest

from arena.core import signals
from tests.competitions.conftest import QUESTIONS, RIGHT, T0, answer, start, submit
from tests.conftest import envelope_ok


@pytest.fixture
def scored():
    received = []

    def receiver(sender, **kwargs):
        received.append((sender.id, kwargs))

    signals.competition_attempt_scored.connect(receiver)
    yield received
    signals.competition_attempt_scored.disconnect(receiver)


# --- who writes -------------------------------------------------------------------------------
def test_only_admins_and_trusted_members_create(client, create_user, auth_headers, clock, db_session):
    from arena.contests.models import TrustedMemberRequest

    body = {"title": "Quiz", "starts_at": T0.isoformat(), "ends_at": (T0 + timedelta(days=1)).isoformat()}
    plain = create_user("plain")
    resp = client.post("/api/v1/competitions", json=body, headers=auth_headers(plain))
    assert resp.status_code == 403
    assert client.get("/api/v1/competitions?mine=true", headers=auth_headers(plain)).get_json()["data"] == []

    trusted = create_user("trusted")
    db_session.add(TrustedMemberRequest(user_id=trusted.id, wiki_id="enwiki", wiki_username="Trusted",
                                        status="approved"))
    db_session.commit()
    created = envelope_ok(client.post("/api/v1/competitions", json=body, headers=auth_headers(trusted)), 201)
    assert created["organiser_ids"] == [trusted.id]
    assert created["status"] == "draft"
    assert created["reward_tiers"] == [{"min_percent": 80, "share": 100}, {"min_percent": 50, "share": 50}]


def test_unknown_fields_and_bad_values_are_refused(client, organiser, auth_headers, make_competition):
    headers = auth_headers(organiser)
    resp = client.post("/api/v1/competitions", json={"title": "x", "starts_at": T0.isoformat(),
                                                     "ends_at": T0.isoformat(), "owner_id": 1}, headers=headers)
    assert resp.status_code == 422 and "owner_id" in resp.get_json()["errors"]
    resp = client.post("/api/v1/competitions", json={"title": "x", "starts_at": T0.isoformat(),
                                                     "ends_at": (T0 - timedelta(hours=1)).isoformat()},
                       headers=headers)
    assert resp.status_code == 422 and "ends_at" in resp.get_json()["errors"]
    competition = make_competition(questions=[])
    url = f"/api/v1/competitions/{competition['id']}/questions"
    resp = client.post(url, json={"kind": "single", "text": "?", "answer": "z",
                                  "options": [{"text": "A"}, {"text": "B"}]}, headers=headers)
    assert resp.status_code == 422 and "answer" in resp.get_json()["errors"]
    resp = client.post(url, json={"kind": "essay", "text": "?", "answer": "z"}, headers=headers)
    assert resp.status_code == 422
    assert envelope_ok(client.get(url, headers=headers)) == []


# --- attempts ---------------------------------------------------------------------------------
def test_answers_never_appear_before_results_may_be_shown(client, player, auth_headers, make_competition, clock):
    competition = make_competition(results_shown="after_end", shuffle_options=True, shuffle_questions=True)
    headers = auth_headers(player)
    attempt = start(client, headers, competition["id"])
    secrets = ["Cairo since", "Neon and argon.", "It flows north", "القاهرة.", "correct", "explanation"]
    text = json.dumps(attempt, ensure_ascii=False)
    assert not any(s in text for s in secrets), text
    assert attempt["seconds_left"] == 600
    assert sorted(q["id"] for q in attempt["questions"]) == sorted(competition["question_ids"])
    assert all(q["saved"] is None for q in attempt["questions"])
    for index, qid in enumerate(competition["question_ids"]):
        saved = answer(client, headers, competition["id"], attempt["id"], qid, RIGHT[index])
        assert "Cairo" not in saved.get_data(as_text=True)
    result = envelope_ok(submit(client, headers, competition["id"], attempt["id"]))
    text = json.dumps(result, ensure_ascii=False)
    assert result["results_visible"] is False
    assert not any(s in text for s in secrets[:4]), text
    assert all(q["correct_answer"] is None and q["explanation"] is None and q["credit"] is None
               for q in result["questions"])
    assert result["breakdown"]["correct"] == 4
    clock.move_to(T0 + timedelta(days=2))  # the competition has ended: now they may be shown
    after = envelope_ok(client.get(f"/api/v1/competitions/{competition['id']}/attempts/{attempt['id']}/result",
                                   headers=auth_headers(player)))
    assert after["results_visible"] is True
    by_id = {q["id"]: q for q in after["questions"]}
    assert by_id[competition["question_ids"][0]]["correct_answer"] == "b"
    assert by_id[competition["question_ids"][0]]["explanation"] == "Cairo since 969."


def test_a_scored_attempt_has_every_term_and_sends_the_signal_once(client, player, auth_headers, make_competition,
                                                                   clock, scored):
    competition = make_competition(wrong_penalty="2.5")
    headers = auth_headers(player)
    attempt = start(client, headers, competition["id"])
    qids = competition["question_ids"]
    for index in (0, 1, 2):
        assert answer(client, headers, competition["id"], attempt["id"], qids[index], RIGHT[index]).status_code == 200
    assert answer(client, headers, competition["id"], attempt["id"], qids[3], "الإسكندرية").status_code == 200
    clock.shift(timedelta(seconds=250))
    result = envelope_ok(submit(client, headers, competition["id"], attempt["id"]))
    # 3 right × 10 = 30; 1 wrong × 2.5 = 2.50; 350 s of 600 left: time bonus 20 % of 27.50 = 5.50
    assert result["breakdown"] == {"correct": 3, "wrong": 1, "unanswered": 0, "raw_points": "30.00",
                                   "penalties": "2.50", "all_correct_bonus": "0.00", "time_bonus": "5.50",
                                   "total": "33.00", "percent_correct": "75.00", "reward_share": 50,
                                   "points_earned": 50}
    assert result["status"] == "submitted" and result["duration_seconds"] == 250
    assert scored == [(attempt["id"], {"user_id": player.id, "competition_id": competition["id"], "points": 50})]
    again = envelope_ok(submit(client, headers, competition["id"], attempt["id"]))  # a retried submit
    assert again["breakdown"]["total"] == "33.00"
    assert len(scored) == 1
    late = answer(client, headers, competition["id"], attempt["id"], qids[3], RIGHT[3])
    assert late.status_code == 409


def test_a_late_answer_is_refused_and_the_attempt_closed_with_what_was_saved(client, player, auth_headers,
                                                                             make_competition, clock, scored):
    competition = make_competition()
    headers = auth_headers(player)
    attempt = start(client, headers, competition["id"])
    qids = competition["question_ids"]
    answer(client, headers, competition["id"], attempt["id"], qids[0], "b")
    clock.shift(timedelta(seconds=603))  # within the 5 s grace: still accepted
    assert answer(client, headers, competition["id"], attempt["id"], qids[1], ["a", "c"]).status_code == 200
    clock.shift(timedelta(seconds=3))  # 606 s: past deadline and grace
    late = answer(client, headers, competition["id"], attempt["id"], qids[2], True)
    assert late.status_code == 409
    assert "Time is up" in late.get_json()["message"]
    result = envelope_ok(client.get(f"/api/v1/competitions/{competition['id']}/attempts/{attempt['id']}/result",
                                    headers=headers))
    assert result["status"] == "expired"
    assert result["duration_seconds"] == 600
    assert (result["breakdown"]["correct"], result["breakdown"]["unanswered"]) == (2, 2)
    assert result["breakdown"]["time_bonus"] == "0.00"
    assert len(scored) == 1
    assert submit(client, headers, competition["id"], attempt["id"]).status_code == 200  # already closed


def test_resuming_after_a_new_sign_in(client, player, auth_headers, make_competition, clock):
    competition = make_competition()
    attempt = start(client, auth_headers(player), competition["id"])
    qid = competition["question_ids"][0]
    answer(client, auth_headers(player), competition["id"], attempt["id"], qid, "a")
    clock.shift(timedelta(seconds=100))
    fresh = auth_headers(player, fresh=True)  # another token, as after signing in again
    resumed = start(client, fresh, competition["id"], status=200)
    assert resumed["id"] == attempt["id"]
    assert resumed["seconds_left"] == 500
    assert {q["id"]: q["saved"] for q in resumed["questions"]}[qid] == "a"
    assert [q["id"] for q in resumed["questions"]] == [q["id"] for q in attempt["questions"]]


def test_attempts_beyond_the_allowance_are_refused(client, player, auth_headers, make_competition, clock):
    competition = make_competition(attempts_allowed=1)
    headers = auth_headers(player)
    attempt = start(client, headers, competition["id"])
    envelope_ok(submit(client, headers, competition["id"], attempt["id"]))
    resp = client.post(f"/api/v1/competitions/{competition['id']}/attempts", headers=headers)
    assert resp.status_code == 409
    mine = envelope_ok(client.get(f"/api/v1/competitions/{competition['id']}/attempts", headers=headers))
    assert len(mine) == 1


def test_another_users_attempt_is_not_found(client, player, rival, auth_headers, make_competition, clock):
    competition = make_competition()
    attempt = start(client, auth_headers(player), competition["id"])
    base = f"/api/v1/competitions/{competition['id']}/attempts/{attempt['id']}"
    other = auth_headers(rival)
    assert client.get(base, headers=other).status_code == 404
    assert client.get(base + "/result", headers=other).status_code == 404
    qid = competition["question_ids"][0]
    assert answer(client, other, competition["id"], attempt["id"], qid, "b").status_code == 404
    assert submit(client, other, competition["id"], attempt["id"]).status_code == 404
    assert envelope_ok(client.get(base, headers=auth_headers(player)))["status"] == "open"


def test_organisers_do_not_take_part_and_bad_answers_are_422(client, organiser, player, auth_headers,
                                                             make_competition, clock):
    competition = make_competition()
    assert client.post(f"/api/v1/competitions/{competition['id']}/attempts",
                       headers=auth_headers(organiser)).status_code == 403
    headers = auth_headers(player)
    attempt = start(client, headers, competition["id"])
    resp = answer(client, headers, competition["id"], attempt["id"], competition["question_ids"][0], "zz")
    assert resp.status_code == 422
    resp = client.put(f"/api/v1/competitions/{competition['id']}/attempts/{attempt['id']}/answers/"
                      f"{competition['question_ids'][0]}", json={"value": "b", "extra": 1}, headers=headers)
    assert resp.status_code == 422


def test_a_competition_not_yet_open_refuses_attempts(client, player, auth_headers, make_competition, clock):
    competition = make_competition(starts_at=(T0 + timedelta(hours=2)).isoformat())
    resp = client.post(f"/api/v1/competitions/{competition['id']}/attempts", headers=auth_headers(player))
    assert resp.status_code == 409


# --- organisers -------------------------------------------------------------------------------
def test_changing_questions_after_attempts_needs_a_confirmed_rescore(client, organiser, player, auth_headers,
                                                                     make_competition, clock, db_session):
    from arena.competitions.models import Rescore

    competition = make_competition()
    headers = auth_headers(player)
    attempt = start(client, headers, competition["id"])
    qid = competition["question_ids"][0]
    answer(client, headers, competition["id"], attempt["id"], qid, "a")  # wrong under the original answer
    assert envelope_ok(submit(client, headers, competition["id"], attempt["id"]))["breakdown"]["correct"] == 0
    url = f"/api/v1/competitions/{competition['id']}/questions/{qid}"
    org = auth_headers(organiser)
    refused = client.patch(url, json={"answer": "a"}, headers=org)
    assert refused.status_code == 409
    assert envelope_ok(client.get(url, headers=org))["answer"] == "b"
    envelope_ok(client.patch(url + "?confirm_rescore=true", json={"answer": "a"}, headers=org))
    result = envelope_ok(client.get(f"/api/v1/competitions/{competition['id']}/attempts/{attempt['id']}/result",
                                    headers=headers))
    assert result["breakdown"]["correct"] == 1
    board = envelope_ok(client.get(f"/api/v1/competitions/{competition['id']}/leaderboard"))
    assert board[0]["total"] == result["breakdown"]["total"]
    rescores = db_session.query(Rescore).all()
    assert [(r.change, r.question_id, r.attempts) for r in rescores] == [("question_updated", qid, 1)]


def test_reorder_and_delete_questions(client, organiser, auth_headers, make_competition, player):
    competition = make_competition()
    org = auth_headers(organiser)
    ids = competition["question_ids"]
    url = f"/api/v1/competitions/{competition['id']}/questions"
    reordered = envelope_ok(client.post(url + "/reorder", json={"order": ids[::-1]}, headers=org))
    assert [q["id"] for q in reordered] == ids[::-1]
    assert client.post(url + "/reorder", json={"order": ids[:2]}, headers=org).status_code == 422
    assert client.post(url + "/reorder", json={"order": ids}, headers=auth_headers(player)).status_code == 403
    envelope_ok(client.delete(f"{url}/{ids[0]}", headers=org))
    assert [q["id"] for q in envelope_ok(client.get(url, headers=org))] == ids[1:][::-1]


def test_a_competition_with_attempts_is_soft_deleted(client, organiser, player, auth_headers, make_competition,
                                                     clock, db_session):
    from arena.competitions.models import Competition

    competition = make_competition()
    start(client, auth_headers(player), competition["id"])
    deleted = envelope_ok(client.delete(f"/api/v1/competitions/{competition['id']}", headers=auth_headers(organiser)))
    assert deleted == {"deleted": "soft"}
    assert client.get(f"/api/v1/competitions/{competition['id']}").status_code == 404
    assert db_session.get(Competition, competition["id"]).deleted_at is not None
    empty = make_competition(questions=[])
    assert envelope_ok(client.delete(f"/api/v1/competitions/{empty['id']}",
                                     headers=auth_headers(organiser))) == {"deleted": "hard"}


# --- results ----------------------------------------------------------------------------------
def test_leaderboard_ranks_ties_1_2_2_4(client, create_user, auth_headers, make_competition, clock):
    competition = make_competition(questions=QUESTIONS[:2])
    cid, qids = competition["id"], competition["question_ids"]
    plan = {"annie": (["b", ["a", "c"]], 50), "bobby": (["b", ["a"]], 60), "cyrus": (["b", ["a"]], 60),
            "delia": (["a", ["a"]], 10)}
    for name, (answers, seconds) in plan.items():
        headers = auth_headers(create_user(name))
        attempt = start(client, headers, cid)
        for qid, value in zip(qids, answers):
            answer(client, headers, cid, attempt["id"], qid, value)
        clock.shift(timedelta(seconds=seconds))
        envelope_ok(submit(client, headers, cid, attempt["id"]))
        clock.shift(timedelta(seconds=-seconds))  # everyone finishes "at the same moment" relative to start
    resp = client.get(f"/api/v1/competitions/{cid}/leaderboard?per_page=3")
    rows, meta = envelope_ok(resp), resp.get_json()["meta"]
    assert [(r["user"]["username"], r["rank"]) for r in rows] == [("annie", 1), ("bobby", 2), ("cyrus", 2)]
    assert meta["total"] == 4 and meta["pages"] == 2
    page2 = envelope_ok(client.get(f"/api/v1/competitions/{cid}/leaderboard?per_page=3&page=2"))
    assert [(r["user"]["username"], r["rank"]) for r in page2] == [("delia", 4)]


def test_best_attempt_counts_and_shorter_time_breaks_ties(client, player, auth_headers, make_competition, clock):
    competition = make_competition(questions=QUESTIONS[:1], attempts_allowed=3)
    cid, qid = competition["id"], competition["question_ids"][0]
    headers = auth_headers(player)
    totals = []
    for value, seconds in (("b", 400), ("a", 10), ("b", 100)):
        attempt = start(client, headers, cid)
        answer(client, headers, cid, attempt["id"], qid, value)
        clock.shift(timedelta(seconds=seconds))
        totals.append(envelope_ok(submit(client, headers, cid, attempt["id"]))["breakdown"]["total"])
    assert totals == ["10.00", "0.00", "12.00"]  # the third finished with more than half the time left
    board = envelope_ok(client.get(f"/api/v1/competitions/{cid}/leaderboard"))
    assert [(r["total"], r["duration_seconds"]) for r in board] == [("12.00", 100)]


def test_statistics_and_csv_export_for_organisers(client, organiser, create_user, auth_headers, make_competition,
                                                  clock):
    competition = make_competition()
    cid, qids = competition["id"], competition["question_ids"]
    for name, choice in (("=cmd|' /C calc'!A0", "a"), ("Sara", "b")):
        user = create_user(name.lower().replace("=", "x").replace("|", "").replace("'", "").replace(" ", "")
                           .replace("/", "").replace("!", ""), display_name=name)
        headers = auth_headers(user)
        attempt = start(client, headers, cid)
        answer(client, headers, cid, attempt["id"], qids[0], choice)
        envelope_ok(submit(client, headers, cid, attempt["id"]))
    org = auth_headers(organiser)
    stats = envelope_ok(client.get(f"/api/v1/competitions/{cid}/statistics", headers=org))
    first = stats["questions"][0]
    assert stats["attempts"] == 2
    assert (first["answered"], first["correct"], first["unanswered"]) == (2, 1, 0)
    assert {o["id"]: o["chosen"] for o in first["options"]} == {"a": 1, "b": 1, "c": 0}
    assert stats["questions"][1]["unanswered"] == 2
    resp = client.get(f"/api/v1/competitions/{cid}/attempts.csv", headers=org)
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["attempt_id", "participant", "user_id"]
    names = {row[1] for row in rows[1:]}
    assert names == {"'=cmd|' /C calc'!A0", "Sara"}
    assert client.get(f"/api/v1/competitions/{cid}/statistics", headers=auth_headers(create_user("nosy"))) \
        .status_code == 403


def test_the_sweep_closes_expired_attempts_nobody_submitted(client, player, auth_headers, make_competition, clock,
                                                            scored):
    from arena.competitions import tasks

    competition = make_competition()
    headers = auth_headers(player)
    attempt = start(client, headers, competition["id"])
    answer(client, headers, competition["id"], attempt["id"], competition["question_ids"][2], True)
    assert tasks.close_expired_attempts.apply().get() == 0  # still running
    clock.shift(timedelta(seconds=606))
    assert tasks.close_expired_attempts.apply().get() == 1
    assert tasks.close_expired_attempts.apply().get() == 0
    result = envelope_ok(client.get(f"/api/v1/competitions/{competition['id']}/attempts/{attempt['id']}/result",
                                    headers=headers))
    assert result["status"] == "expired" and result["breakdown"]["correct"] == 1
    assert len(scored) == 1


def test_the_sweep_is_on_the_beat_schedule(app):
    schedule = app.extensions["celery"].conf.beat_schedule
    assert schedule["competitions-close-expired-attempts"]["task"] == "competitions.close_expired_attempts"
