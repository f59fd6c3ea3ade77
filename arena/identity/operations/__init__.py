"""Writes on accounts, one module per noun: registration, sign-in, passwords, profile and
preferences, roles and bans.

Operations validate, flush and audit; the request or task boundary commits. Handlers pass the
request's origin (IP, user agent) as a plain :class:`~arena.identity.audit.Origin`.
"""

from arena.identity.operations.accounts import (
    REGISTERED_MESSAGE, create_user, register_account, registration_problems,
)
from arena.identity.operations.passwords import change_password, request_password_reset, reset_password
from arena.identity.operations.profile import keep_chosen_language, update_preferences, update_profile
from arena.identity.operations.roles import ban_user, change_role, unban_user
from arena.identity.operations.signin import authenticate, end_session, sign_in, sign_out, sign_out_everywhere
from arena.identity.operations.validation import check_password, check_username, normalise_email

__all__ = [
    "REGISTERED_MESSAGE",
    "authenticate", "ban_user", "change_password", "change_role", "check_password", "check_username",
    "create_user", "end_session", "normalise_email", "register_account", "registration_problems", "request_password_reset", "reset_password",
    "keep_chosen_language", "sign_in", "sign_out", "sign_out_everywhere", "unban_user", "update_preferences", "update_profile",
]
