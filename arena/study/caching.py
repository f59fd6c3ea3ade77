"""Per-user read cache for the study API, correct across processes that share Redis.

Every cached study read of a user (list pages, items, stats) is stored under a key that contains
that user's *generation*, a random token kept in the cache itself. Each committed write by the user
replaces the token, so every page of every list and every item cached before the write stops
being found — in this process and in every other process reading the same Redis — and the next
read goes to the database. Other users' cached reads are untouched.

The generation is replaced only *after* the database commit (a SQLAlchemy ``after_commit`` hook),
never before: a reader that raced the write may store what it read under the old generation, where
no later read looks. A rolled-back write changes nothing and invalidates nothing.

Invalidation is per user rather than per key because nearly every write changes something shown by
nearly every read: a session changes its list, its subject's derived totals (in the subject item
and every subject page) and the stats; a renamed subject appears in every session row.
"""

from __future__ import annotations

import uuid
from typing import Any, Callable, Iterable

from sqlalchemy import event
from sqlalchemy.orm import Session

from arena.extensions import cache

_PENDING = "arena_study_changed_users"
GENERATION_TIMEOUT = 30 * 24 * 3600  # seconds; a lost generation is simply replaced by a new one


def _generation_key(user_id: int) -> str:
    return f"study:gen:{user_id}"


def generation(user_id: int) -> str:
    key = _generation_key(user_id)
    value = cache.get(key)
    if value is None:
        fresh = uuid.uuid4().hex
        # ``add`` keeps a generation another process set meanwhile
        value = fresh if cache.add(key, fresh, timeout=GENERATION_TIMEOUT) else (cache.get(key) or fresh)
    return value


def key_for(user_id: int, parts: Iterable[Any]) -> str:
    return f"study:u{user_id}:{generation(user_id)}:" + ":".join(str(p) for p in parts)


def cached(user_id: int, parts: Iterable[Any], build: Callable[[], Any], timeout: int | None = None) -> Any:
    """The cached value for ``parts`` of this user's study data, built (and stored) on a miss."""
    key = key_for(user_id, parts)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=timeout)
    return value


def bump(user_id: int) -> None:
    """Make every cached study read of ``user_id`` unreachable."""
    cache.set(_generation_key(user_id), uuid.uuid4().hex, timeout=GENERATION_TIMEOUT)


def mark_changed(session: Session, user_id: int) -> None:
    """Called by operations: invalidate ``user_id``'s cached reads once this unit of work commits."""
    session.info.setdefault(_PENDING, set()).add(user_id)


@event.listens_for(Session, "after_commit")
def _invalidate_after_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint released: the data is not committed yet
        return
    for user_id in session.info.pop(_PENDING, set()):
        bump(user_id)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint undone: marks made before it still count
        return
    session.info.pop(_PENDING, None)
