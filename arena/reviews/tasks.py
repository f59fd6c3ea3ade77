"""Celery tasks of the reviews domain (explicit names; ids in, rows re-loaded)."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.schedules import crontab

from arena.core.messages import N_
from arena.jobs import operations as job_operations
from arena.jobs.tasks import claim

log = logging.getLogger("arena.reviews")

#: hourly: jurors of contests ending within ``REVIEW_REMINDER_DAYS_BEFORE`` days are reminded (once a day)
BEAT_SCHEDULE = {"reviews-remind-jurors": {"task": "reviews.remind_jurors", "schedule": crontab(minute=5)}}


@shared_task(name="reviews.remind_jurors")
def remind_jurors() -> int:
    from arena.reviews import reminders

    return sum(reminders.remind(contest) for contest in reminders.due_contests())


@shared_task(name="reviews.build_report", bind=True)
def build_report(self, job_id: int) -> dict:
    from arena.reviews import reports

    job = claim(self, job_id)
    if job is None:
        return {"skipped": job_id}
    try:
        result = reports.build(job)
    except Exception as exc:  # the job records the failure; the person who asked sees it
        log.exception("report %s failed", job_id)
        job_operations.fail_job(job, N_("The report could not be built; the error has been logged. "
                                        "Try again, and tell an admin if it keeps failing."))
        return {"failed": type(exc).__name__}
    job_operations.finish_job(job, result, N_("Report ready"))
    return result
