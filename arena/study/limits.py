"""Per-user rate limits of the study pages and API (Flask-Limiter, shared counters in Redis when set).

``STUDY_READ_LIMIT`` counts reads, ``STUDY_WRITE_LIMIT`` counts writes (declared in ``arena.config``), each per signed-in user across the API and the pages; both are run-time settings an administrator may change (``study.read_limit``, ``study.write_limit``). Going over
answers 429 with ``Retry-After``.
"""

from __future__ import annotations

from arena.core import runtime
from arena.core.limits import caller_key
from arena.extensions import limiter

read = limiter.shared_limit(lambda: runtime.value("study.read_limit"), scope="study-read", key_func=caller_key)
write = limiter.shared_limit(lambda: runtime.value("study.write_limit"), scope="study-write", key_func=caller_key)


def valid_limit(text: str) -> str | None:
    """Why ``text`` is not a rate limit such as ``100/minute`` (None when it is one)."""
    from flask_babel import gettext as _
    from limits import parse_many

    try:
        parse_many(text)
    except ValueError:
        return _("Write a rate limit such as 100/minute.")
    return None


def declare_settings() -> None:
    from flask_babel import lazy_gettext as _l

    runtime.declare(
        runtime.RuntimeSetting("study.read_limit", str, _l("Reads of the study pages and API a user may make"),
                               config="STUDY_READ_LIMIT", max_length=64, check=valid_limit, group="limits"),
        runtime.RuntimeSetting("study.write_limit", str, _l("Writes of the study pages and API a user may make"),
                               config="STUDY_WRITE_LIMIT", max_length=64, check=valid_limit, group="limits"),
    )
