"""The running timer: start now, stop later, one at a time, counted in overlap checks until stopped."""

from datetime import datetime, timedelta, timezone

import pytest

from arena.core import signals
from tests.conftest import envelope_ok
from tests.study.conftest import hours_ago, iso

TIMER = "/api/v1/study-sessions/timer"


@pytest.fixture
def subject(headers, make_subject):
    return make_subject(headers, "Philosophy")


def minute(value: datetime) -> datetime:
    return value.replace(second=0, microsecond=0)


def test_start_state_and_only_one_at_a_time(client, headers, subject, make_subject):
    assert envelope_ok(client.get(TIMER, headers=headers)) == {
        "running": False, "session": None, "elapsed_minutes": None, "outcome": None}
    before = minute(datetime.now(timezone.utc))
    started = envelope_ok(client.post(TIMER, json={"subject_id": subject["id"]}, headers=headers), 201)
    assert started["running"] is True
    session = started["session"]
    assert session["ended_at"] is None and session["duration_minutes"] is None and session["running"] is True
    assert before <= datetime.fromisoformat(session["started_at"]) <= datetime.now(timezone.utc)
    state = envelope_ok(client.get(TIMER, headers=headers))
    assert state["running"] is True and state["session"]["id"] == session["id"]

    other_subject = make_subject(headers, "Logic")
    resp = client.post(TIMER, json={"subject_id": other_subject["id"]}, headers=headers)
    assert resp.status_code == 409 and "Philosophy" in resp.get_json()["message"]
    listed = envelope_ok(client.get("/api/v1/study-sessions", headers=headers))
    assert [s["id"] for s in listed] == [session["id"]]


def test_a_running_timer_blocks_overlapping_sessions_until_now(client, headers, subject):
    started = envelope_ok(client.post(TIMER, json={"subject_id": subject["id"]}, headers=headers), 201)["session"]
    # move the running session's start two hours back: it now occupies [now-2h, now)
    envelope_ok(client.patch(f"/api/v1/study-sessions/{started['id']}",
                             json={"started_at": iso(hours_ago(2))}, headers=headers))
    resp = client.post("/api/v1/study-sessions", json={
        "subject_id": subject["id"], "started_at": iso(hours_ago(1.5)), "ended_at": iso(hours_ago(1))},
        headers=headers)
    assert resp.status_code == 422
    assert str(started["id"]) in resp.get_json()["message"] and "running" in resp.get_json()["message"]
    # before the timer's start is free
    envelope_ok(client.post("/api/v1/study-sessions", json={
        "subject_id": subject["id"], "started_at": iso(hours_ago(3)), "ended_at": iso(hours_ago(2))},
        headers=headers), 201)


def test_stop_records_the_duration(client, headers, subject):
    received = []

    def on_change(sender, **kw):
        received.append(kw["action"])

    signals.study_session_changed.connect(on_change)
    try:
        started = envelope_ok(client.post(TIMER, json={"subject_id": subject["id"]}, headers=headers), 201)
        sid = started["session"]["id"]
        envelope_ok(client.patch(f"/api/v1/study-sessions/{sid}", json={"started_at": iso(hours_ago(1.5))},
                                 headers=headers))
        stopped = envelope_ok(client.post(f"{TIMER}/stop", headers=headers))
    finally:
        signals.study_session_changed.disconnect(on_change)
    assert stopped["outcome"] == "stopped" and stopped["running"] is False
    session = stopped["session"]
    # the stop time is the current minute, and the start was 90 minutes before a minute boundary
    assert session["duration_minutes"] in (90, 91)
    assert session["ended_at"] is not None
    assert received == ["started", "updated", "stopped"]
    assert envelope_ok(client.get(TIMER, headers=headers))["running"] is False
    subject_now = envelope_ok(client.get(f"/api/v1/subjects/{subject['id']}", headers=headers))
    assert subject_now["completed_minutes"] == session["duration_minutes"]


def test_a_timer_left_running_over_24_hours_is_ended_at_24_hours(client, headers, subject):
    sid = envelope_ok(client.post(TIMER, json={"subject_id": subject["id"]}, headers=headers), 201)["session"]["id"]
    envelope_ok(client.patch(f"/api/v1/study-sessions/{sid}", json={"started_at": iso(hours_ago(30))},
                             headers=headers))
    stopped = envelope_ok(client.post(f"{TIMER}/stop", headers=headers))
    assert stopped["outcome"] == "capped"
    assert stopped["session"]["duration_minutes"] == 24 * 60


def test_a_timer_stopped_within_its_minute_keeps_nothing(client, headers, subject):
    for _attempt in range(3):  # retry if the clock crossed a minute between start and stop
        before = minute(datetime.now(timezone.utc))
        envelope_ok(client.post(TIMER, json={"subject_id": subject["id"]}, headers=headers), 201)
        stopped = envelope_ok(client.post(f"{TIMER}/stop", headers=headers))
        if minute(datetime.now(timezone.utc)) == before:
            assert stopped["outcome"] == "discarded" and stopped["session"] is None
            assert envelope_ok(client.get("/api/v1/study-sessions", headers=headers)) == []
            return
        for s in envelope_ok(client.get("/api/v1/study-sessions", headers=headers)):
            client.delete(f"/api/v1/study-sessions/{s['id']}", headers=headers)
    pytest.fail("the clock crossed a minute boundary three times in a row")


def test_stop_without_a_timer_and_bad_starts(client, headers, subject):
    resp = client.post(f"{TIMER}/stop", headers=headers)
    assert resp.status_code == 404 and resp.get_json()["success"] is False
    assert client.post(TIMER, json={}, headers=headers).status_code == 422
    assert client.post(TIMER, json={"subject_id": "1; drop"}, headers=headers).status_code == 422
    assert client.post(TIMER, json={"subject_id": 424242}, headers=headers).status_code == 422
    sid = envelope_ok(client.post(TIMER, json={"subject_id": subject["id"]}, headers=headers), 201)["session"]["id"]
    future = datetime.now(timezone.utc) + timedelta(hours=1)
    resp = client.patch(f"/api/v1/study-sessions/{sid}", json={"started_at": iso(future)}, headers=headers)
    assert resp.status_code == 422 and "started_at" in resp.get_json()["errors"]


def test_timers_are_per_user(client, headers, subject, other, auth_headers, make_subject):
    envelope_ok(client.post(TIMER, json={"subject_id": subject["id"]}, headers=headers), 201)
    theirs = auth_headers(other)
    their_subject = make_subject(theirs, "Philosophy")
    assert envelope_ok(client.get(TIMER, headers=theirs))["running"] is False
    envelope_ok(client.post(TIMER, json={"subject_id": their_subject["id"]}, headers=theirs), 201)
    assert client.post(f"{TIMER}/stop", headers=theirs).status_code == 200
    assert envelope_ok(client.get(TIMER, headers=headers))["running"] is True
