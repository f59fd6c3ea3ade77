"""Password policy and the constant-cost check for unknown accounts.

Policy (OWASP ASVS 2.1): at least ``PASSWORD_MIN_LENGTH`` (default 12) and at most 128 characters,
not one of the 10,000 most common passwords, not the username or the email address, and hard to
guess by zxcvbn's estimate (score ``MIN_SCORE`` or more, 0–4), with zxcvbn's warning and suggestions
shown in the reader's language.

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
MIN_SCORE = 3

#: zxcvbn's feedback is a fixed set of English sentences; these are their translations.
FEEDBACK = {text: label for text, label in (
    ("Use a few words, avoid common phrases.", _l("Use a few words, avoid common phrases.")),
    ("No need for symbols, digits, or uppercase letters.", _l("No need for symbols, digits, or uppercase letters.")),
    ("Add another word or two. Uncommon words are better.",
     _l("Add another word or two. Uncommon words are better.")),
    ("Straight rows of keys are easy to guess.", _l("Straight rows of keys are easy to guess.")),
    ("Short keyboard patterns are easy to guess.", _l("Short keyboard patterns are easy to guess.")),
    ("Use a longer keyboard pattern with more turns.", _l("Use a longer keyboard pattern with more turns.")),
    ('Repeats like "aaa" are easy to guess.', _l('Repeats like "aaa" are easy to guess.')),
    ('Repeats like "abcabcabc" are only slightly harder to guess than "abc".',
     _l('Repeats like "abcabcabc" are only slightly harder to guess than "abc".')),
    ("Avoid repeated words and characters.", _l("Avoid repeated words and characters.")),
    ('Sequences like "abc" or "6543" are easy to guess.', _l('Sequences like "abc" or "6543" are easy to guess.')),
    ("Avoid sequences.", _l("Avoid sequences.")),
    ("Recent years are easy to guess.", _l("Recent years are easy to guess.")),
    ("Avoid recent years.", _l("Avoid recent years.")),
    ("Avoid years that are associated with you.", _l("Avoid years that are associated with you.")),
    ("Dates are often easy to guess.", _l("Dates are often easy to guess.")),
    ("Avoid dates and years that are associated with you.",
     _l("Avoid dates and years that are associated with you.")),
    ("This is a top-10 common password.", _l("This is a top-10 common password.")),
    ("This is a top-100 common password.", _l("This is a top-100 common password.")),
    ("This is a very common password.", _l("This is a very common password.")),
    ("This is similar to a commonly used password.", _l("This is similar to a commonly used password.")),
    ("A word by itself is easy to guess.", _l("A word by itself is easy to guess.")),
    ("Names and surnames by themselves are easy to guess.",
     _l("Names and surnames by themselves are easy to guess.")),
    ("Common names and surnames are easy to guess.", _l("Common names and surnames are easy to guess.")),
    ("Capitalization doesn't help very much.", _l("Capitalization doesn't help very much.")),
    ("All-uppercase is almost as easy to guess as all-lowercase.",
     _l("All-uppercase is almost as easy to guess as all-lowercase.")),
    ("Reversed words aren't much harder to guess.", _l("Reversed words aren't much harder to guess.")),
    ("Predictable substitutions like '@' instead of 'a' don't help very much.",
     _l("Predictable substitutions like '@' instead of 'a' don't help very much.")),
)}


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
    if not found:
        found.extend(guessability(password, [username, email, email.split("@")[0]]))
    return found


def guessability(password: str, related: list[str]) -> list[str]:
    """zxcvbn's verdict: nothing when the score reaches ``MIN_SCORE``, else why and what would help."""
    from zxcvbn import zxcvbn

    result = zxcvbn(password, user_inputs=[r for r in related if r])
    if result["score"] >= MIN_SCORE:
        return []
    feedback = result["feedback"]
    found = [str(_l("This password is easy to guess."))]
    for text in [feedback.get("warning") or "", *feedback.get("suggestions", [])]:
        if text:
            found.append(str(FEEDBACK.get(text, text)))
    return found


def dummy_check(password: str) -> None:
    """Spend the same time as a real check, for sign-ins of accounts that do not exist."""
    cache = current_app.extensions.setdefault("arena_dummy_hashes", {})
    key = id(password_hasher())
    if key not in cache:
        cache[key] = hash_password("arena-dummy-password-for-timing")
    verify_password(cache[key], password)
