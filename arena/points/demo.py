"""Demo data: two points packages, and some points for the demo accounts (idempotent)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from arena.extensions import db
from arena.identity.models import User
from arena.points import operations
from arena.points.models import PointsPackage


def load() -> str:
    added = 0
    if db.session.scalar(select(PointsPackage.id).limit(1)) is None:
        operations.create_package(actor=None, name="Starter", price=Decimal("5.00"), currency="USD", points=500,
                                  position=1)
        operations.create_package(actor=None, name="Supporter", price=Decimal("20.00"), currency="USD",
                                  points=2500, position=2)
        added += 2
    credited = 0
    for user in db.session.scalars(select(User).where(User.role == "user").order_by(User.id).limit(5)):
        cause = operations.Cause("milestone", "milestone.welcome", f"demo:welcome:{user.id}",
                                 object_type="user", object_id=user.id, reason="Demo welcome points")
        if operations.post_entry(user.id, 300, cause) is not None:
            credited += 1
    return f"{added} package(s), welcome points for {credited} user(s)"
