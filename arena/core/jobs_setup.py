"""Celery wired the Flask way.

- Tasks are declared with ``shared_task(name="domain.verb_noun")`` in a domain's ``tasks.py``; they
  take ids, never objects, and re-load what they need.
- Each task runs inside an app context and is its own unit of work: one commit when it returns,
  a rollback when it raises.
- Work started by a request is sent only after the request's commit (:func:`enqueue`), so the
  worker always sees the rows it was given ids of. If the broker cannot be reached, the send is
  logged, the message is kept in the database (the jobs domain registers where, through
  :func:`on_send_failed`) and the durable ``Job`` row, if any, stays ``queued``;
  ``jobs.redispatch_stale`` sends both again once the broker answers.
- There is one Celery app per process (``arena.extensions.celery``), current *and default* in every
  thread, so a task sent from a request thread, a worker thread or the CLI reaches the configured
  broker — never Celery's built-in ``amqp://localhost`` default.
- A message may arrive twice (a re-send after a lost message, a redelivery after a worker died):
  tasks that carry a job claim it first (``jobs.operations.claim_job``), so the work runs once.
"""

from __future__ import annotations

import logging

from celery import Task
from flask import g, has_request_context

log = logging.getLogger("arena.jobs")


def _quiet_embedded_broker() -> None:
    """kombu's SQLAlchemy transport (the embedded broker) uses a loader SQLAlchemy 2.1 deprecates.
    The warning is kombu's to fix and nothing a person running Arena can act on, so ``arena serve``
    does not print it (the suite ignores it the same way, in pyproject.toml)."""
    import warnings

    from sqlalchemy.exc import SADeprecationWarning

    warnings.filterwarnings("ignore", category=SADeprecationWarning, module=r"kombu\.")


def init_celery(app) -> None:
    from arena.extensions import celery, db

    cfg = app.config
    if cfg["CELERY_BROKER_URL"].startswith("sqla+"):
        _quiet_embedded_broker()
    # Connections follow the configuration: an app wired again in the same process (tests wire one
    # per test) with another broker must not go on sending through the previous broker's pool.
    celery._after_fork()  # drops the connection and producer pools (as after a fork)
    celery.conf.update(
        broker_url=cfg["CELERY_BROKER_URL"],
        result_backend=cfg["CELERY_RESULT_BACKEND"],
        task_always_eager=cfg["CELERY_TASK_ALWAYS_EAGER"],
        task_default_queue=cfg["CELERY_TASK_DEFAULT_QUEUE"],
        task_eager_propagates=True,
        # Results and progress live on the durable Job rows; Celery's own result store is not read,
        # and writing to it would make every send wait on the result back end too (a Redis that is
        # down held a request for 19 s).
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=2,
        # A request must not hang on a broker that is down: one quick retry, then the send fails,
        # is logged and kept for the sweep.
        task_publish_retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.2,
                                   "interval_max": 0.2},
        broker_transport_options={"max_retries": 1, "interval_start": 0, "interval_step": 0.2,
                                  "interval_max": 0.5},
        result_extended=True,
        timezone="UTC",
        enable_utc=True,
        beat_schedule={
            "jobs-redispatch-stale": {"task": "jobs.redispatch_stale",
                                      "schedule": float(cfg["JOBS_SWEEP_SECONDS"])},
            **cfg["CELERY_BEAT_SCHEDULE"],
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
    celery.set_default()  # see the module docstring: every thread sends through this app
    celery.set_current()
    app.extensions["celery"] = celery
    app.after_request(_flush_pending)


def add_beat_schedule(app, schedule: dict) -> None:
    """A domain's periodic tasks join the beat schedule (an entry of that name already there stays)."""
    celery = app.extensions["celery"]
    celery.conf.beat_schedule = {**schedule, **(celery.conf.beat_schedule or {})}


def enqueue(task, *args, **kwargs) -> None:
    """Send ``task`` once the rows it is given ids of are committed (a worker must never be handed an
    uncommitted id): after the request's commit; inside a task or command, after that unit of
    work's next real commit (not when a savepoint is released); with no transaction open, at once.
    Work queued in a unit of work that rolls back is dropped with it."""
    if has_request_context():
        g.setdefault("arena_pending_tasks", []).append((task, args, kwargs))
        return
    from sqlalchemy import event

    from arena.extensions import db

    session = db.session()
    if not session.in_transaction():
        send(task, *args, **kwargs)
        return
    session.info.setdefault("arena_pending_tasks", []).append((task, args, kwargs))
    if not event.contains(session, "after_commit", _send_after_commit):
        event.listen(session, "after_commit", _send_after_commit)
        event.listen(session, "after_soft_rollback", _drop_after_rollback)


def _send_after_commit(session) -> None:
    # SQLAlchemy also fires after_commit when a savepoint is released; the rows are not committed yet
    if session.in_nested_transaction():
        return
    for task, args, kwargs in session.info.pop("arena_pending_tasks", []):
        send(task, *args, **kwargs)


def _drop_after_rollback(session, previous) -> None:
    if previous.parent is None:  # the unit of work itself rolled back, not a savepoint inside it
        session.info.pop("arena_pending_tasks", None)


#: called with (task name, args, kwargs, error) when a send fails; the jobs domain keeps the message
_send_failed_handlers: list = []


def on_send_failed(handler) -> None:
    """Register where a message that could not be sent is kept (the jobs domain's outbox)."""
    if handler not in _send_failed_handlers:
        _send_failed_handlers.append(handler)


def send(task, *args, _keep_on_failure: bool = True, **kwargs) -> bool:
    """Send ``task`` now. If the broker cannot be reached, log it, hand the message to the registered
    keepers (so the sweep sends it later) and return ``False`` — never raise, never hang."""
    try:
        task.apply_async(args=args, kwargs=kwargs)
        return True
    except Exception as exc:  # broker down: kept, and re-sent by jobs.redispatch_stale
        log.warning("could not send task %s (%s); it is kept and will be sent again", task.name, exc)
        if _keep_on_failure:
            for handler in _send_failed_handlers:
                try:
                    handler(task.name, list(args), dict(kwargs), str(exc))
                except Exception:  # noqa: BLE001 - the database may be down too; say so loudly
                    log.exception("could not keep task %s for a later send: it is lost", task.name)
        return False


def _flush_pending(response):
    """Registered before the boundary's commit hook, so Flask runs it *after* the commit."""
    pending = g.pop("arena_pending_tasks", [])
    if response.status_code < 400:
        for task, args, kwargs in pending:
            send(task, *args, **kwargs)
    return response
