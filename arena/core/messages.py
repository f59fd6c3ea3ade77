"""Messages stored now and read later (a job's progress, an outcome) are kept as their English
source text — which is also their translation key — plus the values to put in it, and rendered in
the reader's language when they are shown.

Mark such a text with :func:`N_` where it is written, so the catalogues pick it up::

    jobs.report_progress(job, 40, N_("%(done)s of %(total)s submissions checked"), done=4, total=10)

and show it with :func:`render` (a schema's method field, a template filter).
"""

from __future__ import annotations

from typing import Any


def N_(message: str) -> str:  # noqa: N802 - the name Babel's extractor looks for
    """Mark ``message`` for translation without translating it now (it is stored)."""
    return message


def render(message: str | None, params: dict[str, Any] | None = None) -> str:
    """``message`` in the reader's language with ``params`` put in; a text the catalogues do not know
    (or whose values do not fit) is shown as it was stored."""
    if not message:
        return ""
    from flask_babel import gettext

    try:
        return gettext(message, **(params or {}))
    except (KeyError, ValueError, TypeError):
        return message
