"""Requests an admin decides: a contest request, and a request to become a trusted member."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arena.core.models import Model, UTCDateTime

REQUEST_STATUSES = ("pending", "approved", "rejected")


class ContestRequest(Model):
    """A user (not yet trusted) asks for a contest; approval creates it, owned by the requester."""

    __tablename__ = "contest_requests"

    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the contest as requested
    message: Mapped[str] = mapped_column(Text, default="")  # why the contest, from the requester
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)  # why rejected
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    contest_id: Mapped[int | None] = mapped_column(ForeignKey("contests.id", ondelete="SET NULL"), index=True)

    requester = relationship("User", foreign_keys=[requester_id], lazy="joined")

    def can_view(self, user) -> bool:
        return user is not None and (user.is_admin or user.id == self.requester_id)


class TrustedMemberRequest(Model):
    """A request to create contests directly; granted at once above the wiki edit-count threshold."""

    __tablename__ = "trusted_member_requests"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    wiki_id: Mapped[str] = mapped_column(String(64))
    wiki_username: Mapped[str] = mapped_column(String(255))
    edit_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)  # why pending, or why rejected
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    user = relationship("User", foreign_keys=[user_id], lazy="joined")

    def can_view(self, user) -> bool:
        return user is not None and (user.is_admin or user.id == self.user_id)
