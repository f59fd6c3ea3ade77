"""Chat rooms, members (with their role, last-read message and mute), messages and blocks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arena.core.models import Model

#: public: anyone signed in may join; private: by invitation; direct: two people; contest and
#: competition: one room each, members kept in step with its participants, organisers and jury
ROOM_KINDS = ("public", "private", "direct", "contest", "competition")
#: the kinds whose room belongs to another domain's object (``ref_id``) and is kept in sync by signals
LINKED_KINDS = ("contest", "competition")
#: banned members stay listed so they cannot simply join again
ROLES = ("owner", "moderator", "member", "banned")
MAX_LENGTH = 2000


class Room(Model):
    __tablename__ = "chat_rooms"
    __table_args__ = (UniqueConstraint("kind", "ref_id"),)

    kind: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    #: "<smaller user id>:<larger user id>" for direct rooms, so two people share one
    direct_key: Mapped[str | None] = mapped_column(String(32), unique=True, nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    last_message_id: Mapped[int] = mapped_column(Integer, default=0)
    #: the contest's or competition's id for linked rooms (no foreign key: chat does not own them)
    ref_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class RoomMember(Model):
    __tablename__ = "chat_members"
    __table_args__ = (UniqueConstraint("room_id", "user_id"),)

    room_id: Mapped[int] = mapped_column(ForeignKey("chat_rooms.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10), default="member")
    last_read_id: Mapped[int] = mapped_column(Integer, default=0)
    muted_until: Mapped[datetime | None] = mapped_column(nullable=True)

    user = relationship("User", lazy="joined")


class Message(Model):
    __tablename__ = "chat_messages"

    room_id: Mapped[int] = mapped_column(ForeignKey("chat_rooms.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)
    edited_at: Mapped[datetime | None] = mapped_column(nullable=True)
    deleted_at: Mapped[datetime | None] = mapped_column(nullable=True)

    user = relationship("User", lazy="joined")


#: history pages read backwards by id within a room
Index("ix_chat_messages_room_id_id", Message.room_id, Message.id)


class Block(Model):
    __tablename__ = "chat_blocks"
    __table_args__ = (UniqueConstraint("blocker_id", "blocked_id"),)

    blocker_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    blocked_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


#: a report waits as ``pending`` until an administrator deletes the message or dismisses the report
REPORT_STATUSES = ("pending", "deleted", "dismissed")
REPORT_REASON_LENGTH = 500


class Report(Model):
    """A member's report of a message (one per member and message) for the admin queue."""

    __tablename__ = "chat_reports"
    __table_args__ = (UniqueConstraint("message_id", "reporter_id"),)

    message_id: Mapped[int] = mapped_column(ForeignKey("chat_messages.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(nullable=True)
    resolution: Mapped[str] = mapped_column(Text, default="")

    message = relationship("Message", lazy="joined")
    reporter = relationship("User", foreign_keys=[reporter_id], lazy="joined")
