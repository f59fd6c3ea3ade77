"""What each domain shows on the admin dashboard, without the dashboard importing its models.

A domain registers, in its ``init_app``:

- a **queue** — work waiting for an administrator — with :func:`register_queue`: a label
  (``lazy_gettext``), a function that counts what waits (an aggregate query in the domain's own
  ``queries``), and the endpoint of the page where the work is done. Queues of domains built later
  (flagged referrals, reported chat messages) are registered the same way. ``since`` (built with
  :func:`oldest`) gives the time the longest-waiting item has waited since: the notifications domain
  alerts the administrators once a day about each queue with an item waiting over a day. ``rows``
  names the models whose changes move the count: the dashboard's page, cached for a minute, is
  renewed at once when one of their rows changes.

- a **figure** for the overview with :func:`register_figure`: a title (``lazy_gettext``), the
  heading of its value column, and a function returning ``[(label, value), ...]`` in reading order,
  built from one aggregate query in the domain's ``queries`` (:func:`weekly` and :func:`daily` bucket
  a dated column; :func:`by_value` counts per value of a column). The overview draws each as a bar
  chart with the same numbers in a table beside it, and caches all figures for a minute.

- a **user panel** for the admin's page of one account with :func:`register_user_panel`: a
  template (in the domain's own templates folder) and a function ``user_id -> dict`` giving its
  context (the points domain shows the balance, the ledger and an adjustment form).

The admin pages read the registries with :func:`queues`, :func:`figures` and :func:`user_panels`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Callable, Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, case, func, select

from arena.core.timeutil import utcnow


@dataclass(frozen=True)
class Queue:
    key: str
    label: Any
    count: Callable[[], int]
    endpoint: str
    order: int = 50
    #: when the longest-waiting item started waiting (``None``: the queue is empty)
    since: Callable[[], datetime | None] | None = None


#: the page-cache scope of the dashboard's queue counts (renewed by a commit that changes a queue's rows)
QUEUES_SCOPE = "admin:queues"


def register_queue(app, key: str, label, count: Callable[[], int], endpoint: str, *, order: int = 50,
                   since: Callable[[], datetime | None] | None = None, rows: Iterable[type] = ()) -> None:
    """``rows``: the models whose changes change the count (the cached dashboard is renewed then)."""
    from arena.core import pagecache

    app.extensions.setdefault("arena_admin_queues", {})[key] = Queue(key, label, count, endpoint, order, since)
    pagecache.watch_rows(rows, (QUEUES_SCOPE,))


def queues(app) -> list[Queue]:
    return sorted(app.extensions.get("arena_admin_queues", {}).values(), key=lambda q: (q.order, q.key))


def counter(stmt: Select) -> Callable[[], int]:
    """A count function for ``stmt`` (its ORDER BY dropped): one ``SELECT count(*)`` query."""
    from arena.extensions import db

    def count() -> int:
        return db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0

    return count


def oldest(stmt: Select, column) -> Callable[[], datetime | None]:
    """A function giving the earliest ``column`` among the rows of ``stmt`` (the time the
    longest-waiting item has waited since): one ``SELECT min(...)`` query over the same rows."""
    from arena.extensions import db

    def since() -> datetime | None:
        return db.session.scalar(stmt.with_only_columns(func.min(column)).order_by(None))

    return since


@dataclass(frozen=True)
class Figure:
    key: str
    title: Any
    column: Any
    values: Callable[[], list[tuple[str, int]]]
    order: int = 50


def register_figure(app, key: str, title, column, values: Callable[[], list[tuple[str, int]]], *,
                    order: int = 50) -> None:
    app.extensions.setdefault("arena_admin_figures", {})[key] = Figure(key, title, column, values, order)


def figures(app) -> list[Figure]:
    return sorted(app.extensions.get("arena_admin_figures", {}).values(), key=lambda f: (f.order, f.key))


def _since(days: int) -> tuple[date, datetime]:
    first = utcnow().date() - timedelta(days=days - 1)
    return first, datetime.combine(first, time.min, tzinfo=timezone.utc)


#: seconds the counts of days that have ended are kept (they do not change: see ``_per_day``)
CLOSED_DAYS_SECONDS = 24 * 3600


def _per_day(column, days: int, where: Iterable, value, *, settled: bool = True) -> tuple[date, dict[date, int]]:
    """day -> value over the last ``days`` days, from GROUP BYs on the day of ``column``.

    With ``settled`` (rows are only added, never moved to another day: ledger entries, creation
    times), the days that have ended are counted once and kept in the cache for a day, so later
    counts read only today's rows however large the table is."""
    from arena.extensions import cache, db

    first, since = _since(days)
    today = datetime.combine(utcnow().date(), time.min, tzinfo=timezone.utc)
    # the UTC day on every database (PostgreSQL would otherwise take the session's time zone)
    day = func.date(func.timezone("UTC", column) if db.engine.dialect.name == "postgresql" else column)
    stmt = select(day, value if value is not None else func.count()).where(*where).group_by(day)

    def count(start: datetime, end: datetime) -> dict[date, int]:
        rows = db.session.execute(stmt.where(column >= start, column < end))
        return {date.fromisoformat(str(d)[:10]): int(v or 0) for d, v in rows}

    if not settled:
        return first, count(since, today + timedelta(days=1))
    compiled = stmt.compile(dialect=db.engine.dialect)
    key = "admin:days:" + hashlib.sha1(f"{compiled}|{sorted(compiled.params.items())}|{first}".encode()).hexdigest()
    closed = cache.get(key)
    if closed is None:
        closed = count(since, today)
        cache.set(key, closed, timeout=CLOSED_DAYS_SECONDS)
    return first, {**closed, **count(today, today + timedelta(days=1))}


