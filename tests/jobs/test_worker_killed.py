"""A Celery worker killed with SIGKILL in the middle of a job (a facts refresh against the local
MediaWiki, a report export): a new worker's sweep finds the job silent for ``JOBS_STALE_SECONDS``,
sends it again, and it completes exactly once — attempts and outcome right, no duplicated rows or
files — while the dead worker's own message, should it come back, finds the job taken."""

from __future__ import annotations

import os
import signal
import time
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from arena.core.timeutil import utcnow
from arena.extensions import db
from tests.support.processes import ArenaWorker, wait_until
from tests.support.wiki_fixtures import TEST_WIKI_ID, wiki_settings

SUBMISSIONS = 400  # eight batches of 50 titles: time to kill the worker between two of them


@pytest.fixture
def config(config, wiki):
    return {**config, **wiki_settings(wiki), "JOBS_STALE_SECONDS": 2, "JOBS_SWEEP_SECONDS": 1}


@pytest.fixture
def worker_app(request):
    app = request.getfixturevalue("app")
    app.extensions["celery"].conf.task_always_eager = False
    yield app
    app.extensions["celery"].conf.task_always_eager = True


@pytest.fixture
def contest(worker_app, create_user):
    from arena.contests import operations

    owner = create_user("organiser", role="admin")
    now = utcnow()
    contest = operations.build_contest({"name": f"Killed {uuid.uuid4().hex[:8]}", "wikis": [TEST_WIKI_ID],
                                        "is_published": True, "starts_at": now - timedelta(days=1),
                                        "ends_at": now + timedelta(days=9)}, owner=owner, actor=owner)
    for n in range(SUBMISSIONS):
        operations.import_article(contest, TEST_WIKI_ID, f"Probe article {n}", None, actor=owner)
    db.session.commit()
    return contest


def job_row(job_id):
    from arena.jobs.models import Job

    db.session.expire_all()
    return db.session.get(Job, job_id)


def kill_mid_job(config, task, job_id, started) -> str:
    """Run ``task`` for the job on a worker and SIGKILL the worker once ``started(job)`` holds; the
    Celery id of the message the dead worker held."""
    from arena.core.jobs_setup import send

    with ArenaWorker(config) as worker:
        assert send(task, job_id)
        assert wait_until(lambda: started(job_row(job_id)), timeout=60, interval=0.02), worker.output()
        os.kill(worker.proc.pid, signal.SIGKILL)
        worker.proc.wait(timeout=10)
    job = job_row(job_id)
    assert job.status == "running" and job.attempts == 1, (job.status, job.progress)  # killed mid-job
    return job.task_id


def finish_on_a_new_worker(config, tmp_path, job_id):
    with ArenaWorker(config, beat=str(tmp_path / "beat-schedule")) as worker:
        job = wait_until(lambda: (lambda j: j if j.status in ("succeeded", "failed") else None)(job_row(job_id)),
                         timeout=90, interval=0.25)
        assert job is not None, worker.output()
    return job


def test_a_facts_refresh_killed_mid_run_is_sent_again_and_completes_once(config, contest, tmp_path):
    from arena.contests.models import Submission
    from arena.contests.tasks import refresh_facts
    from arena.jobs import operations

    job = operations.create_job("contests.refresh_facts", actor=None, params={"contest_id": contest.id})
    db.session.commit()
    dead_task = kill_mid_job(config, refresh_facts, job.id, lambda j: j.status == "running" and 0 < j.progress < 50)

    job = finish_on_a_new_worker(config, tmp_path, job.id)
    assert job.status == "succeeded" and job.progress == 100 and job.attempts == 2
    assert job.result == {"submissions": SUBMISSIONS, "unreachable": 0}
    assert job.task_id != dead_task
    rows = db.session.scalars(select(Submission).where(Submission.contest_id == contest.id)).all()
    assert len(rows) == SUBMISSIONS  # no duplicated entries
    assert all(row.snapshot and row.facts_fetched_at for row in rows)
    assert operations.claim_job(job.id, dead_task) is None  # the dead worker's message, back late: nothing to do
    db.session.rollback()


def test_a_report_export_killed_mid_run_is_sent_again_and_writes_one_file(config, contest, tmp_path, worker_app):
    from arena.jobs import operations
    from arena.reviews.reports import JOB_KIND, report_dir
    from arena.reviews.tasks import build_report

    job = operations.create_job(JOB_KIND, actor=None, params={"contest_id": contest.id, "format": "pdf",
                                                              "top": 10, "locale": "en"})
    db.session.commit()
    dead_task = kill_mid_job(config, build_report, job.id, lambda j: j.status == "running")

    job = finish_on_a_new_worker(config, tmp_path, job.id)
    assert job.status == "succeeded" and job.attempts == 2 and job.task_id != dead_task
    files = sorted(p.name for p in report_dir(worker_app).glob(f"*-{contest.slug}-*"))
    assert files == [job.result["file"]]  # one file, the one the job names
    assert (report_dir(worker_app) / files[0]).stat().st_size == job.result["bytes"] > 0
    assert operations.claim_job(job.id, dead_task) is None
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(type(job)).where(type(job).kind == JOB_KIND)) == 1


def test_a_long_silent_job_on_a_live_worker_is_not_taken_for_dead(config, worker_app, create_user, tmp_path):
    """A task that runs several times ``JOBS_STALE_SECONDS`` without reporting progress keeps its
    sign of life through the heartbeat: a second worker's sweep leaves it alone and it runs once."""
    from arena.core.jobs_setup import send
    from arena.jobs import operations, tasks

    job = operations.create_job(tasks.WORKER_CHECK, actor=create_user("root", role="admin"),
                                params={"sleep_ms": 12000})  # 6 × JOBS_STALE_SECONDS, silent
    db.session.commit()
    with ArenaWorker(config) as busy:
        assert send(tasks.check_worker, job.id)
        assert wait_until(lambda: job_row(job.id).status == "running", timeout=60, interval=0.05), busy.output()
        # a second worker, idle, whose sweep runs every second and would take a silent job for dead
        with ArenaWorker(config, beat=str(tmp_path / "beat-schedule")) as sweeper:
            done = wait_until(lambda: (lambda j: j if j.status in ("succeeded", "failed") else None)(job_row(job.id)),
                              timeout=60, interval=0.25)
            assert done is not None, busy.output() + sweeper.output()
            time.sleep(3)  # a second run, had one been sent, would have started by now
    done = job_row(job.id)
    assert done.status == "succeeded" and done.attempts == 1, (done.status, done.attempts, done.message)
