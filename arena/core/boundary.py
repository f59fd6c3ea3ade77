"""The request boundary: request id, one commit per request, metrics, structured access log,
security headers.

The commit rule: a response below 400 commits the request's unit of work, 400 and above rolls it
back (unless :func:`keep_changes_on_error` asked to keep it). A redirect (3xx) therefore commits —
so a page that redirects after a refusal ("flash the reason, go back") must not leave the refused
operation's writes in the session. Such pages, and every page that shows an operation's errors on
its form, run the operation through :func:`arena.web.form_operations.run_form_operation`, which
wraps it in a savepoint and undoes only that savepoint when the operation refuses. Nothing else
rolls back by hand: operations never roll back, views do not either.
"""

from __future__ import annotations

import logging
import time
import uuid

from flask import current_app, g, request
from flask.sessions import SecureCookieSessionInterface
from prometheus_client import CollectorRegistry, Counter, Histogram

from arena.core import access, limits

access_log = logging.getLogger("arena.request")

REQUEST_ID_HEADER = "X-Request-ID"


class Metrics:
    """Per-app Prometheus registry: request counts and latencies per endpoint."""

    def __init__(self):
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "arena_http_requests_total", "HTTP requests handled",
            ["method", "endpoint", "status"], registry=self.registry,
        )
        self.latency = Histogram(
            "arena_http_request_duration_seconds", "Time spent handling HTTP requests",
            ["method", "endpoint"], registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )
        self._children: dict[tuple, tuple] = {}

    def observe(self, method: str, endpoint: str, status: str, elapsed: float) -> None:
        """Count a request and its time (each label set's counters are looked up once per process)."""
        key = (method, endpoint, status)
        children = self._children.get(key)
        if children is None:
            children = self._children[key] = (self.requests.labels(method, endpoint, status),
                                              self.latency.labels(method, endpoint))
        children[0].inc()
        children[1].observe(elapsed)


def request_id(incoming: str) -> str:
    """The request's id: the caller's ``X-Request-ID`` when it is usable, else a new one."""
    return incoming if 0 < len(incoming) <= 64 and incoming.isprintable() else uuid.uuid4().hex


def _start():
    g.request_started = time.perf_counter()
    g.request_id = request_id(request.headers.get(REQUEST_ID_HEADER, ""))


def keep_changes_on_error() -> None:
    """Commit this request's changes even though it ends in an error: for records that must outlive
    a refused request (a failed sign-in counted towards lockout, an audited failed API-key use).
    Call it just before such a record is written, when nothing else has been changed."""
    g.arena_keep_on_error = True


def _finish(response):
    """Commit the unit of work when the request succeeded (or asked to keep its changes); roll back
    otherwise."""
    from arena.extensions import db

    user_id = _caller_user_id()  # read before the commit expires the caller's row
    if _has_work(db):  # else nothing was read or written (an answer from the page cache): nothing to end
        response = _end_unit_of_work(db, response)
    _headers(response)
    _record(response, user_id)
    return response


def _end_unit_of_work(db, response):
    if response.status_code >= 400 and not g.get("arena_keep_on_error"):
        db.session.rollback()
        return response
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        current_app.logger.exception("commit failed", extra={"request_id": g.get("request_id")})
        from arena.core.errors import error_response, DEFAULT_MESSAGES

        return error_response(500, str(DEFAULT_MESSAGES[500]))
    return response


def _has_work(db) -> bool:
    """Whether this request's session has begun a transaction or holds unflushed changes."""
    if not db.session.registry.has():
        return False
    session = db.session()
    return session.in_transaction() or bool(session.new or session.dirty or session.deleted)


def _caller_user_id() -> int | None:
    caller = g.get("arena_caller")
    return getattr(getattr(caller, "user", None), "id", None)


DEFAULT_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
               "base-uri 'self'; object-src 'none'")


def security_headers(config) -> tuple[tuple[str, str], ...]:
    """The headers every response carries unless its view set them itself."""
    headers = [
        ("Content-Security-Policy", config.get("CONTENT_SECURITY_POLICY") or DEFAULT_CSP),
        ("X-Frame-Options", "DENY"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    if config["ENV"] == "production":
        headers.append(("Strict-Transport-Security", "max-age=63072000; includeSubDomains"))
    return tuple(headers)


def _headers(response):
    h = response.headers
    present = {name.lower() for name, _value in h.items()}  # one pass, not one per header
    defaults = current_app.extensions["arena_security_headers"]
    missing = [(name, value) for name, value in defaults if name.lower() not in present]
    if REQUEST_ID_HEADER.lower() in present:
        h[REQUEST_ID_HEADER] = g.get("request_id", "")
    else:
        missing.append((REQUEST_ID_HEADER, g.get("request_id", "")))
    h.extend(missing)
    if "cache-control" not in present and request.path.startswith("/api/"):
        h["Cache-Control"] = "no-store"


def _record(response, user_id: int | None):
    elapsed = time.perf_counter() - g.get("request_started", time.perf_counter())
    endpoint = request.url_rule.rule if request.url_rule else "<unmatched>"
    record(current_app, request.method, request.path, endpoint, response.status_code, elapsed,
           request_id=g.get("request_id"), remote_addr=request.remote_addr, user_id=user_id)


def record(app, method: str, path: str, endpoint: str, status: int, elapsed: float, *, request_id: str | None,
           remote_addr: str | None, user_id: int | None) -> None:
    """Count one answered request in the metrics and write its access-log line (also for the
    answers of :mod:`arena.core.shortcuts`, which do not go through the pipeline)."""
    metrics: Metrics = app.extensions["arena_metrics"]
    metrics.observe(method, endpoint, str(status), elapsed)
    if not access_log.isEnabledFor(logging.INFO):
        return
    access_log.info(
        "%s %s %s", method, path, status,
        extra={
            "request_id": request_id,
            "method": method,
            "path": path,
            "endpoint": endpoint,
            "status": status,
            "duration_ms": round(elapsed * 1000, 2),
            "remote_addr": remote_addr,
            "user_id": user_id,
        },
    )


def _user_id(user) -> int | None:
    """The caller's id without loading it again: the commit has expired the loaded user."""
    if user is None:
        return None
    from sqlalchemy import inspect
    from sqlalchemy.exc import NoInspectionAvailable

    try:
        identity = inspect(user).identity
    except NoInspectionAvailable:
        return getattr(user, "id", None)
    return identity[0] if identity else None


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, without building a signer for a request that sends no session
    cookie (API calls, first visits) nor touching the response of one that left its session alone."""

    def open_session(self, app, request):
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response):
        if not session and not session.modified:  # what Flask does, without reading the cookie settings
            if session.accessed:
                response.vary.add("Cookie")
            return
        super().save_session(app, session, response)


def init_app(app) -> None:
    app.session_interface = CookieSessions()
    app.extensions["arena_metrics"] = Metrics()
    app.extensions["arena_security_headers"] = security_headers(app.config)
    app.before_request(_start)
    app.before_request(limits.check_body_size)
    app.before_request(limits.check_page_args)
    app.before_request(access.enforce_policy)
    app.after_request(_finish)


def commit_unit_of_work() -> None:
    """Commit at a boundary other than a request: the end of a CLI command, or a checkpoint of a
    long task (one batch done, so its progress is visible and kept if a later batch fails).
    Operations never call this; tasks and commands do."""
    from arena.extensions import db

    db.session.commit()
