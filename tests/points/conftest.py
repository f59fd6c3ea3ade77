"""Fixtures of the points and rewards tests: members, an admin, API headers, a stand-in sender."""

from __future__ import annotations

from dataclasses import dataclass

import pytest


@dataclass
class Attempt:
    """Stands in for a competition attempt (the sender of ``competition_attempt_scored``)."""

    id: int


@pytest.fixture
def member(create_user):
    return create_user("member")


@pytest.fixture
def admin(create_user):
    return create_user("boss", role="admin")


@pytest.fixture
def headers(member, auth_headers):
    return auth_headers(member)


@pytest.fixture
def admin_headers(admin, auth_headers):
    return auth_headers(admin)


@pytest.fixture
def give(app):
    """``give(user, 100)``: credit points through a scored competition attempt, committed."""
    from arena.core import signals
    from arena.extensions import db

    counter = {"n": 1000}

    def credit(user, points: int):
        counter["n"] += 1
        signals.competition_attempt_scored.send(Attempt(counter["n"]), user_id=user.id, competition_id=1,
                                                points=points)
        db.session.commit()

    return credit


def balance_of(user_id: int) -> int:
    from arena.points.queries import account_of

    return account_of(user_id)["balance"]


def ledger_sum(user_id: int) -> int:
    from sqlalchemy import func, select

    from arena.extensions import db
    from arena.points.models import PointsEntry

    return int(db.session.scalar(select(func.coalesce(func.sum(PointsEntry.amount), 0))
                                 .where(PointsEntry.user_id == user_id)))
