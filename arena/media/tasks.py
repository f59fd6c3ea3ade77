"""Celery tasks of the media domain (explicit names; ids in, rows re-loaded in the worker)."""

from __future__ import annotations

import shutil

from celery import shared_task
from celery.schedules import crontab
from flask import current_app

from arena.core.messages import N_
from arena.core.boundary import commit_unit_of_work
from arena.extensions import db
from arena.jobs import operations as jobs
from arena.jobs.tasks import claim, register_dispatch
from arena.media import operations, video
from arena.media.models import MediaItem
from arena.media.storage import get_storage

BEAT_SCHEDULE = {
    "media-nightly-cleanup": {"task": "media.cleanup", "schedule": crontab(hour=3, minute=15)},
    "media-restart-stalled": {"task": "media.restart_stalled", "schedule": 60.0},
}


@shared_task(name="media.process_video", bind=True, acks_late=True, reject_on_worker_lost=True)
def process_video(self, job_id: int) -> dict:
    """Transcode, poster and preview. Idempotent: the job is claimed once (a redelivery after a crash
    carries on), outputs are written to a scratch folder and moved into place only when all are
    done, and the original is removed only after that."""
    job = claim(self, job_id)
    if job is None:
        return {"skipped": job_id}
    item = db.session.get(MediaItem, (job.params or {}).get("item_id"))
    if item is None:
        jobs.fail_job(job, N_("The video was deleted."))
        return {"missing": job_id}
    if item.status == "ready":
        jobs.finish_job(job, {"item_id": item.id}, N_("Already processed"))
        return {"item_id": item.id}
    storage, cfg = get_storage(), current_app.config
    scratch = storage.path(f"{item.id}/work-{job.id}")
    shutil.rmtree(scratch, ignore_errors=True)  # a crashed delivery's half-written files

    def progress(pct: int) -> None:
        jobs.report_progress(job, pct, N_("Transcoding"))
        commit_unit_of_work()

    try:
        facts = video.probe(storage.path(item.key("original")))
        operations._set_facts(item, facts)
        outputs = video.transcode(storage.path(item.key("original")), scratch, facts,
                                  max_height=cfg["MEDIA_MAX_HEIGHT"], preview_seconds=cfg["MEDIA_PREVIEW_SECONDS"],
                                  progress=progress)
    except Exception as exc:  # noqa: BLE001 - any failure is shown to the owner with a retry
        shutil.rmtree(scratch, ignore_errors=True)
        reason = str(exc) or type(exc).__name__
        operations.mark_failed(item, reason)
        jobs.fail_job(job, N_("The video could not be processed: %(reason)s"), reason=reason[:300])
        return {"failed": reason}
    db.session.refresh(job)
    if job.status != "running" or job.task_id != self.request.id:
        shutil.rmtree(scratch, ignore_errors=True)  # given up on as stalled and started again: not ours
        return {"superseded": job_id}
    for name, path in outputs.items():
        storage.replace(path, item.key(name))
    for leftover in storage.path(str(item.id)).glob("work-*"):  # this and any crashed delivery's
        shutil.rmtree(leftover, ignore_errors=True)
    operations.mark_processed(item, sorted(outputs))
    jobs.finish_job(job, {"item_id": item.id}, N_("Processed"))
    commit_unit_of_work()
    storage.delete(item.key("original"))  # kept until the transcode succeeded and was recorded
    operations.original_removed(item)
    commit_unit_of_work()
    return {"item_id": item.id}


@shared_task(name="media.restart_stalled")
def restart_stalled() -> int:
    return operations.restart_stalled()


@shared_task(name="media.cleanup")
def cleanup() -> dict:
    return operations.cleanup()


register_dispatch(operations.JOB_KIND, process_video, own_sweep=True)  # media.restart_stalled
