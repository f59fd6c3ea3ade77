"""Per-user rate limit on posting messages (Flask-Limiter; counters shared in Redis when it is set,
so the limit holds across processes). ``CHAT_MESSAGE_LIMIT``, default ``20/minute``; 429 with
``Retry-After`` beyond it."""

from __future__ import annotations

from flask import current_app
from arena.core.limits import caller_key
from arena.extensions import limiter


post = limiter.shared_limit(lambda: current_app.config["CHAT_MESSAGE_LIMIT"], scope="chat-post", key_func=caller_key,
                            methods=["POST"])
