"""Celery wired the Flask way.

- Tasks are declared with ``shared_task(name="domain.verb_noun")`` in a domain's ``tasks.py``; they
  take ids, never objects, and re-load what they need.
- Each task runs inside an app context and is its own unit of work: one commit when it returns,
  a rollback when it raises.
- Work started by a request is sent only after the request's commit (:func:`enqueue`), so the
  worker always sees the rows it was given ids of. If the broker cannot be reached, the send is
  logged and the durable ``Job`` row stays ``queued``; ``jobs.redispatch_stale`` sends it again.
"""

from __future__ import annotations

import logging

from celery import Task
from flask import g, has_request_context

log = logging.getLogger("arena.jobs")


def init_celery(app) -> None:
    from arena.extensions import celery, db

    cfg = app.config
    celery.conf.update(
        broker_url=cfg["CELERY_BROKER_URL"],
        result_backend=cfg["CELERY_RESULT_BACKEND"],
        task_always_eager=cfg.get("CELERY_TASK_ALWAYS_EAGER", False),
        task_eager_propagates=True,
        task_ignore_result=False,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=2,
        broker_transport_options={"max_retries": 1, "interval_start": 0, "interval_step": 0.2,
                                  "interval_max": 0.5},
        result_extended=True,
        timezone="UTC",
        enable_utc=True,
        beat_schedule={
            "jobs-redispatch-stale": {"task": "jobs.redispatch_stale", "schedule": 60.0},
            **(cfg.get("CELERY_BEAT_SCHEDULE") or {}),
        },
        beat_schedule_filename=str(app.instance_path) + "/celerybeat-schedule",
    )

    class FlaskTask(Task):
        abstract = True

        def __call__(self, *args, **kwargs):
            # the app most recently wired (tasks are bound once, but tests create one app per test)
            flask_app = getattr(celery, "flask_app", None) or app
            with flask_app.app_context():
                try:
                    result = self.run(*args, **kwargs)
                    db.session.commit()
                    return result
                except Exception:
                    db.session.rollback()
                    raise
                finally:
                    db.session.remove()

    celery.Task = FlaskTask
    celery.flask_app = app  # type: ignore[attr-defined]
    app.extensions["celery"] = celery
    app.after_request(_flush_pending)


def enqueue(task, *args, **kwargs) -> None:
    """Send ``task`` once the rows it is given ids of are committed (a worker must never be handed an
    uncommitted id): after the request's commit; inside a task or command, after that unit of
    work's next commit; with no transaction open, at once."""
    if has_request_context():
        g.setdefault("arena_pending_tasks", []).append((task, args, kwargs))
        return
    from sqlalchemy import event

    from arena.extensions import db

    session = db.session()
    if session.in_transaction():
        event.listen(session, "after_commit", lambda _session: send(task, *args, **kwargs), once=True)
    else:
        send(task, *args, **kwargs)


def send(task, *args, **kwargs) -> bool:
    try:
        task.apply_async(args=args, kwargs=kwargs)
        return True
    except Exception as exc:  # broker down: the Job row remains queued and is re-sent later
        log.warning("could not send task %s (%s); it stays queued", task.name, exc)
        return False


def _flush_pending(response):
    """Registered before the boundary's commit hook, so Flask runs it *after* the commit."""
    pending = g.pop("arena_pending_tasks", [])
    if response.status_code < 400:
        for task, args, kwargs in pending:
            send(task, *args, **kwargs)
    return response
