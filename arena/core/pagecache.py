"""Answers for the pages everybody refreshes (leaderboards), cached as finished bytes and correct
across processes that share Redis.

A cached answer is stored under a key that carries the current *generation* of every scope it
depends on (``"contest:5"``, ``"boards"``, ``"points"``, ``"competition:3"``) plus the global
generation ``"all"``. A generation is a random token kept in the cache itself. Operations that
change what a scope shows call :func:`mark_changed` (through the domains' signal receivers); once
the unit of work commits, each marked scope gets a new token, so every answer cached before the
commit stops being found — in this process and in every other process reading the same Redis.
Replacing the token only *after* the commit (never before) means a reader that raced the write can
store what it read only under the old generation, where no later read looks. A rollback changes
nothing and invalidates nothing. This is the study cache's pattern (``arena.study.caching``)
applied to shared, public pages.

The ``ETag`` of an answer is derived from its key alone, so ``If-None-Match`` is answered ``304``
after reading the generations — without loading the body and without touching the database.
"""

from __future__ import annotations

import hashlib
import uuid
from decimal import Decimal
from typing import Any, Callable, Iterable

import orjson
from flask import Response, request
from sqlalchemy import event
from sqlalchemy.orm import Session

from arena.extensions import cache

EVERYTHING = "all"
_PENDING = "arena_page_scopes_changed"
GENERATION_TIMEOUT = 30 * 24 * 3600  # seconds; a lost generation is simply replaced by a new one
ANSWER_TIMEOUT = 3600  # seconds a cached answer lives even if nothing changes


def _generation_key(scope: str) -> str:
    return f"page:gen:{scope}"


def generations(scopes: Iterable[str]) -> list[str]:
    """The current token of ``"all"`` and of each scope, in one cache round trip when all exist."""
    names = [EVERYTHING, *scopes]
    values = list(cache.get_many(*(_generation_key(s) for s in names)))
    for i, value in enumerate(values):
        if value is None:
            fresh = uuid.uuid4().hex
            key = _generation_key(names[i])
            # ``add`` keeps a generation another process set meanwhile
            values[i] = fresh if cache.add(key, fresh, timeout=GENERATION_TIMEOUT) else (cache.get(key) or fresh)
    return values


def bump(*scopes: str) -> None:
    """Make every cached answer that depends on one of ``scopes`` unreachable."""
    cache.set_many({_generation_key(s): uuid.uuid4().hex for s in scopes}, timeout=GENERATION_TIMEOUT)


def mark_changed(session: Session, *scopes: str) -> None:
    """Called by receivers and operations: renew ``scopes`` once this unit of work commits."""
    session.info.setdefault(_PENDING, set()).update(scopes)


@event.listens_for(Session, "after_commit")
def _renew_after_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint released: the data is not committed yet
        return
    scopes = session.info.pop(_PENDING, None)
    if scopes:
        bump(*scopes)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint undone: marks made before it still count
        return
    session.info.pop(_PENDING, None)


_WATCHED: dict[type, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def watch(model: type, attributes: Iterable[str], scopes: Iterable[str]) -> None:
    """Renew ``scopes`` after a commit that changed one of ``attributes`` of a ``model`` row (a person's
    name shown on every board, say), whichever operation changed it."""
    _WATCHED[model] = (tuple(attributes), tuple(scopes))


#: model -> {which watch: row -> scopes}; a watch set again (by another app in the same process)
#: replaces itself, several different watches of one model all count
_WATCHED_ROWS: dict[type, dict[Any, Callable[[Any], Iterable[str]]]] = {}


def watch_rows(models: Iterable[type], scopes: Iterable[str] | Callable[[Any], Iterable[str]]) -> None:
    """Renew ``scopes`` after a commit that added, changed or deleted a row of one of ``models``
    (a contest list shows every column of its contests). ``scopes`` may be a function of the row
    (``lambda competition: [f"competition:{competition.id}"]``). A model may be watched for several
    scopes (the admin dashboard's queues watch rows other pages watch too)."""
    if callable(scopes):
        which: Any = (scopes.__module__, scopes.__qualname__)
    else:
        which = fixed = tuple(scopes)
        scopes = lambda _row: fixed  # noqa: E731
    for model in models:
        _WATCHED_ROWS.setdefault(model, {})[which] = scopes


@event.listens_for(Session, "before_flush")
def _watch_changes(session: Session, _flush_context, _instances) -> None:
    if _WATCHED_ROWS:
        for obj in (*session.new, *session.dirty, *session.deleted):
            for scopes in _WATCHED_ROWS.get(type(obj), {}).values():
                mark_changed(session, *scopes(obj))
    if not _WATCHED:
        return
    from sqlalchemy import inspect

    for obj in session.dirty:
        watched = _WATCHED.get(type(obj))
        if watched is None:
            continue
        state = inspect(obj)
        if any(state.attrs[name].history.has_changes() for name in watched[0]):
            mark_changed(session, *watched[1])


def connect() -> None:
    """A ban removes the person from every board: everything cached is renewed."""
    from arena.core import signals

    signals.user_banned.connect(_everything_changed)


def _everything_changed(_sender, **_kwargs) -> None:
    from arena.extensions import db

    mark_changed(db.session, EVERYTHING)


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)  # as Flask's JSON provider writes it
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dumps(body: Any) -> bytes:
    """JSON bytes of an already dumped body (orjson: several times faster than the standard library)."""
    return orjson.dumps(body, default=_default)


class Entry:
    """The generation-keyed key and ETag of one answer (built once per request)."""

    def __init__(self, scopes: Iterable[str], parts: Iterable[Any]):
        scopes = list(scopes)
        tokens = generations(scopes)
        self.key = "page:" + ":".join(str(p) for p in parts) + ":" + ".".join(tokens)
        self.etag = hashlib.blake2b(self.key.encode(), digest_size=12).hexdigest()

    def not_modified(self) -> bool:
        return self.etag in request.if_none_match

    def get(self) -> Any:
        return cache.get(self.key)

    def set(self, value: Any, timeout: int = ANSWER_TIMEOUT) -> None:
        cache.set(self.key, value, timeout=timeout)


def json_answer(scopes: Iterable[str], parts: Iterable[Any], build: Callable[[], bytes | None],
                fallback: Callable[[], Any] | None = None) -> Any:
    """A cached JSON answer with an ``ETag``: ``304`` when the client has it, the stored bytes when
    the cache has them, else ``build()`` — which returns the bytes to store, or ``None`` when the
    answer may not be shared (a page not everyone may see); then ``fallback()`` answers uncached."""
    entry = Entry(scopes, parts)
    if entry.not_modified():
        return _tagged(Response(status=304), entry.etag)
    body = entry.get()
    if body is None:
        body = build()
        if body is None:
            return fallback() if fallback is not None else None
        entry.set(body)
    return _tagged(Response(body, mimetype="application/json"), entry.etag)


def _tagged(resp: Response, etag: str) -> Response:
    resp.set_etag(etag)
    resp.headers["Cache-Control"] = "no-cache"  # clients may keep it but must ask again (cheaply, with the ETag)
    return resp


def cached_value(scopes: Iterable[str], parts: Iterable[Any], build: Callable[[], Any], *,
                 timeout: int = ANSWER_TIMEOUT) -> Any:
    """A cached value (a rendered fragment, say) for ``parts`` under ``scopes``, kept ``timeout``
    seconds at most; ``build()`` may return ``None`` for a value that must not be shared, which is
    then not stored."""
    entry = Entry(scopes, parts)
    value = entry.get()
    if value is None:
        value = build()
        if value is not None:
            entry.set(value, timeout=timeout)
    return value
