"""Celery tasks of the notifications domain. ``notifications.send_digests`` runs daily at
``NOTIFICATION_DIGEST_HOUR`` (UTC) and mails each user their waiting digest notifications;
``notifications.alert_waiting_queues`` runs hourly and alerts the administrators, once a day per
queue, about admin queues with an item waiting over a day."""

from __future__ import annotations

from celery import shared_task
from celery.schedules import crontab


def beat_schedule(app) -> dict:
    return {"notifications-daily-digest": {"task": "notifications.send_digests",
                                           "schedule": crontab(hour=int(app.config["NOTIFICATION_DIGEST_HOUR"]),
                                                               minute=0)},
            "notifications-waiting-queues": {"task": "notifications.alert_waiting_queues",
                                             "schedule": crontab(minute=5)}}


@shared_task(name="notifications.send_digests")
def send_digests() -> int:
    from arena.notifications import operations

    return operations.send_digests()


@shared_task(name="notifications.alert_waiting_queues")
def alert_waiting_queues() -> list[str]:
    from arena.notifications import operations

    return operations.alert_waiting_queues()


@shared_task(name="notifications.alert_wiki_breaker_opened")
def alert_wiki_breaker_opened(wiki_id: str, failures: int) -> int:
    from arena.notifications import operations

    return operations.alert_wiki_breaker_opened(wiki_id, failures)
