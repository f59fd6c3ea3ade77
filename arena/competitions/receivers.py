"""Competition leaderboards in the page cache: renewed when an attempt is scored or re-scored and
when a competition's own row changes (published, unpublished, deleted)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from arena.core import pagecache, signals
from arena.extensions import db

DATE_FORMAT = "%Y-%m-%d %H:%M UTC"


def board_scope(competition_id: int | None) -> str:
    return f"competition:{competition_id}"


def _attempt_scored(_attempt, *, competition_id: int, **_kwargs) -> None:
    pagecache.mark_changed(db.session, board_scope(competition_id))


def _attempts_rescored(competition, **_kwargs) -> None:
    pagecache.mark_changed(db.session, board_scope(competition.id))


def people(competition) -> dict[int, str]:
    """The competition's organisers and everyone who entered it (started an attempt), with their part."""
    from arena.competitions.models import Attempt

    found = {user_id: "organiser" for user_id in sorted(competition.organiser_ids())}
    for user_id in db.session.scalars(select(Attempt.user_id).where(Attempt.competition_id == competition.id)
                                      .distinct()):
        found.setdefault(user_id, "participant")
    return found


def _room_members(kind, *, ref_id: int, **_kwargs):
    from arena.competitions.models import Competition

    if kind != "competition":
        return None
    competition = db.session.get(Competition, ref_id)
    if competition is None or competition.deleted_at is not None:
        return None
    return {"name": competition.title, "members": people(competition)}


def _schedule_events(_sender, *, since: datetime, until: datetime, **_kwargs) -> list[dict]:
    from arena.competitions.models import Competition

    stmt = select(Competition).where(Competition.phase_change_condition(since, until),
                                     Competition.deleted_at.is_(None))
    return [{"key": f"competition:{competition.id}:{phase}", "phase": phase, "name": competition.title,
             "date": at.strftime(DATE_FORMAT), "link": f"/competitions/{competition.id}",
             "user_ids": sorted(people(competition))}
            for competition in db.session.scalars(stmt.order_by(Competition.id))
            for phase, at in competition.phases_between(since, until)]


def connect() -> None:
    from arena.competitions.models import Competition

    signals.linked_room_members_asked.connect(_room_members, weak=False)
    signals.schedule_events_asked.connect(_schedule_events, weak=False)

    signals.competition_attempt_scored.connect(_attempt_scored, weak=False)
    signals.competition_attempts_rescored.connect(_attempts_rescored, weak=False)
    pagecache.watch_rows((Competition,), lambda competition: (board_scope(competition.id),))
