"""Celery tasks of the reviews domain (explicit names; ids in, rows re-loaded)."""

from __future__ import annotations

import logging

from celery import shared_task

from arena.jobs import operations as job_operations
from arena.jobs import queries as job_queries

log = logging.getLogger("arena.reviews")


@shared_task(name="reviews.build_report")
def build_report(job_id: int) -> dict:
    from arena.reviews import reports

    job = job_queries.get_job(job_id)
    if job is None:
        return {"missing": job_id}
    job_operations.start_job(job)
    try:
        result = reports.build(job)
    except Exception as exc:  # the job records the failure; the person who asked sees it
        log.exception("report %s failed", job_id)
        job_operations.fail_job(job, "The report could not be built; the error has been logged. "
                                     "Try again, and tell an admin if it keeps failing.")
        return {"failed": type(exc).__name__}
    job_operations.finish_job(job, result, "Report ready")
    return result
