"""Start and end notices of contests and competitions: the periodic task notifies the people of what
started or ended since it last looked, once per event and person (idempotency key), on each person's
channel and in their language. The clock is moved with time-machine."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import time_machine
from sqlalchemy import select

from arena.extensions import db
from tests.conftest import envelope_ok
from tests.identity.conftest import body_of

T0 = datetime(2031, 3, 1, 10, 0, tzinfo=timezone.utc)


def _run(at):
    from arena.notifications.tasks import send_schedule_notices

    with time_machine.travel(at, tick=False):
        db.session.expire_all()
        return send_schedule_notices.delay().get()


def _notes(user_id):
    from arena.notifications.models import Notification

    db.session.expire_all()
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user_id,
                                                              Notification.kind == "contest_dates")
                                   .order_by(Notification.id)))


def _contest(owner, juror, author):
    from arena.contests import operations
    from arena.contests.models import Submission

    contest = operations.build_contest({"name": "Spring of wikis", "wikis": ["enwiki"], "is_published": True,
                                        "starts_at": T0 + timedelta(hours=1), "ends_at": T0 + timedelta(days=1)},
                                       owner=owner, actor=owner)
    operations.add_member(contest, "jury", user_id=juror.id, actor=owner)
    db.session.add(Submission(contest_id=contest.id, user_id=author.id, wiki_id="enwiki", title="Ada",
                              title_key="Ada", status="pending"))
    db.session.commit()
    return contest


def test_contest_start_and_end_reach_organisers_jury_and_participants_once(mail_config, client, create_user,
                                                                            auth_headers):
    sink = mail_config
    owner = create_user("owner", role="admin")
    juror = create_user("huda", email="huda@example.org", language="ar")
    author, quiet, stranger = create_user("author"), create_user("quiet"), create_user("stranger")
    envelope_ok(client.put("/api/v1/notifications/settings", json={"channels": {"contest_dates": "mail"}},
                           headers=auth_headers(juror)))
    envelope_ok(client.put("/api/v1/notifications/settings", json={"channels": {"contest_dates": "off"}},
                           headers=auth_headers(quiet)))
    with time_machine.travel(T0, tick=False):
        contest = _contest(owner, juror, author)
        from arena.contests import operations

        operations.add_member(contest, "jury", user_id=quiet.id, actor=owner)
        db.session.commit()

    assert _run(T0) == 0  # first look: nothing has started yet
    assert _run(T0 + timedelta(minutes=30)) == 0
    assert _run(T0 + timedelta(hours=1, minutes=5)) == 3  # owner, juror, author; "quiet" switched it off
    assert [n.data["phase"] for n in _notes(author.id)] == ["started"]
    assert _notes(quiet.id) == [] and _notes(stranger.id) == []
    mail = sink.wait_for("huda@example.org")
    assert "بدأت «Spring of wikis» (2031-03-01 11:00 UTC)." in body_of(mail)
    english = envelope_ok(client.get("/api/v1/notifications", headers=auth_headers(author)))
    assert english[0]["message"] == "“Spring of wikis” has started (2031-03-01 11:00 UTC)."
    assert english[0]["link"] == f"/contests/{contest.slug}"

    assert _run(T0 + timedelta(hours=2)) == 0  # looked already
    assert _run(T0 + timedelta(days=1, minutes=1)) == 3
    assert [n.data["phase"] for n in _notes(owner.id)] == ["started", "ended"]

    # a cursor moved back (or a second scheduler running the same window) notifies nobody twice
    from arena.notifications.models import NotificationCursor

    db.session.execute(NotificationCursor.__table__.update().values(at=T0))
    db.session.commit()
    assert _run(T0 + timedelta(days=1, minutes=2)) == 0
    assert [n.data["phase"] for n in _notes(author.id)] == ["started", "ended"]


def test_drafts_and_deleted_contests_are_not_announced(client, create_user):
    from arena.contests import operations

    owner = create_user("owner", role="admin")
    with time_machine.travel(T0, tick=False):
        operations.build_contest({"name": "Draft", "wikis": ["enwiki"], "is_published": False,
                                  "starts_at": T0 + timedelta(minutes=5), "ends_at": T0 + timedelta(days=1)},
                                 owner=owner, actor=owner)
        db.session.commit()
    assert _run(T0) == 0
    assert _run(T0 + timedelta(minutes=10)) == 0
    assert _notes(owner.id) == []


def test_competition_end_reaches_organisers_and_competitors(client, create_user, auth_headers):
    organiser, player, bystander = create_user("organiser", role="admin"), create_user("player"), create_user("other")
    with time_machine.travel(T0, tick=False):
        competition = envelope_ok(client.post("/api/v1/competitions", headers=auth_headers(organiser), json={
            "title": "Nile quiz", "starts_at": (T0 + timedelta(minutes=10)).isoformat(),
            "ends_at": (T0 + timedelta(hours=3)).isoformat(), "is_published": True}), 201)
        envelope_ok(client.post(f"/api/v1/competitions/{competition['id']}/questions",
                                headers=auth_headers(organiser),
                                json={"kind": "true_false", "text": "The Nile is in Africa.", "answer": True}), 201)
    assert _run(T0) == 0
    assert _run(T0 + timedelta(minutes=15)) == 1  # only the organiser so far
    with time_machine.travel(T0 + timedelta(minutes=20), tick=False):
        envelope_ok(client.post(f"/api/v1/competitions/{competition['id']}/attempts", headers=auth_headers(player)),
                    201)
    assert _run(T0 + timedelta(hours=3, minutes=1)) == 2
    assert [n.data["phase"] for n in _notes(organiser.id)] == ["started", "ended"]
    assert [n.data["phase"] for n in _notes(player.id)] == ["ended"]
    assert _notes(bystander.id) == []
