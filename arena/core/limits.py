"""Input limits applied to every request, once for the whole app.

- **Request bodies**: ``MAX_CONTENT_LENGTH`` (1 MiB by default). A body announced as larger is
  refused with an enveloped 413 before anything reads it; a chunked body is cut off at the same
  limit while it is read. A route that takes uploads raises its own limit with :func:`body_limit`.
- **Ids in paths**: ``<int:...>`` URL segments are bounded to the database's integer range, so an
  id no row can have is a 404 like any other missing object (never a driver overflow).
- **Page numbers**: ``page`` and ``per_page`` query arguments on any page or API list are bounded;
  out of range is a 422.
"""

from __future__ import annotations

from typing import Callable, TypeVar

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from werkzeug.routing import IntegerConverter

from arena.core.errors import PayloadTooLarge, ValidationFailed

#: the largest value an ``Integer`` column holds on every supported database (PostgreSQL int4)
DB_INT_MAX = 2**31 - 1

#: the largest page number a list accepts (its offset stays far inside the database's range)
MAX_PAGE = 10**6

F = TypeVar("F", bound=Callable)


class IdConverter(IntegerConverter):
    """``<int:...>`` for ids: 1 to :data:`DB_INT_MAX`; anything else does not match (404)."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = 1, max: int | None = DB_INT_MAX,
                 signed: bool = False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def body_limit(max_bytes: int | str, *, slack: int = 0) -> Callable[[F], F]:
    """Give one view its own request body limit (an upload route), instead of ``MAX_CONTENT_LENGTH``:
    a number of bytes, or the name of the setting that holds it (read at each request), plus
    ``slack`` bytes for what wraps the file (a multipart form's fields and boundaries)."""
    if slack:
        base = max_bytes
        max_bytes = (lambda: (current_app.config[base] if isinstance(base, str) else base) + slack)  # type: ignore

    def decorate(view: F) -> F:
        view.arena_body_limit = max_bytes  # type: ignore[attr-defined]
        return view

    return decorate


def _view_body_limit() -> int | None:
    view = current_app.view_functions.get(request.endpoint or "")
    view_class = getattr(view, "view_class", None)
    if view_class is not None:  # a MethodView: the limit sits on the method
        view = getattr(view_class, request.method.lower(), view)
    limit = getattr(view, "arena_body_limit", None)
    if isinstance(limit, str):
        return current_app.config[limit]
    return limit() if callable(limit) else limit


def _human(size: int) -> str:
    for unit, factor in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if size >= factor:
            return f"{size / factor:g} {unit}"
    return f"{size} B"


FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def check_body_size() -> None:
    environ = request.environ
    if not environ.get("CONTENT_LENGTH") and "chunked" not in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        return  # no body at all (most GETs): nothing to measure
    limit = _view_body_limit()
    if limit is not None:
        request.max_content_length = limit
    limit = request.max_content_length
    if limit is None:
        return
    if request.content_length is None and request.environ.get("wsgi.input_terminated") \
            and request.mimetype not in FORM_TYPES:
        # A streamed body (chunked) has no length up front; Werkzeug would cut it silently at the
        # limit. Read one byte past the limit (kept for the handler) to tell "at" from "over".
        request.max_content_length = limit + 1
        over = len(request.get_data(cache=True)) > limit
        request.max_content_length = limit
    else:
        over = (request.content_length or 0) > limit
    if over:
        raise PayloadTooLarge(_l("The request is too large: send at most %(size)s.", size=_human(limit)))


def _bounded_int(name: str, low: int, high: int) -> None:
    raw = request.args.get(name)
    if raw is None:
        return
    try:
        value = int(raw)
    except ValueError:
        return  # not a number: the list's own argument parsing answers that
    if not low <= value <= high:
        raise ValidationFailed({name: str(_l("Must be a whole number from %(low)d to %(high)d.",
                                             low=low, high=high))})


def check_page_args() -> None:
    """Bound ``page`` and ``per_page`` on every request, pages and API alike."""
    if request.args:
        _bounded_int("page", 1, MAX_PAGE)
        _bounded_int("per_page", 1, current_app.config["MAX_PER_PAGE"])


def init_app(app) -> None:
    """Call before any route is added: the converter applies to rules created afterwards. The
    request checks run from the boundary (:mod:`arena.core.boundary`), before access policies."""
    app.url_map.converters["int"] = IdConverter


def caller_key() -> str:
    """The rate-limit key of a request: the signed-in user, else the client's address (Flask-Limiter's
    ``key_func`` for per-user limits)."""
    from flask_limiter.util import get_remote_address

    from arena.core import access

    try:
        user = access.current_user_or_none()
    except Exception:  # an unusable credential is refused by the access check; count by address
        user = None
    return f"user:{user.id}" if user is not None else f"addr:{get_remote_address()}"
