"""Password policy and the constant-cost check for unknown accounts.

Policy (OWASP ASVS 2.1): at least ``PASSWORD_MIN_LENGTH`` (default 12) and at most 128 characters,
not one of the 10,000 most common passwords, not the username or the email address.

The common-password list is the top 10,000 of the xato password corpus as shipped, ranked by
frequency, in zxcvbn's frequency lists.
"""

from __future__ import annotations

from functools import lru_cache

from flask import current_app
from flask_babel import lazy_gettext as _l

from arena.core.security import hash_password, password_hasher, verify_password

MAX_LENGTH = 128
COMMON_COUNT = 10_000


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(p.lower() for p in FREQUENCY_LISTS["passwords"][:COMMON_COUNT])


def min_length() -> int:
    return current_app.config["PASSWORD_MIN_LENGTH"]


def problems(password: str | None, *, username: str = "", email: str = "") -> list[str]:
    """What is wrong with ``password`` (empty list when it is acceptable)."""
    password = password or ""
    found: list[str] = []
    minimum = min_length()
    if len(password) < minimum:
        found.append(str(_l("Use at least %(n)d characters.", n=minimum)))
    if len(password) > MAX_LENGTH:
        found.append(str(_l("Use at most %(n)d characters.", n=MAX_LENGTH)))
    lowered = password.lower()
    if lowered in common_passwords():
        found.append(str(_l("This is one of the most common passwords; choose another.")))
    if username and lowered == username.lower():
        found.append(str(_l("The password must not be your username.")))
    if email and (lowered == email.lower() or lowered == email.split("@")[0].lower()):
        found.append(str(_l("The password must not be your email address.")))
    return found


def dummy_check(password: str) -> None:
    """Spend the same time as a real check, for sign-ins of accounts that do not exist."""
    cache = current_app.extensions.setdefault("arena_dummy_hashes", {})
    key = id(password_hasher())
    if key not in cache:
        cache[key] = hash_password("arena-dummy-password-for-timing")
    verify_password(cache[key], password)
