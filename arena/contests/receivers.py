"""What the contests domain answers when other domains ask about its contests (question signals of
``arena.core.signals``): the people of a contest (for its chat room) and the contests that started or
ended in a window (for the start and end notifications)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from arena.contests.models import Contest, Submission
from arena.core import signals
from arena.extensions import db

DATE_FORMAT = "%Y-%m-%d %H:%M UTC"


def people(contest: Contest) -> dict[int, str]:
    """Everyone of a contest with their part: organiser, jury or participant (the first that applies)."""
    found: dict[int, str] = {}
    for role, part in (("organizer", "organiser"), ("jury", "jury")):
        for user_id in sorted(contest.member_ids(role)):
            found.setdefault(user_id, part)
    authors = db.session.scalars(select(Submission.user_id).where(Submission.contest_id == contest.id,
                                                                  Submission.user_id.is_not(None)).distinct())
    for user_id in authors:
        found.setdefault(user_id, "participant")
    return found


def _room_members(kind, *, ref_id: int, **_kwargs):
    if kind != "contest":
        return None
    contest = db.session.get(Contest, ref_id)
    if contest is None or contest.deleted_at is not None:
        return None
    return {"name": contest.name, "members": people(contest)}


def _schedule_events(_sender, *, since: datetime, until: datetime, **_kwargs) -> list[dict]:
    stmt = select(Contest).where(Contest.phase_change_condition(since, until), Contest.deleted_at.is_(None))
    return [{"key": f"contest:{contest.id}:{phase}", "phase": phase, "name": contest.name,
             "date": at.strftime(DATE_FORMAT), "link": f"/contests/{contest.slug}", "user_ids": sorted(people(contest))}
            for contest in db.session.scalars(stmt.order_by(Contest.id))
            for phase, at in contest.phases_between(since, until)]


def connect() -> None:
    signals.linked_room_members_asked.connect(_room_members, weak=False)
    signals.schedule_events_asked.connect(_schedule_events, weak=False)
