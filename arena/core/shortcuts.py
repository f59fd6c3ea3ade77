"""Repeats of cached JSON answers, answered before Flask's request pipeline.

A JSON page (a leaderboard, a contest list) is kept in the page cache as finished bytes
(:func:`arena.core.pagecache.json_answer`). Once a request has been answered from such an entry
through the whole pipeline — routing, access policy, credential checks, rate limits, argument
parsing, the view — this process remembers the exact request line it came with (path, query
string and bearer token, if any) together with the entry's scopes and key parts, and the headers
the pipeline sent. A later request with the same line and no body, cookie or API key is answered
by this WSGI middleware after the one cache round trip the view would have made: the generations
and the entry are read together, an entry stored under older generations is not used,
``If-None-Match`` is answered ``304``. Anything else — a miss, a stale entry, another credential,
another method — goes through the pipeline as before, which stores the entry again.

What makes the shortcut answer the same as the pipeline would:

- A line is remembered only when its answer's key depends on the request line alone: the view says
  so by passing ``until`` to ``json_answer`` — the moment its key parts may change without a write
  (a new day for the points board, the next start or end of a contest for the contest list; never,
  for a leaderboard). After that moment the line is forgotten and the pipeline answers again.
- A bearer token is remembered only when the credential check says what its verdict depends on
  (``Caller.extra["shortcut"]``: the scopes renewed by a revocation or by any change to the person,
  and the token's expiry); the generations of those scopes are read in the same round trip and
  must be the ones the pipeline checked the token under.
- Nothing is remembered for a request a rate limit counted (a deployment with a default limit keeps
  every request counted).
- Everything the view checks before the cache (a contest still public) is in the entry's scopes:
  a change renews the generation, and the entry is no longer found.
- Every answer still gets a request id, its metrics and its access-log line.
"""

from __future__ import annotations

import time
from typing import Any, Callable, Iterable

from flask import g, request
from werkzeug.http import parse_etags

from arena.core import boundary, pagecache
from arena.extensions import limiter

#: request lines remembered per process (the oldest are forgotten first)
MAX_LINES = 4096

_now = time.time
_ENVIRON_KEY = "arena.shortcut"
_NOT_REMEMBERED = ("HTTP_COOKIE", "HTTP_X_API_KEY")  # credentials only the pipeline judges
_PER_ANSWER = frozenset({"content-length", "etag", "x-request-id", "date", "server"})


def _repeatable(environ: dict) -> bool:
    return (environ.get("REQUEST_METHOD") == "GET" and not environ.get("CONTENT_LENGTH")
            and not environ.get("HTTP_TRANSFER_ENCODING") and not any(environ.get(h) for h in _NOT_REMEMBERED))


def _line(environ: dict) -> tuple[str, str, str, str]:
    return (environ.get("SCRIPT_NAME", ""), environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""),
            environ.get("HTTP_AUTHORIZATION", ""))


def offer(scopes: Iterable[str], parts: Iterable[Any], until: float | None) -> None:
    """Called by ``json_answer`` when it answered from (or stored) an entry: remember this request's
    line for the shortcut, if the request may be repeated without the pipeline."""
    if until is None or not _repeatable(request.environ):
        return
    if limiter.enabled and limiter.current_limits:  # a counted request stays counted
        return
    credential: tuple = ((), ())
    user_id = None
    if request.environ.get("HTTP_AUTHORIZATION"):
        caller = g.get("arena_caller")
        user_id = getattr(getattr(caller, "user", None), "id", None)
        shortcut = caller.extra.get("shortcut") if caller is not None else None
        if shortcut is None:  # a credential whose verdict the cache cannot vouch for
            return
        credential_scopes, expires = shortcut
        until = min(until, expires)
        credential = (tuple(credential_scopes), tuple(pagecache.generations(credential_scopes)[1:]))
    request.environ[_ENVIRON_KEY] = (tuple(scopes), tuple(parts), until, request.url_rule.rule, credential, user_id)


class _Known:
    __slots__ = ("offered", "scopes", "parts", "until", "rule", "credential", "user_id", "headers")

    def __init__(self, offered: tuple):
        self.offered = offered
        self.scopes, self.parts, self.until, self.rule, self.credential, self.user_id = offered
        self.headers: dict[int, list[tuple[str, str]]] = {}  # status -> the pipeline's headers


class Shortcuts:
    """The WSGI middleware (``app.wsgi_app``)."""

    def __init__(self, app, wsgi_app: Callable):
        self.app = app
        self.wsgi_app = wsgi_app
        self.known: dict[tuple[str, str, str, str], _Known] = {}  # (script, path, query, Authorization)

    def __call__(self, environ: dict, start_response: Callable):
        if self.known and _repeatable(environ):
            known = self.known.get(_line(environ))
            if known is not None:
                answer = self._answer(known, environ, start_response)
                if answer is not None:
                    return answer
        return self._through_pipeline(environ, start_response)

    # -- the pipeline, watched --------------------------------------------------------------------
    def _through_pipeline(self, environ: dict, start_response: Callable):
        seen: list = []

        def watching(status, headers, exc_info=None):
            seen.append((status, headers))
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, watching)
        offered = environ.get(_ENVIRON_KEY)
        if offered is not None and seen:
            self._remember(environ, offered, *seen[-1])
        return body

    def _remember(self, environ: dict, offered: tuple, status: str, headers: list) -> None:
        code = int(status.split(" ", 1)[0])
        if code not in (200, 304) or any(name.lower() == "set-cookie" for name, _ in headers):
            return
        line = _line(environ)
        known = self.known.get(line)
        if known is None or known.offered != offered:
            while len(self.known) >= MAX_LINES:
                self.known.pop(next(iter(self.known)))
            known = self.known[line] = _Known(offered)
        known.headers[code] = [(n, v) for n, v in headers if n.lower() not in _PER_ANSWER]

    # -- the shortcut ----------------------------------------------------------------------------
    def _answer(self, known: _Known, environ: dict, start_response: Callable):
        started = time.perf_counter()
        if _now() >= known.until:  # the key's parts may have moved on: ask the view again
            self.known.pop(_line(environ), None)
            return None
        with self.app.app_context():
            credential_scopes, checked_under = known.credential
            entry = pagecache.Entry(known.scopes, known.parts, also=credential_scopes)
            body = entry.get()
            if body is None or tuple(entry.also) != checked_under:
                return None  # stale or evicted, or the credential may have changed: the pipeline answers
            code = 304 if entry.etag in parse_etags(environ.get("HTTP_IF_NONE_MATCH")) else 200
            headers = known.headers.get(code)
            if headers is None:
                return None  # this kind of answer has not been through the pipeline yet
            request_id = boundary.request_id(environ.get("HTTP_X_REQUEST_ID", ""))
            headers = [*headers, ("ETag", f'"{entry.etag}"'), (boundary.REQUEST_ID_HEADER, request_id)]
            if code == 200:
                headers.append(("Content-Length", str(len(body))))
            boundary.record(self.app, "GET", environ.get("PATH_INFO", ""), known.rule, code,
                            time.perf_counter() - started, request_id=request_id,
                            remote_addr=environ.get("REMOTE_ADDR"), user_id=known.user_id)
        start_response("200 OK" if code == 200 else "304 Not Modified", headers)
        return [body] if code == 200 else []


def init_app(app) -> None:
    app.wsgi_app = Shortcuts(app, app.wsgi_app)
