"""Sign-in: checking credentials (with lockout), opening and closing sign-in sessions."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from arena.core import signals
from arena.core.errors import RateLimited, Unauthorized
from arena.core.security import hash_password, needs_rehash, verify_password
from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.identity import audit, passwords, queries, tokens
from arena.identity.audit import NO_ORIGIN, Origin
from arena.identity.models import AuthSession, User


def authenticate(login: str, password: str, *, origin: Origin = NO_ORIGIN) -> User:
    """Check a sign-in. Failures are counted and audited (the handler keeps them on error);
    ``LOGIN_MAX_FAILURES`` failures in a row lock the account for ``LOGIN_LOCKOUT_MINUTES``."""
    cfg = current_app.config
    user = queries.find_user_by_login(login)
    now = utcnow()
    if user is None or not user.password_hash:
        passwords.dummy_check(password or "")
        audit.record("login.failed", subject=user, origin=origin,
                     details={"login": (login or "")[:254], "reason": "unknown" if user is None else "no-password"})
        raise Unauthorized(_l("The username or password is not right."))
    if user.is_locked(now):
        audit.record("login.failed", subject=user, origin=origin, details={"reason": "locked"})
        raise _locked(user, now)
    if not verify_password(user.password_hash, password or ""):
        user.failed_logins = (user.failed_logins or 0) + 1
        audit.record("login.failed", subject=user, origin=origin,
                     details={"reason": "password", "failures": user.failed_logins})
        if user.failed_logins >= cfg["LOGIN_MAX_FAILURES"]:
            user.locked_until = now + timedelta(minutes=cfg["LOGIN_LOCKOUT_MINUTES"])
            user.failed_logins = 0
            audit.record("account.locked", subject=user, origin=origin,
                         details={"until": user.locked_until.isoformat()})
            db.session.flush()
            raise _locked(user, now)
        db.session.flush()
        raise Unauthorized(_l("The username or password is not right."))
    if user.is_banned:
        audit.record("login.failed", subject=user, origin=origin, details={"reason": "banned"})
        raise Unauthorized(_l("This account has been banned and cannot sign in."))
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    db.session.flush()
    return user


def _locked(user: User, now) -> RateLimited:
    seconds = max(1, int((user.locked_until - now).total_seconds()))
    minutes = max(1, (seconds + 59) // 60)
    return RateLimited(_l("Too many failed sign-ins: this account is locked for %(n)d more minutes. "
                          "Try again later or reset your password.", n=minutes),
                       headers={"Retry-After": str(seconds)})


def sign_in(user: User, *, kind: str, origin: Origin = NO_ORIGIN, method: str = "password") -> AuthSession:
    """Record a successful sign-in: a new sign-in session (web) or token family (api). ``method``
    says how the person proved who they are ("password", "wikimedia")."""
    if user.is_banned:
        raise Unauthorized(_l("This account has been banned and cannot sign in."))
    session = tokens.open_session(user, kind=kind, origin=origin)
    user.last_login_at = utcnow()
    details = {"via": kind} if method == "password" else {"via": kind, "method": method}
    audit.record("login.succeeded", actor=user, subject=user, origin=origin, details=details)
    db.session.flush()
    signals.user_logged_in.send(user, via=method)
    return session


def sign_out(user: User, session: AuthSession | None, *, origin: Origin = NO_ORIGIN) -> None:
    if session is not None and session.user_id == user.id:
        tokens.revoke_session(session, "logout")
    audit.record("logout", actor=user, subject=user, origin=origin,
                 details={"via": session.kind if session else "token"})


def sign_out_everywhere(user: User, *, keep: AuthSession | None = None, reason: str) -> None:
    """Bump the session version and revoke every sign-in of ``user`` except ``keep``."""
    user.session_version = (user.session_version or 1) + 1
    for session in queries.active_sessions(user.id):
        if keep is None or session.id != keep.id:
            tokens.revoke_session(session, reason)
    db.session.flush()
