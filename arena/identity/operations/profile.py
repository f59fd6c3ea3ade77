"""A person's own profile and preferences."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _, lazy_gettext as _l

from arena.core import signals
from arena.core.errors import Conflict, NotFound, ValidationFailed
from arena.core.security import strip_html, verify_password
from arena.extensions import db
from arena.identity import audit, preferences, queries
from arena.identity.audit import NO_ORIGIN, Origin
from arena.identity.models import User
from arena.identity.operations.validation import check_username, normalise_email


def update_profile(user: User, changes: dict[str, Any], *, actor: User, origin: Origin = NO_ORIGIN) -> User:
    """Username, display name, bio; a new email address needs the current password."""
    if actor.id != user.id:
        raise NotFound()
    allowed = {"username", "display_name", "bio", "email", "current_password"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationFailed({name: _("Unknown field.") for name in unknown})
    if "username" in changes and changes["username"] != user.username:
        username = check_username(changes["username"])
        if queries.username_taken(username, except_id=user.id):
            raise Conflict(_l("That username is already taken."), {"username": [str(_l("That username is already taken."))]})
        user.username, user.username_lower = username, username.lower()
    if "display_name" in changes:
        user.display_name = strip_html(changes["display_name"] or "")[:100]
    if "bio" in changes:
        user.bio = strip_html(changes["bio"] or "")[:2000]
    if "email" in changes and (changes["email"] or "").strip().lower() != user.email_lower:
        email = normalise_email(changes["email"])
        if email.lower() != user.email_lower:
            current = changes.get("current_password") or ""
            if not user.password_hash or not verify_password(user.password_hash, current):
                raise ValidationFailed({"current_password": str(_l(
                    "Enter your current password to change your email address."))})
            if queries.email_taken(email, except_id=user.id):
                raise Conflict(_l("That email address is already registered."),
                               {"email": [str(_l("That email address is already registered."))]})
            audit.record("email.changed", actor=actor, subject=user, origin=origin,
                         details={"from": user.email, "to": email})
            user.email, user.email_lower = email, email.lower()
        elif email != user.email:
            user.email = email
    db.session.flush()
    return user


def update_preferences(user: User, changes: dict[str, Any], *, actor: User) -> User:
    if actor.id != user.id:
        raise NotFound()
    errors = {}
    for name, value in changes.items():
        if name not in preferences.FIELDS:
            errors[name] = _("Unknown field.")
        elif name == "language" and value is not None and value not in preferences.LANGUAGES:
            errors[name] = str(_l("Must be one of: %(v)s.", v=", ".join(preferences.LANGUAGES)))
        elif name in ("density", "reading_level") and (isinstance(value, bool) or value not in preferences.LEVELS):
            errors[name] = str(_l("Must be a whole number from 1 to 5."))
        elif name == "contrast" and value not in preferences.CONTRASTS:
            errors[name] = str(_l("Must be one of: %(v)s.", v=", ".join(preferences.CONTRASTS)))
        elif name == "reduced_motion" and not isinstance(value, bool):
            errors[name] = str(_l("Must be true or false."))
        elif name == "sign_language" and value is not None and value not in preferences.SIGN_LANGUAGES:
            errors[name] = str(_l("Not a sign language Arena knows (ISO 639-3 code)."))
    if errors:
        raise ValidationFailed(errors)
    applied = {}
    for name, value in changes.items():
        if getattr(user, name) != value:
            setattr(user, name, value)
            applied[name] = value
    db.session.flush()
    if applied:
        signals.preferences_changed.send(user, changes=applied)
    return user


def keep_chosen_language(user: User, *, language: str, **_extra) -> None:
    """Receiver of ``signals.language_chosen`` (the language link): the account keeps the choice."""
    if language in preferences.LANGUAGES:
        update_preferences(user, {"language": language}, actor=user)
