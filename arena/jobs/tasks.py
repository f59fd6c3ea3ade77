"""Celery tasks of the jobs domain (explicit names; ids in, rows re-loaded)."""

from __future__ import annotations

import os
import socket
import time

from celery import shared_task

from arena.core import signals
from arena.core.jobs_setup import send
from arena.jobs import operations, queries


@shared_task(name="jobs.run_demo")
def run_demo(job_id: int) -> dict:
    job = queries.get_job(job_id)
    if job is None:
        return {"missing": job_id}
    operations.start_job(job)
    time.sleep((job.params or {}).get("sleep_ms", 0) / 1000)
    result = {"pid": os.getpid(), "host": socket.gethostname()}
    operations.finish_job(job, result, "Demo task ran in the worker")
    from flask import current_app

    signals.demo_task_ran.send(current_app._get_current_object(), token=job.id, pid=result["pid"])
    return result


#: kind -> task, for re-sending jobs whose first send failed (broker down)
DISPATCH = {"demo": run_demo}


def register_dispatch(kind: str, task) -> None:
    DISPATCH[kind] = task


@shared_task(name="jobs.redispatch_stale")
def redispatch_stale() -> int:
    """Send again every job still queued after a while (its first send may have failed)."""
    count = 0
    for job in queries.stale_queued_jobs():
        task = DISPATCH.get(job.kind)
        if task is not None and send(task, job.id):
            job.message = "Queued (sent again)"
            count += 1
    return count
