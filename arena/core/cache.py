"""A Redis cache for Flask-Caching that fails soft: when Redis is away, reads miss and writes are
skipped with a logged warning, so requests still succeed."""

from __future__ import annotations

import logging
import time

from cachelib.redis import RedisCache

log = logging.getLogger("arena.cache")

_WARN_EVERY = 30.0


class FailSoftRedisCache(RedisCache):
    _last_warning = 0.0

    def _soft(self, op, default, *args, **kwargs):
        try:
            return getattr(super(), op)(*args, **kwargs)
        except Exception as exc:  # redis.ConnectionError, TimeoutError, ...
            now = time.monotonic()
            if now - FailSoftRedisCache._last_warning > _WARN_EVERY:
                FailSoftRedisCache._last_warning = now
                log.warning("cache unavailable, serving without it: %s", exc)
            return default

    def get(self, key):
        return self._soft("get", None, key)

    def get_many(self, *keys):
        return self._soft("get_many", [None] * len(keys), *keys)

    def set(self, key, value, timeout=None):
        return self._soft("set", False, key, value, timeout)

    def add(self, key, value, timeout=None):
        return self._soft("add", False, key, value, timeout)

    def set_many(self, mapping, timeout=None):
        return self._soft("set_many", [], mapping, timeout)

    def delete(self, key):
        return self._soft("delete", False, key)

    def delete_many(self, *keys):
        return self._soft("delete_many", [], *keys)

    def has(self, key):
        return self._soft("has", False, key)

    def clear(self):
        return self._soft("clear", False)

    def inc(self, key, delta=1):
        return self._soft("inc", None, key, delta)

    def dec(self, key, delta=1):
        return self._soft("dec", None, key, delta)


def fail_soft_redis(app, config, args, kwargs):
    """Flask-Caching factory (``CACHE_TYPE = "arena.core.cache.fail_soft_redis"``)."""
    import redis

    client = redis.from_url(
        config["CACHE_REDIS_URL"],
        socket_timeout=app.config["REDIS_SOCKET_TIMEOUT"],
        socket_connect_timeout=app.config["REDIS_SOCKET_TIMEOUT"],
    )
    kwargs.update(default_timeout=config["CACHE_DEFAULT_TIMEOUT"],
                  key_prefix=config["CACHE_KEY_PREFIX"])
    return FailSoftRedisCache(host=client, *args, **kwargs)
