"""Writes on accounts: registration, sign-in, profile, passwords, preferences, roles and bans.

Operations validate, flush and audit; the request or task boundary commits. Handlers pass the
request's origin (IP, user agent) as a plain :class:`~arena.identity.audit.Origin`.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any, Callable

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _, lazy_gettext as _l

from arena.core import signals
from arena.core.access import ROLE_RANK
from arena.core.errors import Conflict, Forbidden, NotFound, RateLimited, Unauthorized, ValidationFailed
from arena.core.security import hash_password, needs_rehash, strip_html, verify_password
from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.identity import audit, passwords, preferences, queries, tokens
from arena.identity.audit import NO_ORIGIN, Origin
from arena.identity.models import ROLES, AuthSession, User

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


# accounts

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


def authenticate(login: str, password: str, *, origin: Origin = NO_ORIGIN) -> User:
    """Check a sign-in. Failures are counted and audited (the handler keeps them on error);
    ``LOGIN_MAX_FAILURES`` failures in a row lock the account for ``LOGIN_LOCKOUT_MINUTES``."""
    cfg = current_app.config
    user = queries.find_user_by_login(login)
    now = utcnow()
    if user is None or not user.password_hash:
        passwords.dummy_check(password or "")
        audit.record("login.failed", subject=user, origin=origin,
                     details={"login": (login or "")[:254], "reason": "unknown" if user is None else "no-password"})
        raise Unauthorized(_l("The username or password is not right."))
    if user.is_locked(now):
        audit.record("login.failed", subject=user, origin=origin, details={"reason": "locked"})
        raise _locked(user, now)
    if not verify_password(user.password_hash, password or ""):
        user.failed_logins = (user.failed_logins or 0) + 1
        audit.record("login.failed", subject=user, origin=origin,
                     details={"reason": "password", "failures": user.failed_logins})
        if user.failed_logins >= cfg["LOGIN_MAX_FAILURES"]:
            user.locked_until = now + timedelta(minutes=cfg["LOGIN_LOCKOUT_MINUTES"])
            user.failed_logins = 0
            audit.record("account.locked", subject=user, origin=origin,
                         details={"until": user.locked_until.isoformat()})
            db.session.flush()
            raise _locked(user, now)
        db.session.flush()
        raise Unauthorized(_l("The username or password is not right."))
    if user.is_banned:
        audit.record("login.failed", subject=user, origin=origin, details={"reason": "banned"})
        raise Unauthorized(_l("This account has been banned and cannot sign in."))
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    db.session.flush()
    return user


def _locked(user: User, now) -> RateLimited:
    seconds = max(1, int((user.locked_until - now).total_seconds()))
    minutes = max(1, (seconds + 59) // 60)
    return RateLimited(_l("Too many failed sign-ins: this account is locked for %(n)d more minutes. "
                          "Try again later or reset your password.", n=minutes),
                       headers={"Retry-After": str(seconds)})


def sign_in(user: User, *, kind: str, origin: Origin = NO_ORIGIN, method: str = "password") -> AuthSession:
    """Record a successful sign-in: a new sign-in session (web) or token family (api). ``method``
    says how the person proved who they are ("password", "wikimedia")."""
    if user.is_banned:
        raise Unauthorized(_l("This account has been banned and cannot sign in."))
    session = tokens.open_session(user, kind=kind, origin=origin)
    user.last_login_at = utcnow()
    details = {"via": kind} if method == "password" else {"via": kind, "method": method}
    audit.record("login.succeeded", actor=user, subject=user, origin=origin, details=details)
    db.session.flush()
    signals.user_logged_in.send(user, via=method)
    return session


def sign_out(user: User, session: AuthSession | None, *, origin: Origin = NO_ORIGIN) -> None:
    if session is not None and session.user_id == user.id:
        tokens.revoke_session(session, "logout")
    audit.record("logout", actor=user, subject=user, origin=origin,
                 details={"via": session.kind if session else "token"})


def sign_out_everywhere(user: User, *, keep: AuthSession | None = None, reason: str) -> None:
    """Bump the session version and revoke every sign-in of ``user`` except ``keep``."""
    user.session_version = (user.session_version or 1) + 1
    for session in queries.active_sessions(user.id):
        if keep is None or session.id != keep.id:
            tokens.revoke_session(session, reason)
    db.session.flush()


# passwords

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


def request_password_reset(email: str, *, link_for: Callable[[str], str], origin: Origin = NO_ORIGIN) -> None:
    """Mail a reset link when the address belongs to an account; the caller answers the same either way."""
    from flask_babel import force_locale, gettext as _

    from arena.core.mail import send_mail

    user = queries.find_user_by_login(email) if "@" in (email or "") else None
    if user is None or user.is_banned:
        return
    token = tokens.password_reset_token(user)
    link = link_for(token)
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    with force_locale(user.language or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("Reset your Arena password")
        text = _("Hello %(name)s,\n\nSomeone (hopefully you) asked to reset the password of your Arena "
                 "account. Open this link within %(minutes)d minutes to choose a new password:\n\n%(link)s\n\n"
                 "The link works once. If you did not ask for this, ignore this message: your password "
                 "stays as it is.\n", name=user.name, minutes=minutes, link=link)
    send_mail(user.email, subject, text)
    audit.record("password.reset_requested", subject=user, origin=origin)


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


# profile and preferences

def update_profile(user: User, changes: dict[str, Any], *, actor: User, origin: Origin = NO_ORIGIN) -> User:
    """Username, display name, bio; a new email address needs the current password."""
    if actor.id != user.id:
        raise NotFound()
    allowed = {"username", "display_name", "bio", "email", "current_password"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationFailed({name: "Unknown field." for name in unknown})
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


# roles and bans

def change_role(target: User, role: str, *, actor: User, origin: Origin = NO_ORIGIN) -> User:
    """Only a superadmin grants or removes admin rights; nobody changes their own role."""
    if role not in ROLES:
        raise ValidationFailed({"role": str(_l("Must be one of: %(v)s.", v=", ".join(ROLES)))})
    if target.id == actor.id:
        raise Forbidden(_l("You cannot change your own role."))
    if not actor.is_admin:
        raise Forbidden()
    if role == target.role:
        return target
    if (ROLE_RANK[role] > ROLE_RANK["user"] or ROLE_RANK[target.role] > ROLE_RANK["user"]) and not actor.is_superadmin:
        raise Forbidden(_l("Only a superadmin can grant or remove admin rights."))
    previous, target.role = target.role, role
    audit.record("role.changed", actor=actor, subject=target, origin=origin, details={"from": previous, "to": role})
    db.session.flush()
    return target


def _may_moderate(actor: User, target: User) -> None:
    if target.id == actor.id:
        raise Forbidden(_l("You cannot ban or unban yourself."))
    if not actor.is_admin or (ROLE_RANK[target.role] >= ROLE_RANK[actor.role] and not actor.is_superadmin):
        raise Forbidden(_l("Only a superadmin can ban or unban an admin."))


def ban_user(target: User, *, actor: User, reason: str = "", origin: Origin = NO_ORIGIN) -> User:
    _may_moderate(actor, target)
    if target.is_banned:
        return target
    target.is_banned = True
    target.banned_at = utcnow()
    target.ban_reason = strip_html(reason or "")[:255]
    sign_out_everywhere(target, reason="banned")
    audit.record("user.banned", actor=actor, subject=target, origin=origin, details={"reason": target.ban_reason})
    db.session.flush()
    signals.user_banned.send(target, actor=actor)
    return target


def unban_user(target: User, *, actor: User, origin: Origin = NO_ORIGIN) -> User:
    _may_moderate(actor, target)
    if not target.is_banned:
        return target
    target.is_banned = False
    target.banned_at = None
    target.ban_reason = ""
    audit.record("user.unbanned", actor=actor, subject=target, origin=origin)
    db.session.flush()
    return target
