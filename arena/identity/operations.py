"""Writes on accounts. Operations flush; the request or task boundary commits."""

from __future__ import annotations

from arena.core import signals
from arena.core.errors import Conflict, ValidationFailed
from arena.core.security import hash_password
from arena.extensions import db
from arena.identity import queries
from arena.identity.models import ROLES, User


def create_user(username: str, email: str, password: str | None, *, role: str = "user",
                actor=None, via: str = "password") -> User:
    if role not in ROLES:
        raise ValidationFailed({"role": f"Must be one of {', '.join(ROLES)}."})
    if queries.find_user_by_login(username) or queries.find_user_by_login(email):
        raise Conflict("That username or email is already registered.")
    user = User(username=username, username_lower=username.lower(), email=email,
                email_lower=email.lower(), role=role,
                password_hash=hash_password(password) if password else None)
    db.session.add(user)
    db.session.flush()
    signals.user_registered.send(user, via=via)
    return user
