"""Subjects through the API: create, read, change, delete; validation; uniqueness; privacy."""

from sqlalchemy import func, select

from arena.extensions import db
from arena.study.models import StudySession, Subject
from tests.conftest import envelope_ok
from tests.study.conftest import at


def count(model):
    db.session.remove()
    return db.session.scalar(select(func.count()).select_from(model))


def test_create_read_update_delete(client, headers, make_subject):
    created = make_subject(headers, "  Linear   algebra ", description="<b>Matrices</b> and <script>x()</script>vectors",
                           hours_goal=12.5, priority="high")
    assert created["name"] == "Linear algebra"
    assert created["description"] == "Matrices and vectors"
    assert created["hours_goal"] == 12.5 and created["priority"] == "high" and created["status"] == "active"
    assert created["completed_minutes"] == 0 and created["progress_percent"] == 0

    url = f"/api/v1/subjects/{created['id']}"
    assert envelope_ok(client.get(url, headers=headers))["name"] == "Linear algebra"
    changed = envelope_ok(client.patch(url, json={"status": "completed", "hours_goal": None}, headers=headers))
    assert changed["status"] == "completed" and changed["hours_goal"] is None and changed["progress_percent"] is None
    assert envelope_ok(client.get(url, headers=headers))["status"] == "completed"

    assert envelope_ok(client.delete(url, headers=headers))["sessions_deleted"] == 0
    assert client.get(url, headers=headers).status_code == 404
    assert count(Subject) == 0


def test_defaults(headers, make_subject):
    subject = make_subject(headers, "Chemistry")
    assert (subject["priority"], subject["status"], subject["hours_goal"], subject["description"]) == \
        ("medium", "active", None, "")


def test_invalid_fields_are_named_and_nothing_is_stored(client, headers):
    cases = [
        ({"name": ""}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "Ok", "description": "d" * 513}, "description"),
        ({"name": "Ok", "hours_goal": 0}, "hours_goal"),
        ({"name": "Ok", "hours_goal": -3}, "hours_goal"),
        ({"name": "Ok", "priority": "urgent"}, "priority"),
        ({"name": "Ok", "status": "paused"}, "status"),
        ({"description": "no name"}, "name"),
    ]
    for body, field in cases:
        resp = client.post("/api/v1/subjects", json=body, headers=headers)
        assert resp.status_code == 422, body
        assert field in resp.get_json()["errors"], (body, resp.get_json())
    assert count(Subject) == 0


def test_derived_fields_cannot_be_written(client, headers, make_subject):
    for field in ("completed_minutes", "progress_percent", "session_count", "user_id", "id"):
        resp = client.post("/api/v1/subjects", json={"name": "Physics", field: 600}, headers=headers)
        assert resp.status_code == 422 and field in resp.get_json()["errors"]
    assert count(Subject) == 0
    subject = make_subject(headers, "Physics")
    resp = client.patch(f"/api/v1/subjects/{subject['id']}", json={"completed_minutes": 600}, headers=headers)
    assert resp.status_code == 422 and "completed_minutes" in resp.get_json()["errors"]
    assert envelope_ok(client.get(f"/api/v1/subjects/{subject['id']}", headers=headers))["completed_minutes"] == 0


def test_names_are_unique_per_user_ignoring_case(client, headers, make_subject, other, auth_headers):
    make_subject(headers, "History")
    resp = client.post("/api/v1/subjects", json={"name": "hISTORY"}, headers=headers)
    assert resp.status_code == 409 and "name" in resp.get_json()["errors"]
    second = make_subject(headers, "Geography")
    resp = client.patch(f"/api/v1/subjects/{second['id']}", json={"name": "history "}, headers=headers)
    assert resp.status_code == 409
    # renaming to itself in another case is fine, and other users may use the name
    assert envelope_ok(client.patch(f"/api/v1/subjects/{second['id']}", json={"name": "GEOGRAPHY"},
                                    headers=headers))["name"] == "GEOGRAPHY"
    make_subject(auth_headers(other), "History")
    assert count(Subject) == 3


