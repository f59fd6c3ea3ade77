"""Reads of the competitions domain (``select()`` only; no writes)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, exists, false, func, or_, select

from arena.competitions.models import Answer, Attempt, Competition, CompetitionOrganiser, Question, Standing
from arena.core.timeutil import utcnow
from arena.extensions import db


def get_competition(competition_id: int) -> Competition | None:
    """Soft-deleted competitions are not found."""
    return db.session.scalar(select(Competition).where(Competition.id == competition_id,
                                                       Competition.deleted_at.is_(None)))


def may_create(user) -> bool:
    """Admins and trusted members create competitions, under the same rule as writing contests."""
    from arena.contests.queries import is_trusted

    return is_trusted(user)


def competitions_stmt(viewer, *, status: str | None = None, mine: bool = False):
    """Published public competitions, plus drafts the viewer organises (every draft for admins).
    Unlisted competitions are listed only to their organisers asking for ``mine``."""
    stmt = select(Competition).where(Competition.deleted_at.is_(None))
    organises = exists().where(CompetitionOrganiser.competition_id == Competition.id,
                               CompetitionOrganiser.user_id == (viewer.id if viewer else -1))
    public = and_(Competition.is_published.is_(True), Competition.visibility == "public")
    if mine:
        stmt = stmt.where(organises if viewer else false())
    elif viewer is not None and viewer.is_admin:
        stmt = stmt.where(or_(public, Competition.is_published.is_(False)))
    elif viewer is not None:
        stmt = stmt.where(or_(public, and_(Competition.is_published.is_(False), organises)))
    else:
        stmt = stmt.where(public)
    if status:
        stmt = stmt.where(Competition.status_condition(status, utcnow()))
    order = Competition.ends_at.desc() if status == "past" else Competition.starts_at.asc()
    return stmt.order_by(order, Competition.id)


def has_attempts(competition_id: int) -> bool:
    return db.session.scalar(select(Attempt.id).where(Attempt.competition_id == competition_id).limit(1)) is not None


def get_question(competition_id: int, question_id: int) -> Question | None:
    return db.session.scalar(select(Question).where(Question.id == question_id,
                                                    Question.competition_id == competition_id))


def get_attempt(competition_id: int, attempt_id: int) -> Attempt | None:
    return db.session.scalar(select(Attempt).where(Attempt.id == attempt_id, Attempt.competition_id == competition_id))


def open_attempt(competition_id: int, user_id: int) -> Attempt | None:
    return db.session.scalar(select(Attempt).where(Attempt.competition_id == competition_id,
                                                   Attempt.user_id == user_id, Attempt.status == "open"))


def attempts_used(competition_id: int, user_id: int) -> int:
    return db.session.scalar(select(func.count(Attempt.id)).where(Attempt.competition_id == competition_id,
                                                                  Attempt.user_id == user_id)) or 0


def user_attempts(competition_id: int, user_id: int) -> list[Attempt]:
    return list(db.session.scalars(select(Attempt).where(Attempt.competition_id == competition_id,
                                                         Attempt.user_id == user_id).order_by(Attempt.number)))


def attempts_stmt(competition_id: int, *, user_id: int | None = None):
    stmt = select(Attempt).where(Attempt.competition_id == competition_id)
    if user_id is not None:
        stmt = stmt.where(Attempt.user_id == user_id)
    return stmt.order_by(Attempt.started_at.desc(), Attempt.id.desc())


def closed_attempts(competition_id: int) -> list[Attempt]:
    return list(db.session.scalars(select(Attempt).where(Attempt.competition_id == competition_id,
                                                         Attempt.status != "open").order_by(Attempt.id)))


def expired_open_attempt_ids(grace_seconds: int, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Open attempts whose deadline (plus grace) has passed: nobody submitted them."""
    cutoff = (now or utcnow()) - timedelta(seconds=grace_seconds)
    return list(db.session.scalars(select(Attempt.id).where(Attempt.status == "open", Attempt.deadline_at < cutoff)
                                   .order_by(Attempt.deadline_at).limit(limit)))


def standing(competition_id: int, user_id: int) -> Standing | None:
    return db.session.scalar(select(Standing).where(Standing.competition_id == competition_id,
                                                    Standing.user_id == user_id))


def _rank_order():
    return (Standing.total.desc(), Standing.duration_seconds.asc(), Standing.finished_at.asc())


def leaderboard_page(competition_id: int, *, page: int = 1, per_page: int = 20) -> tuple[list[dict], int]:
    """One page of the leaderboard: best total first, ties broken by shorter time, then earlier
    finish; rows equal on all three share a rank (1, 2, 2, 4). Three queries whatever the size."""
    base = Standing.competition_id == competition_id
    total = db.session.scalar(select(func.count(Standing.id)).where(base)) or 0
    rows = list(db.session.scalars(select(Standing).where(base).order_by(*_rank_order(), Standing.user_id)
                                   .offset((page - 1) * per_page).limit(per_page)))
    items: list[dict] = []
    if not rows:
        return items, total
    key = lambda r: (r.total, r.duration_seconds, r.finished_at)  # noqa: E731
    first = rows[0]
    ahead = db.session.scalar(select(func.count(Standing.id)).where(base, or_(
        Standing.total > first.total,
        and_(Standing.total == first.total, Standing.duration_seconds < first.duration_seconds),
        and_(Standing.total == first.total, Standing.duration_seconds == first.duration_seconds,
             Standing.finished_at < first.finished_at)))) or 0
    rank, previous = ahead + 1, key(first)
    for position, row in enumerate(rows):
        if key(row) != previous:
            rank, previous = (page - 1) * per_page + position + 1, key(row)
        items.append({"rank": rank, "standing": row})
    return items, total


def answers_of_closed_attempts(competition_id: int) -> list[tuple[int, object, object]]:
    """``(question_id, value, credit)`` of every answer in a closed attempt of the competition."""
    stmt = (select(Answer.question_id, Answer.value, Answer.credit).join(Attempt, Attempt.id == Answer.attempt_id)
            .where(Attempt.competition_id == competition_id, Attempt.status != "open"))
    return [tuple(row) for row in db.session.execute(stmt)]


def closed_attempt_count(competition_id: int) -> int:
    return db.session.scalar(select(func.count(Attempt.id)).where(Attempt.competition_id == competition_id,
                                                                  Attempt.status != "open")) or 0



def competitions_by_status() -> list[tuple[str, int]]:
    """Competitions that are drafts, upcoming, running and ended now (overview figure)."""
    from arena.core.dashboard import by_schedule

    return by_schedule(Competition.is_published, Competition.starts_at, Competition.ends_at)
