"""Writes on jobs. Operations flush; the request or task boundary commits."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import and_, delete, insert, or_, select, update

from arena.core import signals
from arena.core.jobs_setup import enqueue
from arena.core.messages import N_
from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.core.errors import Conflict, NotFound
from arena.identity.audit import NO_ORIGIN, Origin, record
from arena.jobs.models import ACTIVE_STATUSES, Job, PendingSend


def create_job(kind: str, *, actor, params: dict[str, Any] | None = None) -> Job:
    job = Job(kind=kind, status="queued", params=params or {}, user_id=getattr(actor, "id", None),
              message=N_("Queued"))
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
                message=N_("Running"), message_params=None, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        return None
    job = db.session.get(Job, job_id)
    db.session.refresh(job)
    return job


def requeue_job(job: Job) -> None:
    job.message, job.message_params = N_("Queued (sent again)"), None
    job.updated_at = utcnow()
    db.session.flush()


def touch_running_job(conn, job_id: int, task_id: str) -> bool:
    """A running job's heartbeat, on a connection of its own: its sign of life is now, as long as the
    delivery ``task_id`` still runs it. ``False`` when it no longer does (finished, or requeued)."""
    return conn.execute(
        update(Job).where(Job.id == job_id, Job.task_id == task_id, Job.status == "running")
        .values(updated_at=utcnow())
    ).rowcount == 1


def requeue_abandoned_job(job: Job, silent_since) -> bool:
    """Put back in the queue a running job whose worker died (nothing heard since ``silent_since``), so
    the message sent for it next claims it like a first delivery. One conditional UPDATE on the
    claiming delivery and the last sign of life: a job that reported meanwhile is alive and stays
    with its worker, and two overlapping sweeps requeue it once. A late redelivery of the dead
    worker's message finds the job taken by the new message and does nothing."""
    now = utcnow()
    taken = db.session.execute(
        update(Job).where(Job.id == job.id, Job.status == "running", Job.task_id == job.task_id,
                          Job.updated_at < silent_since)
        .values(status="queued", task_id=None, message=N_("Queued again (its worker stopped)"),
                message_params=None, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(job)
    return taken == 1


def retry_job(job: Job, *, actor, origin: Origin = NO_ORIGIN) -> Job:
    """Put a failed job back in the queue and send its task again once the change is committed:
    its error is cleared and its progress starts over. One conditional UPDATE, so two admins
    retrying at once send it once; 409 when it is not failed, or its kind has no task to send."""
    from arena.jobs.tasks import DISPATCH

    task = DISPATCH.get(job.kind)
    if task is None:
        raise Conflict(_("This kind of job cannot be sent again."))
    now = utcnow()
    taken = db.session.execute(
        update(Job).where(Job.id == job.id, Job.status == "failed")
        .values(status="queued", progress=0, error=None, error_params=None, result=None, task_id=None,
                started_at=None, finished_at=None, message=N_("Queued (retried)"), message_params=None,
                updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(job)
    if taken != 1:
        raise Conflict(_("Only a failed job can be retried."))
    record("job.retried", actor=actor, origin=origin, details={"job_id": job.id, "kind": job.kind})
    enqueue(task, job.id)
    return job


def report_progress(job: Job, progress: int, message: str = "", **params: Any) -> None:
    """``message`` is a text marked with ``N_`` (stored, rendered in the reader's language) and
    ``params`` the values to put in it."""
    job.progress = max(0, min(100, int(progress)))
    if message:
        job.message, job.message_params = message[:255], params or None
    db.session.flush()


def cancel_job(job: Job, *, actor) -> Job:
    """Ask a queued or running job to stop: a queued one never starts, a running one stops before
    its next batch (the work it finished stays done). One conditional UPDATE, so a job that
    finished meanwhile is not marked cancelled."""
    if not job.can_view(actor):
        raise NotFound(_("No such job."))
    now = utcnow()
    taken = db.session.execute(
        update(Job).where(Job.id == job.id, Job.status.in_(ACTIVE_STATUSES))
        .values(status="cancelled", message=N_("Cancelled"), message_params=None, finished_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(job)
    if taken != 1:
        raise Conflict(_("This job has already finished."))
    return job


def is_cancelled(job: Job) -> bool:
    """Whether someone cancelled the job since the task last looked (read from the database)."""
    status = db.session.scalar(select(Job.status).where(Job.id == job.id))
    return status == "cancelled"


def record_cancelled(job: Job, result: dict[str, Any] | None = None) -> None:
    """What a cancelled job had done when it stopped."""
    db.session.refresh(job)
    job.status = "cancelled"
    job.result = result
    job.message, job.message_params = N_("Cancelled"), None
    job.finished_at = job.finished_at or utcnow()
    db.session.flush()


def finish_job(job: Job, result: dict[str, Any] | None = None, message: str = N_("Done"), **params: Any) -> None:
    job.status = "succeeded"
    job.progress = 100
    job.result = result
    job.message, job.message_params = message[:255], params or None
    job.finished_at = utcnow()
    db.session.flush()


def fail_job(job: Job, error: str, **params: Any) -> None:
    """``error`` says why, for the person who asked: a text marked with ``N_``, with ``params``."""
    job.status = "failed"
    job.error, job.error_params = error, params or None
    job.message, job.message_params = N_("Failed"), None
    job.finished_at = utcnow()
    db.session.flush()
    signals.job_failed.send(job, job_id=job.id, kind=job.kind)


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
