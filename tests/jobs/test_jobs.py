import os

from sqlalchemy import select

from arena.extensions import db
from arena.jobs import queries
from arena.jobs.models import Job
from tests.conftest import envelope_ok
from tests.support.processes import ArenaWorker, wait_until


def test_demo_job_runs_and_reports_state(client, create_user, auth_headers):
    admin = create_user("root", role="admin")
    data = envelope_ok(client.post("/api/v1/jobs/worker-check", json={}, headers=auth_headers(admin)), 202)
    assert data["status"] == "queued"  # the response is built before the task is sent
    state = envelope_ok(client.get(f"/api/v1/jobs/{data['id']}", headers=auth_headers(admin)))
    assert state["status"] == "succeeded" and state["progress"] == 100  # eager in this test
    assert state["result"]["pid"] == os.getpid()


def test_only_admins_start_the_demo_and_jobs_are_private(client, create_user, auth_headers):
    admin, someone = create_user("root", role="admin"), create_user("someone")
    assert client.post("/api/v1/jobs/worker-check", json={}).status_code == 401
    assert client.post("/api/v1/jobs/worker-check", json={}, headers=auth_headers(someone)).status_code == 403
    job_id = envelope_ok(client.post("/api/v1/jobs/worker-check", json={}, headers=auth_headers(admin)), 202)["id"]
    assert client.get(f"/api/v1/jobs/{job_id}", headers=auth_headers(someone)).status_code == 404
    assert client.post("/api/v1/jobs/worker-check", json={"sleep_ms": -1}, headers=auth_headers(admin)).status_code == 422


def test_the_worker_check_runs_in_a_real_worker_process(config, create_user, auth_headers, request):
    config["CELERY_TASK_ALWAYS_EAGER"] = False
    app = request.getfixturevalue("app")
    app.config["CELERY_TASK_ALWAYS_EAGER"] = False
    app.extensions["celery"].conf.task_always_eager = False
    try:
        admin = create_user("root", role="admin")
        client = app.test_client()
        with ArenaWorker(config) as worker:
            job_id = envelope_ok(client.post("/api/v1/jobs/worker-check", json={}, headers=auth_headers(admin)), 202)["id"]

            def finished():
                db.session.expire_all()
                job = queries.get_job(job_id)
                return job if job.status in ("succeeded", "failed") else None

            job = wait_until(finished, timeout=60)
            assert job is not None, worker.output()
            checked = app.test_cli_runner().invoke(args=["worker-check", "--timeout", "60"])
            assert checked.exit_code == 0 and "succeeded" in checked.output, checked.output
        assert job.status == "succeeded"
        assert job.result["pid"] != os.getpid()  # ran outside this (web) process
        assert job.attempts == 1 and 0 <= job.result["queue_seconds"] < 60
        # no worker: the command says so and fails, for a deployment's health check
        alone = app.test_cli_runner().invoke(args=["worker-check", "--timeout", "1"])
        assert alone.exit_code == 1 and "is a worker running?" in alone.output
    finally:
        app.extensions["celery"].conf.task_always_eager = True


