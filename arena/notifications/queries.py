"""Reads of the notifications domain."""

from __future__ import annotations

from sqlalchemy import func, select

from arena.core import pagecache
from arena.extensions import db
from arena.notifications.kinds import all_kinds
from arena.notifications.models import Notification, NotificationPreference


def notifications_stmt(user, *, unread: bool | None = None):
    stmt = select(Notification).where(Notification.user_id == user.id)
    if unread is not None:
        stmt = stmt.where(Notification.read.is_(not unread))
    return stmt.order_by(Notification.id.desc())


def unread_count(user_id: int) -> int:
    return db.session.scalar(select(func.count(Notification.id)).where(Notification.user_id == user_id,
                                                                       Notification.read.is_(False))) or 0


def cached_unread_count(user_id: int) -> int:
    """The unread count from the cache (one count query after each change of the user's notifications)."""
    from arena.notifications.operations import scope_for

    return pagecache.cached_value([scope_for(user_id)], ("unread",), lambda: unread_count(user_id))


def channels_of(user) -> dict[str, str]:
    """Every registered kind with the channel this user receives it on."""
    chosen = dict(db.session.execute(select(NotificationPreference.kind, NotificationPreference.channel)
                                     .where(NotificationPreference.user_id == user.id)).all())
    return {kind.name: chosen.get(kind.name, kind.default_channel) for kind in all_kinds()
            if not kind.admin_only or getattr(user, "is_admin", False)}
