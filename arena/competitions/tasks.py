"""Celery tasks of the competitions domain (explicit names; ids in, rows re-loaded in the worker).

Schedule (added to Celery beat by ``init_app``): ``competitions.close_expired_attempts`` every
``COMPETITION_SWEEP_SECONDS`` (default 60): attempts whose deadline and grace passed without a
submit are closed and scored with the answers saved.
"""

from __future__ import annotations

from celery import shared_task
from flask import current_app

from arena.competitions import operations, queries
from arena.core.boundary import commit_unit_of_work


def beat_schedule(app) -> dict:
    seconds = float(app.config["COMPETITION_SWEEP_SECONDS"])
    return {"competitions-close-expired-attempts": {"task": "competitions.close_expired_attempts",
                                                    "schedule": seconds}}


@shared_task(name="competitions.close_expired_attempts")
def close_expired_attempts() -> int:
    """Close every expired open attempt; each one is committed on its own so one failure keeps the rest."""
    grace = current_app.config["COMPETITION_ANSWER_GRACE_SECONDS"]
    closed = 0
    for attempt_id in queries.expired_open_attempt_ids(grace):
        if operations.expire_attempt(attempt_id):
            closed += 1
        commit_unit_of_work()
    return closed
