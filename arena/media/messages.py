"""Stored media errors are codes with parameters, rendered in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ERRORS = {
    "not_video": _l("This file is not a video Arena can play. It has been deleted."),
    "too_long": _l("The video lasts %(duration)s seconds; the longest allowed is %(limit)s seconds. "
                   "It has been deleted."),
    "processing_failed": _l("Processing failed: %(reason)s. You can try again."),
}


def error_text(code: str | None, params: dict | None = None) -> str:
    if not code:
        return ""
    template = ERRORS.get(code)
    if template is None:
        return code
    try:
        return str(template) % (params or {})
    except (KeyError, TypeError, ValueError):
        return str(template)
