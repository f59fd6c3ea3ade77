"""Demo data: a few rewards (idempotent)."""

from __future__ import annotations

from sqlalchemy import select

from arena.extensions import db
from arena.rewards import operations
from arena.rewards.models import Reward


def load() -> str:
    if db.session.scalar(select(Reward.id).limit(1)) is not None:
        return "rewards already there"
    operations.create_reward(actor=None, name="Arena sticker pack", points_required=100, stock=50,
                             description="Five stickers, posted to you.")
    operations.create_reward(actor=None, name="Book voucher", points_required=1000, stock=5)
    operations.create_reward(actor=None, name="Certificate of contribution", points_required=250)
    return "3 rewards"
