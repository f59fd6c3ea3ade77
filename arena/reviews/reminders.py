"""Juror reminders: ``REVIEW_REMINDER_DAYS_BEFORE`` (2) days before a writing contest ends, each juror
with entries still waiting for their review gets one reminder (the ``juror_reminder`` notification,
mailed by default), never twice for the same contest and day. Organisers see who is behind on the
jury page and can send the reminders at once."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import exists, func, select

from arena.contests.models import Contest, ContestMember, Submission
from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.notifications.operations import notify
from arena.reviews.models import JurorReminder, Review, SubmissionOutcome


def behind(contest: Contest) -> list[tuple[object, int]]:
    """Jurors of the contest with entries waiting for their review, and how many (most first)."""
    from arena.identity.models import User

    state = func.coalesce(SubmissionOutcome.state, "open")
    waiting = (select(func.count(Submission.id))
               .outerjoin(SubmissionOutcome, SubmissionOutcome.submission_id == Submission.id)
               .where(Submission.contest_id == contest.id, Submission.status == "pending", state == "open",
                      func.coalesce(Submission.user_id, -1) != User.id,
                      ~exists().where(Review.submission_id == Submission.id, Review.juror_id == User.id)
                      .correlate_except(Review))
               .correlate(User).scalar_subquery())
    stmt = (select(User, waiting).join(ContestMember, ContestMember.user_id == User.id)
            .where(ContestMember.contest_id == contest.id, ContestMember.role == "jury"))
    rows = [(user, int(n or 0)) for user, n in db.session.execute(stmt)]
    return sorted([r for r in rows if r[1] > 0], key=lambda r: (-r[1], r[0].id))


def remind(contest: Contest, *, now=None) -> int:
    """Remind every juror who is behind, once per contest and day; returns how many were reminded."""
    now = now or utcnow()
    today = now.date()
    already = set(db.session.scalars(select(JurorReminder.juror_id).where(JurorReminder.contest_id == contest.id,
                                                                         JurorReminder.day == today)))
    sent = 0
    for juror, pending in behind(contest):
        if juror.id in already:
            continue
        db.session.add(JurorReminder(contest_id=contest.id, juror_id=juror.id, day=today, pending=pending))
        notify(juror.id, "juror_reminder", {"contest_id": contest.id, "name": contest.name, "count": pending,
                                            "date": contest.ends_at.strftime("%Y-%m-%d %H:%M UTC")},
               link=f"/jury/contests/{contest.id}")
        sent += 1
    db.session.flush()
    return sent


def reminded_today(contest: Contest, *, now=None) -> set[int]:
    today = (now or utcnow()).date()
    return set(db.session.scalars(select(JurorReminder.juror_id).where(JurorReminder.contest_id == contest.id,
                                                                      JurorReminder.day == today)))


def due_contests(now=None) -> list[Contest]:
    """Contests running and ending within the reminder window."""
    now = now or utcnow()
    until = now + timedelta(days=current_app.config["REVIEW_REMINDER_DAYS_BEFORE"])
    return list(db.session.scalars(select(Contest).where(Contest.deleted_at.is_(None), Contest.ends_at > now,
                                                         Contest.ends_at <= until)))
