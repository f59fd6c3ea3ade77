"""Celery tasks of the jobs domain (explicit names; ids in, rows re-loaded)."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from datetime import timedelta

from celery import current_app as current_celery
from celery import shared_task
from celery.signals import task_postrun
from flask import current_app

from arena.core.messages import N_
from arena.core.boundary import commit_unit_of_work
from arena.core.jobs_setup import send
from arena.core.timeutil import utcnow
from arena.jobs import operations, queries

#: the kind of the worker-check job (``arena worker-check``, ``POST /api/v1/jobs/worker-check``)
WORKER_CHECK = "worker_check"


log = logging.getLogger(__name__)

#: Celery task id -> the event that stops the heartbeat of the job it runs
_HEARTBEATS: dict[str, threading.Event] = {}


def claim(task, job_id: int):
    """For a task that carries a job: claim it for this delivery and make "running" visible at once.
    ``None`` means there is nothing to do (gone, finished, or run by another delivery). While the task
    runs, a heartbeat keeps the job's sign of life fresh, so a long task that reports no progress is
    never taken for one whose worker died (:func:`redispatch_abandoned`)."""
    job = operations.claim_job(job_id, task.request.id)
    if job is not None:
        commit_unit_of_work()
        if not task.request.is_eager:  # run inline, the task lives and dies with its caller
            _start_heartbeat(job_id, task.request.id)
    return job


def _start_heartbeat(job_id: int, task_id: str | None) -> None:
    if not task_id or task_id in _HEARTBEATS:
        return
    from arena.extensions import db

    engine = db.engine
    every = max(0.5, current_app.config["JOBS_STALE_SECONDS"] / 4)
    stop = _HEARTBEATS[task_id] = threading.Event()

    def beat() -> None:
        while not stop.wait(every):
            try:
                with engine.begin() as conn:  # a connection of its own: the task's unit of work is untouched
                    alive = operations.touch_running_job(conn, job_id, task_id)
            except Exception:  # noqa: BLE001 - a missed beat is retried; the sweep waits several beats
                log.warning("job %s: heartbeat not recorded", job_id, exc_info=True)
                continue
            if not alive:
                return

    threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True).start()


@task_postrun.connect
def _stop_heartbeat(task_id=None, **_kwargs) -> None:
    stop = _HEARTBEATS.pop(task_id, None)
    if stop is not None:
        stop.set()


@shared_task(name="jobs.check_worker", bind=True)
def check_worker(self, job_id: int) -> dict:
    """A worker check: proves a worker takes work from this installation's broker, and says which
    process ran it and how long the work waited in the queue."""
    job = claim(self, job_id)
    if job is None:
        return {"skipped": job_id}
    time.sleep((job.params or {}).get("sleep_ms", 0) / 1000)
    waited = (job.started_at - job.created_at).total_seconds()
    result = {"pid": os.getpid(), "host": socket.gethostname(), "queue_seconds": round(waited, 3)}
    operations.finish_job(job, result, N_("A worker ran the check"))
    return result


#: kind -> task, for re-sending jobs whose first send failed (broker down) or whose worker died
DISPATCH = {WORKER_CHECK: check_worker}
#: kinds whose domain restarts abandoned work itself (a transcode starts over as a new job)
OWN_SWEEP: set[str] = set()


def register_dispatch(kind: str, task, *, own_sweep: bool = False) -> None:
    """``task`` is what to send again for a job of ``kind``; ``own_sweep``: the domain restarts its
    abandoned jobs itself, so :func:`redispatch_abandoned` leaves them alone."""
    DISPATCH[kind] = task
    if own_sweep:
        OWN_SWEEP.add(kind)


@shared_task(name="jobs.redispatch_stale")
def redispatch_stale() -> int:
    """Send again what the broker did not take (kept messages) and every job still queued after a
    while (its message may have been lost with a broker that restarted empty). A job sent twice runs
    once: the second delivery finds it claimed."""
    count = 0
    for pending in queries.pending_sends():
        task = current_celery.tasks.get(pending.task_name)
        args, kwargs = list(pending.args), dict(pending.kwargs)
        if not operations.take_unsent(pending):
            continue
        commit_unit_of_work()  # the claim is visible before the send: an overlapping sweep skips it
        if task is None:
            continue  # a task that no longer exists cannot be sent
        if not send(task, *args, **kwargs):  # a failed send is kept again
            break  # the broker is still away; try again at the next sweep
        count += 1
    stale_after = timedelta(seconds=current_app.config["JOBS_STALE_SECONDS"])
    for job in queries.stale_queued_jobs(stale_after):
        task = DISPATCH.get(job.kind)
        if task is not None and send(task, job.id, _keep_on_failure=False):
            operations.requeue_job(job)
            count += 1
    return count + redispatch_abandoned(stale_after)


def redispatch_abandoned(stale_after: timedelta) -> int:
    """Send again every running job whose worker died (no claim or progress for ``stale_after``):
    the job goes back to queued, committed before the send, and the new message claims it. On a
    Redis broker the dead worker's message would only come back after its visibility timeout (an
    hour); on the embedded broker, never."""
    count = 0
    silent_since = utcnow() - stale_after
    kinds = [kind for kind in DISPATCH if kind not in OWN_SWEEP]
    for job in queries.stale_running_jobs(stale_after, kinds):
        if not operations.requeue_abandoned_job(job, silent_since):
            continue  # it reported meanwhile, or another sweep took it
        commit_unit_of_work()  # queued before the message can arrive
        if send(DISPATCH[job.kind], job.id, _keep_on_failure=False):
            count += 1
        # not sent (broker away): the job is queued, and the queued-job sweep sends it later
    return count
