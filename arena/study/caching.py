"""Per-user read cache for the study API, correct across processes that share Redis.

Every cached study read of a user (list pages, items, stats) is stored under a key that contains
that user's *generation*, a random token kept in the cache itself. Each committed write by the user
replaces the token, so every page of every list and every item cached before the write stops
being found — in this process and in every other process reading the same Redis — and the next
read goes to the database. Other users' cached reads are untouched.

The generation is replaced only *after* the database commit (a SQLAlchemy ``after_commit`` hook),
never before: a reader that raced the write may store what it read under the old generation, where
no later read looks. A rolled-back write changes nothing and invalidates nothing.

The generation is the page cache's (``arena.core.pagecache``) for the scope ``study:<user id>``:
a read fetches the generation and the stored value in one cache round trip.

Invalidation is per user rather than per key because nearly every write changes something shown by
nearly every read: a session changes its list, its subject's derived totals (in the subject item
and every subject page) and the stats; a renamed subject appears in every session row.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from sqlalchemy.orm import Session

from arena.core import pagecache


def scope_for(user_id: int) -> str:
    return f"study:{user_id}"


def cached(user_id: int, parts: Iterable[Any], build: Callable[[], Any], timeout: int | None = None) -> Any:
    """The cached value for ``parts`` of this user's study data, built (and stored) on a miss."""
    return pagecache.cached_value((scope_for(user_id),), ("study", user_id, *parts), build,
                                  timeout=timeout or pagecache.ANSWER_TIMEOUT)


def bump(user_id: int) -> None:
    """Make every cached study read of ``user_id`` unreachable."""
    pagecache.bump(scope_for(user_id))


def mark_changed(session: Session, user_id: int) -> None:
    """Called by operations: invalidate ``user_id``'s cached reads once this unit of work commits."""
    pagecache.mark_changed(session, scope_for(user_id))
