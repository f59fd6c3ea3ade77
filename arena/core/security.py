"""Password hashing (argon2id), HTML sanitising (nh3) and formula-safe spreadsheet cells."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

import nh3
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app

def password_hasher() -> PasswordHasher:
    params = current_app.config["ARGON2_PARAMS"]
    key = tuple(sorted(params.items()))
    cache = current_app.extensions.setdefault("arena_hashers", {})
    if key not in cache:
        cache[key] = PasswordHasher(**params)
    return cache[key]


def hash_password(password: str) -> str:
    return password_hasher().hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Constant-cost check; an unknown user is checked against a dummy hash by the caller."""
    if not stored_hash:
        return False
    try:
        return password_hasher().verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return password_hasher().check_needs_rehash(stored_hash)


RICH_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p", "pre", "q", "s", "small",
    "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
    "figure", "figcaption", "caption", "div", "cite",
}
RICH_ATTRS = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "*": {"lang", "dir"},
}


def sanitize_html(html: str | None) -> str:
    """Allow-list sanitising of rich text (Markdown output, wiki HTML) for display."""
    if not html:
        return ""
    return nh3.clean(html, tags=RICH_TAGS, attributes=RICH_ATTRS, link_rel="noopener noreferrer nofollow",
                     url_schemes={"http", "https", "mailto"})


def strip_html(text: str | None) -> str:
    """Remove every tag; keeps the text content (for plain-text fields such as notes)."""
    if not text:
        return ""
    import html as _html

    return _html.unescape(nh3.clean(text, tags=set(), attributes={})).strip()


def render_markdown(text: str | None) -> str:
    """Sanitised HTML of Markdown ``text``. A pure function of the text, so recent answers are kept:
    lists and pages show the same descriptions on every request, and building a Markdown converter
    (it loads its extensions) costs far more than the lookup."""
    if not text:
        return ""
    return _render_markdown(text)


@functools.lru_cache(maxsize=512)
def _render_markdown(text: str) -> str:
    import markdown

    return sanitize_html(markdown.markdown(text, extensions=["extra", "sane_lists"]))


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: Any) -> Any:
    """Defuse spreadsheet formulas (CSV injection): text starting with = + - @ or a control
    character gets a leading apostrophe; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
