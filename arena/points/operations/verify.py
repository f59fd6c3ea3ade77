"""``arena points-verify``: every balance recomputed from the ledger, differences reported and,
when asked, repaired (the account row is brought back to the ledger; the ledger is never changed)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select

from arena.extensions import db
from arena.points.models import EARNING_KINDS, PointsAccount, PointsEntry


@dataclass
class Difference:
    user_id: int
    field: str
    stored: int
    ledger: int


def ledger_sums() -> dict[int, dict[str, int]]:
    earned = func.sum(case((PointsEntry.kind.in_(EARNING_KINDS), PointsEntry.amount), else_=0))
    spent = func.sum(case((PointsEntry.kind.in_(("redemption", "refund")), -PointsEntry.amount), else_=0))
    rows = db.session.execute(select(PointsEntry.user_id, func.sum(PointsEntry.amount), earned, spent)
                              .group_by(PointsEntry.user_id))
    return {uid: {"balance": int(b or 0), "earned": int(e or 0), "spent": int(s or 0)} for uid, b, e, s in rows}


def verify_balances(*, fix: bool = False) -> list[Difference]:
    """Compare each account with its ledger; with ``fix`` set the account to the ledger (flushes)."""
    sums = ledger_sums()
    accounts = {a.user_id: a for a in db.session.scalars(select(PointsAccount).with_for_update())}
    differences = []
    for user_id in sorted(set(sums) | set(accounts)):
        truth = sums.get(user_id, {"balance": 0, "earned": 0, "spent": 0})
        account = accounts.get(user_id)
        for field in ("balance", "earned", "spent"):
            stored = getattr(account, field) if account is not None else 0
            if stored != truth[field]:
                differences.append(Difference(user_id, field, stored, truth[field]))
        if fix and account is None and any(truth.values()):
            account = PointsAccount(user_id=user_id, balance=0, earned=0, spent=0)
            db.session.add(account)
        if fix and account is not None:
            for field, value in truth.items():
                setattr(account, field, value)
    if fix:
        db.session.flush()
    return differences