def test_a_job_whose_send_failed_stays_queued_and_is_sent_again(config, request):
    import time

    from arena.jobs.models import PendingSend

    config["CELERY_TASK_ALWAYS_EAGER"] = False
    config["CELERY_BROKER_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    app = request.getfixturevalue("app")  # made now, with the broker above (not before the test)
    assert app.extensions["celery"].conf.broker_url == config["CELERY_BROKER_URL"]
    create_user, auth_headers = request.getfixturevalue("create_user"), request.getfixturevalue("auth_headers")
    try:
        admin = create_user("root", role="admin")
        started = time.monotonic()
        resp = app.test_client().post("/api/v1/jobs/worker-check", json={}, headers=auth_headers(admin))
        assert time.monotonic() - started < 5  # the request does not hang on the broker
        job_id = envelope_ok(resp, 202)["id"]
        db.session.expire_all()
        job = db.session.get(Job, job_id)
        assert job.status == "queued"  # stored, visible, not lost
        kept = db.session.scalars(select(PendingSend)).all()
        assert [(p.task_name, p.args) for p in kept] == [("jobs.check_worker", [job_id])]

        # the broker comes back: the sweep sends the kept message (eager here, so it runs at once)
        app.extensions["celery"].conf.task_always_eager = True
        from arena.jobs import tasks

        assert tasks.redispatch_stale.apply().get() == 1
        db.session.expire_all()
        job = db.session.get(Job, job_id)
        assert job.status == "succeeded" and job.attempts == 1
        assert db.session.scalars(select(PendingSend)).all() == []
        assert tasks.redispatch_stale.apply().get() == 0  # nothing is sent twice
    finally:
        app.extensions["celery"].conf.task_always_eager = True


def test_a_queued_job_whose_message_was_lost_is_sent_again_and_runs_once(app, create_user):
    from datetime import timedelta

    from arena.jobs import operations, tasks

    job = operations.create_job(tasks.WORKER_CHECK, actor=None)
    db.session.commit()
    job.updated_at = job.updated_at - timedelta(seconds=app.config["JOBS_STALE_SECONDS"] + 1)
    db.session.commit()
    assert tasks.redispatch_stale.apply().get() == 1
    db.session.expire_all()
    job = db.session.get(Job, job.id)
    assert job.status == "succeeded" and job.attempts == 1
    # the lost message turns up after all: it finds the job done and does nothing
    assert tasks.check_worker.apply(args=(job.id,)).get() == {"skipped": job.id}
    db.session.expire_all()
    assert db.session.get(Job, job.id).attempts == 1


def test_a_task_sent_from_any_thread_goes_to_arenas_broker(app):
    """gunicorn answers requests in threads of its own: a task sent there must use Arena's Celery app
    and broker, not Celery's built-in default (amqp://localhost, which nobody consumes)."""
    import threading

    from arena.jobs import tasks

    seen = {}

    def in_a_request_thread():
        bound = tasks.check_worker._get_current_object().app
        seen.update(app=bound, broker=bound.conf.broker_url)

    thread = threading.Thread(target=in_a_request_thread)
    thread.start()
    thread.join()
    assert seen["app"] is app.extensions["celery"]
    assert seen["broker"] == app.config["CELERY_BROKER_URL"]


def test_a_job_runs_once_whichever_message_arrives_twice(app, create_user):
    from arena.jobs import operations, tasks

    job = operations.create_job(tasks.WORKER_CHECK, actor=None)
    db.session.commit()
    assert operations.claim_job(job.id, "message-1") is not None
    db.session.commit()
    assert operations.claim_job(job.id, "message-2") is None  # a second send of the same job
    again = operations.claim_job(job.id, "message-1")  # the same message redelivered (its worker died)
    assert again is not None and again.attempts == 2 and again.task_id == "message-1"
    operations.finish_job(again, {}, "Done")
    db.session.commit()
    assert operations.claim_job(job.id, "message-1") is None  # finished work is never run again

def test_recent_jobs_filter_on_their_parameters_in_the_database(app, create_user):
    from arena.jobs import operations

    alice, bob = create_user("alice"), create_user("bob")
    wanted = operations.create_job("contest_report", actor=alice, params={"contest_id": 1, "format": "pdf"})
    for _ in range(60):  # many newer reports of another contest do not push the older one out
        operations.create_job("contest_report", actor=alice, params={"contest_id": 2, "format": "pdf"})
    operations.create_job("contest_report", actor=bob, params={"contest_id": 1, "format": "pdf"})
    operations.create_job("category_import", actor=alice, params={"contest_id": 1})
    latest = operations.create_job("contest_report", actor=alice, params={"contest_id": 1, "format": "json"})
    db.session.commit()

    found = queries.recent_jobs("contest_report", user_id=alice.id, params={"contest_id": 1})
    assert [job.id for job in found] == [latest.id, wanted.id]
    by_format = queries.recent_jobs("contest_report", user_id=alice.id, params={"contest_id": 1, "format": "pdf"})
    assert [job.id for job in by_format] == [wanted.id]
    assert len(queries.recent_jobs("contest_report", user_id=alice.id, params={"contest_id": 2}, limit=10)) == 10
    assert queries.recent_jobs("contest_report", user_id=bob.id, params={"contest_id": 2}) == []


def test_work_queued_inside_a_task_waits_for_the_real_commit_not_a_savepoint(app, monkeypatch):
    """In a task (no request), work is sent after the unit of work commits — not when a savepoint
    inside it is released (SQLAlchemy reports both as a commit) — and dropped if it rolls back."""
    from arena.core import jobs_setup
    from arena.jobs import operations, tasks

    sent = []
    monkeypatch.setattr(jobs_setup, "send", lambda task, *a, **k: sent.append((task.name, a)) or True)
    job = operations.create_job(tasks.WORKER_CHECK, actor=None)
    with db.session.begin_nested():
        jobs_setup.enqueue(tasks.check_worker, job.id)
    assert sent == []  # the savepoint is released, the job row is still uncommitted
    db.session.commit()
    assert sent == [("jobs.check_worker", (job.id,))]

    operations.create_job(tasks.WORKER_CHECK, actor=None)
    jobs_setup.enqueue(tasks.check_worker, 999)
    db.session.rollback()
    db.session.commit()
    assert sent == [("jobs.check_worker", (job.id,))]  # the rolled-back work was never sent


def test_only_a_running_job_whose_worker_went_silent_is_sent_again(app, create_user):
    """The sweep leaves a running job that reports (its worker is alive) with its worker, so a second
    message for it finds it taken; a job silent for JOBS_STALE_SECONDS is requeued, the message sent
    for it claims it, and the dead worker's own message, back late, finds it taken."""
    from datetime import timedelta

    from arena.jobs import operations, tasks

    alive = operations.create_job(tasks.WORKER_CHECK, actor=None)
    dead = operations.create_job(tasks.WORKER_CHECK, actor=None)
    db.session.commit()
    for job, message in ((alive, "alive-message"), (dead, "dead-message")):
        assert operations.claim_job(job.id, message) is not None
    db.session.commit()
    dead.updated_at = dead.updated_at - timedelta(seconds=app.config["JOBS_STALE_SECONDS"] + 1)
    db.session.commit()

    assert tasks.redispatch_stale.apply().get() == 1  # the eager send runs the check at once
    db.session.expire_all()
    dead, alive = db.session.get(Job, dead.id), db.session.get(Job, alive.id)
    assert dead.status == "succeeded" and dead.attempts == 2 and dead.task_id != "dead-message"
    assert alive.status == "running" and alive.task_id == "alive-message" and alive.attempts == 1
    assert operations.claim_job(alive.id, "a-late-duplicate") is None  # a live job is not run twice
    assert operations.claim_job(dead.id, "dead-message") is None
