"""Concurrent redemptions: the balance and the stock hold (threads, each with its own app context and
database session; PostgreSQL in the services pass, SQLite otherwise)."""

from __future__ import annotations

import threading

import pytest

from arena.core.errors import Conflict
from arena.extensions import db
from arena.points import operations as points
from arena.rewards import operations
from arena.rewards.models import Redemption, Reward
from tests.rewards.conftest import balance_of, ledger_sum

CLIENTS = 50


def _race(app, jobs):
    """Run every job at once (each in a fresh app context); return 'ok' / 'conflict' per job."""
    barrier = threading.Barrier(len(jobs))
    results = []

    def run(job):
        with app.app_context():
            barrier.wait()
            try:
                job()
                db.session.commit()
                results.append("ok")
            except Conflict:
                db.session.rollback()
                results.append("conflict")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def _redeem(reward_id: int, user_id: int):
    def job():
        from arena.identity.models import User

        operations.redeem_reward(db.session.get(Reward, reward_id), actor=db.session.get(User, user_id))

    return job


@pytest.mark.timeout(240)
def test_fifty_redemptions_against_a_balance_for_one(app, member, admin, give):
    reward = operations.create_reward(actor=admin, name="One only", points_required=100)
    db.session.commit()
    give(member, 100)
    results = _race(app, [_redeem(reward.id, member.id) for _ in range(CLIENTS)])
    assert sorted(results) == ["conflict"] * (CLIENTS - 1) + ["ok"]
    db.session.expire_all()
    assert balance_of(member.id) == 0 == ledger_sum(member.id)
    assert db.session.query(Redemption).count() == 1
    assert points.verify_balances() == []


@pytest.mark.timeout(240)
def test_fifty_rich_users_against_a_stock_of_three(app, admin, create_user, give):
    reward = operations.create_reward(actor=admin, name="Rare", points_required=10, stock=3)
    db.session.commit()
    users = [create_user(f"rich{i}") for i in range(CLIENTS)]
    for user in users:
        give(user, 50)
    results = _race(app, [_redeem(reward.id, u.id) for u in users])
    assert results.count("ok") == 3 and results.count("conflict") == CLIENTS - 3
    db.session.expire_all()
    assert db.session.get(Reward, reward.id).stock == 0
    assert sum(balance_of(u.id) for u in users) == CLIENTS * 50 - 30
    assert points.verify_balances() == []


@pytest.mark.timeout(120)
def test_the_same_signal_delivered_concurrently_credits_once(app, member):
    from arena.core import signals
    from tests.rewards.conftest import Attempt

    user_id = member.id  # read here: the fixture's object belongs to this thread's session

    def deliver():
        signals.competition_attempt_scored.send(Attempt(77), user_id=user_id, competition_id=1, points=30)

    results = _race(app, [deliver for _ in range(10)])
    assert results == ["ok"] * 10
    db.session.expire_all()
    assert balance_of(member.id) == 30 == ledger_sum(member.id)
