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


def test_redis_outage_is_survived_and_shown_then_the_cache_is_used_again(redis_app, redis_server, create_user):
    """Redis stops while Arena runs: sign-in and the API keep working and /status says Redis is
    down; when it returns, /status says so and the cache is read and written again."""
    from tests.conftest import PASSWORD

    create_user("alice")
    client = redis_app.test_client()
    assert client.get("/status").get_json()["redis"]["status"] == "up"
    assert client.get("/api/v1/limited").get_json()["data"]["hits"] == 1  # cached: hits = 1

    redis_server.stop()
    signed_in = client.post("/api/v1/auth/login", json={"login": "alice", "password": PASSWORD})
    assert signed_in.status_code == 200
    token = signed_in.get_json()["data"]["access_token"]
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.get_json()["data"]["username"] == "alice"
    status = client.get("/status").get_json()
    assert status["redis"]["status"] == "down" and status["database"]["status"] == "up"

    redis_server.start()
    with redis_app.app_context():
        cache.set("hits", 41)  # written while Redis is back: the value now current
    assert client.get("/status").get_json()["redis"]["status"] == "up"
    assert client.get("/api/v1/limited").get_json()["data"]["hits"] == 42


def test_no_stale_page_after_redis_returns_with_its_old_data(config, tmp_path, request):
    """A cached page is served by another process; Redis stops; the data behind the page changes (the
    cache generation cannot be renewed); Redis comes back with what it held before. The other process
    must show the change, not the answer cached before the outage."""
    import requests

    from datetime import timedelta

    from arena.contests import operations
    from arena.core.timeutil import utcnow
    from arena.extensions import db
    from tests.support.processes import ArenaServer

    redis = RedisServer(str(tmp_path), persist=True).start()
    try:
        config["REDIS_URL"] = redis.url
        request.getfixturevalue("app")
        owner = request.getfixturevalue("create_user")("organiser", role="admin")
        now = utcnow()
        contest = operations.build_contest({"name": "Before the outage", "wikis": ["enwiki"], "is_published": True,
                                            "starts_at": now - timedelta(days=1), "ends_at": now + timedelta(days=9)},
                                           owner=owner, actor=owner)
        db.session.commit()
        with ArenaServer(config) as server:
            def names():
                resp = requests.get(f"{server.url}/api/v1/contests", timeout=30)
                assert resp.status_code == 200, resp.text
                return [c["name"] for c in resp.json()["data"]]

            assert names() == ["Before the outage"]
            assert names() == ["Before the outage"]  # answered from the cache
            redis.stop()
            operations.update_contest(contest, {"name": "Changed meanwhile"}, actor=owner)
            db.session.commit()  # the renewal of the contests' generation cannot reach Redis
            redis.start()
            assert [names() for _ in range(3)] == [["Changed meanwhile"]] * 3
    finally:
        redis.stop()


def test_a_renewal_that_could_not_reach_redis_is_made_when_it_answers_again(redis_app, redis_server):
    from arena.core import pagecache

    with redis_app.app_context():
        before = pagecache.generations(["boards"])[1]
        redis_server.stop()
        pagecache.bump("boards")  # lost: Redis is away
        redis_server.start()  # an empty server here: this test watches the writing process's memory
        pagecache.cache.set(pagecache._generation_key("boards"), before)  # as if it had kept the old token
        assert pagecache.generations(["boards"])[1] != before  # the remembered renewal is made first
        assert not pagecache._unrenewed
