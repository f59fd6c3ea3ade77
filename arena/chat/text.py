"""Message text: stored plain, shown with links and mentions made (and cleaned by nh3)."""

from __future__ import annotations

import re

import nh3
from markupsafe import Markup, escape

MENTION = re.compile(r"(?<![\w@])@([\w.-]{2,32})", re.UNICODE)
URL = re.compile(r"\bhttps?://[^\s<>\"']+", re.IGNORECASE)


def mentions(body: str) -> set[str]:
    return {m.lower() for m in MENTION.findall(body or "")}


def render(body: str) -> Markup:
    """Escaped text, http(s) links as ``rel="nofollow ugc noopener"`` anchors, mentions in bold."""
    html = str(escape(body or ""))
    html = URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', html)
    html = MENTION.sub(lambda m: f"<strong>@{m.group(1)}</strong>", html)
    return Markup(nh3.clean(html, tags={"a", "strong"}, attributes={"a": {"href"}},
                            url_schemes={"http", "https"}, link_rel="nofollow ugc noopener"))
