"""Who is calling: the caller loader registered with ``arena.core.access``.

Order: ``Authorization: Bearer`` JWT, JWT cookie (double-submit CSRF enforced by
Flask-JWT-Extended), then the web session (Flask-Login; CSRF enforced here for unsafe methods).
"""

from __future__ import annotations

from flask import request
from flask_jwt_extended import get_jwt, get_jwt_identity, verify_jwt_in_request
from flask_login import current_user

from arena.core import access
from arena.core.access import SAFE_METHODS, Caller
from arena.core.errors import Unauthorized
from arena.extensions import csrf, jwt, login
from arena.identity import queries

ALL_SCOPES = frozenset({"read", "write", "admin"})
USER_SCOPES = frozenset({"read", "write"})


def scopes_for(user) -> frozenset[str]:
    return ALL_SCOPES if user.is_admin else USER_SCOPES


def load_caller() -> Caller | None:
    if request.headers.get("Authorization", "").startswith("Bearer ") or (
        request.path.startswith("/api/") and request.cookies.get("access_token_cookie")
    ):
        verify_jwt_in_request(optional=False, locations=["headers", "cookies"])
        user = queries.get_user(int(get_jwt_identity()))
        if user is None or user.is_banned:
            raise Unauthorized("This account cannot sign in.")
        via = "jwt" if request.headers.get("Authorization") else "jwt-cookie"
        return Caller(user=user, via=via, scopes=scopes_for(user), extra={"claims": get_jwt()})
    if current_user.is_authenticated:
        if current_user.is_banned:
            return None
        if request.method not in SAFE_METHODS:
            csrf.protect()
        return Caller(user=current_user._get_current_object(), via="session", scopes=scopes_for(current_user))
    return None


@login.user_loader
def _load_user(user_id: str):
    try:
        user = queries.get_user(int(user_id))
    except (TypeError, ValueError):
        return None
    return user if user and not user.is_banned else None


@jwt.user_lookup_loader
def _jwt_user(_header, data):
    return queries.get_user(int(data["sub"]))


def _jwt_error(message: str):
    raise Unauthorized(message)


@jwt.invalid_token_loader
def _invalid(reason):
    return _jwt_error("The token is not valid.")


@jwt.expired_token_loader
def _expired(_header, _data):
    return _jwt_error("The token has expired.")


@jwt.unauthorized_loader
def _missing(reason):
    return _jwt_error("A token is required.")


@jwt.revoked_token_loader
def _revoked(_header, _data):
    return _jwt_error("The token has been revoked.")


@jwt.wrong_token_loader if hasattr(jwt, "wrong_token_loader") else (lambda f: f)
def _wrong(_header, _data):
    return _jwt_error("Wrong kind of token.")


def init_app(app) -> None:
    login.login_view = "identity.login" if "identity.login" in app.view_functions else None
    access.set_caller_loader(load_caller)
