"""Reads on accounts, sign-in sessions, tokens and API keys."""

from __future__ import annotations

from sqlalchemy import Select, exists, func, or_, select

from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.identity.models import ApiKey, AuthSession, LoginThrottle, RefreshToken, RevokedToken, User


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def find_user_by_login(login: str) -> User | None:
    value = (login or "").strip().lower()
    if not value:
        return None
    return db.session.scalar(select(User).where(or_(User.username_lower == value, User.email_lower == value)))


def login_throttle(login_key: str) -> LoginThrottle | None:
    return db.session.scalar(select(LoginThrottle).where(LoginThrottle.login_key == login_key))


def username_taken(username: str, *, except_id: int | None = None) -> bool:
    stmt = select(User.id).where(User.username_lower == username.strip().lower())
    if except_id is not None:
        stmt = stmt.where(User.id != except_id)
    return db.session.scalar(stmt) is not None


def email_taken(email: str, *, except_id: int | None = None) -> bool:
    stmt = select(User.id).where(User.email_lower == email.strip().lower())
    if except_id is not None:
        stmt = stmt.where(User.id != except_id)
    return db.session.scalar(stmt) is not None


def users_stmt(q: str | None = None, *, role: str | None = None, banned: bool | None = None) -> Select:
    stmt = select(User)
    if q and q.strip():
        needle = q.strip().lower()
        stmt = stmt.where(or_(User.username_lower.contains(needle, autoescape=True),
                              User.email_lower.contains(needle, autoescape=True),
                              func.lower(User.display_name).contains(needle, autoescape=True)))
    if role:
        stmt = stmt.where(User.role == role)
    if banned is not None:
        stmt = stmt.where(User.is_banned == banned)
    return stmt.order_by(User.username_lower)


# sign-in sessions and tokens

def get_session_by_family(family: str) -> AuthSession | None:
    if not family:
        return None
    return db.session.scalar(select(AuthSession).where(AuthSession.family == family))


def active_sessions(user_id: int) -> list[AuthSession]:
    stmt = (select(AuthSession).where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
            .order_by(AuthSession.created_at.desc()))
    return list(db.session.scalars(stmt))


def get_refresh_token(jti: str) -> RefreshToken | None:
    return db.session.scalar(select(RefreshToken).where(RefreshToken.jti == jti))


def is_token_revoked(jti: str, family: str | None) -> bool:
    """One statement: is this token revoked on its own, or is its sign-in (family) revoked?"""
    revoked = exists(select(RevokedToken.id).where(RevokedToken.jti == jti))
    if family:
        revoked = or_(revoked, exists(select(AuthSession.id).where(AuthSession.family == family,
                                                                   AuthSession.revoked_at.is_not(None))))
    return bool(db.session.scalar(select(revoked)))


def is_jti_revoked(jti: str) -> bool:
    return db.session.scalar(select(RevokedToken.id).where(RevokedToken.jti == jti)) is not None


# API keys

def api_keys_stmt(user_id: int) -> Select:
    return select(ApiKey).where(ApiKey.user_id == user_id).order_by(ApiKey.created_at.desc(), ApiKey.id.desc())


def get_api_key(key_id: int) -> ApiKey | None:
    return db.session.get(ApiKey, key_id)


def find_api_key_by_hash(key_hash: str) -> ApiKey | None:
    return db.session.scalar(select(ApiKey).where(ApiKey.key_hash == key_hash))


def count_active_api_keys(user_id: int) -> int:
    stmt = select(func.count(ApiKey.id)).where(ApiKey.user_id == user_id, ApiKey.revoked_at.is_(None),
                                               ApiKey.expires_at > utcnow())
    return int(db.session.scalar(stmt) or 0)


def registrations_per_week() -> list[tuple[str, int]]:
    """Accounts created in each of the last 12 weeks (overview figure)."""
    from arena.core.dashboard import weekly

    return weekly(User.created_at)


def active_per_week() -> list[tuple[str, int]]:
    """Users whose latest sign-in falls in each of the last 12 weeks (overview figure)."""
    from arena.core.dashboard import weekly

    return weekly(User.last_login_at, settled=False)  # a sign-in moves a user to today
