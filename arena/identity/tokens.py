"""Sign-in sessions, API tokens (JWT) and password-reset tokens.

Every sign-in opens an :class:`AuthSession` whose random ``family`` id travels in the web session
and in the ``fam`` claim of every JWT issued from it; the user's ``session_version`` travels as
``sv``. A token stops working when its ``jti`` is revoked, its family is revoked, or the user's
session version has moved on (password change, reset, ban). Revocations live in the database, so
they survive restarts of the app and of Redis; the cache only remembers revocations already seen.

Refresh tokens rotate: each is recorded and may be exchanged once. Presenting a used refresh token
again is *refresh reuse*: the whole family is revoked and the event audited.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timezone

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_jwt_extended import create_access_token, create_refresh_token, decode_token
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from arena.core.errors import Unauthorized
from arena.core.timeutil import utcnow
from arena.extensions import cache, db
from arena.identity import audit, queries
from arena.identity.audit import NO_ORIGIN, Origin
from arena.identity.models import AuthSession, RefreshToken, RevokedToken, User

_CACHE_PREFIX = "identity:revoked:"


def open_session(user: User, *, kind: str, origin: Origin = NO_ORIGIN) -> AuthSession:
    session = AuthSession(family=secrets.token_urlsafe(24), user_id=user.id, kind=kind,
                          ip=(origin.ip or "")[:45], user_agent=(origin.user_agent or "")[:255])
    db.session.add(session)
    db.session.flush()
    return session


def revoke_session(session: AuthSession, reason: str) -> None:
    if session.revoked_at is None:
        session.revoked_at = utcnow()
        session.revoked_reason = reason[:32]
        db.session.flush()
    cache.set(_CACHE_PREFIX + "fam:" + session.family, True,
              timeout=int(current_app.config["JWT_REFRESH_TOKEN_EXPIRES"].total_seconds()))


def issue_tokens(user: User, session: AuthSession) -> dict:
    """A fresh access token and refresh token in ``session``'s family."""
    claims = {"fam": session.family, "sv": user.session_version}
    access = create_access_token(identity=str(user.id), additional_claims=claims)
    refresh = create_refresh_token(identity=str(user.id), additional_claims=claims)
    decoded = decode_token(refresh)
    db.session.add(RefreshToken(jti=decoded["jti"], session_id=session.id, user_id=user.id,
                                expires_at=datetime.fromtimestamp(decoded["exp"], timezone.utc)))
    db.session.flush()
    return {
        "access_token": access,
        "refresh_token": refresh,
        "token_type": "Bearer",
        "expires_in": int(current_app.config["JWT_ACCESS_TOKEN_EXPIRES"].total_seconds()),
        "refresh_expires_in": int(current_app.config["JWT_REFRESH_TOKEN_EXPIRES"].total_seconds()),
    }


def rotate_refresh(claims: dict, *, origin: Origin = NO_ORIGIN) -> tuple[User, dict]:
    """Exchange a (verified) refresh token for a new pair; the old one stops working.

    Raises Unauthorized; on reuse the family is revoked first (the handler keeps that change)."""
    record = queries.get_refresh_token(claims["jti"])
    if record is None:
        raise Unauthorized(_l("This refresh token is not known."))
    session = record.session
    user = queries.get_user(record.user_id)
    if record.used_at is not None:
        revoke_session(session, "refresh-reuse")
        audit.record("token.refresh_reuse", subject=user, origin=origin,
                     details={"family": session.family[:8], "jti": claims["jti"]})
        raise Unauthorized(_l("This refresh token was already used; the sign-in has been revoked for safety. "
                              "Please sign in again."))
    if session.revoked_at is not None or user is None or user.is_banned \
            or claims.get("sv", 1) != user.session_version:
        raise Unauthorized(_l("This sign-in has ended. Please sign in again."))
    record.used_at = utcnow()
    db.session.flush()
    return user, issue_tokens(user, session)


def revoke_jwt(claims: dict) -> None:
    """Revoke one JWT by its ``jti`` until it would expire anyway."""
    jti = claims.get("jti")
    if not jti or queries.is_jti_revoked(jti):
        return
    expires = datetime.fromtimestamp(claims.get("exp", utcnow().timestamp()), timezone.utc)
    db.session.add(RevokedToken(jti=jti, token_type=claims.get("type", "access")[:8],
                                user_id=int(claims["sub"]) if str(claims.get("sub", "")).isdigit() else None,
                                expires_at=expires))
    db.session.flush()
    remaining = max(1, int(expires.timestamp() - utcnow().timestamp()))
    cache.set(_CACHE_PREFIX + "jti:" + jti, True, timeout=remaining)


REVOCATIONS_SCOPE = "tokens"
UNREVOKED_TIMEOUT = 60  # seconds a "not revoked" verdict is kept, even if a renewal were lost


_CALLER_OMITTED = ("password_hash", "email", "email_lower")  # loaded from the database when asked for


def user_scope(user_id: int | None) -> str:
    return f"user:{user_id}"


def watch_revocations() -> None:
    """Any commit that revokes a token or a sign-in (or starts one) renews every kept verdict; any
    commit that changes, adds or deletes a person's row (role, ban, session version, ...) renews
    their kept row."""
    from arena.core import pagecache

    pagecache.watch_rows((RevokedToken, AuthSession), (REVOCATIONS_SCOPE,))
    pagecache.watch_rows((User,), lambda user: (user_scope(user.id),) if user.id is not None else ())


