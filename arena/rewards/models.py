"""The rewards catalogue and people's redemptions of rewards for points."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arena.core.models import Model, UTCDateTime
from arena.core.timeutil import utcnow
from arena.identity.models import User

REDEMPTION_STATUSES = ("pending", "approved", "delivered", "rejected", "cancelled")
OPEN_STATUSES = ("pending", "approved")
NAME_MAX = 120
DESCRIPTION_MAX = 4000


class Reward(Model):
    __tablename__ = "rewards"
    __table_args__ = (CheckConstraint("stock IS NULL OR stock >= 0", name="stock_not_negative"),
                      CheckConstraint("points_required > 0", name="points_positive"))

    name: Mapped[str] = mapped_column(String(NAME_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    image: Mapped[str | None] = mapped_column(String(80), nullable=True)  # file name under the image folder
    points_required: Mapped[int] = mapped_column(Integer)
    stock: Mapped[int | None] = mapped_column(Integer, nullable=True)  # None: unlimited
    available_from: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    available_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)

    def is_available(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return (self.active and (self.stock is None or self.stock > 0)
                and (self.available_from is None or self.available_from <= now)
                and (self.available_until is None or now < self.available_until))


class Redemption(Model):
    __tablename__ = "redemptions"
    __table_args__ = (Index("ix_redemptions_status_created_at", "status", "created_at"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    reward_id: Mapped[int] = mapped_column(ForeignKey("rewards.id"), index=True)
    points: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    note: Mapped[str] = mapped_column(String(1000), default="")  # the admin's note to the user
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    reward: Mapped[Reward] = relationship(lazy="joined")

    def can_view(self, user) -> bool:
        return user is not None and (user.id == self.user_id or user.is_admin)
