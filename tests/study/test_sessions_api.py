"""Study sessions through the API: derived durations, time rules, overlaps, privacy, lists."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from arena.extensions import db
from arena.study.models import StudySession
from tests.conftest import envelope_ok
from tests.study.conftest import at, hours_ago, iso


def stored_sessions():
    db.session.remove()
    return db.session.scalar(select(func.count()).select_from(StudySession))


@pytest.fixture
def subject(headers, make_subject):
    return make_subject(headers, "Calculus")


def post(client, headers, **body):
    return client.post("/api/v1/study-sessions", json=body, headers=headers)


def test_times_in_other_offsets_and_derived_duration(client, headers, subject):
    data = envelope_ok(post(client, headers, subject_id=subject["id"], started_at="2025-03-03T10:00:59+00:00",
                            ended_at="2025-03-03T14:30:10+03:00", notes="<i>chapter</i> 3"), 201)
    assert data["started_at"] == "2025-03-03T10:00:00+00:00"
    assert data["ended_at"] == "2025-03-03T11:30:00+00:00"
    assert data["duration_minutes"] == 90 and data["running"] is False
    assert data["notes"] == "chapter 3" and data["subject_name"] == "Calculus"
    resp = post(client, headers, subject_id=subject["id"], started_at="2025-03-04T10:00:00+00:00",
                ended_at="2025-03-04T11:00:00+00:00", duration_minutes=5)
    assert resp.status_code == 422 and "duration_minutes" in resp.get_json()["errors"]
    resp = post(client, headers, subject_id=subject["id"], started_at="2025-03-04T10:00:00",
                ended_at="2025-03-04T11:00:00")  # no offset: ambiguous, refused
    assert resp.status_code == 422 and "started_at" in resp.get_json()["errors"]
    assert stored_sessions() == 1


@pytest.mark.parametrize("start,end,field", [
    ("2025-03-03T11:00:00+00:00", "2025-03-03T10:00:00+00:00", "ended_at"),  # reversed
    ("2025-03-03T11:00:00+00:00", "2025-03-03T11:00:30+00:00", "ended_at"),  # same minute
    ("2025-03-03T10:00:00+00:00", "2025-03-04T10:01:00+00:00", "ended_at"),  # over 24 hours
])
def test_bad_spans_are_refused(client, headers, subject, start, end, field):
    resp = post(client, headers, subject_id=subject["id"], started_at=start, ended_at=end)
    assert resp.status_code == 422
    assert field in resp.get_json()["errors"]
    assert stored_sessions() == 0


def test_exactly_24_hours_is_allowed_and_the_future_is_not(client, headers, subject):
    envelope_ok(post(client, headers, subject_id=subject["id"], started_at="2025-03-03T10:00:00Z",
                     ended_at="2025-03-04T10:00:00Z"), 201)
    future = datetime.now(timezone.utc) + timedelta(hours=2)
    resp = post(client, headers, subject_id=subject["id"], started_at=iso(future - timedelta(hours=1)),
                ended_at=iso(future))
    assert resp.status_code == 422 and "ended_at" in resp.get_json()["errors"]
    assert "future" in resp.get_json()["errors"]["ended_at"][0]
    assert stored_sessions() == 1


def test_overlaps_are_refused_naming_the_clash(client, headers, subject, make_session):
    first = make_session(headers, subject["id"], at("2025-03-03", "10:00"), at("2025-03-03", "11:00"))
    for start, end in [("10:30", "11:30"), ("09:30", "10:01"), ("10:10", "10:20"), ("09:00", "12:00")]:
        resp = post(client, headers, subject_id=subject["id"], started_at=iso(at("2025-03-03", start)),
                    ended_at=iso(at("2025-03-03", end)))
        assert resp.status_code == 422, (start, end)
        body = resp.get_json()
        message = body["errors"]["started_at"][0]
        assert str(first["id"]) in message and "Calculus" in message
        assert "2025-03-03T10:00:00Z" in message and "2025-03-03T11:00:00Z" in message
    # touching ends are not overlaps
    make_session(headers, subject["id"], at("2025-03-03", "11:00"), at("2025-03-03", "11:30"))
    make_session(headers, subject["id"], at("2025-03-03", "09:00"), at("2025-03-03", "10:00"))
    assert stored_sessions() == 3


def test_overlap_with_another_subject_counts_but_other_users_do_not(client, headers, subject, make_subject,
                                                                     make_session, other, auth_headers):
    physics = make_subject(headers, "Physics")
    make_session(headers, subject["id"], at("2025-03-03", "10:00"), at("2025-03-03", "11:00"))
    resp = post(client, headers, subject_id=physics["id"], started_at=iso(at("2025-03-03", "10:30")),
                ended_at=iso(at("2025-03-03", "10:45")))
    assert resp.status_code == 422
    theirs = auth_headers(other)
    their_subject = make_subject(theirs, "Calculus")
    make_session(theirs, their_subject["id"], at("2025-03-03", "10:00"), at("2025-03-03", "11:00"))


def test_patch_keeps_the_rules(client, headers, subject, make_session):
    a = make_session(headers, subject["id"], at("2025-03-03", "10:00"), at("2025-03-03", "11:00"))
    b = make_session(headers, subject["id"], at("2025-03-03", "12:00"), at("2025-03-03", "13:00"))
    url = f"/api/v1/study-sessions/{b['id']}"
    resp = client.patch(url, json={"started_at": iso(at("2025-03-03", "10:59"))}, headers=headers)
    assert resp.status_code == 422 and str(a["id"]) in resp.get_json()["message"]
    resp = client.patch(url, json={"ended_at": iso(at("2025-03-03", "11:59"))}, headers=headers)
    assert resp.status_code == 422 and "ended_at" in resp.get_json()["errors"]
    changed = envelope_ok(client.patch(url, json={"started_at": iso(at("2025-03-03", "11:00")), "notes": "ok"},
                                       headers=headers))
    assert changed["duration_minutes"] == 120 and changed["notes"] == "ok"
    # moving a session onto itself (same times) is not an overlap with itself
    envelope_ok(client.patch(url, json={"started_at": iso(at("2025-03-03", "11:00"))}, headers=headers))
    resp = client.patch(url, json={"ended_at": None}, headers=headers)
    assert resp.status_code == 422
    assert envelope_ok(client.get(url, headers=headers))["duration_minutes"] == 120


def test_another_users_subject_cannot_be_used(client, headers, other, auth_headers, make_subject, subject,
                                             make_session):
    theirs = make_subject(auth_headers(other), "Secret")
    resp = post(client, headers, subject_id=theirs["id"], started_at=iso(at("2025-03-03", "10:00")),
                ended_at=iso(at("2025-03-03", "11:00")))
    assert resp.status_code == 422 and "subject_id" in resp.get_json()["errors"]
    resp = client.post("/api/v1/study-sessions/timer", json={"subject_id": theirs["id"]}, headers=headers)
    assert resp.status_code == 422 and "subject_id" in resp.get_json()["errors"]
    mine = make_session(headers, subject["id"], at("2025-03-03", "10:00"), at("2025-03-03", "11:00"))
    resp = client.patch(f"/api/v1/study-sessions/{mine['id']}", json={"subject_id": theirs["id"]}, headers=headers)
    assert resp.status_code == 422 and "subject_id" in resp.get_json()["errors"]
    assert envelope_ok(client.get(f"/api/v1/study-sessions/{mine['id']}", headers=headers))["subject_id"] == subject["id"]
    assert stored_sessions() == 1


def test_other_users_sessions_are_invisible(client, headers, subject, make_session, other, auth_headers):
    mine = make_session(headers, subject["id"], at("2025-03-03", "10:00"), at("2025-03-03", "11:00"))
    theirs = auth_headers(other)
    url = f"/api/v1/study-sessions/{mine['id']}"
    assert client.get(url, headers=theirs).status_code == 404
    assert client.patch(url, json={"notes": "x"}, headers=theirs).status_code == 404
    assert client.delete(url, headers=theirs).status_code == 404
    assert envelope_ok(client.get("/api/v1/study-sessions", headers=theirs)) == []
    assert envelope_ok(client.get(url, headers=headers))["notes"] == ""
    assert envelope_ok(client.delete(url, headers=headers))["id"] == mine["id"]
    assert client.get(url, headers=headers).status_code == 404


def test_archived_subjects_take_no_new_sessions(client, headers, subject):
    client.patch(f"/api/v1/subjects/{subject['id']}", json={"status": "archived"}, headers=headers)
    resp = post(client, headers, subject_id=subject["id"], started_at=iso(at("2025-03-03", "10:00")),
                ended_at=iso(at("2025-03-03", "11:00")))
    assert resp.status_code == 422 and "subject_id" in resp.get_json()["errors"]


def test_filters_sorting_and_stable_order(client, headers, subject, make_subject, make_session):
    other_subject = make_subject(headers, "Biology")
    s1 = make_session(headers, subject["id"], at("2025-03-01", "10:00"), at("2025-03-01", "10:30"))
    s2 = make_session(headers, subject["id"], at("2025-03-02", "10:00"), at("2025-03-02", "11:00"))
    s3 = make_session(headers, other_subject["id"], at("2025-03-02", "12:00"), at("2025-03-02", "12:30"))
    s4 = make_session(headers, subject["id"], at("2025-03-03", "23:30"), at("2025-03-04", "00:30"))

    def ids(query):
        return [s["id"] for s in envelope_ok(client.get(f"/api/v1/study-sessions?{query}", headers=headers))]

    assert ids("") == [s4["id"], s3["id"], s2["id"], s1["id"]]  # newest first by default
    assert ids("sort=start") == [s1["id"], s2["id"], s3["id"], s4["id"]]
    assert ids("sort=duration") == [s1["id"], s3["id"], s2["id"], s4["id"]]  # 30, 30 (tie: by id), 60, 60
    assert ids("sort=-duration") == [s4["id"], s2["id"], s3["id"], s1["id"]]
    assert ids(f"subject_id={other_subject['id']}") == [s3["id"]]
    assert ids("from=2025-03-02&to=2025-03-02&sort=start") == [s2["id"], s3["id"]]
    assert ids("from=2025-03-03") == [s4["id"]]
    # days are read in the time zone asked for: 23:30 UTC on the 3rd is the 4th in Riyadh (+03)
    assert ids("from=2025-03-04&to=2025-03-04&tz=Asia/Riyadh") == [s4["id"]]
    assert ids("to=2025-03-01") == [s1["id"]]
    for bad in ("sort=name", "from=yesterday", "from=2025-03-04&to=2025-03-01", "tz=Mars/Olympus", "per_page=101", "page=0"):
        assert client.get(f"/api/v1/study-sessions?{bad}", headers=headers).status_code == 422, bad
    # paging walks every row exactly once
    seen = ids("per_page=3&page=1&sort=duration") + ids("per_page=3&page=2&sort=duration")
    assert seen == [s1["id"], s3["id"], s2["id"], s4["id"]]


def test_recent_sessions_near_now(client, headers, subject, make_session):
    made = make_session(headers, subject["id"], hours_ago(2), hours_ago(1))
    assert made["duration_minutes"] == 60
