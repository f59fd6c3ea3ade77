"""Referral codes and referrals (pending → verified, or rejected/expired; flagged ones wait for an admin)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arena.core.models import Model

#: pending: waiting for the new user's first completed attempt or accepted entry (within the window);
#: flagged: a fraud rule fired, an admin decides; verified: credited; rejected: refused (by a rule or
#: an admin); expired: the window passed without a verifying event
STATUSES = ("pending", "flagged", "verified", "rejected", "expired")


class ReferralCode(Model):
    __tablename__ = "referral_codes"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)


class Referral(Model):
    __tablename__ = "referrals"

    referrer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    referred_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    #: HMAC-SHA256 of the sign-up IP under ``REFERRAL_IP_HASH_KEY``; cleared after the retention period
    ip_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    flags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    qualified_at: Mapped[datetime | None] = mapped_column(nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(nullable=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    referrer_points: Mapped[int] = mapped_column(default=0)

    referrer = relationship("User", foreign_keys=[referrer_id], lazy="joined")
    referred = relationship("User", foreign_keys=[referred_id], lazy="joined")


Index("ix_referrals_referrer_created", Referral.referrer_id, Referral.created_at)
