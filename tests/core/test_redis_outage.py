"""Cache and rate limits are shared through Redis when configured, and the app stays up when
Redis goes away at run time (cache misses, limiter fails open with a logged warning)."""

import pytest
from flask.views import MethodView

from arena.core import access
from arena.core.api import Blueprint, ok
from arena.extensions import api, cache, limiter
from tests.support.services import RedisServer


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(str(tmp_path)).start()
    yield server
    server.stop()


@pytest.fixture
def redis_app(config, redis_server, request):
    config["REDIS_URL"] = redis_server.url
    app = request.getfixturevalue("app")

    blp = Blueprint("limited", __name__, url_prefix="/api/v1/limited")

    @blp.route("")
    class Limited(MethodView):
        decorators = [limiter.limit("3/minute")]

        @access.public
        def get(self):
            hits = (cache.get("hits") or 0) + 1
            cache.set("hits", hits)
            return ok({"hits": hits})

    api.register_blueprint(blp)
    return app


def test_cache_and_limits_live_in_redis(redis_app, redis_server):
    import redis

    client = redis_app.test_client()
    assert [client.get("/api/v1/limited").get_json()["data"]["hits"] for _ in range(3)] == [1, 2, 3]
    blocked = client.get("/api/v1/limited")
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    assert blocked.get_json()["success"] is False
    keys = {k.decode() for k in redis.from_url(redis_server.url).keys("*")}
    assert any(k.startswith("arena:cache:") for k in keys), keys
    assert any("LIMITER" in k or "limiter" in k.lower() for k in keys), keys


def test_requests_succeed_when_redis_stops_mid_run(redis_app, redis_server, caplog):
    client = redis_app.test_client()
    assert client.get("/api/v1/limited").status_code == 200
    redis_server.stop()
    caplog.set_level("WARNING")
    for _ in range(5):  # over the limit, but the limiter fails open and the cache misses
        resp = client.get("/api/v1/limited")
        assert resp.status_code == 200
        assert resp.get_json()["data"]["hits"] == 1
    assert client.get("/status").status_code == 200
    assert client.get("/").status_code == 200
    assert any("cache unavailable" in r.getMessage() for r in caplog.records)
