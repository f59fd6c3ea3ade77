"""Signals the notifications domain turns into administrators' alerts (connected in ``init_app``)."""

from __future__ import annotations

import logging

from arena.core import signals

log = logging.getLogger("arena.notifications")


def on_job_failed(_job, *, job_id: int, kind: str, **_extra) -> None:
    """In the unit of work that marks the job failed: the alert is kept or undone with it."""
    from arena.notifications import operations

    operations.alert_job_failed(job_id, kind)


def on_wiki_breaker_opened(wiki_id: str, *, failures: int = 0, **_extra) -> None:
    """The call that opened the breaker fails, and its request or task may roll back: the alert is
    sent as a task of its own, at once (a broker that is away keeps it for the sweep)."""
    from arena.core.jobs_setup import send
    from arena.notifications import tasks

    send(tasks.alert_wiki_breaker_opened, wiki_id, failures)


def connect() -> None:
    signals.job_failed.connect(on_job_failed)
    signals.wiki_breaker_opened.connect(on_wiki_breaker_opened)
