"""What each domain shows on the admin dashboard, without the dashboard importing its models.

A domain registers, in its ``init_app``:

- a **queue** — work waiting for an administrator — with :func:`register_queue`: a label
  (``lazy_gettext``), a function that counts what waits (an aggregate query in the domain's own
  ``queries``), and the endpoint of the page where the work is done. Queues of domains built later
  (flagged referrals, reported chat messages) are registered the same way.

The admin domain reads the registry with :func:`queues` and shows each count with a link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import Select, func, select


@dataclass(frozen=True)
class Queue:
    key: str
    label: Any
    count: Callable[[], int]
    endpoint: str
    order: int = 50


def register_queue(app, key: str, label, count: Callable[[], int], endpoint: str, *, order: int = 50) -> None:
    app.extensions.setdefault("arena_admin_queues", {})[key] = Queue(key, label, count, endpoint, order)


def queues(app) -> list[Queue]:
    return sorted(app.extensions.get("arena_admin_queues", {}).values(), key=lambda q: (q.order, q.key))


def counter(stmt: Select) -> Callable[[], int]:
    """A count function for ``stmt`` (its ORDER BY dropped): one ``SELECT count(*)`` query."""
    from arena.extensions import db

    def count() -> int:
        return db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0

    return count
