"""Every write of the notifications domain: notify (the one way every domain notifies), mark read,
channel preferences, the daily digest, and the administrators' alerts (waiting queues, failed jobs,
a wiki's circuit breaker opening), each sent once per subject and period. Operations flush and never
commit."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from arena.core import pagecache
from arena.core.errors import ValidationFailed
from arena.core.mail import send_mail
from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.notifications.kinds import get_kind
from arena.notifications.models import CHANNELS, AdminAlertSent, Notification, NotificationPreference

log = logging.getLogger("arena.notifications")


def scope_for(user_id: int) -> str:
    """The cache generation scope of one user's notifications (bell, list)."""
    return f"notifications:u{user_id}"


def language_of(user) -> str:
    return (getattr(user, "language", None) or "en") if user is not None else "en"


def channel_for(user_id: int, kind: str) -> str:
    chosen = db.session.scalar(select(NotificationPreference.channel).where(
        NotificationPreference.user_id == user_id, NotificationPreference.kind == kind))
    if chosen:
        return chosen
    registered = get_kind(kind)
    return registered.default_channel if registered else "in_app"


def notify(user_id: int | None, kind: str, params: dict[str, Any] | None = None, *,
           link: str = "", key: str | None = None) -> Notification | None:
    """Notify one user of ``kind`` (a registered kind) with ``params`` for its template, on the
    channel the user chose for the kind. Returns the in-app notification, or None when switched off.
    With an idempotency ``key`` a second call with the same key notifies nobody (returns None)."""
    if user_id is None:
        return None
    if get_kind(kind) is None:
        raise ValueError(f"unregistered notification kind {kind!r}")
    channel = channel_for(user_id, kind)
    if channel == "off":
        return None
    if channel == "mail" and kind.startswith("submission_") and not current_app.config["REVIEW_NOTIFICATION_MAIL"]:
        channel = "in_app"  # the install does not mail participants about their submissions
    note = Notification(user_id=user_id, kind=kind, message="", link=link[:500], data=dict(params or {}),
                        read=False, delivery=channel, idempotency_key=key)
    if key is not None:
        if db.session.scalar(select(Notification.id).where(Notification.idempotency_key == key)) is not None:
            return None
        try:
            with db.session.begin_nested():  # a concurrent sender with the same key wins
                db.session.add(note)
        except IntegrityError:
            return None
    else:
        db.session.add(note)
        db.session.flush()
    pagecache.mark_changed(db.session, scope_for(user_id))
    if channel == "mail":
        _mail_now(note)
    return note


def render(note: Notification) -> str:
    """The notification's text in the current locale."""
    kind = get_kind(note.kind)
    if note.message or kind is None:
        return note.message
    return kind.render(note.data or {})


def _mail_now(note: Notification) -> None:
    from arena.identity.models import User

    user = db.session.get(User, note.user_id)
    if user is None or not user.email:
        return
    kind = get_kind(note.kind)
    with force_locale(language_of(user)):
        subject = kind.subject(note.data or {})
        text = _mail_text([note])
    send_mail(user.email, subject, text)
    note.mailed_at = utcnow()


