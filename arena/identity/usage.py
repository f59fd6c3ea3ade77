"""API-key usage: a raw log of calls and failed authentications, rolled up each night into one row
per key (and user) per day — calls, failed authentications, last use, top endpoints — which the
admin page and the overview read, so no page scans the raw log."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta, timezone

from flask import current_app
from sqlalchemy import Select, delete, func, select

from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.identity.models import ApiKeyUse, ApiUsageDay

#: how many endpoints a day's summary names
TOP_ENDPOINTS = 5


def log_use(*, api_key_id: int | None, user_id: int | None, endpoint: str, ok: bool = True) -> None:
    db.session.add(ApiKeyUse(api_key_id=api_key_id, user_id=user_id, endpoint=endpoint[:200], ok=ok))
    db.session.flush()


def _bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=timezone.utc)
    return start, start + timedelta(days=1)


def rollup_day(day: date) -> int:
    """Sum ``day``'s raw log into its summary rows (replacing any made before, so running it twice
    gives the same rows); returns how many rows the day has. Two grouped queries."""
    start, end = _bounds(day)
    in_day = (ApiKeyUse.created_at >= start, ApiKeyUse.created_at < end)
    who = (ApiKeyUse.api_key_id, ApiKeyUse.user_id)
    totals = db.session.execute(
        select(*who, func.count().filter(ApiKeyUse.ok.is_(True)), func.count().filter(ApiKeyUse.ok.is_(False)),
               func.max(ApiKeyUse.created_at).filter(ApiKeyUse.ok.is_(True)))
        .where(*in_day).group_by(*who)).all()
    endpoints: dict[tuple, list] = defaultdict(list)
    for key_id, user_id, endpoint, calls in db.session.execute(
            select(*who, ApiKeyUse.endpoint, func.count()).where(*in_day, ApiKeyUse.ok.is_(True))
            .group_by(*who, ApiKeyUse.endpoint)):
        endpoints[(key_id, user_id)].append([endpoint, calls])
    db.session.execute(delete(ApiUsageDay).where(ApiUsageDay.day == day))
    for key_id, user_id, calls, failed, last in totals:
        top = sorted(endpoints[(key_id, user_id)], key=lambda e: (-e[1], e[0]))[:TOP_ENDPOINTS]
        last_used = last if last is None or last.tzinfo else last.replace(tzinfo=timezone.utc)
        db.session.add(ApiUsageDay(day=day, api_key_id=key_id, user_id=user_id, calls=calls, failed_auth=failed,
                                   last_used_at=last_used, top_endpoints=top))
    db.session.flush()
    return len(totals)


def forget_old_uses(*, now: datetime | None = None) -> int:
    """Delete raw rows older than ``API_USAGE_KEEP_DAYS`` (their days are rolled up already)."""
    cutoff = (now or utcnow()) - timedelta(days=current_app.config["API_USAGE_KEEP_DAYS"])
    return db.session.execute(
        delete(ApiKeyUse).where(ApiKeyUse.created_at < cutoff).execution_options(synchronize_session=False)
    ).rowcount


def days_stmt(*, user_id: int | None = None, since: date | None = None) -> Select:
    """Summary rows, newest day first, most calls first within a day."""
    stmt = select(ApiUsageDay)
    if user_id is not None:
        stmt = stmt.where(ApiUsageDay.user_id == user_id)
    if since is not None:
        stmt = stmt.where(ApiUsageDay.day >= since)
    return stmt.order_by(ApiUsageDay.day.desc(), ApiUsageDay.calls.desc(), ApiUsageDay.id)


def calls_per_day(days: int = 14) -> list[tuple[str, int]]:
    """API calls on each of the last ``days`` rolled-up days (overview figure): one grouped query on
    the summary."""
    last = utcnow().date() - timedelta(days=1)
    first = last - timedelta(days=days - 1)
    sums = dict(db.session.execute(select(ApiUsageDay.day, func.sum(ApiUsageDay.calls))
                                   .where(ApiUsageDay.day >= first).group_by(ApiUsageDay.day)).all())
    return [((first + timedelta(days=i)).isoformat(), int(sums.get(first + timedelta(days=i), 0) or 0))
            for i in range(days)]
