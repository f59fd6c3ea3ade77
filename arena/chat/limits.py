"""Per-user rate limit on posting messages (Flask-Limiter; counters shared in Redis when it is set,
so the limit holds across processes). ``CHAT_MESSAGE_LIMIT``, default ``20/minute``; 429 with
``Retry-After`` beyond it."""

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


post = limiter.shared_limit(lambda: current_app.config["CHAT_MESSAGE_LIMIT"], scope="chat-post", key_func=caller_key,
                            methods=["POST"])
