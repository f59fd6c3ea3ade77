"""Accounts, sign-in sessions and token families, revoked tokens, API keys and the audit log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arena.core.models import Model, UTCDateTime
from arena.core.timeutil import utcnow

ROLES = ("user", "admin", "superadmin")


class User(Model):
    __tablename__ = "users"
    #: the admin overview counts registrations and sign-ins per day
    __table_args__ = (Index("ix_users_created_at", "created_at"), Index("ix_users_last_login_at", "last_login_at"))

    username: Mapped[str] = mapped_column(String(32))
    username_lower: Mapped[str] = mapped_column(String(32), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    email_lower: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[str] = mapped_column(String(16), default="user", index=True)
    is_banned: Mapped[bool] = mapped_column(Boolean, default=False, index=True)

    # accessibility and language preferences (the values allowed are in preferences.py)
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    density: Mapped[int] = mapped_column(Integer, default=3)
    contrast: Mapped[str] = mapped_column(String(8), default="normal")
    reduced_motion: Mapped[bool] = mapped_column(Boolean, default=False)
    reading_level: Mapped[int] = mapped_column(Integer, default=3)
    sign_language: Mapped[str | None] = mapped_column(String(3), nullable=True)

    # sign-in state: bumping session_version signs every web session and token out
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    banned_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    ban_reason: Mapped[str] = mapped_column(String(255), default="", server_default="")

    # Flask-Login protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return not self.is_banned

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    @property
    def is_admin(self) -> bool:
        return self.role in ("admin", "superadmin")

    @property
    def is_superadmin(self) -> bool:
        return self.role == "superadmin"

    @property
    def name(self) -> str:
        return self.display_name or self.username

    def is_locked(self, now: datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or utcnow())


class LoginThrottle(Model):
    """Failed sign-ins under a login that has no password account (unknown, or signing in
    elsewhere), counted like an account's own so a lockout does not tell who has an account."""

    __tablename__ = "login_throttles"

    login_key: Mapped[str] = mapped_column(String(254), unique=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    def is_locked(self, now: datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or utcnow())


class AuthSession(Model):
    """One sign-in: a web session or an API token family (the access and refresh tokens issued
    from one login and its refreshes). Revoking it signs that login out everywhere."""

    __tablename__ = "auth_sessions"

    family: Mapped[str] = mapped_column(String(43), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # "web" or "api"
    ip: Mapped[str] = mapped_column(String(45), default="")
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, index=True)
    revoked_reason: Mapped[str] = mapped_column(String(32), default="")
    #: when the person last confirmed their password in this sign-in (dangerous actions need it
    #: recent); None: only at sign-in (``created_at``)
    reauthenticated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    user: Mapped[User] = relationship(lazy="joined")


class RefreshToken(Model):
    """Every refresh token issued; ``used_at`` is set when it is exchanged (rotation)."""

    __tablename__ = "refresh_tokens"

    jti: Mapped[str] = mapped_column(String(64), unique=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("auth_sessions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    session: Mapped[AuthSession] = relationship(lazy="joined")


class RevokedToken(Model):
    """A JWT revoked on its own (logout); kept until it would have expired anyway."""

    __tablename__ = "revoked_tokens"

    jti: Mapped[str] = mapped_column(String(64), unique=True)
    token_type: Mapped[str] = mapped_column(String(8))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


API_KEY_SCOPES = ("read", "write", "admin")


class ApiKey(Model):
    __tablename__ = "api_keys"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))  # shown to the owner to tell keys apart
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the whole key
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_used_ip: Mapped[str | None] = mapped_column(String(45), nullable=True)
    use_count: Mapped[int] = mapped_column(Integer, default=0)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, index=True)

    user: Mapped[User] = relationship(lazy="joined")

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.expires_at <= (now or utcnow())

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired()

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.is_expired() else "active"

    def can_view(self, user) -> bool:
        return user is not None and user.id == self.user_id


class AuditEvent(Model):
    """A security-relevant event: who did it (actor), to whom (subject), from where, when."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_created_at", "created_at"),)

    event_type: Mapped[str] = mapped_column(String(40), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    ip: Mapped[str] = mapped_column(String(45), default="")
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id], lazy="raise")
    subject: Mapped[User | None] = relationship(foreign_keys=[subject_id], lazy="raise")


class ApiKeyUse(Model):
    """One call made with an API key, or one failed attempt to authenticate with one: the raw usage
    log. ``identity.rollup_api_usage`` sums each day of it into :class:`ApiUsageDay` every night and
    forgets rows older than ``API_USAGE_KEEP_DAYS``; pages read the summary, never this table."""

    __tablename__ = "api_key_uses"
    __table_args__ = (Index("ix_api_key_uses_created_at", "created_at"),)

    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id", ondelete="SET NULL"), nullable=True,
                                                   index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True)
    endpoint: Mapped[str] = mapped_column(String(200), default="")  # "GET /api/v1/contests/<ref>"
    ok: Mapped[bool] = mapped_column(Boolean, default=True)  # False: a failed authentication


class ApiUsageDay(Model):
    """One API key's (or, for failed attempts with unknown keys, nobody's) use on one UTC day."""

    __tablename__ = "api_usage_days"
    __table_args__ = (Index("ix_api_usage_days_day_key_user", "day", "api_key_id", "user_id", unique=True),)

    day: Mapped[date] = mapped_column(Date, index=True)
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id", ondelete="SET NULL"), nullable=True,
                                                   index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True)
    calls: Mapped[int] = mapped_column(Integer, default=0)
    failed_auth: Mapped[int] = mapped_column(Integer, default=0)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    #: the most called endpoints that day, ``[[endpoint, calls], ...]``, most called first
    top_endpoints: Mapped[list[Any]] = mapped_column(JSON, default=list)

    api_key: Mapped[ApiKey | None] = relationship(lazy="joined")
    user: Mapped[User | None] = relationship(lazy="joined")
