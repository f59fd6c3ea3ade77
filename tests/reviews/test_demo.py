"""The demo data shows Arena doing its job offline: entries in every state, reviews, a tie, an
override, a live leaderboard, a past contest's final results and ready report, a trusted organiser."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from arena.contests import facts
from arena.contests.models import Contest, Submission
from arena.extensions import db
from arena.jobs.models import Job
from arena.reviews.models import Review, SubmissionOutcome
from tests.conftest import sign_in_session


@pytest.fixture
def demo(app, monkeypatch):
    def no_wiki(*_args, **_kwargs):
        raise AssertionError("the demo data must not ask a wiki")

    monkeypatch.setattr(facts, "article_facts", no_wiki)
    monkeypatch.setattr(facts, "user_info", no_wiki)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo-data"])
    assert first.exit_code == 0, first.output
    db.session.rollback()
    return first.output


def _entries(slug):
    contest = db.session.scalar(select(Contest).where(Contest.slug == slug))
    rows = db.session.execute(select(Submission, SubmissionOutcome).outerjoin(
        SubmissionOutcome, SubmissionOutcome.submission_id == Submission.id).where(
        Submission.contest_id == contest.id)).all()
    return contest, {s.title: (s, o) for s, o in rows}


def test_the_current_contest_has_entries_in_every_state(demo):
    contest, entries = _entries("women-in-science-2025")
    assert len(entries) >= 12
    assert len({s.user_id for s, _o in entries.values()}) >= 4
    statuses = {s.status for s, _o in entries.values()}
    assert {"awaiting_check", "pending", "accepted", "rejected", "ineligible"} <= statuses
    states = {o.state for _s, o in entries.values() if o is not None}
    assert {"tie", "overridden", "decided", "open"} <= states
    checked = [s for s, _o in entries.values() if s.status != "awaiting_check"]
    assert all(s.snapshot["demo"] is True for s in checked)
    reviews = list(db.session.scalars(select(Review).where(Review.contest_id == contest.id)))
    assert len({r.juror_id for r in reviews}) == 3 and all(r.comment for r in reviews)


def test_demo_data_is_idempotent(app, demo):
    before = db.session.scalar(select(db.func.count(Review.id)))
    again = app.test_cli_runner().invoke(args=["demo-data"])
    assert again.exit_code == 0, again.output
    assert "contests: 0 contests created, 0 entries added" in again.output
    assert "reviews: 0 entries reviewed" in again.output
    db.session.rollback()
    assert db.session.scalar(select(db.func.count(Review.id))) == before
    assert db.session.scalar(select(db.func.count(Submission.id))) == 17


def test_the_demo_leaderboard_ranks_participants_by_their_accepted_scores(demo, client):
    contest, entries = _entries("women-in-science-2025")
    totals: dict[str, Decimal] = {}
    for s, o in entries.values():
        if s.status in ("accepted", "rejected"):
            totals[s.user.name] = totals.get(s.user.name, Decimal(0)) + Decimal(o.score)
    expected = sorted(totals, key=lambda name: -totals[name])
    page = client.get(f"/leaderboards/{contest.id}").get_data(as_text=True)
    shown = re.findall(r"<tr><td>(\d+)</td><td>([^<]+)</td><td>([^<]+)</td>", page)
    assert [name for _rank, name, _score in shown][:len(expected)] == expected
    assert shown[0][0] == "1" and Decimal(shown[0][2]) == totals[expected[0]]


def test_the_past_contest_has_final_results_and_a_ready_report(demo, client):
    contest, entries = _entries("spring-cleanup")
    assert {s.status for s, _o in entries.values()} == {"accepted", "rejected"}
    job = db.session.scalar(select(Job).where(Job.kind == "contest_report"))
    assert job.status == "succeeded" and job.params["contest_id"] == contest.id
    organiser = entries["Tide pool"][0].contest.members[0].user
    sign_in_session(client, organiser)
    download = client.get(job.result["download_url"])
    assert download.status_code == 200 and "Alice" in download.get_data(as_text=True)


def test_the_demo_organiser_may_create_a_contest(demo, client):
    from arena.contests.queries import find_user, is_trusted

    assert is_trusted(find_user(username="organiser"))
    assert not is_trusted(find_user(username="alice"))
