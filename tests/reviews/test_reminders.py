"""Juror reminders: two days before a contest ends each juror with entries waiting is reminded once a
day (read from a real SMTP server, in Arabic for an Arabic juror); organisers see who is behind and
send reminders now."""

from __future__ import annotations

import re
from datetime import timedelta

import time_machine

from arena.core.timeutil import utcnow
from tests.conftest import sign_in_session
from tests.identity.conftest import body_of, mail_config, smtp_server  # noqa: F401
from tests.reviews.test_simple_jury import review


def test_jurors_behind_get_one_reminder_a_day_in_their_language(mail_config, app, people, jury_contest, submit,
                                                                  api):
    from arena.extensions import db
    from arena.reviews.tasks import remind_jurors

    sink = mail_config
    p = people
    p["jury1"].language = "ar"
    db.session.commit()
    contest = jury_contest("simple", {"marks_accepted": 5, "quorum": 3})
    # noon: the moments below stay inside one UTC day whatever time of day the test runs
    contest.ends_at = contest.ends_at.replace(hour=12, minute=0, second=0, microsecond=0)
    db.session.commit()
    ends = contest.ends_at
    for who, title in (("alice", "Alpha"), ("bob", "Beta")):
        review(api, p["jury2"], submit(contest, p[who], title), decision="accept", marks=5)
    with time_machine.travel(ends - timedelta(days=3), tick=False):
        assert remind_jurors.delay().get() == 0  # not yet within two days of the end
    with time_machine.travel(ends - timedelta(days=1, hours=20), tick=False) as traveller:
        assert remind_jurors.delay().get() == 2  # jury1 and jury3; jury2 is up to date
        msg = sink.wait_for("jury1@example.org")
        assert msg["Subject"] == "مراجعات بانتظارك"
        assert f"تنتهي «{contest.name}» في {ends.strftime('%Y-%m-%d %H:%M UTC')} وتنتظر 2 مشاركات مراجعتك." \
            in body_of(msg)
        assert sink.wait_for("jury3@example.org")["Subject"] == "Reviews are waiting for you"
        assert sink.to("jury2@example.org") == []
        assert remind_jurors.delay().get() == 0  # never twice the same day
        traveller.shift(timedelta(hours=1))
        assert remind_jurors.delay().get() == 0
        traveller.shift(timedelta(days=1))
        assert remind_jurors.delay().get() == 2  # the next day, still behind
    assert len(sink.to("jury1@example.org")) == 2


def test_organisers_see_who_is_behind_and_send_now(app, client, people, jury_contest, submit, api):
    p = people
    contest = jury_contest("simple", {"marks_accepted": 5, "quorum": 3})
    review(api, p["jury2"], submit(contest, p["alice"], "Alpha"), decision="accept", marks=5)
    sign_in_session(client, p["org"])
    page = client.get(f"/jury/contests/{contest.id}").get_data(as_text=True)
    assert "Jurors with entries waiting" in page
    assert re.search(r"jury1: 1 entry waiting", page) and "jury2:" not in page
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    sent = client.post(f"/jury/contests/{contest.id}/remind", data={"csrf_token": token}, follow_redirects=True)
    assert "2 jurors reminded." in sent.get_data(as_text=True)
    again = client.post(f"/jury/contests/{contest.id}/remind", data={"csrf_token": token}, follow_redirects=True)
    assert "every juror who is behind was reminded today" in again.get_data(as_text=True)
    assert "(reminded today)" in again.get_data(as_text=True)
    juror = client.application.test_client()
    sign_in_session(juror, p["jury1"])
    assert "Jurors with entries waiting" not in juror.get(f"/jury/contests/{contest.id}").get_data(as_text=True)
    assert juror.post(f"/jury/contests/{contest.id}/remind", data={"csrf_token": token}).status_code in (400, 404)
    assert utcnow() < contest.ends_at
