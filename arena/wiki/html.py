"""Sanitising article HTML for display inside Arena."""
from __future__ import annotations

import copy
from urllib.parse import urljoin

import nh3

_TAGS = set(nh3.ALLOWED_TAGS) | {"section", "tfoot"}
_ATTRIBUTES = copy.deepcopy(nh3.ALLOWED_ATTRIBUTES)
_ATTRIBUTES.setdefault("*", set()).update({"class", "id", "lang", "dir", "title"})
_ATTRIBUTES["img"] = (_ATTRIBUTES.get("img", set()) | {"srcset", "decoding", "loading"}) - {"align"}
_ATTRIBUTES["a"] = _ATTRIBUTES.get("a", set()) | {"hreflang"}
# Removed together with their content, not just unwrapped.
_DROP_WITH_CONTENT = {"script", "style", "noscript", "iframe", "object", "embed", "template", "math", "svg"}


def sanitize_html(html: str, base_url: str | None = None) -> str:
    """Keep what is needed for reading (text structure, tables, images,
    links, reference anchors); drop scripts, styles, forms, event handlers
    and inline CSS.  Relative links and image sources are made absolute
    against ``base_url`` so they keep working outside the wiki;
    ``#fragment`` links stay as they are."""

    def rewrite(url: str) -> str | None:
        if url.startswith("#"):
            return url
        if url.startswith("//"):
            return "https:" + url
        if base_url:
            return urljoin(base_url.rstrip("/") + "/", url)
        return url

    return nh3.clean(
        html or "",
        tags=_TAGS - _DROP_WITH_CONTENT,
        clean_content_tags=_DROP_WITH_CONTENT,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        url_relative=rewrite,
        strip_comments=True,
    )
