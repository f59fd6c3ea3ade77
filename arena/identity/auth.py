"""Who is calling: the caller loader registered with ``arena.core.access``.

Order: ``Authorization: Bearer`` JWT, JWT cookie (double-submit CSRF enforced by
Flask-JWT-Extended), ``X-API-Key``, then the web session (Flask-Login; CSRF enforced here for
unsafe methods). This module is part of the request boundary: it reads the request and hands
plain values (:func:`request_origin`) to the operations.
"""

from __future__ import annotations

import logging
import math
import time

import jwt as pyjwt
from flask import current_app, g, request, session
from flask_babel import lazy_gettext as _l
from flask_jwt_extended import get_jwt, verify_jwt_in_request
from flask_jwt_extended.exceptions import (CSRFError, JWTExtendedException, NoAuthorizationError,
                                           RevokedTokenError, WrongTokenError)
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError as CSRFProtectError

from arena.core import access, boundary
from arena.core.access import SAFE_METHODS, Caller
from arena.core.errors import ArenaError, BadRequest, RateLimited, Unauthorized, error_response
from arena.extensions import csrf, jwt, limiter, login
from arena.identity import apikeys, queries, tokens
from arena.identity.audit import Origin

log = logging.getLogger("arena.identity")

ALL_SCOPES = frozenset({"read", "write", "admin"})
USER_SCOPES = frozenset({"read", "write"})


def scopes_for(user) -> frozenset[str]:
    return ALL_SCOPES if user.is_admin else USER_SCOPES


def request_origin() -> Origin:
    return Origin(ip=request.remote_addr or "", user_agent=(request.user_agent.string or "")[:255])


def registration_links() -> dict:
    """The links a registration's mail carries (absolute, for a mail client)."""
    from flask import url_for

    return {"sign_in_link_for": lambda token: url_for("identity.welcome_sign_in", token=token, _external=True),
            "sign_in_url": url_for("identity.login", _external=True),
            "reset_url": url_for("identity.forgot_password", _external=True)}


def load_caller() -> Caller | None:
    if g.get("arena_caller_failed") or g.get("arena_caller_loading"):
        # after a refused credential the rest of the request (e.g. the error page) sees nobody; and
        # when re-entered while loading (translating an error message selects the locale, which asks
        # who the caller is) the answer is "nobody" too, rather than checking the credential again
        return None
    g.arena_caller_loading = True
    try:
        return _load_caller()
    except CSRFProtectError as exc:
        g.arena_caller_failed = True
        raise BadRequest(_l("The form expired or its security token is missing; please go back, reload "
                            "the page and try again."), {"csrf_token": [str(exc.description)]}) from None
    except ArenaError:
        g.arena_caller_failed = True
        raise
    finally:
        g.arena_caller_loading = False


def _load_caller() -> Caller | None:
    access_cookie = current_app.config["JWT_ACCESS_COOKIE_NAME"]
    if request.headers.get("Authorization", "").startswith("Bearer ") or (
        request.path.startswith("/api/") and request.cookies.get(access_cookie)
    ):
        return _jwt_caller()
    if "X-API-Key" in request.headers:
        return _api_key_caller()
    if current_user.is_authenticated:
        if current_user.is_banned:
            return None
        if request.method not in SAFE_METHODS:
            csrf.protect()
        return Caller(user=current_user._get_current_object(), via="session", scopes=scopes_for(current_user),
                      extra={"auth_session": g.get("arena_auth_session")})
    return None


def _jwt_message(exc: Exception) -> str:
    if isinstance(exc, pyjwt.ExpiredSignatureError):
        return str(_l("The token has expired."))
    if isinstance(exc, RevokedTokenError):
        return str(_l("The token has been revoked."))
    if isinstance(exc, WrongTokenError):
        return str(_l("Wrong kind of token: use an access token."))
    if isinstance(exc, CSRFError):
        return str(_l("The CSRF token is missing or wrong (send the csrf_access_token cookie's value "
                      "in the X-CSRF-TOKEN header)."))
    if isinstance(exc, NoAuthorizationError):
        return str(_l("A token is required."))
    return str(_l("The token is not valid."))


def verify_token(*, refresh: bool = False) -> dict:
    """Verify the JWT of this request (signature, expiry, type, revocation); its claims."""
    try:
        verify_jwt_in_request(refresh=refresh, locations=["headers", "cookies"])
    except (JWTExtendedException, pyjwt.PyJWTError) as exc:
        raise Unauthorized(_jwt_message(exc)) from None
    return get_jwt()


