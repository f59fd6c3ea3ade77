"""Deleting a contest from its page: a confirmation page for organisers and admins, a password entered
in the last 10 minutes, the same deletion as the API (kept hidden when it has submissions), audited."""

import re
from datetime import timedelta

import time_machine
from sqlalchemy import select

from arena.contests.models import Contest
from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.identity.audit import events_stmt
from tests.conftest import sign_in_session


def csrf(html: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def test_an_organiser_deletes_a_contest_after_confirming(client, create_user, create_contest):
    owner = create_user("owner", role="admin")
    contest = create_contest(owner)
    contest_id, slug = contest.id, contest.slug
    sign_in_session(client, owner)
    assert f"/contests/{slug}/delete" in client.get(f"/contests/{slug}").get_data(as_text=True)
    page = client.get(f"/contests/{slug}/delete")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "deleted for good" in html
    resp = client.post(f"/contests/{slug}/delete", data={"csrf_token": csrf(html)})
    assert resp.status_code == 303 and resp.headers["Location"].endswith("/contests")
    db.session.expire_all()
    assert db.session.get(Contest, contest_id) is None
    deleted = list(db.session.scalars(events_stmt(event_type="contest.deleted")))
    assert len(deleted) == 1 and deleted[0].actor_id == owner.id and deleted[0].details["contest_id"] == contest_id


def test_others_get_404_and_a_stale_sign_in_confirms_the_password_first(client, create_user, create_contest):
    owner, stranger = create_user("owner", role="admin"), create_user("stranger")
    contest = create_contest(owner)
    sign_in_session(client, stranger)
    assert client.get(f"/contests/{contest.slug}/delete").status_code == 404
    other = client.application.test_client()
    with time_machine.travel(utcnow(), tick=False) as clock:
        sign_in_session(other, owner)
        html = other.get(f"/contests/{contest.slug}/delete").get_data(as_text=True)
        clock.shift(timedelta(minutes=10, seconds=1))
        resp = other.post(f"/contests/{contest.slug}/delete", data={"csrf_token": csrf(html)},
                          headers={"Referer": f"http://localhost/contests/{contest.slug}/delete"})
        assert resp.status_code == 303 and "/reauthenticate" in resp.headers["Location"]
    db.session.expire_all()
    assert db.session.scalar(select(Contest.id).where(Contest.id == contest.id)) == contest.id
