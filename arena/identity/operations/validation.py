"""Checks shared by the account operations: usernames, email addresses, passwords."""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from arena.core.errors import ValidationFailed
from arena.identity import passwords

USERNAME_RE = re.compile(r"^[A-Za-z0-9_-]{3,32}$")


# validation helpers

def check_username(username: str) -> str:
    username = (username or "").strip()
    if not USERNAME_RE.match(username):
        raise ValidationFailed({"username": str(_l(
            "Use 3 to 32 characters: letters (a–z), digits, underscore or hyphen."))})
    return username


PLACEHOLDER_EMAIL_RE = re.compile(r"^[a-z0-9._+-]{1,64}@[a-z0-9-]+(\.[a-z0-9-]+)*\.invalid$")


def normalise_email(email: str, *, placeholder_ok: bool = False) -> str:
    """A valid address, normalised. ``placeholder_ok``: accounts made by another sign-in provider
    may carry a placeholder under the reserved ``.invalid`` domain until their owner sets one."""
    email = (email or "").strip()
    if placeholder_ok and PLACEHOLDER_EMAIL_RE.match(email.lower()):
        return email.lower()
    try:
        return validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError:
        raise ValidationFailed({"email": str(_l("Enter a valid email address."))}) from None


def check_password(password: str | None, *, username: str = "", email: str = "",
                   field: str = "password") -> None:
    found = passwords.problems(password, username=username, email=email)
    if found:
        raise ValidationFailed({field: found})