def _jwt_caller() -> Caller:
    claims = verify_token()
    user = tokens.token_user(claims)
    if user is None or user.is_banned:
        raise Unauthorized(_l("This account cannot sign in."))
    if claims.get("sv", 1) != user.session_version:
        raise Unauthorized(_l("This sign-in has ended. Please sign in again."))
    via = "jwt" if request.headers.get("Authorization") else "jwt-cookie"
    extra = {"claims": claims}
    if via == "jwt" and tokens.verdict_is_shared():
        # a repeat of this request may be answered from the cache (arena.core.shortcuts) while the
        # scopes this verdict was kept under are unchanged, until the token expires
        extra["shortcut"] = (tokens.verdict_scopes(claims), float(claims.get("exp") or math.inf))
    return Caller(user=user, via=via, scopes=scopes_for(user), extra=extra)


def _api_key_caller() -> Caller:
    origin = request_origin()
    try:
        key = apikeys.authenticate(request.headers.get("X-API-Key", ""), origin=origin, endpoint=_endpoint())
    except Unauthorized:
        boundary.keep_changes_on_error()  # the failed attempt stays in the audit log
        raise
    _limit_api_key(key)
    apikeys.record_use(key, method=request.method, path=request.path, origin=origin, endpoint=_endpoint())
    scopes = frozenset(key.scopes) & scopes_for(key.user)
    return Caller(user=key.user, via="api-key", scopes=scopes, extra={"api_key_id": key.id})


def _endpoint() -> str:
    """The route called, as its pattern (``GET /api/v1/contests/<ref>``), for the usage log."""
    return f"{request.method} {request.url_rule.rule if request.url_rule else request.path}"


def _limit_api_key(key) -> None:
    """Each key has its own limit (``API_KEY_RATE_LIMIT``), counted where the app's limits are."""
    from limits import parse

    item = parse(current_app.config["API_KEY_RATE_LIMIT"])
    prefix = current_app.config["RATELIMIT_KEY_PREFIX"]
    try:
        strategy = limiter.limiter
        if strategy.hit(item, prefix, "api-key", str(key.id)):
            return
        reset_at = strategy.get_window_stats(item, prefix, "api-key", str(key.id)).reset_time
    except Exception as exc:  # noqa: BLE001 - limits storage down: fail open, logged
        log.warning("api key rate limit unavailable: %s", exc)
        return
    raise RateLimited(_l("This API key made too many requests. Please wait and try again."),
                      headers={"Retry-After": str(max(1, int(reset_at - time.time())))})


def current_auth_session():
    """The sign-in record (web session or token family) of the current caller, if any."""
    caller = access.current_caller()
    if caller is None:
        return None
    if caller.via == "session":
        return caller.extra.get("auth_session")
    family = (caller.extra.get("claims") or {}).get("fam")
    return queries.get_session_by_family(family) if family else None


def begin_web_session(user, auth_session) -> None:
    """Renew the session at sign-in: clear it, then store the user, sign-in family and version."""
    session.clear()
    login_user(user)
    session["fam"] = auth_session.family
    session["sv"] = user.session_version
    session.permanent = True
    g.arena_auth_session = auth_session
    g.pop("arena_caller", None)


def start_web_session(user, *, method: str = "password"):
    """Sign ``user`` in on this browser (for any sign-in method): records the sign-in, renews the
    session. Other domains' sign-in pages (e.g. Wikimedia) call this instead of ``login_user``."""
    from arena.identity import operations

    auth_session = operations.sign_in(user, kind="web", origin=request_origin(), method=method)
    begin_web_session(user, auth_session)
    return auth_session


def refresh_web_session(user) -> None:
    """After a password change the current web session carries the new session version."""
    session["sv"] = user.session_version


def end_web_session() -> None:
    logout_user()
    session.clear()
    g.pop("arena_caller", None)


@login.user_loader
def _load_user(user_id: str):
    try:
        user = queries.get_user(int(user_id))
    except (TypeError, ValueError):
        return None
    if user is None or user.is_banned:
        return None
    auth_session = tokens.session_is_live(user, session.get("fam"), session.get("sv"))
    if auth_session is None:
        return None
    g.arena_auth_session = auth_session
    return user


@jwt.token_in_blocklist_loader
def _blocked(_header, payload) -> bool:
    return tokens.is_revoked(payload)


@jwt.user_lookup_loader
def _jwt_user(_header, data):
    return tokens.token_user(data)


# Flask-JWT-Extended's own error handlers (used when its decorators are used directly): the same
# envelope as every other error.
def _unauthorized(message) -> object:
    return error_response(401, str(message))


jwt.invalid_token_loader(lambda reason: _unauthorized(_l("The token is not valid.")))
jwt.expired_token_loader(lambda _h, _d: _unauthorized(_l("The token has expired.")))
jwt.unauthorized_loader(lambda reason: _unauthorized(_l("A token is required.")))
jwt.revoked_token_loader(lambda _h, _d: _unauthorized(_l("The token has been revoked.")))
jwt.user_lookup_error_loader(lambda _h, _d: _unauthorized(_l("This account cannot sign in.")))


def init_app(app) -> None:
    login.login_view = "identity.login"
    login.login_message = _l("Please sign in to see this page.")
    access.set_caller_loader(load_caller)
