from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.jobs.models import Job


def get_job(job_id: int) -> Job | None:
    return db.session.get(Job, job_id)


def stale_queued_jobs(older_than: timedelta = timedelta(minutes=2), limit: int = 100) -> list[Job]:
    stmt = (select(Job).where(Job.status == "queued", Job.updated_at < utcnow() - older_than)
            .order_by(Job.id).limit(limit))
    return list(db.session.scalars(stmt))
