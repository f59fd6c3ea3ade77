"""API keys: created and revoked by their owner, shown once, stored as a sha256 hash.

A key looks like ``arena_<43 url-safe characters>`` (256 random bits). Its scopes are a subset of
what its owner may do (``admin`` only for admins) and are cut again at use if the owner lost rights.
Failed uses are audited with their reason; each use updates the key's counters.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from arena.core.errors import Conflict, NotFound, Unauthorized, ValidationFailed
from arena.core.security import strip_html
from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.identity import audit, queries, usage
from arena.identity.audit import NO_ORIGIN, Origin
from arena.identity.models import API_KEY_SCOPES, ApiKey, User

PREFIX = "arena_"
KEY_RE = re.compile(r"^arena_[A-Za-z0-9_-]{43}$")

usage_log = logging.getLogger("arena.identity.api_keys")


def allowed_scopes(user: User) -> frozenset[str]:
    return frozenset(API_KEY_SCOPES) if user.is_admin else frozenset({"read", "write"})


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create_api_key(user: User, *, name: str, scopes: list[str], expires_in_days: int | None = None,
                   actor: User, origin: Origin = NO_ORIGIN) -> tuple[ApiKey, str]:
    """Returns the key row and the secret, which is never shown again."""
    if actor.id != user.id:
        raise NotFound()
    name = strip_html(name or "").strip()[:100]
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = str(_l("Give the key a name."))
    wanted = list(dict.fromkeys(scopes or []))
    if not wanted:
        errors["scopes"] = str(_l("Choose at least one scope."))
    elif set(wanted) - set(API_KEY_SCOPES):
        errors["scopes"] = str(_l("Scopes are read, write and admin."))
    elif set(wanted) - allowed_scopes(user):
        errors["scopes"] = str(_l("A key cannot have more rights than its owner: only admins may use the admin scope."))
    days = expires_in_days if expires_in_days is not None else current_app.config["API_KEY_DEFAULT_DAYS"]
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 3650:
        errors["expires_in_days"] = str(_l("Must be a whole number of days from 1 to 3650."))
    if errors:
        raise ValidationFailed(errors)
    limit = current_app.config["API_KEY_MAX_ACTIVE"]
    if queries.count_active_api_keys(user.id) >= limit:
        raise Conflict(_l("You already have %(n)d active API keys; revoke one first.", n=limit))
    raw = PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(user_id=user.id, name=name, prefix=raw[:12], key_hash=hash_key(raw), scopes=wanted,
                 expires_at=utcnow() + timedelta(days=days), use_count=0)
    db.session.add(key)
    db.session.flush()
    audit.record("api_key.created", actor=actor, subject=user, origin=origin,
                 details={"key_id": key.id, "prefix": key.prefix, "scopes": wanted})
    return key, raw


def revoke_api_key(key: ApiKey, *, actor: User, origin: Origin = NO_ORIGIN) -> ApiKey:
    """Revoke a key: its owner, or an administrator (from the admin's page of the account)."""
    if not (key.can_view(actor) or actor.is_admin):
        raise NotFound(_l("No such API key."))
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        audit.record("api_key.revoked", actor=actor, subject=key.user, origin=origin,
                     details={"key_id": key.id, "prefix": key.prefix})
        db.session.flush()
    return key


def authenticate(raw: str, *, origin: Origin = NO_ORIGIN, endpoint: str = "") -> ApiKey:
    """The key presented in ``X-API-Key``; failures are audited with their reason and raise 401."""
    raw = (raw or "").strip()
    key = None
    if not raw:
        reason = "missing"
    elif not KEY_RE.match(raw):
        reason = "malformed"
    else:
        key = queries.find_api_key_by_hash(hash_key(raw))
        if key is None:
            reason = "unknown"
        elif key.revoked_at is not None:
            reason = "revoked"
        elif key.is_expired():
            reason = "expired"
        elif key.user.is_banned:
            reason = "owner-banned"
        else:
            return key
    usage.log_use(api_key_id=key.id if key else None, user_id=key.user_id if key else None, endpoint=endpoint,
                  ok=False)
    audit.record("api_key.failed", subject=key.user if key else None, origin=origin,
                 details={"reason": reason, "prefix": raw[:12] if raw.startswith(PREFIX) else "",
                          **({"key_id": key.id} if key else {})})
    messages = {
        "missing": _l("The X-API-Key header is empty."),
        "malformed": _l("That is not an Arena API key."),
        "unknown": _l("This API key is not known."),
        "revoked": _l("This API key has been revoked."),
        "expired": _l("This API key has expired."),
        "owner-banned": _l("This account has been banned."),
    }
    raise Unauthorized(messages[reason])


def record_use(key: ApiKey, *, method: str, path: str, origin: Origin = NO_ORIGIN, endpoint: str = "") -> None:
    """Count a call made with ``key``; ``endpoint`` (``"GET /api/v1/contests/<ref>"``) groups calls in
    the usage log."""
    usage.log_use(api_key_id=key.id, user_id=key.user_id, endpoint=endpoint or f"{method} {path}")
    key.last_used_at = utcnow()
    key.last_used_ip = (origin.ip or "")[:45] or None
    key.use_count = (key.use_count or 0) + 1
    db.session.flush()
    usage_log.info("api key %s used: %s %s", key.id, method, path,
                   extra={"api_key_id": key.id, "user_id": key.user_id, "method": method, "path": path,
                          "remote_addr": origin.ip})