def test_completed_minutes_and_progress_come_from_sessions(client, headers, make_subject, make_session):
    subject = make_subject(headers, "Statistics", hours_goal=2)
    make_session(headers, subject["id"], at("2025-03-03", "10:00"), at("2025-03-03", "10:45"))
    make_session(headers, subject["id"], at("2025-03-04", "09:00"), at("2025-03-04", "09:30"))
    data = envelope_ok(client.get(f"/api/v1/subjects/{subject['id']}", headers=headers))
    assert data["completed_minutes"] == 75 and data["session_count"] == 2
    assert data["progress_percent"] == 62.5  # 75 of 120 minutes
    listed = envelope_ok(client.get("/api/v1/subjects", headers=headers))
    assert listed[0]["completed_minutes"] == 75


def test_deleting_a_subject_deletes_its_sessions(client, headers, make_subject, make_session):
    doomed, kept = make_subject(headers, "Doomed"), make_subject(headers, "Kept")
    make_session(headers, doomed["id"], at("2025-03-03", "10:00"), at("2025-03-03", "11:00"))
    make_session(headers, doomed["id"], at("2025-03-04", "10:00"), at("2025-03-04", "11:00"))
    keep = make_session(headers, kept["id"], at("2025-03-05", "10:00"), at("2025-03-05", "11:00"))
    data = envelope_ok(client.delete(f"/api/v1/subjects/{doomed['id']}", headers=headers))
    assert data["sessions_deleted"] == 2
    db.session.remove()
    assert db.session.scalars(select(StudySession.id)).all() == [keep["id"]]


def test_other_users_subjects_are_invisible(client, headers, make_subject, other, auth_headers):
    mine = make_subject(headers, "Mine")
    theirs = auth_headers(other)
    url = f"/api/v1/subjects/{mine['id']}"
    assert client.get(url, headers=theirs).status_code == 404
    assert client.patch(url, json={"name": "Stolen"}, headers=theirs).status_code == 404
    assert client.delete(url, headers=theirs).status_code == 404
    assert envelope_ok(client.get("/api/v1/subjects", headers=theirs)) == []
    assert envelope_ok(client.get(url, headers=headers))["name"] == "Mine"
    assert client.get("/api/v1/subjects/999999", headers=headers).status_code == 404


def test_signed_out_callers_are_refused(client):
    assert client.get("/api/v1/subjects").status_code == 401
    assert client.post("/api/v1/subjects", json={"name": "x"}).status_code == 401


def test_status_filter_and_page_limits(client, headers, make_subject):
    for name in ("B", "a", "C"):
        make_subject(headers, name)
    envelope_ok(client.post("/api/v1/subjects", json={"name": "Old", "status": "archived"}, headers=headers), 201)
    body = client.get("/api/v1/subjects?per_page=2&page=2", headers=headers).get_json()
    assert [s["name"] for s in body["data"]] == ["C", "Old"] and body["meta"]["total"] == 4
    archived = envelope_ok(client.get("/api/v1/subjects?status=archived", headers=headers))
    assert [s["name"] for s in archived] == ["Old"]
    resp = client.get("/api/v1/subjects?per_page=101", headers=headers)
    assert resp.status_code == 422 and "per_page" in resp.get_json()["errors"]
    assert client.get("/api/v1/subjects?status=nope", headers=headers).status_code == 422


def test_a_name_taken_by_a_concurrent_request_is_a_conflict_that_keeps_the_callers_other_work(
        app, learner, monkeypatch):
    import pytest

    from arena.core.errors import Conflict
    from arena.core import pagecache
    from arena.study import caching, operations, queries

    operations.create_subject(actor=learner, name="Physics")
    db.session.commit()
    monkeypatch.setattr(queries, "subject_by_name", lambda *a, **k: None)  # the check ran before the other insert
    bumped = []
    monkeypatch.setattr(pagecache, "bump", lambda *scopes: bumped.extend(scopes))

    earlier = operations.create_subject(actor=learner, name="Chemistry")  # earlier in the same unit of work
    with pytest.raises(Conflict) as refused:
        operations.create_subject(actor=learner, name="physics")
    assert refused.value.errors == {"name": ["You already have a subject with this name."]}
    assert bumped == []  # nothing is invalidated before the unit of work commits
    db.session.commit()

    assert caching.scope_for(learner.id) in bumped  # the learner's cached reads are renewed after it
    assert sorted(db.session.scalars(select(Subject.name))) == ["Chemistry", "Physics"]
    assert earlier.id is not None
