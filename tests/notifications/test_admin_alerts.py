"""Administrators are alerted about queues waiting over a day (once a day per queue), failed jobs (once
per kind of job an hour) and a wiki's circuit breaker opening (once), in the app or on the channel
each administrator chose, in their language."""

import socket
from datetime import datetime, timedelta, timezone

import time_machine
from sqlalchemy import select

from arena.contests.models import ContestRequest
from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.jobs import operations as jobs
from arena.notifications import operations
from arena.notifications.models import Notification

START = datetime(2026, 1, 5, 10, 0, tzinfo=timezone.utc)


def alerts(user, alert: str) -> list[Notification]:
    db.session.expire_all()
    return [n for n in db.session.scalars(select(Notification).where(
        Notification.user_id == user.id, Notification.kind == "admin_alert").order_by(Notification.id))
        if n.data.get("alert") == alert]


def sweep(at: datetime) -> list[str]:
    with time_machine.travel(at, tick=False):
        announced = operations.alert_waiting_queues()
        db.session.commit()
    return announced


def test_a_queue_waiting_over_a_day_alerts_every_admin_once_a_day(app, create_user):
    admin, boss = create_user("keeper", role="admin"), create_user("boss", role="superadmin")
    create_user("banned-admin", role="admin", is_banned=True)
    member = create_user("member")
    with time_machine.travel(START, tick=False):
        request = ContestRequest(requester_id=member.id, name="Spring writing", settings={}, message="")
        db.session.add(request)
        db.session.commit()

    assert sweep(START + timedelta(hours=23, minutes=59)) == []  # not yet a day
    assert alerts(admin, "queue_waiting") == []
    assert sweep(START + timedelta(hours=24, minutes=5)) == ["contest-requests"]
    assert sweep(START + timedelta(hours=30)) == []  # the same day: said already
    assert [len(alerts(u, "queue_waiting")) for u in (admin, boss, member)] == [1, 1, 0]
    note = alerts(admin, "queue_waiting")[0]
    assert note.link == "/admin/contest-requests"
    assert note.data["queue"] == "contest-requests" and note.data["count"] == 1
    assert operations.render(note) == "“Contest requests” has work waiting for more than a day (1 waiting)."

    assert sweep(datetime(2026, 1, 7, 0, 5, tzinfo=timezone.utc)) == ["contest-requests"]  # the next day
    assert len(alerts(admin, "queue_waiting")) == 2
    request.status = "rejected"
    db.session.commit()
    assert sweep(datetime(2026, 1, 8, 0, 5, tzinfo=timezone.utc)) == []  # nothing waits any more


def test_alerts_follow_each_admins_channel_and_language(app, create_user, client):
    from flask_babel import force_locale

    mailed = create_user("mailed", role="admin")
    arabic = create_user("arabic", role="admin")
    arabic.language = "ar"
    operations.set_channels(mailed, {"admin_alert": "mail"})
    with time_machine.travel(START, tick=False):
        db.session.add(ContestRequest(requester_id=arabic.id, name="x", settings={}, message=""))
        db.session.commit()
    sweep(START + timedelta(days=2))
    assert alerts(mailed, "queue_waiting")[0].delivery == "mail"
    assert alerts(mailed, "queue_waiting")[0].mailed_at is not None
    with force_locale("ar"):
        text = operations.render(alerts(arabic, "queue_waiting")[0])
    assert "Contest requests" not in text and "1" in text


def test_failed_jobs_alert_once_per_kind_of_job_an_hour(app, create_user):
    admin = create_user("keeper", role="admin")
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(5):  # a burst of failures
            jobs.fail_job(jobs.create_job("worker_check", actor=admin), "boom")
        jobs.fail_job(jobs.create_job("contests.import", actor=admin), "boom")
        db.session.commit()
        assert sorted(n.data["kind"] for n in alerts(admin, "job_failed")) == ["contests.import", "worker_check"]
        clock.shift(timedelta(minutes=50))
        jobs.fail_job(jobs.create_job("worker_check", actor=admin), "boom")
        db.session.commit()
        assert len(alerts(admin, "job_failed")) == 2
        clock.shift(timedelta(minutes=15))  # the next hour
        jobs.fail_job(jobs.create_job("worker_check", actor=admin), "boom")
        db.session.commit()
    assert len(alerts(admin, "job_failed")) == 3
    assert alerts(admin, "job_failed")[-1].link == "/admin/jobs/failed"


def test_a_failed_job_rolled_back_sends_no_alert(app, create_user):
    admin = create_user("keeper", role="admin")
    jobs.fail_job(jobs.create_job("worker_check", actor=admin), "boom")
    db.session.rollback()
    assert alerts(admin, "job_failed") == []
    jobs.fail_job(jobs.create_job("worker_check", actor=admin), "boom")  # the period was not used up
    db.session.commit()
    assert len(alerts(admin, "job_failed")) == 1


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_opening_the_wiki_breaker_alerts_the_admins_once(config, request):
    port = _closed_port()
    wiki_id = f"down{port}"  # its own breaker state, also in a Redis shared with other runs
    config.update({"WIKIS": {wiki_id: f"http://127.0.0.1:{port}/api.php"}, "WIKI_TIMEOUT": 2,
                   "WIKI_MAX_RETRIES": 0, "WIKI_BACKOFF": 0.05, "WIKI_BREAKER_FAIL_MAX": 2,
                   "WIKI_BREAKER_RESET_SECONDS": 1})
    app = request.getfixturevalue("app")  # created with the configuration above
    create_user, auth_headers = request.getfixturevalue("create_user"), request.getfixturevalue("auth_headers")
    admin = create_user("keeper", role="admin")
    client = app.test_client()
    url = f"http://127.0.0.1:{port}/wiki/Ada_Lovelace"
    for _ in range(4):  # two failures open it; then it refuses at once
        resp = client.get("/api/v1/wiki/article", query_string={"url": url, "refresh": "true"},
                          headers=auth_headers(admin))
        assert resp.status_code == 503, resp.get_json()  # the request rolls back; the alert was sent on its own
    assert client.get("/status").get_json()["wikis"][wiki_id]["breaker"] == "open"
    import time

    time.sleep(1.2)  # the trial call after the reset timeout fails: it opens again, not announced again
    assert client.get("/api/v1/wiki/article", query_string={"url": url, "refresh": "true"},
                      headers=auth_headers(admin)).status_code == 503
    sent = alerts(admin, "wiki_breaker_opened")
    assert len(sent) == 1 and sent[0].data["wiki"] == wiki_id and sent[0].data["failures"] >= 2
    assert wiki_id in operations.render(sent[0]) and "circuit breaker opened" in operations.render(sent[0])
    assert utcnow() - sent[0].created_at < timedelta(minutes=1)
