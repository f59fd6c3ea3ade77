"""Demo data for the demo learner (idempotent) and the ``study_session_changed`` signal."""

from sqlalchemy import func, select

from arena.core import signals
from arena.core.cli import DEMO_PASSWORD
from arena.core.security import verify_password
from arena.extensions import db
from arena.identity import queries as identity_queries
from arena.study import demo
from arena.study.models import StudySession, Subject
from tests.conftest import envelope_ok
from tests.study.conftest import at


def counts():
    db.session.remove()
    return (db.session.scalar(select(func.count()).select_from(Subject)),
            db.session.scalar(select(func.count()).select_from(StudySession)))


def test_demo_data_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo-data"])
    assert first.exit_code == 0, first.output
    assert counts() == (3, len(demo.PLAN))
    layla = identity_queries.find_user_by_login("layla")
    assert verify_password(layla.password_hash, DEMO_PASSWORD)
    second = runner.invoke(args=["demo-data"])
    assert second.exit_code == 0, second.output
    assert counts() == (3, len(demo.PLAN))
    assert "0 subjects and 0 sessions added" in second.output


def test_demo_data_uses_an_existing_layla(app, create_user, auth_headers, client):
    layla = create_user("layla")
    assert demo.load().startswith("learner layla: 3 subjects")
    db.session.commit()
    stats = envelope_ok(client.get("/api/v1/study/stats?from=2000-01-01&to=2000-01-02", headers=auth_headers(layla)))
    assert stats["longest_streak"] >= 4  # two weeks of sessions with short gaps
    assert {p["name"] for p in stats["progress"]} == {"Arabic grammar", "Linear algebra", "Wikipedia editing"}


def test_every_session_write_sends_the_signal(client, headers, learner, make_subject, make_session):
    received = []

    def on_change(sender, **kw):
        received.append((type(sender).__name__, kw["user_id"], kw["action"]))

    subject = make_subject(headers, "Signals")
    signals.study_session_changed.connect(on_change)
    try:
        session = make_session(headers, subject["id"], at("2025-03-03", "10:00"), at("2025-03-03", "11:00"))
        client.patch(f"/api/v1/study-sessions/{session['id']}", json={"notes": "n"}, headers=headers)
        client.delete(f"/api/v1/study-sessions/{session['id']}", headers=headers)
        make_session(headers, subject["id"], at("2025-03-04", "10:00"), at("2025-03-04", "11:00"))
        client.delete(f"/api/v1/subjects/{subject['id']}", headers=headers)
        # a refused write sends nothing
        client.post("/api/v1/study-sessions", json={"subject_id": 999, "started_at": "2025-03-03T10:00:00Z",
                                                     "ended_at": "2025-03-03T11:00:00Z"}, headers=headers)
    finally:
        signals.study_session_changed.disconnect(on_change)
    assert received == [("StudySession", learner.id, action)
                        for action in ("created", "updated", "deleted", "created", "deleted")]
