"""Start and end notices of contests and competitions (the ``contest_dates`` kind). A periodic task
asks the domains that own dated things (``schedule_events_asked``) what started or ended since it
last looked, and notifies each of their people once per event (idempotency key
``<event key>:u<user id>``), on each person's channel and, when read or mailed, in their language.
The first run looks back ``SCHEDULE_NOTICE_FIRST_LOOK`` only, so a new install does not announce
every past contest."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from arena.core import signals
from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.notifications.models import NotificationCursor
from arena.notifications.operations import notify

CURSOR = "schedule"
SCHEDULE_NOTICE_FIRST_LOOK = timedelta(hours=1)


def send_schedule_notices(now: datetime | None = None) -> int:
    """Notify the people of everything that started or ended since the last run; returns how many
    notifications were made (a person who switched the kind off counts none)."""
    now = now or utcnow()
    cursor = db.session.scalar(select(NotificationCursor).where(NotificationCursor.name == CURSOR))
    if cursor is None:
        cursor = NotificationCursor(name=CURSOR, at=now - SCHEDULE_NOTICE_FIRST_LOOK)
        db.session.add(cursor)
    since = cursor.at
    if now <= since:
        return 0
    sent = 0
    for answer in signals.values_from_signal(signals.schedule_events_asked, None, since=since, until=now):
        for event in answer:
            params = {"phase": event["phase"], "name": event["name"], "date": event["date"]}
            for user_id in event["user_ids"]:
                if notify(user_id, "contest_dates", params, link=event["link"],
                          key=f"{event['key']}:u{user_id}") is not None:
                    sent += 1
    cursor.at = now
    db.session.flush()
    return sent
