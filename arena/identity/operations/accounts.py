"""Registration of accounts (by password or by another sign-in provider)."""

from __future__ import annotations

from typing import Callable

from flask import current_app
from flask_babel import gettext as _, lazy_gettext as _l

from arena.core import signals
from arena.core.errors import Conflict, ValidationFailed
from arena.core.security import hash_password, strip_html
from arena.extensions import db
from arena.identity import audit, passwords, queries, tokens
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
        raise ValidationFailed({"role": _("Must be one of: %(choices)s.", choices=", ".join(ROLES))})
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


#: the answer to every accepted registration, whether or not the address already had an account
REGISTERED_MESSAGE = _l("If that email address can be used, your account is ready: the mail on its way to "
                        "the address has a link that signs you in, or sign in with your username and "
                        "password.")


def register_account(username: str, email: str, password: str, *, display_name: str = "",
                     sign_in_link_for: Callable[[str], str] = str, sign_in_url: str = "",
                     reset_url: str = "", origin: Origin = NO_ORIGIN) -> User | None:
    """Self-service registration that does not reveal which email addresses have an account.

    Problems with the fields themselves, and a username that is taken (usernames are public on
    every leaderboard), are answered at once. An address that already has an account gets the same
    answer, in the same time (one password hash, one mail), as a new account — the mail goes to the
    address's owner instead, telling them so, with links to sign in and to reset the password.
    A new account's welcome mail carries a one-time sign-in link (``sign_in_link_for(token)``).
    Returns the new user, or None in that case."""
    errors = registration_problems(username, email, password)
    if errors:
        raise ValidationFailed(errors)
    username, email = check_username(username), normalise_email(email)
    if queries.username_taken(username):
        raise Conflict(_l("That username is already taken."),
                       {"username": [str(_l("That username is already taken."))]})
    owner = queries.find_user_by_login(email)
    if owner is None:
        user = create_user(username, email, password, display_name=display_name, origin=origin)
        hours = max(1, current_app.config["SIGN_IN_LINK_MAX_AGE"] // 3600)
        _mail(user, _l("Welcome to Arena"), _l(
            "Hello %(name)s,\n\nYour Arena account %(username)s is ready. This link signs you in once, "
            "within %(hours)d hours:\n\n%(link)s\n\nAfterwards, sign in with your username and password:"
            "\n\n%(sign_in)s\n",
            name=user.name, username=user.username, hours=hours,
            link=sign_in_link_for(tokens.sign_in_link_token(user)), sign_in=sign_in_url))
        return user
    hash_password(password)  # the time a new account takes
    audit.record("registration.address_taken", subject=owner, origin=origin, details={"username": username})
    _mail(owner, _l("Someone tried to register with your address"), _l(
        "Hello %(name)s,\n\nSomeone (hopefully you) tried to create a new Arena account with this "
        "address, which already belongs to your account %(username)s. No new account was made.\n\n"
        "Sign in with your username or this address:\n\n%(sign_in)s\n\n"
        "If you have forgotten your password, ask for a reset link:\n\n%(reset)s\n\n"
        "If this was not you, you need not do anything.\n",
        name=owner.name, username=owner.username, sign_in=sign_in_url, reset=reset_url))
    return None


def _mail(user: User, subject, text) -> None:
    """A mail to ``user`` in their language (``subject``/``text`` are lazy strings)."""
    from flask_babel import force_locale

    from arena.core.mail import send_mail

    with force_locale(user.language or current_app.config["BABEL_DEFAULT_LOCALE"]):
        send_mail(user.email, str(subject), str(text))
