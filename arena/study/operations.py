"""Writes on subjects and study sessions: ``verb_noun(..., *, actor)``; validate, flush, never commit.

Rules kept here (whatever the caller — API, page, demo data):

- times are kept to the whole minute (seconds dropped); a session ends after it starts, not in the
  future, at most 24 hours later; its duration in minutes is derived, never given;
- a user's sessions never overlap; a running session (timer, no end yet) occupies its start until now;
- one running timer per user; a timer stopped after more than 24 hours is ended at 24 hours; one
  stopped within its first minute is discarded;
- a session belongs to one of the actor's own subjects (anything else: 422 naming ``subject_id``);
- deleting a subject deletes its sessions.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any, Callable, Iterator

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from arena.core import signals
from arena.core.errors import Conflict, ValidationFailed, reject_unknown_fields
from arena.core.security import strip_html
from arena.core.timeutil import ensure_utc, isoformat, utcnow
from arena.extensions import db
from arena.identity.models import User
from arena.study import caching, queries
from arena.study.models import (DESCRIPTION_MAX, GOAL_MAX_HOURS, MAX_SESSION_MINUTES, NAME_MAX, NOTES_MAX,
                                PRIORITIES, STATUSES, StudySession, Subject)

SUBJECT_FIELDS = ("name", "description", "hours_goal", "priority", "status")
SESSION_FIELDS = ("subject_id", "started_at", "ended_at", "notes")


class SessionOverlap(ValidationFailed):
    """422 naming the session this one would overlap (``clash``), so pages can word it locally."""

    def __init__(self, clash: StudySession):
        self.clash = clash
        end = isoformat(clash.ended_at) if clash.ended_at else str(_l("now (running)"))
        text = str(_l("Overlaps your session %(id)s (%(subject)s, %(start)s to %(end)s).",
                      id=clash.id, subject=clash.subject.name, start=isoformat(clash.started_at), end=end))
        super().__init__({"started_at": text, "ended_at": text}, message=text)


def to_minute(value: datetime) -> datetime:
    return ensure_utc(value).replace(second=0, microsecond=0)


# ---- subjects -------------------------------------------------------------------------------

def _clean_subject(values: dict[str, Any], *, user_id: int, current: Subject | None = None) -> dict[str, Any]:
    reject_unknown_fields(values, SUBJECT_FIELDS)
    clean: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    if "name" in values:
        name = " ".join(str(values["name"] or "").split())
        if not 1 <= len(name) <= NAME_MAX:
            errors["name"] = _l("Give a name of 1 to %(max)s characters.", max=NAME_MAX)
        clean["name"] = name
    if "description" in values:
        description = strip_html(values["description"] or "")
        if len(description) > DESCRIPTION_MAX:
            errors["description"] = _l("Keep the description to %(max)s characters.", max=DESCRIPTION_MAX)
        clean["description"] = description
    if "hours_goal" in values:
        goal = values["hours_goal"]
        if goal is not None:
            try:
                goal = float(goal)
            except (TypeError, ValueError):
                goal = -1.0
            if not 0 < goal <= GOAL_MAX_HOURS:
                errors["hours_goal"] = _l("The goal is a positive number of hours (at most %(max)s).",
                                          max=GOAL_MAX_HOURS)
        clean["hours_goal"] = goal
    if "priority" in values:
        if values["priority"] not in PRIORITIES:
            errors["priority"] = _l("Choose low, medium or high.")
        clean["priority"] = values["priority"]
    if "status" in values:
        if values["status"] not in STATUSES:
            errors["status"] = _l("Choose active, completed or archived.")
        clean["status"] = values["status"]
    if errors:
        raise ValidationFailed(errors)
    if "name" in clean:
        same = queries.subject_by_name(user_id, clean["name"])
        if same is not None and same is not current:
            raise Conflict(_l("You already have a subject called “%(name)s”.", name=same.name),
                           {"name": [str(_l("You already have a subject with this name."))]})
    return clean


def create_subject(*, actor, name: str, description: str = "", hours_goal: float | None = None,
                   priority: str = "medium", status: str = "active") -> Subject:
    clean = _clean_subject({"name": name, "description": description, "hours_goal": hours_goal,
                            "priority": priority, "status": status}, user_id=actor.id)
    subject = Subject(user_id=actor.id, name_lower=clean["name"].lower(), **clean)
    with _unique_name():
        db.session.add(subject)
    caching.mark_changed(db.session, actor.id)
    return subject


def update_subject(subject: Subject, changes: dict[str, Any], *, actor) -> Subject:
    clean = _clean_subject(changes, user_id=actor.id, current=subject)
    with _unique_name():
        for field, value in clean.items():
            setattr(subject, field, value)
        if "name" in clean:
            subject.name_lower = clean["name"].lower()
    caching.mark_changed(db.session, actor.id)
    return subject


@contextmanager
def _savepoint(conflict: Callable[[], Conflict]) -> Iterator[None]:
    """Write in a savepoint of its own: when a unique index refuses it (a concurrent request got there
    between the check and the write), only this write is undone and ``conflict()`` is raised; the
    caller's unit of work stays usable (operations never roll it back)."""
    try:
        with db.session.begin_nested():
            yield
    except IntegrityError as exc:
        raise conflict() from exc


