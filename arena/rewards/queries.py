"""Reads of the rewards domain."""

from __future__ import annotations

from sqlalchemy import Select, select

from arena.core.models import catalogue_stmt
from arena.extensions import db
from arena.rewards.models import Redemption, Reward


def rewards_stmt(*, include_inactive: bool = False) -> Select:
    return catalogue_stmt(Reward, Reward.points_required, Reward.id, include_inactive=include_inactive)


def get_reward(reward_id: int) -> Reward | None:
    return db.session.get(Reward, reward_id)


def redemptions_stmt(*, user_id: int | None = None, status: str | None = None,
                     reward_id: int | None = None) -> Select:
    stmt = select(Redemption)
    if user_id is not None:
        stmt = stmt.where(Redemption.user_id == user_id)
    if status:
        stmt = stmt.where(Redemption.status == status)
    if reward_id is not None:
        stmt = stmt.where(Redemption.reward_id == reward_id)
    return stmt.order_by(Redemption.created_at.desc(), Redemption.id.desc())


def visible_redemption(user, redemption_id: int) -> Redemption | None:
    """The redemption if ``user`` may see it (its owner or an admin), else None."""
    redemption = db.session.get(Redemption, redemption_id)
    return redemption if redemption is not None and redemption.can_view(user) else None


def redemptions_by_status(labels) -> list[tuple[str, int]]:
    """Redemptions in each state (overview figure)."""
    from arena.core.dashboard import by_value

    return by_value(Redemption.status, labels=labels)