def daily(column, *, days: int = 14, where: Iterable = (), value=None, settled: bool = True) -> list[tuple[str, int]]:
    """``(YYYY-MM-DD, count)`` for each of the last ``days`` days (``value``: an aggregate instead of
    ``count(*)``, e.g. ``func.sum(amount)``), oldest first, days without rows as 0."""
    first, per_day = _per_day(column, days, where, value, settled=settled)
    return [((first + timedelta(days=i)).isoformat(), per_day.get(first + timedelta(days=i), 0))
            for i in range(days)]


def weekly(column, *, weeks: int = 12, where: Iterable = (), value=None, settled: bool = True) -> list[tuple[str, int]]:
    """``(Monday YYYY-MM-DD, total)`` for each of the last ``weeks`` weeks (Monday to Sunday), oldest
    first: the per-day aggregate summed into weeks, so the query is the same on every database.
    ``settled=False`` for a column whose rows move between days (a latest sign-in time)."""
    today = utcnow().date()
    monday = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    _first, per_day = _per_day(column, (today - monday).days + 1, where, value, settled=settled)
    totals = {monday + timedelta(weeks=i): 0 for i in range(weeks)}
    for day, amount in per_day.items():
        totals[day - timedelta(days=day.weekday())] += amount
    return [(start.isoformat(), amount) for start, amount in totals.items()]


def by_value(column, *, labels: dict[str, Any], where: Iterable = ()) -> list[tuple[str, int]]:
    """``(label, count)`` for each value of ``column`` in ``labels`` (in that order), from one
    GROUP BY; values absent from the table count 0."""
    from arena.extensions import db

    counts = dict(db.session.execute(select(column, func.count()).where(*where).group_by(column)).all())
    return [(str(label), int(counts.get(value, 0))) for value, label in labels.items()]


#: the states of dated, publishable rows, for :func:`by_schedule`
SCHEDULE_LABELS = {"draft": _l("Draft"), "upcoming": _l("Upcoming"), "current": _l("Running"), "past": _l("Ended")}


def by_schedule(published, starts_at, ends_at, *, labels: dict[str, Any] = SCHEDULE_LABELS, where: Iterable = ()) -> list[tuple[str, int]]:
    """``(label, count)`` for the ``draft`` / ``upcoming`` / ``current`` / ``past`` state of dated,
    publishable rows (contests, competitions) now, in the order of ``labels``: one query with a CASE."""
    from arena.extensions import db

    now = utcnow()
    state = case((published.is_(False), "draft"), (starts_at > now, "upcoming"), (ends_at > now, "current"),
                 else_="past")
    counts = dict(db.session.execute(select(state, func.count()).where(*where).group_by(state)).all())
    return [(str(label), int(counts.get(value, 0))) for value, label in labels.items()]


@dataclass(frozen=True)
class UserPanel:
    key: str
    template: str
    context: Callable[[int], dict]
    order: int = 50


def register_user_panel(app, key: str, template: str, context: Callable[[int], dict], *, order: int = 50) -> None:
    app.extensions.setdefault("arena_admin_user_panels", {})[key] = UserPanel(key, template, context, order)


def user_panels(app) -> list[UserPanel]:
    return sorted(app.extensions.get("arena_admin_user_panels", {}).values(), key=lambda p: (p.order, p.key))
