"""Registration of accounts (by password or by another sign-in provider)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from arena.core import signals
from arena.core.errors import Conflict, ValidationFailed
from arena.core.security import hash_password, strip_html
from arena.extensions import db
from arena.identity import audit, passwords, queries
from arena.identity.audit import NO_ORIGIN, Origin
from arena.identity.models import ROLES, User
from arena.identity.operations.validation import check_username, normalise_email


def registration_problems(username: str, email: str, password: str | None, *,
                          placeholder_ok: bool = False) -> dict[str, list[str]]:
    """Every problem with a registration's fields at once (uniqueness is checked separately)."""
    errors: dict[str, list[str]] = {}
    try:
        username = check_username(username)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    try:
        email = normalise_email(email, placeholder_ok=placeholder_ok)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if password is not None:
        found = passwords.problems(password, username=username or "", email=email or "")
        if found:
            errors["password"] = found
    return errors


def create_user(username: str, email: str, password: str | None, *, role: str = "user", actor=None,
                via: str = "password", origin: Origin = NO_ORIGIN, display_name: str = "") -> User:
    """Register an account. ``password`` may be None only for accounts signing in elsewhere."""
    if role not in ROLES:
        raise ValidationFailed({"role": f"Must be one of {', '.join(ROLES)}."})
    external = via != "password" and password is None
    errors = registration_problems(username, email, password, placeholder_ok=external)
    if errors:
        raise ValidationFailed(errors)
    username, email = check_username(username), normalise_email(email, placeholder_ok=external)
    taken = {}
    if queries.username_taken(username):
        taken["username"] = [str(_l("That username is already taken."))]
    if queries.email_taken(email):
        taken["email"] = [str(_l("That email address is already registered."))]
    if taken:
        raise Conflict(_l("That username or email is already registered."), taken)
    user = User(username=username, username_lower=username.lower(), email=email, email_lower=email.lower(),
                role=role, display_name=strip_html(display_name)[:100],
                password_hash=hash_password(password) if password else None)
    db.session.add(user)
    db.session.flush()
    audit.record("user.registered", actor=actor or user, subject=user, origin=origin, details={"via": via})
    signals.user_registered.send(user, via=via)
    return user