def _unique_name():
    message = _l("You already have a subject with this name.")
    return _savepoint(lambda: Conflict(message, {"name": [str(message)]}))


def delete_subject(subject: Subject, *, actor) -> int:
    """Delete the subject and all its sessions; returns how many sessions went with it."""
    sessions = list(subject.sessions)
    db.session.delete(subject)
    db.session.flush()
    caching.mark_changed(db.session, actor.id)
    for session in sessions:
        signals.study_session_changed.send(session, user_id=actor.id, action="deleted")
    return len(sessions)


# ---- sessions -------------------------------------------------------------------------------

def _lock_owner(actor) -> None:
    """Serialise one user's session writes (PostgreSQL row lock; SQLite has one writer anyway)."""
    db.session.execute(select(User.id).where(User.id == actor.id).with_for_update())


def _own_subject(actor, subject_id) -> Subject:
    subject = queries.owned_subject(actor, subject_id if isinstance(subject_id, int) else None)
    if subject is None:
        raise ValidationFailed({"subject_id": _l("No such subject among yours.")})
    return subject


def _open_subject(actor, subject_id) -> Subject:
    subject = _own_subject(actor, subject_id)
    if subject.status == "archived":
        raise ValidationFailed({"subject_id": _l("This subject is archived; restore it to add sessions.")})
    return subject


def _clean_notes(notes) -> str:
    text = strip_html(notes or "")
    if len(text) > NOTES_MAX:
        raise ValidationFailed({"notes": _l("Keep notes to %(max)s characters.", max=NOTES_MAX)})
    return text


def _check_span(start: datetime, end: datetime, now: datetime) -> None:
    if end <= start:
        raise ValidationFailed({"ended_at": _l("The end must be after the start (times count to the minute).")})
    if end > now:
        raise ValidationFailed({"ended_at": _l("The end cannot be in the future.")})
    if end - start > timedelta(minutes=MAX_SESSION_MINUTES):
        raise ValidationFailed({"ended_at": _l("A session lasts at most 24 hours.")})


def _check_free(actor, start: datetime, end: datetime, now: datetime, exclude_id: int | None = None) -> None:
    clash = queries.find_overlap(actor.id, start, end, now, exclude_id=exclude_id)
    if clash is not None:
        raise SessionOverlap(clash)


