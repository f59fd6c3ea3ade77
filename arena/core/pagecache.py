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

An answer is stored under a key made of its parts alone, together with the generation tokens it
was built under; it is used only while those tokens are still the current ones. So one cache round
trip (``MGET``) reads the generations and the stored answer together, and a stale answer is never
served: a reader that raced a write stores its answer with the old tokens, which no longer match.
Within one request the generations read are remembered (a page asking for several values under the
same scopes reads them once); the memory is dropped when the request's unit of work commits.

The ``ETag`` of an answer is derived from its key and the tokens, so ``If-None-Match`` is answered
``304`` after that one round trip, without touching the database.

A renewal can fail: Redis may be unreachable when the commit lands. Two things keep a stale answer
from outliving the outage. The process whose renewal failed remembers the scopes and renews them as
soon as Redis answers again (:func:`generations` does it first). And every key carries the cache's
*epoch* — the run id of the Redis server, learnt on each new connection — so when Redis is stopped
and started again (even with all its old data), every process stops finding the answers stored
before, including those whose renewal was lost with a process that exited.

"""

from __future__ import annotations

import hashlib
import threading
import uuid
from decimal import Decimal
from typing import Any, Callable, Iterable

import orjson
from flask import Response, has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import Session

from arena.extensions import cache

EVERYTHING = "all"
_PENDING = "arena_page_scopes_changed"
_KNOWN = "arena.page_generations"  # request.environ: generations read by this request
GENERATION_TIMEOUT = 30 * 24 * 3600  # seconds; a lost generation is simply replaced by a new one
ANSWER_TIMEOUT = 3600  # seconds a cached answer lives even if nothing changes


#: scopes whose renewal did not reach the cache (Redis was away); renewed once it answers again
_unrenewed: set[str] = set()
_unrenewed_lock = threading.Lock()


def _generation_key(scope: str) -> str:
    return f"page:gen:{scope}"


def epoch() -> str:
    """Which run of the shared cache server answers (empty for an in-process cache)."""
    return getattr(cache.cache, "epoch", "")


def _known() -> dict[str, str]:
    """The generations this request has read already (none outside a request)."""
    if not has_request_context():
        return {}
    return request.environ.setdefault(_KNOWN, {})


_ALONG: list[str] = []


def read_along(scope: str) -> None:
    """Read the generation of ``scope`` with the first read of every request (a scope most requests
    ask for, such as the run-time settings): no round trip of its own later."""
    if scope not in _ALONG:
        _ALONG.append(scope)


def _read(scopes: Iterable[str], *keys: str) -> tuple[list[str], list[Any]]:
    """The tokens of ``"all"`` and of each scope, and the values stored under ``keys``, in one cache
    round trip (none for generations this request has read already)."""
    if _unrenewed:
        _renew_missed()
    names = [EVERYTHING, *scopes]
    known = _known()
    first = not known and has_request_context()
    missing = [n for n in dict.fromkeys([*names, *(_ALONG if first else ())]) if n not in known]
    values = list(cache.get_many(*(_generation_key(n) for n in missing), *keys)) if missing or keys else []
    for name, value in zip(missing, values):
        if value is None:
            fresh = uuid.uuid4().hex
            key = _generation_key(name)
            # ``add`` keeps a generation another process set meanwhile
            value = fresh if cache.add(key, fresh, timeout=GENERATION_TIMEOUT) else (cache.get(key) or fresh)
        known[name] = value
    return [known[n] for n in names], values[len(missing):]


def generations(scopes: Iterable[str]) -> list[str]:
    """The current token of ``"all"`` and of each scope, in one cache round trip when all exist."""
    return _read(scopes)[0]


def bump(*scopes: str) -> None:
    """Make every cached answer that depends on one of ``scopes`` unreachable. When the cache cannot
    be reached, the scopes are remembered and renewed as soon as it answers again."""
    if not scopes:
        return
    if not cache.set_many({_generation_key(s): uuid.uuid4().hex for s in scopes}, timeout=GENERATION_TIMEOUT):
        with _unrenewed_lock:
            _unrenewed.update(scopes)


def _renew_missed() -> None:
    with _unrenewed_lock:
        missed = tuple(_unrenewed)
        _unrenewed.clear()
    bump(*missed)  # remembered again if the cache is still away


def mark_changed(session: Session, *scopes: str) -> None:
    """Called by receivers and operations: renew ``scopes`` once this unit of work commits."""
    session.info.setdefault(_PENDING, set()).update(scopes)


@event.listens_for(Session, "after_commit")
def _renew_after_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint released: the data is not committed yet
        return
    if has_request_context():  # what this request read before its commit is no longer current
        request.environ.pop(_KNOWN, None)
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


def cached_json(lookup: Callable[[Callable[[], bytes]], bytes], build: Callable[[], Any]) -> Response:
    """A JSON answer serialised once: ``build()`` returns the body already dumped by its schema,
    which is turned into bytes a single time and handed to ``lookup`` — a cache that stores what it
    is given on a miss (``functools.partial(caching.cached, user_id, parts)``, say) — so a repeat
    sends the stored bytes as they are, without dumping or serialising anything again."""
    return Response(lookup(lambda: dumps(build())), mimetype="application/json")


def _answer_key(parts: Iterable[Any], run: str) -> str:
    return "page:" + ":".join(str(p) for p in parts) + ":" + run


class Entry:
    """The key, generation tokens, stored value and ETag of one answer (read in one round trip)."""

    def __init__(self, scopes: Iterable[str], parts: Iterable[Any], *, also: Iterable[str] = (),
                 _read_as: tuple | None = None):
        """``also``: more scopes whose current generations are read in the same round trip
        (:attr:`also`), without being part of this answer's."""
        run = epoch()
        self.key = _answer_key(parts, run)
        scopes, also = list(scopes), list(also)
        tokens, (stored,) = _read_as or _read([*scopes, *also], self.key)
        tokens, self.also = tokens[:len(scopes) + 1], tokens[len(scopes) + 1:]
        if epoch() != run:  # the read met a restarted server: what the old key held is not to be trusted
            self.key, stored = _answer_key(parts, epoch()), None
        self.tokens = ".".join(tokens)
        # an answer stored under other generations is stale: as good as none
        self._value = stored[1] if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == self.tokens \
            else None
        self.etag = hashlib.blake2b(f"{self.key}:{self.tokens}".encode(), digest_size=12).hexdigest()

    @classmethod
    def many(cls, scopes: Iterable[str], *parts: Iterable[Any]) -> list["Entry"]:
        """Several answers under the same scopes, read in one round trip."""
        scopes, parts = list(scopes), [tuple(p) for p in parts]
        run = epoch()
        tokens, stored = _read(scopes, *(_answer_key(p, run) for p in parts))
        if epoch() != run:
            stored = [None] * len(parts)
        return [cls(scopes, p, _read_as=(tokens, [value])) for p, value in zip(parts, stored)]

    def not_modified(self) -> bool:
        return self.etag in request.if_none_match

    def get(self) -> Any:
        return self._value

    def set(self, value: Any, timeout: int = ANSWER_TIMEOUT) -> None:
        cache.set(self.key, (self.tokens, value), timeout=timeout)
        self._value = value


def json_answer(scopes: Iterable[str], parts: Iterable[Any], build: Callable[[], bytes | None],
                fallback: Callable[[], Any] | None = None, *, until: float | None = None) -> Any:
    """A cached JSON answer with an ``ETag``: ``304`` when the client has it, the stored bytes when
    the cache has them, else ``build()`` — which returns the bytes to store, or ``None`` when the
    answer may not be shared (a page not everyone may see); then ``fallback()`` answers uncached.

    ``until``: when ``parts`` depend on the request line alone until that moment (a POSIX time;
    ``math.inf`` for always), a repeat of the same request (anonymous, or with a bearer token on a
    shared cache) is answered before the request pipeline (:mod:`arena.core.shortcuts`)."""
    from arena.core import shortcuts

    scopes, parts = tuple(scopes), tuple(parts)
    entry = Entry(scopes, parts)
    if entry.not_modified():
        shortcuts.offer(scopes, parts, until)
        return _tagged(Response(status=304), entry.etag)
    body = entry.get()
    if body is None:
        body = build()
        if body is None:
            return fallback() if fallback is not None else None
        entry.set(body)
    shortcuts.offer(scopes, parts, until)
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
