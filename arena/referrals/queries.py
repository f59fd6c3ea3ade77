"""Reads of the referrals domain."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from arena.extensions import db
from arena.referrals.models import Referral

REFERRER_CODES = ("referral.referrer", "referral.milestone")


def admins():
    from arena.identity.models import User

    return list(db.session.scalars(select(User).where(User.role.in_(("admin", "superadmin")))))


def referral_points(referrer_id: int, *, since: datetime | None = None) -> int:
    """Referral points a referrer earned (as referrer, milestones included), since ``since``."""
    from arena.points.models import PointsEntry

    stmt = select(func.coalesce(func.sum(PointsEntry.amount), 0)).where(PointsEntry.user_id == referrer_id,
                                                                          PointsEntry.code.in_(REFERRER_CODES))
    if since is not None:
        stmt = stmt.where(PointsEntry.created_at >= since)
    return int(db.session.scalar(stmt) or 0)


def verified_count(referrer_id: int) -> int:
    return db.session.scalar(select(func.count(Referral.id)).where(Referral.referrer_id == referrer_id,
                                                                    Referral.status == "verified")) or 0


def mine_stmt(user):
    return select(Referral).where(Referral.referrer_id == user.id).order_by(Referral.id.desc())


def queue_stmt():
    return select(Referral).where(Referral.status == "flagged").order_by(Referral.id)


def get_referral(referral_id: int) -> Referral | None:
    return db.session.get(Referral, referral_id)


def next_milestone(verified: int, milestones: dict) -> tuple[int, int] | None:
    """(verified referrals needed, bonus) of the next milestone, or None when all are reached."""
    ahead = sorted((int(k), int(v)) for k, v in milestones.items() if int(k) > verified)
    return ahead[0] if ahead else None
