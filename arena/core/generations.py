"""Generations: a random token per *scope* (``"notifications:u5"``, ``"chat:room:3"``) kept in the
shared cache, replaced after every commit that changes what the scope shows.

A page many people poll is cached under a key containing its scope's generation and answered with
an ``ETag`` made of it, so a conditional request whose tag still matches gets 304 without touching the
database — in this process and in every other process reading the same Redis. The generation is
replaced only *after* the commit (a SQLAlchemy ``after_commit`` hook): a reader that raced the write
may cache what it read under the old generation, where no later read looks; a rolled-back write
changes nothing. (``arena.study.caching`` follows the same pattern per user.)
"""

from __future__ import annotations

import uuid
from typing import Any, Callable

from sqlalchemy import event
from sqlalchemy.orm import Session

from arena.extensions import cache

_PENDING = "arena_changed_generations"
TIMEOUT = 30 * 24 * 3600  # seconds; a lost generation is simply replaced by a new one


def _key(scope: str) -> str:
    return f"gen:{scope}"


def current(scope: str) -> str:
    value = cache.get(_key(scope))
    if value is None:
        fresh = uuid.uuid4().hex[:16]
        # ``add`` keeps a generation another process set meanwhile
        value = fresh if cache.add(_key(scope), fresh, timeout=TIMEOUT) else (cache.get(_key(scope)) or fresh)
    return value


def bump(scope: str) -> None:
    cache.set(_key(scope), uuid.uuid4().hex[:16], timeout=TIMEOUT)


def changed(session: Session, scope: str) -> None:
    """Called by operations: replace ``scope``'s generation once this unit of work commits."""
    session.info.setdefault(_PENDING, set()).add(scope)


def cached(scope: str, parts: tuple, build: Callable[[], Any], timeout: int | None = None) -> Any:
    """The value cached for ``parts`` under the scope's current generation, built on a miss."""
    key = f"genc:{scope}:{current(scope)}:" + ":".join(str(p) for p in parts)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=timeout)
    return value


@event.listens_for(Session, "after_commit")
def _bump_after_commit(session: Session) -> None:
    for scope in session.info.pop(_PENDING, set()):
        bump(scope)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)
