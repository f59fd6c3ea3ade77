"""Sign-in: checking credentials (with lockout), opening and closing sign-in sessions."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_
from sqlalchemy.exc import IntegrityError

from arena.core import signals
from arena.core.errors import NotFound, RateLimited, Unauthorized
from arena.core.security import hash_password, needs_rehash, verify_password
from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.identity import audit, passwords, queries, tokens
from arena.identity.audit import NO_ORIGIN, Origin
from arena.identity.models import AuthSession, LoginThrottle, User


def authenticate(login: str, password: str, *, origin: Origin = NO_ORIGIN) -> User:
    """Check a sign-in. Failures are counted and audited (the handler keeps them on error);
    ``LOGIN_MAX_FAILURES`` failures in a row lock the account for ``LOGIN_LOCKOUT_MINUTES``.

    A login with no password account behind it goes through the same steps — one password hash,
    failures counted under the login itself (:class:`LoginThrottle`), the same lockout — so the
    status, message and time of every answer are the same whether or not the account exists."""
    user = queries.find_user_by_login(login)
    now = utcnow()
    known = user is not None and bool(user.password_hash)
    if known:
        right = verify_password(user.password_hash, password or "")
        state: User | LoginThrottle = user
    else:
        passwords.dummy_check(password or "")
        right = False
        state = _throttle(login)
    if state.is_locked(now):
        audit.record("login.failed", subject=user, origin=origin, details=_failure(login, user, "locked"))
        raise _locked(state.locked_until, now)
    if not right:
        _count_failure(state, login, user, now, origin)
    if user.is_banned:
        audit.record("login.failed", subject=user, origin=origin, details={"reason": "banned"})
        raise Unauthorized(_l("This account has been banned and cannot sign in."))
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    db.session.flush()
    return user


def _failure(login: str, user: User | None, reason: str) -> dict:
    if user is not None and user.password_hash:
        return {"reason": reason}
    return {"login": login_key(login), "reason": reason if reason == "locked" else
            ("unknown" if user is None else "no-password")}


def _count_failure(state, login: str, user: User | None, now, origin: Origin):
    cfg = current_app.config
    state.failed_logins = (state.failed_logins or 0) + 1
    details = {**_failure(login, user, "password"), "failures": state.failed_logins}
    audit.record("login.failed", subject=user, origin=origin, details=details)
    if state.failed_logins >= cfg["LOGIN_MAX_FAILURES"]:
        state.locked_until = now + timedelta(minutes=cfg["LOGIN_LOCKOUT_MINUTES"])
        state.failed_logins = 0
        if isinstance(state, User):
            audit.record("account.locked", subject=user, origin=origin,
                         details={"until": state.locked_until.isoformat()})
        else:
            audit.record("login.locked", subject=user, origin=origin,
                         details={"login": state.login_key, "until": state.locked_until.isoformat()})
        db.session.flush()
        raise _locked(state.locked_until, now)
    db.session.flush()
    raise Unauthorized(_l("The username or password is not right."))


def login_key(login: str) -> str:
    return (login or "").strip().lower()[:254]


def _throttle(login: str) -> LoginThrottle:
    """The failure counter of a login without a password account, created on first use (a
    concurrent first failure under the same login finds the other's row)."""
    key = login_key(login)
    throttle = queries.login_throttle(key)
    if throttle is None:
        try:
            with db.session.begin_nested():
                throttle = LoginThrottle(login_key=key, failed_logins=0)
                db.session.add(throttle)
        except IntegrityError:
            throttle = queries.login_throttle(key)
    return throttle


def forget_old_login_failures(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Drop failure counters of logins without an account that have been quiet for a day and are
    not locked (periodic housekeeping)."""
    now = utcnow()
    result = db.session.execute(delete(LoginThrottle).where(
        LoginThrottle.updated_at < now - older_than,
        or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until < now)))
    return result.rowcount or 0


def _locked(until, now) -> RateLimited:
    seconds = max(1, int((until - now).total_seconds()))
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


def end_session(user: User, session: AuthSession, *, actor, origin: Origin = NO_ORIGIN) -> None:
    """An administrator ends one of ``user``'s sign-ins (its tokens stop working at once); audited.
    ``NotFound`` when the sign-in is not ``user``'s; ending an ended one changes nothing."""
    if session.user_id != user.id:
        raise NotFound(_l("No such sign-in."))
    if session.revoked_at is not None:
        return
    tokens.revoke_session(session, "admin")
    audit.record("session.revoked", actor=actor, subject=user, origin=origin,
                 details={"session_id": session.id, "kind": session.kind})
