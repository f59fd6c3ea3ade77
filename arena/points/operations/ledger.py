"""The ledger's one write path: :func:`post_entry`.

Every change of a user's points goes through here, so the rules hold whatever the cause:

- the user's account row is locked first (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite the
  transaction takes the database's write lock at once, ``BEGIN IMMEDIATE``), so two spends of the
  same user are serialised and cannot both use the same points;
- an entry's idempotency key is unique: a cause delivered twice (a signal sent again, a retried
  task) finds its entry and pays nothing more — checked under the lock, and backed by the unique
  constraint (a duplicate insert is caught inside a savepoint and ignored);
- the balance never goes below zero: a spend that does not fit is refused with 409 naming the
  balance;
- the account's balance, earned and spent totals and the leaderboard totals move in the same
  transaction as the entry.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from arena.core import signals
from arena.core.errors import Conflict
from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.identity.audit import NO_ORIGIN, Origin
from arena.points.models import ALL_TIME, EARNING_KINDS, KINDS, PointsAccount, PointsEntry, PointsTotal


class InsufficientPoints(Conflict):
    """409: the spend does not fit the balance (the message names the balance)."""

    def __init__(self, balance: int, needed: int):
        self.balance, self.needed = balance, needed
        text = _l("Your balance is %(balance)s points; this needs %(needed)s.", balance=balance, needed=needed)
        super().__init__(text, {"balance": [str(text)]})


@dataclass(frozen=True)
class Cause:
    """Why an entry is written: its kind, the object it concerns, and a display code + params."""

    kind: str
    code: str
    key: str
    object_type: str | None = None
    object_id: int | None = None
    params: dict[str, Any] = field(default_factory=dict)
    reason: str = ""


def _take_sqlite_write_lock() -> None:
    """SQLite: make this transaction the writer now (``BEGIN IMMEDIATE``), so the balance read next
    is the latest and nobody else writes until we commit. When a transaction is already open (a
    savepoint or an earlier write), touching the account table takes the write lock the same way."""
    conn = db.session.connection()
    raw = conn.connection.dbapi_connection
    if isinstance(raw, sqlite3.Connection) and not raw.in_transaction:
        raw.execute("BEGIN IMMEDIATE")
    else:
        conn.execute(update(PointsAccount).where(PointsAccount.id == -1).values(balance=0))


def lock_account(user_id: int) -> PointsAccount:
    """The user's account row, locked for the rest of the transaction (created when missing)."""
    if db.session.get_bind().dialect.name == "sqlite":
        _take_sqlite_write_lock()
    stmt = select(PointsAccount).where(PointsAccount.user_id == user_id).with_for_update()
    stmt = stmt.execution_options(populate_existing=True)
    account = db.session.scalar(stmt)
    if account is not None:
        return account
    try:
        with db.session.begin_nested():
            db.session.add(PointsAccount(user_id=user_id, balance=0, earned=0, spent=0))
    except IntegrityError:  # created by a concurrent transaction meanwhile
        pass
    return db.session.scalar(stmt)


def find_entry(key: str) -> PointsEntry | None:
    return db.session.scalar(select(PointsEntry).where(PointsEntry.idempotency_key == key))


def period_starts(moment: datetime) -> dict[str, Any]:
    day = moment.date()
    return {"all": ALL_TIME, "week": day - timedelta(days=day.weekday()), "month": day.replace(day=1)}


def periods_stay_until(moment: datetime) -> datetime:
    """The next moment a period may start (every period starts at a UTC midnight)."""
    return datetime.combine(moment.date() + timedelta(days=1), datetime.min.time(), tzinfo=timezone.utc)


def _add_to_totals(user_id: int, amount: int, moment: datetime) -> None:
    """Earned points per period; the account lock already serialises this user's rows."""
    for period, start in period_starts(moment).items():
        key = {"user_id": user_id, "period": period, "period_start": start}
        row = db.session.scalar(select(PointsTotal).filter_by(**key))
        if row is None:
            db.session.add(PointsTotal(**key, earned=amount))
        else:
            row.earned = row.earned + amount


def post_entry(user_id: int, amount: int, cause: Cause, *, actor=None, origin: Origin = NO_ORIGIN,
               allow_partial: bool = False) -> PointsEntry | None:
    """Append one entry of ``amount`` (signed) for ``cause``; returns it, or ``None`` when an entry
    with the same idempotency key exists already (nothing is paid twice).

    With ``allow_partial`` a debit larger than the balance takes the balance to zero instead of
    being refused (used to take back points already spent); the entry's params record the
    shortfall."""
    if cause.kind not in KINDS:
        raise ValueError(f"unknown ledger entry kind {cause.kind!r}")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount == 0:
        raise ValueError("a ledger entry moves a non-zero whole number of points")
    account = lock_account(user_id)
    if find_entry(cause.key) is not None:
        return None
    params = dict(cause.params)
    if account.balance + amount < 0:
        if not allow_partial:
            raise InsufficientPoints(account.balance, -amount)
        params["shortfall"] = -(account.balance + amount)
        amount = -account.balance
        if amount == 0:
            return None
    now = utcnow()
    entry = PointsEntry(user_id=user_id, amount=amount, balance_after=account.balance + amount, kind=cause.kind,
                        object_type=cause.object_type, object_id=cause.object_id,
                        actor_id=getattr(actor, "id", None), ip=(origin.ip or "")[:45],
                        user_agent=(origin.user_agent or "")[:255], code=cause.code, params=params,
                        reason=cause.reason, idempotency_key=cause.key, created_at=now, updated_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(entry)
    except IntegrityError:  # the same cause recorded by a concurrent transaction
        return None
    account.balance = entry.balance_after
    if cause.kind in EARNING_KINDS:
        account.earned = account.earned + amount
        _add_to_totals(user_id, amount, now)
    elif cause.kind in ("redemption", "refund"):
        account.spent = account.spent - amount
    db.session.flush()
    signals.points_awarded.send(entry, user_id=user_id, amount=amount, kind=cause.kind)
    return entry


def check_amount(amount: Any) -> int:
    """A positive whole number of points no larger than ``POINTS_MAX_AMOUNT`` (else ValueError)."""
    if not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount <= current_app.config[
            "POINTS_MAX_AMOUNT"]:
        raise ValueError(amount)
    return amount
