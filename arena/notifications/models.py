"""Notifications stored as a kind (a registered code) with parameters, rendered in the reader's
language; each user's channel per kind."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from arena.core.models import Model, UTCDateTime

#: how a user receives one kind: in the app only, mailed too, collected in a daily digest, or not at all
CHANNELS = ("in_app", "mail", "digest", "off")


class Notification(Model):
    """A message to one user, e.g. "your submission was reviewed" (``kind`` + ``data`` parameters).

    ``message`` only holds the text of notifications written before kinds were rendered at read time.
    ``delivery`` is the channel it went out on; ``mailed_at`` is set once it was mailed (or digested)."""

    __tablename__ = "notifications"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    message: Mapped[str] = mapped_column(String(500), default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    read: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    delivery: Mapped[str] = mapped_column(String(10), default="in_app", server_default="in_app")
    mailed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    #: set by senders that must notify once per event (e.g. "contest:7:started:u12"); unique
    idempotency_key: Mapped[str | None] = mapped_column(String(120), unique=True, nullable=True)


#: the daily digest looks for digest notifications not yet mailed
Index("ix_notifications_digest", Notification.delivery, Notification.mailed_at)


class NotificationPreference(Model):
    """One user's channel for one kind (no row: the kind's default channel)."""

    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(10))


class AdminAlertSent(Model):
    """An alert the administrators were sent about one ``subject`` (``queue:<key>``, ``job:<kind>``,
    ``wiki:<id>``) in one ``period`` (a UTC day ``2026-01-31`` or hour ``2026-01-31T09``): the unique
    pair makes each alert go once per period, across processes."""

    __tablename__ = "admin_alerts_sent"
    __table_args__ = (UniqueConstraint("subject", "period"),)

    subject: Mapped[str] = mapped_column(String(120))
    period: Mapped[str] = mapped_column(String(20))


class NotificationCursor(Model):
    """How far a periodic sender has looked (e.g. the start and end notices: up to ``at``)."""

    __tablename__ = "notification_cursors"

    name: Mapped[str] = mapped_column(String(40), unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
