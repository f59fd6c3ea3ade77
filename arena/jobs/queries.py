from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.jobs.models import Job, PendingSend


def get_job(job_id: int) -> Job | None:
    return db.session.get(Job, job_id)


def stale_queued_jobs(older_than: timedelta, limit: int = 100) -> list[Job]:
    stmt = (select(Job).where(Job.status == "queued", Job.updated_at < utcnow() - older_than)
            .order_by(Job.id).limit(limit))
    return list(db.session.scalars(stmt))


def pending_sends(limit: int = 500) -> list[PendingSend]:
    return list(db.session.scalars(select(PendingSend).order_by(PendingSend.id).limit(limit)))
