"""Reads of the points domain: balances, entries, the points leaderboard, packages and purchases."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from arena.core.models import catalogue_stmt
from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.identity.models import User
from arena.points.models import PointsAccount, PointsEntry, PointsPackage, PointsTotal, Purchase, PurchaseRequest
from arena.points.operations.ledger import period_starts, periods_stay_until


def account_of(user_id: int) -> dict[str, int]:
    account = db.session.scalar(select(PointsAccount).where(PointsAccount.user_id == user_id))
    if account is None:
        return {"user_id": user_id, "balance": 0, "earned": 0, "spent": 0}
    return {"user_id": user_id, "balance": account.balance, "earned": account.earned, "spent": account.spent}


def entries_stmt(user_id: int, *, kind: str | None = None, since: datetime | None = None,
                 until: datetime | None = None) -> Select:
    """Newest first."""
    stmt = select(PointsEntry).where(PointsEntry.user_id == user_id)
    if kind:
        stmt = stmt.where(PointsEntry.kind == kind)
    if since is not None:
        stmt = stmt.where(PointsEntry.created_at >= since)
    if until is not None:
        stmt = stmt.where(PointsEntry.created_at < until)
    return stmt.order_by(PointsEntry.created_at.desc(), PointsEntry.id.desc())


def weekly_net(user_id: int, weeks: int = 12, *, now: datetime | None = None) -> list[dict]:
    """Points gained and spent in each of the last ``weeks`` ISO weeks (Monday first), oldest first."""
    today = (now or utcnow()).date()
    first = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    start = datetime.combine(first, datetime.min.time()).replace(tzinfo=(now or utcnow()).tzinfo)
    rows = db.session.execute(select(PointsEntry.created_at, PointsEntry.amount)
                              .where(PointsEntry.user_id == user_id, PointsEntry.created_at >= start))
    buckets = [{"week_start": first + timedelta(weeks=i), "gained": 0, "spent": 0} for i in range(weeks)]
    for created_at, amount in rows:
        index = (created_at.date() - first).days // 7
        if 0 <= index < weeks:
            buckets[index]["gained" if amount > 0 else "spent"] += abs(amount)
    return buckets


def leaderboard_stmt(period: str = "all", *, now: datetime | None = None) -> Select:
    """Users ranked by points earned in the period (ties share a rank: 1, 2, 2, 4); admins, banned
    users and people with nothing earned are left out."""
    start: date = period_starts(now or utcnow())[period]
    rank = func.rank().over(order_by=PointsTotal.earned.desc()).label("rank")
    return (select(rank, PointsTotal.earned, User)
            .join(User, User.id == PointsTotal.user_id)
            .where(PointsTotal.period == period, PointsTotal.period_start == start, PointsTotal.earned > 0,
                   User.role == "user", User.is_banned.is_(False))
            .order_by(PointsTotal.earned.desc(), User.username_lower))


def leaderboard_page(period: str, page: int, per_page: int, *, now: datetime | None = None) -> dict:
    stmt = leaderboard_stmt(period, now=now)
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    rows = db.session.execute(stmt.limit(per_page).offset((page - 1) * per_page)).all()
    items = [{"rank": r, "earned": e, "user_id": u.id, "username": u.username, "name": u.name} for r, e, u in rows]
    return {"items": items, "page": page, "per_page": per_page, "total": total,
            "pages": max(1, -(-total // per_page)) if total else 0}


def packages_stmt(*, include_inactive: bool = False) -> Select:
    return catalogue_stmt(PointsPackage, PointsPackage.position, PointsPackage.id, include_inactive=include_inactive)


def get_package(package_id: int) -> PointsPackage | None:
    return db.session.get(PointsPackage, package_id)


def purchases_stmt(*, user_id: int | None = None) -> Select:
    stmt = select(Purchase).options(joinedload(Purchase.user), joinedload(Purchase.package),
                                    joinedload(Purchase.recorded_by))
    if user_id is not None:
        stmt = stmt.where(Purchase.user_id == user_id)
    return stmt.order_by(Purchase.created_at.desc(), Purchase.id.desc())


def adjustments_stmt() -> Select:
    """Admin adjustments, newest first, with the user and the admin."""
    return (select(PointsEntry).options(joinedload(PointsEntry.user), joinedload(PointsEntry.actor))
            .where(PointsEntry.kind == "admin_adjustment")
            .order_by(PointsEntry.created_at.desc(), PointsEntry.id.desc()))


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def issued_per_week() -> list[tuple[str, int]]:
    """Points credited in each of the last 12 weeks (overview figure)."""
    from arena.core.dashboard import weekly

    return weekly(PointsEntry.created_at, where=[PointsEntry.amount > 0], value=func.sum(PointsEntry.amount))


def spent_per_week() -> list[tuple[str, int]]:
    """Points debited in each of the last 12 weeks (overview figure)."""
    from arena.core.dashboard import weekly

    return weekly(PointsEntry.created_at, where=[PointsEntry.amount < 0], value=-func.sum(PointsEntry.amount))


def purchases_per_week() -> list[tuple[str, int]]:
    """Purchases recorded in each of the last 12 weeks (overview figure)."""
    from arena.core.dashboard import weekly

    return weekly(Purchase.created_at)


def purchase_requests_stmt(*, status: str | None = "pending", user_id: int | None = None) -> Select:
    """Purchase requests, the oldest first (the queue's order)."""
    stmt = select(PurchaseRequest)
    if status:
        stmt = stmt.where(PurchaseRequest.status == status)
    if user_id is not None:
        stmt = stmt.where(PurchaseRequest.user_id == user_id)
    return stmt.order_by(PurchaseRequest.created_at, PurchaseRequest.id)


def get_purchase_request(request_id: int) -> PurchaseRequest | None:
    return db.session.get(PurchaseRequest, request_id)