def _kept(claims: dict):
    """The kept "not revoked" verdict of this token and the kept row of its person, read together
    in one cache round trip, once per request."""
    from flask import request

    from arena.core import pagecache

    jti, family, sub = claims.get("jti", ""), claims.get("fam") or "", str(claims.get("sub", ""))
    memo = request.environ.setdefault("arena.token_kept", {})
    if jti not in memo:
        memo[jti] = pagecache.Entry.many(verdict_scopes(claims), ("unrevoked", jti, family), ("caller", sub))
    return memo[jti]


def verdict_scopes(claims: dict) -> tuple[str, ...]:
    """The page-cache scopes a token's kept verdict and person are kept under: renewed by any
    revocation and by any change to the person's row."""
    return REVOCATIONS_SCOPE, user_scope(str(claims.get("sub", "")))


def is_revoked(claims: dict) -> bool:
    """Blocklist check for every JWT presented. With a shared cache (Redis), a "not revoked" verdict
    is kept per token under the generation of the revocations (``arena.core.pagecache``), renewed
    after the commit of any revocation, so a token in use costs no query; with a per-process cache
    every check asks the database (another process may have revoked it), and the cache only
    short-cuts known revocations."""
    jti, family = claims.get("jti", ""), claims.get("fam")
    if not verdict_is_shared():
        if cache.get(_CACHE_PREFIX + "jti:" + jti) or (family and cache.get(_CACHE_PREFIX + "fam:" + family)):
            return True
        return queries.is_token_revoked(jti, family)
    from arena.core import pagecache

    verdict, _user = _kept(claims)
    if verdict.get():
        return False
    revoked = queries.is_token_revoked(jti, family)
    if not revoked:
        verdict.set(True, timeout=UNREVOKED_TIMEOUT)
    return revoked


def token_user(claims: dict) -> User | None:
    """The person a verified token speaks for. With a shared cache (Redis) their row is kept (without
    the password hash and e-mail, which load when asked for) under their own generation and that of
    the revocations, renewed after the commit of any change to the row (role, ban, session version)
    — so a token in use costs no query, and every such change takes effect on the next request in
    every process. With a per-process cache the row is read from the database."""
    sub = str(claims.get("sub", ""))
    if not sub.isdigit():
        return None
    if not verdict_is_shared():
        return queries.get_user(int(sub))
    from sqlalchemy import inspect
    from sqlalchemy.orm import make_transient_to_detached

    _verdict, kept = _kept(claims)
    values = kept.get()
    if values is not None:
        user = User(**values)
        make_transient_to_detached(user)  # as if just loaded; the omitted columns load when asked for
        return db.session.merge(user, load=False)
    user = queries.get_user(int(sub))
    if user is not None:
        columns = [c.key for c in inspect(User).column_attrs if c.key not in _CALLER_OMITTED]
        kept.set({name: getattr(user, name) for name in columns}, timeout=UNREVOKED_TIMEOUT)
    return user


def verdict_is_shared() -> bool:
    """Whether token verdicts are kept in a cache every process shares (Redis): only then does a
    revocation in one process reach the others through it."""
    from cachelib.redis import RedisCache

    return isinstance(cache.cache, RedisCache)


def session_is_live(user: User, family: str | None, version: int | None) -> AuthSession | None:
    """The web session's sign-in record when it is still valid, else None."""
    if version != user.session_version or not family:
        return None
    session = queries.get_session_by_family(family)
    if session is None or session.revoked_at is not None or session.user_id != user.id:
        return None
    return session


def purge_expired() -> int:
    """Drop revocations of tokens that have expired anyway (periodic housekeeping)."""
    from sqlalchemy import delete

    now = utcnow()
    result = db.session.execute(delete(RevokedToken).where(RevokedToken.expires_at < now))
    db.session.execute(delete(RefreshToken).where(RefreshToken.expires_at < now))
    return result.rowcount or 0


# password-reset tokens: signed, valid PASSWORD_RESET_MAX_AGE seconds, single use (they are bound to
# the current password hash and session version, which a reset changes)

def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="arena.identity.password-reset")


def _reset_stamp(user: User) -> str:
    material = f"{user.id}|{user.password_hash or ''}|{user.session_version}"
    return hashlib.sha256(material.encode()).hexdigest()[:24]


def password_reset_token(user: User) -> str:
    return _reset_serializer().dumps({"u": user.id, "s": _reset_stamp(user)})


def user_for_reset_token(token: str) -> User | None:
    try:
        data = _reset_serializer().loads(token or "", max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    user = queries.get_user(data["u"])
    if user is None or not secrets.compare_digest(str(data.get("s", "")), _reset_stamp(user)):
        return None
    return user


# one-time sign-in links (the welcome mail of a new account): signed, valid SIGN_IN_LINK_MAX_AGE seconds,
# single use (bound to the time of the last sign-in, which using the link changes)

def _sign_in_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="arena.identity.sign-in-link")


def _sign_in_stamp(user: User) -> str:
    last = user.last_login_at.isoformat() if user.last_login_at else ""
    material = f"{user.id}|{last}|{user.password_hash or ''}|{user.session_version}"
    return hashlib.sha256(material.encode()).hexdigest()[:24]


def sign_in_link_token(user: User) -> str:
    return _sign_in_serializer().dumps({"u": user.id, "s": _sign_in_stamp(user)})


def user_for_sign_in_token(token: str) -> User | None:
    """The account a sign-in link is for; None when forged, expired, used, or the account is banned."""
    try:
        data = _sign_in_serializer().loads(token or "", max_age=current_app.config["SIGN_IN_LINK_MAX_AGE"])
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    user = queries.get_user(data["u"])
    if user is None or user.is_banned or not secrets.compare_digest(str(data.get("s", "")), _sign_in_stamp(user)):
        return None
    return user
