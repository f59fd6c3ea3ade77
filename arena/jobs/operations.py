"""Writes on jobs. Operations flush; the request or task boundary commits."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, delete, insert, or_, update

from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.jobs.models import Job, PendingSend


def create_job(kind: str, *, actor, params: dict[str, Any] | None = None) -> Job:
    job = Job(kind=kind, status="queued", params=params or {}, user_id=getattr(actor, "id", None),
              message="Queued")
    db.session.add(job)
    db.session.flush()
    return job


def claim_job(job_id: int, task_id: str | None) -> Job | None:
    """Mark the job running for this delivery, or return ``None`` when it is not this delivery's to
    run: it is gone, finished, or already running under another message (a duplicate send). A
    redelivery of the claiming message (same ``task_id``, e.g. after its worker died) may carry on.
    One conditional UPDATE, so two deliveries racing for the job cannot both win."""
    now = utcnow()
    taken = db.session.execute(
        update(Job)
        .where(Job.id == job_id,
               or_(Job.status == "queued", and_(Job.status == "running", Job.task_id == task_id)))
        .values(status="running", task_id=task_id, attempts=Job.attempts + 1, started_at=now,
                message="Running", updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        return None
    job = db.session.get(Job, job_id)
    db.session.refresh(job)
    return job


def requeue_job(job: Job, message: str = "Queued (sent again)") -> None:
    job.message = message
    job.updated_at = utcnow()
    db.session.flush()


def report_progress(job: Job, progress: int, message: str = "") -> None:
    job.progress = max(0, min(100, int(progress)))
    if message:
        job.message = message[:255]
    db.session.flush()


def finish_job(job: Job, result: dict[str, Any] | None = None, message: str = "Done") -> None:
    job.status = "succeeded"
    job.progress = 100
    job.result = result
    job.message = message[:255]
    job.finished_at = utcnow()
    db.session.flush()


def fail_job(job: Job, error: str) -> None:
    job.status = "failed"
    job.error = error
    job.message = "Failed"
    job.finished_at = utcnow()
    db.session.flush()


def keep_unsent(task_name: str, args: list, kwargs: dict, error: str) -> None:
    """Keep a message the broker did not take, in its own transaction: the caller's unit of work may
    already be committed (a request's sends happen after its commit) or be mid-commit (a task's)."""
    with db.engine.begin() as conn:
        now = utcnow()
        conn.execute(insert(PendingSend).values(task_name=task_name, args=args, kwargs=kwargs,
                                                error=error[:500], attempts=1,
                                                created_at=now, updated_at=now))


def take_unsent(pending: PendingSend) -> bool:
    """Take a kept message for sending: ``False`` when another sweep already took it (two sweeps may
    overlap; the row's delete is the claim, so only one of them sends it)."""
    return db.session.execute(
        delete(PendingSend).where(PendingSend.id == pending.id).execution_options(synchronize_session=False)
    ).rowcount == 1
