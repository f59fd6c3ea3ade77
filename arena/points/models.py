"""The points ledger (append-only signed entries), the balance kept beside it, the points
leaderboard totals, and the packages people can buy points with.

A balance is derived: every change is one :class:`PointsEntry`; :class:`PointsAccount` holds the
running balance updated in the same transaction, under a row lock. Entries are never updated or
deleted — refused here (SQLAlchemy events) and, on PostgreSQL, by a trigger in the database.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (JSON, BigInteger, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, Numeric,
                        String, Text, UniqueConstraint, event)
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column, relationship

from arena.core.models import Model
from arena.identity.models import User

#: every kind of ledger entry
KINDS = ("competition", "contest_submission", "referral", "purchase", "redemption", "refund",
         "admin_adjustment", "milestone")
#: kinds that count as *earned* (the points leaderboard); purchases, spends and refunds do not
EARNING_KINDS = ("competition", "contest_submission", "referral", "admin_adjustment", "milestone")
#: leaderboard periods: all time, the ISO week (from Monday), the calendar month
PERIODS = ("all", "week", "month")
ALL_TIME = date(1970, 1, 1)

REASON_MAX = 500
KEY_MAX = 200


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or remove a ledger entry."""


class PointsAccount(Model):
    """One row per user: the current balance and running totals, updated with each entry."""

    __tablename__ = "points_accounts"
    __table_args__ = (CheckConstraint("balance >= 0", name="balance_not_negative"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    balance: Mapped[int] = mapped_column(BigInteger, default=0)
    earned: Mapped[int] = mapped_column(BigInteger, default=0)
    spent: Mapped[int] = mapped_column(BigInteger, default=0)

    user: Mapped[User] = relationship(lazy="raise")


class PointsEntry(Model):
    """One signed change of a user's points. ``code`` and ``params`` describe it for display in the
    reader's language; ``reason`` is the free text an admin gave (required for adjustments)."""

    __tablename__ = "points_entries"
    __table_args__ = (
        CheckConstraint("amount <> 0", name="amount_not_zero"),
        CheckConstraint("balance_after >= 0", name="balance_after_not_negative"),
        Index("ix_points_entries_user_id_created_at", "user_id", "created_at"),
        Index("ix_points_entries_created_at", "created_at"),  # points per week (admin overview)
        Index("ix_points_entries_object_type_object_id", "object_type", "object_id"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    balance_after: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(24), index=True)
    object_type: Mapped[str | None] = mapped_column(String(32), nullable=True)
    object_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    ip: Mapped[str] = mapped_column(String(45), default="")
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    code: Mapped[str] = mapped_column(String(48))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reason: Mapped[str] = mapped_column(String(REASON_MAX), default="")
    idempotency_key: Mapped[str] = mapped_column(String(KEY_MAX), unique=True)

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="raise")
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id], lazy="raise")

    def can_view(self, user) -> bool:
        return user is not None and (user.id == self.user_id or user.is_admin)


@event.listens_for(PointsEntry, "before_update")
def _refuse_update(mapper, connection, target):
    raise AppendOnlyError("points ledger entries are append-only: they cannot be changed")


@event.listens_for(PointsEntry, "before_delete")
def _refuse_delete(mapper, connection, target):
    raise AppendOnlyError("points ledger entries are append-only: they cannot be deleted")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state: ORMExecuteState):
    if (state.is_update or state.is_delete) and any(
            getattr(m, "class_", None) is PointsEntry for m in state.all_mappers):
        raise AppendOnlyError("points ledger entries are append-only")


class PointsTotal(Model):
    """Points earned by a user in one leaderboard period, kept incrementally with each entry."""

    __tablename__ = "points_totals"
    __table_args__ = (
        UniqueConstraint("period", "period_start", "user_id"),
        Index("ix_points_totals_period_period_start_earned", "period", "period_start", "earned"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(8))
    period_start: Mapped[date] = mapped_column(Date)
    earned: Mapped[int] = mapped_column(BigInteger, default=0)

    user: Mapped[User] = relationship(lazy="raise")


class PointsPackage(Model):
    """Points for sale at a price (Decimal, ISO 4217 currency), shown on the pricing page."""

    __tablename__ = "points_packages"
    __table_args__ = (CheckConstraint("points > 0", name="points_positive"),
                      CheckConstraint("price >= 0", name="price_not_negative"))

    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    price: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3))
    points: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0, index=True)


class Purchase(Model):
    """An admin's record of a payment received, which credited points to the user."""

    __tablename__ = "points_purchases"
    __table_args__ = (CheckConstraint("points > 0", name="points_positive"),
                      CheckConstraint("amount >= 0", name="amount_not_negative"))

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    package_id: Mapped[int | None] = mapped_column(ForeignKey("points_packages.id", ondelete="SET NULL"),
                                                   nullable=True, index=True)
    points: Mapped[int] = mapped_column(Integer)
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3))
    method: Mapped[str] = mapped_column(String(50))
    reference: Mapped[str] = mapped_column(String(100), unique=True)
    note: Mapped[str] = mapped_column(String(1000), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    package: Mapped[PointsPackage | None] = relationship(lazy="joined")
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id], lazy="joined")

    def can_view(self, user) -> bool:
        return user is not None and (user.id == self.user_id or user.is_admin)


PURCHASE_REQUEST_STATUSES = ("pending", "recorded", "declined")


class PurchaseRequest(Model):
    """A member's word that they paid for a package (with the payment reference), waiting for an
    admin to record the purchase (which credits the points) or decline it."""

    __tablename__ = "points_purchase_requests"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    package_id: Mapped[int | None] = mapped_column(ForeignKey("points_packages.id", ondelete="SET NULL"),
                                                   nullable=True, index=True)
    reference: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(String(1000), default="")
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    purchase_id: Mapped[int | None] = mapped_column(ForeignKey("points_purchases.id", ondelete="SET NULL"),
                                                    nullable=True, index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True,
                                                      index=True)

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    package: Mapped[PointsPackage | None] = relationship(lazy="joined")
