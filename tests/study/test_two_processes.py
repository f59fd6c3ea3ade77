"""Two real app processes sharing PostgreSQL/SQLite and Redis: a write through one is read
through the other at once (the cache is shared and invalidated on every write)."""

import pytest
import redis
import requests

from tests.support import services
from tests.support.processes import ArenaServer

pytestmark = pytest.mark.services


@pytest.mark.skipif(not services.redis_url(), reason="needs ARENA_TEST_REDIS_URL: two processes share a "
                    "cache only through Redis (the in-process cache is per process)")
def test_read_after_write_through_two_processes(config, learner, auth_headers):
    headers = auth_headers(learner)
    with ArenaServer(config) as one, ArenaServer(config) as two:
        def call(server, method, path, **kw):
            resp = requests.request(method, server.url + path, headers=headers, timeout=20, **kw)
            return resp.status_code, resp.json()

        status, body = call(one, "POST", "/api/v1/subjects", json={"name": "Shared", "hours_goal": 2})
        assert status == 201, body
        sid = body["data"]["id"]
        for server in (two, one, two):  # warm both processes' view of the shared cache
            assert call(server, "GET", f"/api/v1/subjects/{sid}")[1]["data"]["completed_minutes"] == 0
            assert [s["name"] for s in call(server, "GET", "/api/v1/subjects")[1]["data"]] == ["Shared"]
        cached = redis.from_url(services.redis_url()).keys("*page:study:*")
        assert cached, "the reads were not cached in Redis"

        for n, (start, end) in enumerate([("10:00", "10:30"), ("11:00", "12:00"), ("13:00", "13:15")], 1):
            writer, reader = (one, two) if n % 2 else (two, one)
            status, body = call(writer, "POST", "/api/v1/study-sessions", json={
                "subject_id": sid, "started_at": f"2025-03-03T{start}:00Z", "ended_at": f"2025-03-03T{end}:00Z"})
            assert status == 201, body
            expected = {1: 30, 2: 90, 3: 105}[n]
            item = call(reader, "GET", f"/api/v1/subjects/{sid}")[1]["data"]
            assert item["completed_minutes"] == expected, (n, item)
            listed = call(reader, "GET", "/api/v1/subjects")[1]["data"]
            assert listed[0]["completed_minutes"] == expected
            sessions = call(reader, "GET", "/api/v1/study-sessions?per_page=100")[1]
            assert sessions["meta"]["total"] == n

        assert call(two, "PATCH", f"/api/v1/subjects/{sid}", json={"name": "Renamed"})[0] == 200
        assert call(one, "GET", f"/api/v1/subjects/{sid}")[1]["data"]["name"] == "Renamed"
        assert call(one, "GET", "/api/v1/study-sessions")[1]["data"][0]["subject_name"] == "Renamed"
        assert call(one, "DELETE", f"/api/v1/subjects/{sid}")[0] == 200
        assert call(two, "GET", f"/api/v1/subjects/{sid}")[0] == 404
        assert call(two, "GET", "/api/v1/subjects")[1]["data"] == []
