"""Domain exceptions and the one place where any error becomes a response.

Domain code raises these; the handler registered by :func:`register_error_handlers` turns them,
Werkzeug's HTTP exceptions and anything unexpected into:

- the JSON envelope ``{"success": false, "message": ..., "errors": {...}}`` under ``/api/``;
- an HTML fragment for HTMX requests (``HX-Request`` header);
- a full HTML error page otherwise.

No stack trace ever reaches a user; unexpected errors are logged with the request id.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import g, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from werkzeug.exceptions import HTTPException

log = logging.getLogger("arena.errors")


#: what a refusal says when it says nothing more, by status (the error classes below default to these)
DEFAULT_MESSAGES = {
    400: _l("The request is malformed."),
    401: _l("Please sign in to continue."),
    403: _l("You are not allowed to do that."),
    404: _l("Not found."),
    405: _l("That method is not allowed here."),
    409: _l("That conflicts with something that already exists."),
    413: _l("The upload is too large."),
    415: _l("Unsupported content type."),
    422: _l("Some fields are not valid."),
    429: _l("Too many requests. Please wait and try again."),
    500: _l("Something went wrong on our side. It has been logged."),
    503: _l("A service Arena depends on is unavailable. Please try again shortly."),
}


class ArenaError(Exception):
    """Base of every error a domain may raise on purpose."""

    status: int = 400
    default_message = _l("The request could not be processed.")

    def __init_subclass__(cls, **kwargs):
        """A class that names its status but no message of its own says the status's usual message."""
        super().__init_subclass__(**kwargs)
        own = cls.__dict__
        if "status" in own and "default_message" not in own and cls.status in DEFAULT_MESSAGES:
            cls.default_message = DEFAULT_MESSAGES[cls.status]

    def __init__(self, message: Any = None, errors: dict[str, list[str]] | None = None,
                 *, headers: dict[str, str] | None = None, status: int | None = None):
        self.message = str(message) if message is not None else str(self.default_message)
        self.errors = errors or {}
        self.headers = headers or {}
        if status is not None:
            self.status = status
        super().__init__(self.message)


class BadRequest(ArenaError):
    status = 400


class Unauthorized(ArenaError):
    status = 401


class Forbidden(ArenaError):
    status = 403


class NotFound(ArenaError):
    status = 404


class Conflict(ArenaError):
    status = 409


class PayloadTooLarge(ArenaError):
    status = 413


class ValidationFailed(ArenaError):
    status = 422

    def __init__(self, errors: dict[str, list[str] | str] | None = None, message: Any = None, **kw):
        normalised = {k: (v if isinstance(v, list) else [v]) for k, v in (errors or {}).items()}
        super().__init__(message, {k: [str(m) for m in v] for k, v in normalised.items()}, **kw)


def reject_unknown_fields(values: dict[str, Any], allowed) -> None:
    """Input is an allow-list: a field outside ``allowed`` is refused, never silently dropped."""
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValidationFailed({name: _l("This field cannot be set.") for name in sorted(unknown)})


def or_404(value, message: Any = None):
    """``value``, unless it is None: then a 404 saying ``message`` (the object does not exist, or the
    caller may not know that it does)."""
    if value is None:
        raise NotFound(message)
    return value


class RateLimited(ArenaError):
    status = 429


class DependencyUnavailable(ArenaError):
    status = 503


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def _flatten_webargs(messages: Any) -> dict[str, list[str]]:
    """webargs reports ``{"json": {"field": [...]}, "query": {...}}``; the envelope wants fields."""
    flat: dict[str, list[str]] = {}
    if not isinstance(messages, dict):
        return {"_schema": [str(messages)]}
    for location, fields in messages.items():
        if not isinstance(fields, dict):
            flat[location] = fields if isinstance(fields, list) else [str(fields)]
            continue
        for field, msgs in fields.items():
            if isinstance(msgs, dict):  # nested field errors
                for sub, submsgs in _flatten_webargs({"x": msgs}).items():
                    flat[f"{field}.{sub}"] = submsgs
            else:
                flat[field] = [str(m) for m in (msgs if isinstance(msgs, list) else [msgs])]
    return flat


def sign_in_redirect():
    """A signed-out visitor opening a page (an HTML GET) that needs an account is sent to the
    sign-in page, which brings them back (``next``, same-site only). Only a request that asks for
    HTML by name (a browser) is redirected: the API, scrapers and HTMX keep their 401."""
    from flask import redirect, url_for

    from arena.extensions import login

    if (not login.login_view or request.method != "GET" or request.headers.get("HX-Request")
            or "text/html" not in request.headers.get("Accept", "") or wants_json()):
        return None
    return redirect(url_for(login.login_view, next=request.full_path.rstrip("?")), 302)


def error_response(status: int, message: str, errors: dict | None = None, headers: dict | None = None):
    errors = errors or {}
    if status == 401 and (resp := sign_in_redirect()) is not None:
        return resp
    if wants_json():
        body: dict[str, Any] = {"success": False, "message": message}
        if errors:
            body["errors"] = errors
        resp = jsonify(body)
    elif request.headers.get("HX-Request"):
        resp = render_template("errors/fragment.html", status=status, message=message, errors=errors)
    else:
        resp = render_template("errors/error.html", status=status, message=message, errors=errors)
    from flask import make_response

    resp = make_response(resp, status)
    for key, value in (headers or {}).items():
        resp.headers[key] = value
    return resp


def handle_arena_error(err: ArenaError):
    return error_response(err.status, err.message, err.errors, err.headers)


def handle_http_exception(err: HTTPException):
    status = err.code or 500
    data = getattr(err, "data", None) or {}
    errors = {}
    if "errors" in data:
        errors = data["errors"]
    elif "messages" in data:
        errors = _flatten_webargs(data["messages"])
    message = data.get("message")
    if not message:
        if status == 429:
            message = str(DEFAULT_MESSAGES[429])
        elif status in DEFAULT_MESSAGES and (not err.description or err.description == type(err).description):
            message = str(DEFAULT_MESSAGES[status])
        else:
            message = err.description or str(DEFAULT_MESSAGES.get(status, err.name))
    headers = dict(data.get("headers") or {})
    if status == 405 and err.get_response().headers.get("Allow"):
        headers["Allow"] = err.get_response().headers["Allow"]
    if status == 429:
        resp_headers = err.get_response().headers
        if "Retry-After" in resp_headers:
            headers.setdefault("Retry-After", resp_headers["Retry-After"])
    return error_response(status, message, errors, headers)


def handle_unexpected(err: Exception):
    """Anything else (Flask hands HTTP exceptions to :func:`handle_http_exception`)."""
    log.exception("unhandled error", extra={"request_id": g.get("request_id")})
    return error_response(500, str(DEFAULT_MESSAGES[500]))


def handle_database_unavailable(err: Exception):
    """The database cannot be reached (stopped, restarting, no free connection): 503 at once, with a
    message saying what to do; the driver's text goes to the log. The boundary has rolled the unit of
    work back, so nothing of the request was written."""
    if isinstance(err, DBAPIError) and not isinstance(err, (OperationalError, InterfaceError)) \
            and not err.connection_invalidated:
        return handle_unexpected(err)
    log.warning("database unavailable: %s", err, extra={"request_id": g.get("request_id")})
    return error_response(503, str(_l("The database is unavailable. Nothing was changed; please try again "
                                      "in a moment.")))


def register_error_handlers(app) -> None:
    app.register_error_handler(ArenaError, handle_arena_error)
    app.register_error_handler(DBAPIError, handle_database_unavailable)
    app.register_error_handler(SQLAlchemyTimeoutError, handle_database_unavailable)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
