"""Password changes and resets by mail."""

from __future__ import annotations

from typing import Callable

from flask import current_app
from flask_babel import lazy_gettext as _l

from arena.core.errors import ValidationFailed
from arena.core.security import hash_password, verify_password
from arena.identity import audit, queries, tokens
from arena.identity.audit import NO_ORIGIN, Origin
from arena.identity.models import AuthSession, User
from arena.identity.operations.signin import sign_out_everywhere
from arena.identity.operations.validation import check_password


def change_password(user: User, current: str, new: str, *, keep: AuthSession | None,
                    origin: Origin = NO_ORIGIN) -> None:
    """Change the password; every other sign-in of this user is signed out."""
    if not user.password_hash or not verify_password(user.password_hash, current or ""):
        raise ValidationFailed({"current_password": str(_l("The current password is not right."))})
    check_password(new, username=user.username, email=user.email, field="new_password")
    if verify_password(user.password_hash, new):
        raise ValidationFailed({"new_password": str(_l("Choose a password different from the current one."))})
    user.password_hash = hash_password(new)
    sign_out_everywhere(user, keep=keep, reason="password-changed")
    audit.record("password.changed", actor=user, subject=user, origin=origin)


#: stands for the token in the link a handler gives :func:`request_password_reset`
TOKEN_PLACEHOLDER = "RESET-TOKEN"


def request_password_reset(email: str, *, link_for: Callable[[str], str], origin: Origin = NO_ORIGIN) -> None:
    """Mail a reset link when the address belongs to an account. The request only hands the
    address to a worker (:func:`send_password_reset`), so it answers the same, in the same time,
    whether or not the address has an account."""
    from arena.core.jobs_setup import enqueue
    from arena.identity import tasks

    enqueue(tasks.send_password_reset, (email or "").strip()[:254], link_for(TOKEN_PLACEHOLDER),
            {"ip": origin.ip, "user_agent": origin.user_agent})


def send_password_reset(email: str, link: str, *, origin: Origin = NO_ORIGIN) -> bool:
    """In the worker: the reset mail, if ``email`` belongs to an account that may sign in."""
    from flask_babel import force_locale, gettext as _

    from arena.core import mail
    from arena.core.jobs_setup import send

    user = queries.find_user_by_login(email) if "@" in (email or "") else None
    if user is None or user.is_banned:
        return False
    link = link.replace(TOKEN_PLACEHOLDER, tokens.password_reset_token(user))
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    with force_locale(user.language or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("Reset your Arena password")
        text = _("Hello %(name)s,\n\nSomeone (hopefully you) asked to reset the password of your Arena "
                 "account. Open this link within %(minutes)d minutes to choose a new password:\n\n%(link)s\n\n"
                 "The link works once. If you did not ask for this, ignore this message: your password "
                 "stays as it is.\n", name=user.name, minutes=minutes, link=link)
    send(mail.send, [user.email], subject, text, None)  # refers to no row: needs no commit first
    audit.record("password.reset_requested", subject=user, origin=origin)
    return True


def reset_password(token: str, new: str, *, origin: Origin = NO_ORIGIN) -> User:
    user = tokens.user_for_reset_token(token)
    if user is None or user.is_banned:
        raise ValidationFailed({"token": str(_l("This reset link is invalid, used or expired. Ask for a new one."))})
    check_password(new, username=user.username, email=user.email, field="password")
    user.password_hash = hash_password(new)
    user.failed_logins = 0
    user.locked_until = None
    sign_out_everywhere(user, reason="password-reset")
    audit.record("password.reset", actor=user, subject=user, origin=origin)
    return user
