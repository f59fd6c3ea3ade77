"""Celery tasks of the notifications domain. ``notifications.send_digests`` runs daily at
``NOTIFICATION_DIGEST_HOUR`` (UTC) and mails each user their waiting digest notifications;
``notifications.alert_waiting_queues`` runs hourly and alerts the administrators, once a day per
queue, about admin queues with an item waiting over a day;
``notifications.send_schedule_notices`` runs every 5 minutes and announces contests and competitions
that started or ended since its last run."""

from __future__ import annotations

from celery import shared_task
from celery.schedules import crontab


def beat_schedule(app) -> dict:
    return {"notifications-daily-digest": {"task": "notifications.send_digests",
                                           "schedule": crontab(hour=int(app.config["NOTIFICATION_DIGEST_HOUR"]),
                                                               minute=0)},
            "notifications-waiting-queues": {"task": "notifications.alert_waiting_queues",
                                             "schedule": crontab(minute=5)},
            "notifications-contest-dates": {"task": "notifications.send_schedule_notices", "schedule": 300.0}}


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


@shared_task(name="notifications.send_schedule_notices")
def send_schedule_notices() -> int:
    from arena.notifications import schedule

    return schedule.send_schedule_notices()
