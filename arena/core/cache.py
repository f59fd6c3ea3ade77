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
    #: the ``run_id`` of the Redis server this process is connected to (see :func:`fail_soft_redis`)
    epoch = ""

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

    backend: list[FailSoftRedisCache] = []

    def on_connect(connection) -> None:
        # Every new connection learns which run of the Redis server it reached. A server that was
        # stopped and started again has a new run id even if it kept its data, so the page cache
        # (which puts the epoch in its keys) ignores answers stored before the outage, whose
        # invalidations could not reach it (``arena.core.pagecache``). Every process sharing the
        # server reads the same id.
        connection.on_connect()
        connection.send_command("INFO", "server")
        info = connection.read_response()
        text = info.decode() if isinstance(info, bytes) else str(info)
        run_id = next((line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("run_id:")), "")
        if backend:
            backend[0].epoch = run_id

    client = redis.from_url(
        config["CACHE_REDIS_URL"],
        socket_timeout=app.config["REDIS_SOCKET_TIMEOUT"],
        socket_connect_timeout=app.config["REDIS_SOCKET_TIMEOUT"],
        redis_connect_func=on_connect,
    )
    kwargs.update(default_timeout=config["CACHE_DEFAULT_TIMEOUT"],
                  key_prefix=config["CACHE_KEY_PREFIX"])
    backend.append(FailSoftRedisCache(host=client, *args, **kwargs))
    return backend[0]


_status_clients: dict = {}


def redis_status() -> dict:
    """For ``/status``: whether the shared Redis (cache, limits, broker) answers, and how fast.
    While it is down, caches miss and limits fail open; the page says so."""
    import redis
    from flask import current_app

    cfg = current_app.config
    started = time.perf_counter()
    try:
        key = (cfg["REDIS_URL"], cfg["REDIS_SOCKET_TIMEOUT"])
        client = _status_clients.get(key)
        if client is None:  # one client (and its connection pool) per process, not a connection per check
            client = _status_clients[key] = redis.from_url(
                cfg["REDIS_URL"], socket_timeout=cfg["REDIS_SOCKET_TIMEOUT"],
                socket_connect_timeout=cfg["REDIS_SOCKET_TIMEOUT"])
        client.ping()
    except Exception as exc:  # noqa: BLE001 - any failure means it is down for us
        log.warning("status: redis unreachable: %s", exc)
        return {"status": "down", "effect": "caches miss and rate limits are not enforced until it returns"}
    return {"status": "up", "latency_ms": round((time.perf_counter() - started) * 1000, 2)}