def _minutes(start: datetime, end: datetime) -> int:
    return int((end - start).total_seconds() // 60)


def _changed(session: StudySession, action: str, actor) -> None:
    caching.mark_changed(db.session, actor.id)
    signals.study_session_changed.send(session, user_id=actor.id, action=action)


def session_problems(actor, *, subject_id, started_at: datetime | None, ended_at: datetime | None,
                     exclude_id: int | None = None) -> tuple[dict[str, list[str]], StudySession | None]:
    """The errors ``create_session``/``update_session`` would raise, without writing (inline checks):
    ``(errors by field, the clashing session or None)``."""
    now = utcnow()
    problems: dict[str, list[str]] = {}
    clash = None
    try:
        _open_subject(actor, subject_id)
    except ValidationFailed as exc:
        problems.update(exc.errors)
    if started_at and ended_at:
        start, end = to_minute(started_at), to_minute(ended_at)
        try:
            _check_span(start, end, now)
            _check_free(actor, start, end, now, exclude_id=exclude_id)
        except SessionOverlap as exc:
            clash = exc.clash
            problems.update(exc.errors)
        except ValidationFailed as exc:
            problems.update(exc.errors)
    return problems, clash


def create_session(*, actor, subject_id: int, started_at: datetime, ended_at: datetime,
                   notes: str = "") -> StudySession:
    now = utcnow()
    _lock_owner(actor)
    subject = _open_subject(actor, subject_id)
    start, end = to_minute(started_at), to_minute(ended_at)
    _check_span(start, end, now)
    text = _clean_notes(notes)
    _check_free(actor, start, end, now)
    session = StudySession(user_id=actor.id, subject=subject, started_at=start, ended_at=end,
                           duration_minutes=_minutes(start, end), notes=text)
    db.session.add(session)
    db.session.flush()
    _changed(session, "created", actor)
    return session


def update_session(session: StudySession, changes: dict[str, Any], *, actor) -> StudySession:
    reject_unknown_fields(changes, SESSION_FIELDS)
    now = utcnow()
    _lock_owner(actor)
    if "subject_id" in changes and changes["subject_id"] != session.subject_id:
        session.subject = _open_subject(actor, changes["subject_id"])
    if "notes" in changes:
        session.notes = _clean_notes(changes["notes"])
    if "started_at" in changes or "ended_at" in changes:
        if "ended_at" in changes and changes["ended_at"] is None and session.ended_at is not None:
            raise ValidationFailed({"ended_at": _l("A finished session needs an end.")})
        start = to_minute(changes.get("started_at") or session.started_at)
        end_value = changes.get("ended_at") or session.ended_at
        if end_value is None:  # still running: the start must be in the past, and free until now
            if start > now:
                raise ValidationFailed({"started_at": _l("The start cannot be in the future.")})
            _check_free(actor, start, max(now, start + timedelta(seconds=1)), now, exclude_id=session.id)
            session.started_at = start
        else:
            end = to_minute(end_value)
            _check_span(start, end, now)
            _check_free(actor, start, end, now, exclude_id=session.id)
            session.started_at, session.ended_at = start, end
            session.duration_minutes = _minutes(start, end)
    db.session.flush()
    _changed(session, "updated", actor)
    return session


def delete_session(session: StudySession, *, actor) -> None:
    db.session.delete(session)
    db.session.flush()
    _changed(session, "deleted", actor)


def start_timer(*, actor, subject_id: int, notes: str = "") -> StudySession:
    now = utcnow()
    _lock_owner(actor)
    running = queries.running_session(actor.id)
    if running is not None:
        raise Conflict(_l("A timer is already running (%(subject)s, since %(start)s). Stop it first.",
                          subject=running.subject.name, start=isoformat(running.started_at)))
    subject = _open_subject(actor, subject_id)
    text = _clean_notes(notes)
    start = to_minute(now)
    _check_free(actor, start, max(now, start + timedelta(seconds=1)), now)
    # a unique index allows one running timer: another request may have started one at the same moment
    with _savepoint(lambda: Conflict(_l("A timer is already running. Stop it first."))):
        session = StudySession(user_id=actor.id, subject=subject, started_at=start, ended_at=None,
                               duration_minutes=None, notes=text)
        db.session.add(session)
    _changed(session, "started", actor)
    return session


def stop_timer(*, actor) -> tuple[StudySession | None, str]:
    """Stop the running timer: ``(session, outcome)`` with outcome ``stopped``, ``capped`` (ended at
    24 hours) or ``discarded`` (shorter than a minute: nothing kept, session None)."""
    from arena.core.errors import NotFound

    now = utcnow()
    _lock_owner(actor)
    session = queries.running_session(actor.id)
    if session is None:
        raise NotFound(_l("No timer is running."))
    end = to_minute(now)
    outcome = "stopped"
    if end - session.started_at > timedelta(minutes=MAX_SESSION_MINUTES):
        end = session.started_at + timedelta(minutes=MAX_SESSION_MINUTES)
        outcome = "capped"
    if end <= session.started_at:
        db.session.delete(session)
        db.session.flush()
        _changed(session, "deleted", actor)
        return None, "discarded"
    session.ended_at = end
    session.duration_minutes = _minutes(session.started_at, end)
    db.session.flush()
    _changed(session, "stopped", actor)
    return session, outcome
