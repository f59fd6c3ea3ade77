"""The audit log: security-relevant events with actor, subject, IP, user agent and time.

Handlers pass the request's origin as a plain :class:`Origin` value; domain code never reads the
request itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload

from arena.extensions import db
from arena.identity.models import AuditEvent


@dataclass(frozen=True)
class Origin:
    """Where a request came from (given by the API/view layer)."""

    ip: str = ""
    user_agent: str = ""


NO_ORIGIN = Origin()

#: event type -> description shown on pages
EVENT_TYPES = {
    "user.registered": _l("Account created"),
    "login.succeeded": _l("Signed in"),
    "login.failed": _l("Failed sign-in"),
    "account.locked": _l("Account locked after failed sign-ins"),
    "login.locked": _l("Sign-ins under an unknown login paused after failures"),
    "registration.address_taken": _l("Registration tried with the address of this account"),
    "logout": _l("Signed out"),
    "session.revoked": _l("Sign-in ended by an administrator"),
    "password.changed": _l("Password changed"),
    "password.reset_requested": _l("Password reset requested"),
    "password.reset": _l("Password reset"),
    "token.refresh_reuse": _l("Refresh token reused (sign-in revoked)"),
    "api_key.created": _l("API key created"),
    "api_key.revoked": _l("API key revoked"),
    "api_key.failed": _l("Failed API key use"),
    "email.changed": _l("Email address changed"),
    "role.changed": _l("Role changed"),
    "user.banned": _l("Account banned"),
    "user.unbanned": _l("Account unbanned"),
}


#: detail name -> label shown before its value
DETAIL_LABELS = {
    "via": _l("via"), "method": _l("method"), "reason": _l("reason"), "failures": _l("failures"),
    "login": _l("sign-in name"), "until": _l("until"), "key_id": _l("key"), "prefix": _l("key prefix"),
    "scopes": _l("scopes"), "family": _l("sign-in"), "jti": _l("token"), "username": _l("user name"),
    "session_id": _l("sign-in"), "kind": _l("kind"), "from": _l("from"), "to": _l("to"),
}

#: coded detail values (how someone signed in, why something failed) -> label
DETAIL_VALUES = {
    "web": _l("web page"), "api": _l("API"), "token": _l("access token"), "password": _l("password"),
    "wikimedia": _l("Wikimedia account"), "session": _l("web session"), "api-key": _l("API key"),
    "locked": _l("account locked"), "banned": _l("account banned"), "unknown": _l("unknown account"),
    "no-password": _l("account without a password"), "missing": _l("no key sent"),
    "malformed": _l("not an Arena key"), "revoked": _l("revoked"), "expired": _l("expired"),
    "owner-banned": _l("owner banned"), "logout": _l("signed out"), "admin": _l("administrator"),
    "refresh-reuse": _l("refresh token reused"), "sign-in-link": _l("sign-in link from the welcome mail"),
}


def register_event_types(types: dict[str, Any], *, details: dict[str, Any] | None = None,
                         values: dict[str, Any] | None = None) -> None:
    """Each domain names its own audited event types (``code -> lazy_gettext label``) and, when its
    events carry details, their names and coded values; identity imports no domain to know them."""
    EVENT_TYPES.update(types)
    DETAIL_LABELS.update(details or {})
    DETAIL_VALUES.update(values or {})


def _readable(code: str) -> str:
    return code.replace(".", " ").replace("_", " ").replace("-", " ").strip().capitalize()


def event_label(code: str) -> str:
    """The event's label in the reader's language; a readable form of the code when none is known."""
    label = EVENT_TYPES.get(code)
    return str(label) if label is not None else _readable(code)


def detail_label(name: str) -> str:
    label = DETAIL_LABELS.get(name)
    return str(label) if label is not None else _readable(name).lower()


def detail_value(value: Any) -> tuple[str, bool]:
    """A detail's text and whether it is a translated label (else it is data: shown left to right)."""
    if isinstance(value, str) and value in DETAIL_VALUES:
        return str(DETAIL_VALUES[value]), True
    if isinstance(value, (list, tuple)):
        return ", ".join(str(DETAIL_VALUES.get(v, v)) for v in value), False
    return ("—" if value in (None, "") else str(value)), False


def record(event_type: str, *, actor=None, subject=None, origin: Origin = NO_ORIGIN,
           details: dict[str, Any] | None = None) -> AuditEvent:
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown audit event type {event_type!r}")
    event = AuditEvent(
        event_type=event_type,
        actor_id=getattr(actor, "id", None),
        subject_id=getattr(subject, "id", None),
        ip=(origin.ip or "")[:45],
        user_agent=(origin.user_agent or "")[:255],
        details=details or {},
    )
    db.session.add(event)
    db.session.flush()
    return event


def events_stmt(*, event_type: str | None = None, actor_id: int | None = None, subject_id: int | None = None,
                since: datetime | None = None, until: datetime | None = None,
                involving: int | None = None) -> Select:
    """Newest first; actor and subject loaded in the same query."""
    stmt = select(AuditEvent).options(joinedload(AuditEvent.actor), joinedload(AuditEvent.subject))
    if event_type:
        stmt = stmt.where(AuditEvent.event_type == event_type)
    if actor_id is not None:
        stmt = stmt.where(AuditEvent.actor_id == actor_id)
    if subject_id is not None:
        stmt = stmt.where(AuditEvent.subject_id == subject_id)
    if involving is not None:
        stmt = stmt.where(or_(AuditEvent.actor_id == involving, AuditEvent.subject_id == involving))
    if since is not None:
        stmt = stmt.where(AuditEvent.created_at >= since)
    if until is not None:
        stmt = stmt.where(AuditEvent.created_at < until)
    return stmt.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
