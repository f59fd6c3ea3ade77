"""Writes on jobs. Operations flush; the request or task boundary commits."""

from __future__ import annotations

from typing import Any

from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.jobs.models import Job


def create_job(kind: str, *, actor, params: dict[str, Any] | None = None) -> Job:
    job = Job(kind=kind, status="queued", params=params or {}, user_id=getattr(actor, "id", None),
              message="Queued")
    db.session.add(job)
    db.session.flush()
    return job


def start_job(job: Job) -> None:
    job.status = "running"
    job.attempts += 1
    job.started_at = utcnow()
    job.message = "Running"
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