def _mail_text(notes: list[Notification]) -> str:
    base = (current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    lines = []
    for note in notes:
        lines.append(render(note))
        if note.link:
            lines.append(f"  {base}{note.link}")
    lines.append("")
    settings_url = base + "/notifications/settings"
    lines.append(gettext("Choose which notifications you receive by mail: %(url)s", url=settings_url))
    return "\n".join(lines)


def send_digests(now: datetime | None = None) -> int:
    """Mail each user their waiting digest notifications in one message; returns how many mails."""
    from arena.identity.models import User

    now = now or utcnow()
    waiting = list(db.session.scalars(select(Notification).where(
        Notification.delivery == "digest", Notification.mailed_at.is_(None)).order_by(Notification.user_id,
                                                                                       Notification.id)))
    by_user: dict[int, list[Notification]] = {}
    for note in waiting:
        by_user.setdefault(note.user_id, []).append(note)
    sent = 0
    for user_id, notes in by_user.items():
        user = db.session.get(User, user_id)
        if user is not None and user.email:
            with force_locale(language_of(user)):
                subject = gettext("Your Arena digest: %(count)s notifications", count=len(notes))
                send_mail(user.email, subject, _mail_text(notes))
            sent += 1
        for note in notes:
            note.mailed_at = now
    db.session.flush()
    return sent


def mark_read(user, ids: list[int] | None = None) -> int:
    stmt = update(Notification).where(Notification.user_id == user.id, Notification.read.is_(False))
    if ids is not None:
        stmt = stmt.where(Notification.id.in_(ids or [-1]))
    result = db.session.execute(stmt.values(read=True).execution_options(synchronize_session=False))
    pagecache.mark_changed(db.session, scope_for(user.id))
    return result.rowcount or 0


def set_channels(user, channels: dict[str, str]) -> dict[str, str]:
    """Choose the channel of each kind given (``in_app``, ``mail``, ``digest`` or ``off``)."""
    errors: dict[str, list[str]] = {}
    for kind, channel in channels.items():
        registered = get_kind(kind)
        if registered is None:
            errors.setdefault(kind, []).append(gettext("No such notification kind."))
        elif channel not in CHANNELS:
            errors.setdefault(kind, []).append(gettext("Choose in the app, by mail, daily digest or off."))
        elif registered.admin_only and channel == "off":
            errors.setdefault(kind, []).append(gettext("Administrator alerts cannot be switched off."))
    if errors:
        raise ValidationFailed(errors, gettext("Some notification settings are not valid."))
    existing = {p.kind: p for p in db.session.scalars(select(NotificationPreference).where(
        NotificationPreference.user_id == user.id))}
    for kind, channel in channels.items():
        if kind in existing:
            existing[kind].channel = channel
        else:
            db.session.add(NotificationPreference(user_id=user.id, kind=kind, channel=channel))
    db.session.flush()
    return channels


#: an item waiting longer than this in an admin queue is announced (once a day per queue)
QUEUE_ALERT_AFTER = timedelta(hours=24)


def day_of(now: datetime) -> str:
    return now.date().isoformat()


def hour_of(now: datetime) -> str:
    return now.strftime("%Y-%m-%dT%H")


def alert_admins(alert: str, params: dict[str, Any], *, subject: str, period: str, link: str = "") -> int:
    """Send the ``admin_alert`` ``alert`` to every administrator who is not banned (each on the channel
    they chose), unless it went out already for ``subject`` in ``period``. Returns how many were
    notified (0: already sent in this period)."""
    from arena.identity.models import User

    sent = select(AdminAlertSent.id).where(AdminAlertSent.subject == subject, AdminAlertSent.period == period)
    if db.session.scalar(sent) is not None:
        return 0
    try:
        with db.session.begin_nested():  # another process may claim the same period at the same time
            db.session.add(AdminAlertSent(subject=subject[:120], period=period))
    except IntegrityError:
        return 0
    admins = db.session.scalars(select(User.id).where(User.role.in_(("admin", "superadmin")),
                                                      User.is_banned.is_(False)).order_by(User.id))
    notified = [notify(admin_id, "admin_alert", {"alert": alert, **params}, link=link) for admin_id in admins]
    return len(notified)


def _path(endpoint: str) -> str:
    """The path of a page, also outside a request (a beat task)."""
    return current_app.url_map.bind("localhost").build(endpoint)


def alert_waiting_queues(now: datetime | None = None) -> list[str]:
    """Alert the administrators about every admin queue (``arena.core.dashboard``) whose longest-waiting
    item has waited over :data:`QUEUE_ALERT_AFTER`, once per queue per UTC day. Returns the keys of
    the queues announced now."""
    from arena.core.dashboard import queues

    now = now or utcnow()
    announced = []
    for queue in queues(current_app):
        since = queue.since() if queue.since is not None else None
        if since is None or now - since <= QUEUE_ALERT_AFTER:
            continue
        params = {"queue": queue.key, "count": queue.count(), "since": since.isoformat()}
        if alert_admins("queue_waiting", params, subject=f"queue:{queue.key}", period=day_of(now),
                        link=_path(queue.endpoint)):
            announced.append(queue.key)
    return announced


def alert_job_failed(job_id: int, kind: str, now: datetime | None = None) -> int:
    """A background job failed: one alert per kind of job per hour, however many fail."""
    now = now or utcnow()
    return alert_admins("job_failed", {"kind": kind, "job_id": job_id}, subject=f"job:{kind}",
                        period=hour_of(now), link=_path("jobs_admin.admin_failed"))


def alert_wiki_breaker_opened(wiki_id: str, failures: int, now: datetime | None = None) -> int:
    """A wiki's circuit breaker opened: one alert per wiki per hour (a breaker that keeps opening
    and closing, or that several processes see open, is announced once)."""
    now = now or utcnow()
    return alert_admins("wiki_breaker_opened",
                        {"wiki": wiki_id, "failures": failures,
                         "seconds": int(current_app.config["WIKI_BREAKER_RESET_SECONDS"])},
                        subject=f"wiki:{wiki_id}", period=hour_of(now), link="/status")
