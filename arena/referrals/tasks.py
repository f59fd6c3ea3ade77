"""Celery tasks of the referrals domain: hourly expiry of overdue referrals, daily purge of IP hashes."""

from __future__ import annotations

from celery import shared_task
from celery.schedules import crontab

BEAT_SCHEDULE = {
    "referrals-expire": {"task": "referrals.expire", "schedule": crontab(minute=15)},
    "referrals-purge-ip-hashes": {"task": "referrals.purge_ip_hashes", "schedule": crontab(hour=3, minute=45)},
}


@shared_task(name="referrals.expire")
def expire() -> int:
    from arena.referrals import operations

    return operations.expire_overdue()


@shared_task(name="referrals.purge_ip_hashes")
def purge_ip_hashes() -> int:
    from arena.referrals import operations

    return operations.purge_ip_hashes()
