from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Select, func, select

from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.jobs.models import ACTIVE_STATUSES, Job, PendingSend


def get_job(job_id: int) -> Job | None:
    return db.session.get(Job, job_id)


def stale_queued_jobs(older_than: timedelta, limit: int = 100) -> list[Job]:
    stmt = (select(Job).where(Job.status == "queued", Job.updated_at < utcnow() - older_than)
            .order_by(Job.id).limit(limit))
    return list(db.session.scalars(stmt))


def stale_running_jobs(older_than: timedelta, kinds, limit: int = 100) -> list[Job]:
    """Jobs of ``kinds`` marked running that have shown no sign of life (a claim, progress) for
    ``older_than``: their worker died with them."""
    stmt = (select(Job).where(Job.status == "running", Job.kind.in_(list(kinds)),
                              Job.updated_at < utcnow() - older_than)
            .order_by(Job.id).limit(limit))
    return list(db.session.scalars(stmt))


def pending_sends(limit: int = 500) -> list[PendingSend]:
    return list(db.session.scalars(select(PendingSend).order_by(PendingSend.id).limit(limit)))

def recent_jobs(kind: str, *, user_id: int, params: dict[str, int | str] | None = None, limit: int = 10) -> list[Job]:
    """A user's newest jobs of one kind, newest first; with ``params``, only the jobs started with
    those values (``{"contest_id": 7}``), filtered in the database however many other jobs exist."""
    stmt = _started_with(select(Job).where(Job.kind == kind, Job.user_id == user_id), params or {})
    return list(db.session.scalars(stmt.order_by(Job.id.desc()).limit(limit)))


def _started_with(stmt, params: dict[str, int | str]):
    for key, value in params.items():
        field = Job.params[key]
        stmt = stmt.where((field.as_integer() if isinstance(value, int) else field.as_string()) == value)
    return stmt


def active_job(kind: str, params: dict[str, int | str]) -> Job | None:
    """The oldest queued or running job of this kind started with these values (any user)."""
    stmt = _started_with(select(Job).where(Job.kind == kind, Job.status.in_(ACTIVE_STATUSES)), params)
    return db.session.scalars(stmt.order_by(Job.id).limit(1)).first()


def failed_jobs_stmt() -> Select:
    """Failed jobs, the most recently failed first."""
    return select(Job).where(Job.status == "failed").order_by(Job.finished_at.desc(), Job.id.desc())


def counts_by_status() -> dict[str, int]:
    """status -> number of jobs (one aggregate query over the status index)."""
    return dict(db.session.execute(select(Job.status, func.count()).group_by(Job.status)).all())


def jobs_by_status(labels) -> list[tuple[str, int]]:
    """Jobs queued, running and failed (overview figure)."""
    from arena.core.dashboard import by_value

    return by_value(Job.status, labels=labels)
