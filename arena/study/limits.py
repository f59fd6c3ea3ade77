"""Per-user rate limits of the study pages and API (Flask-Limiter, shared counters in Redis when set).

``STUDY_READ_LIMIT`` counts reads, ``STUDY_WRITE_LIMIT`` counts writes (declared in ``arena.config``), each per signed-in user across the API and the pages. Going over
answers 429 with ``Retry-After``.
"""

from __future__ import annotations

from flask import current_app
from flask_limiter.util import get_remote_address

from arena.core import access
from arena.extensions import limiter

def caller_key() -> str:
    try:
        user = access.current_user_or_none()
    except Exception:  # an unusable credential is refused by the access check; count by address
        user = None
    return f"user:{user.id}" if user is not None else f"addr:{get_remote_address()}"


read = limiter.shared_limit(lambda: current_app.config["STUDY_READ_LIMIT"], scope="study-read",
                            key_func=caller_key)
write = limiter.shared_limit(lambda: current_app.config["STUDY_WRITE_LIMIT"], scope="study-write",
                             key_func=caller_key)
