"""Reads of study data (``select()`` only). Every function is scoped to one owner."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import joinedload

from arena.extensions import db
from arena.study.models import StudySession, Subject

SESSION_SORTS = {
    "start": lambda: (StudySession.started_at.asc(), StudySession.id.asc()),
    "-start": lambda: (StudySession.started_at.desc(), StudySession.id.desc()),
    "duration": lambda: (func.coalesce(StudySession.duration_minutes, -1).asc(), StudySession.id.asc()),
    "-duration": lambda: (func.coalesce(StudySession.duration_minutes, -1).desc(), StudySession.id.desc()),
}


# ---- subjects -------------------------------------------------------------------------------

def owned_subject(user, subject_id: int | None) -> Subject | None:
    """The subject if it exists and belongs to ``user``; None otherwise (callers answer 404)."""
    if user is None or subject_id is None:
        return None
    subject = db.session.get(Subject, subject_id)
    return subject if subject is not None and subject.can_view(user) else None


def subject_by_name(user_id: int, name: str) -> Subject | None:
    return db.session.scalar(select(Subject).where(Subject.user_id == user_id,
                                                   Subject.name_lower == name.strip().lower()))


def subjects_stmt(user_id: int, status: str | None = None):
    stmt = select(Subject).where(Subject.user_id == user_id)
    if status:
        stmt = stmt.where(Subject.status == status)
    return stmt.order_by(Subject.name_lower, Subject.id)


def subject_choices(user_id: int, *, include_archived: bool = False) -> list[Subject]:
    stmt = subjects_stmt(user_id)
    if not include_archived:
        stmt = stmt.where(Subject.status != "archived")
    return list(db.session.scalars(stmt))


def subjects_with_totals(user_id: int) -> list[Subject]:
    return attach_totals(list(db.session.scalars(subjects_stmt(user_id))))


def attach_totals(subjects: list[Subject]) -> list[Subject]:
    """Set ``completed_minutes`` and ``session_count`` on each subject with ONE aggregate query.

    Running sessions (no end yet) are not counted until they stop.
    """
    ids = [s.id for s in subjects]
    totals: dict[int, tuple[int, int]] = {}
    if ids:
        rows = db.session.execute(
            select(StudySession.subject_id, func.coalesce(func.sum(StudySession.duration_minutes), 0),
                   func.count(StudySession.duration_minutes))
            .where(StudySession.subject_id.in_(ids))
            .group_by(StudySession.subject_id))
        totals = {sid: (int(minutes), int(count)) for sid, minutes, count in rows}
    for subject in subjects:
        subject.completed_minutes, subject.session_count = totals.get(subject.id, (0, 0))
    return subjects


# ---- sessions -------------------------------------------------------------------------------

def owned_session(user, session_id: int | None) -> StudySession | None:
    if user is None or session_id is None:
        return None
    session = db.session.get(StudySession, session_id)
    return session if session is not None and session.can_view(user) else None


def local_day_bounds(day_from: date | None, day_to: date | None, tz: ZoneInfo) -> tuple[datetime | None, datetime | None]:
    """UTC instants of local midnight at the start of ``day_from`` and after ``day_to``."""
    start = datetime.combine(day_from, time(0), tz) if day_from else None
    end = datetime.combine(day_to + timedelta(days=1), time(0), tz) if day_to else None
    return start, end


def sessions_stmt(user_id: int, *, subject_id: int | None = None, starts_from: datetime | None = None,
                  starts_before: datetime | None = None, sort: str = "-start"):
    """A user's sessions (subject loaded in the same query), filtered and in a stable order."""
    stmt = (select(StudySession).options(joinedload(StudySession.subject))
            .where(StudySession.user_id == user_id))
    if subject_id is not None:
        stmt = stmt.where(StudySession.subject_id == subject_id)
    if starts_from is not None:
        stmt = stmt.where(StudySession.started_at >= starts_from)
    if starts_before is not None:
        stmt = stmt.where(StudySession.started_at < starts_before)
    return stmt.order_by(*SESSION_SORTS[sort]())


def recent_sessions(user_id: int, limit: int = 10) -> list[StudySession]:
    return list(db.session.scalars(sessions_stmt(user_id).limit(limit)))


def running_session(user_id: int) -> StudySession | None:
    return db.session.scalar(select(StudySession).options(joinedload(StudySession.subject))
                             .where(StudySession.user_id == user_id, StudySession.ended_at.is_(None)))


def find_overlap(user_id: int, start: datetime, end: datetime, now: datetime,
                 exclude_id: int | None = None) -> StudySession | None:
    """The first session of ``user_id`` sharing time with [start, end); a running one lasts until now."""
    stmt = select(StudySession).where(
        StudySession.user_id == user_id,
        StudySession.started_at < end,
        or_(StudySession.ended_at > start, StudySession.ended_at.is_(None) if start < now else false()),
    )
    if exclude_id is not None:
        stmt = stmt.where(StudySession.id != exclude_id)
    return db.session.scalar(stmt.order_by(StudySession.started_at, StudySession.id).limit(1))


def finished_spans(user_id: int, *, since: datetime | None = None, until: datetime | None = None):
    """``(subject_id, started_at, ended_at)`` of finished sessions touching [since, until)."""
    stmt = select(StudySession.subject_id, StudySession.started_at, StudySession.ended_at).where(
        StudySession.user_id == user_id, StudySession.ended_at.is_not(None))
    if since is not None:
        stmt = stmt.where(StudySession.ended_at > since)
    if until is not None:
        stmt = stmt.where(StudySession.started_at < until)
    return list(db.session.execute(stmt.order_by(StudySession.started_at, StudySession.id)))
