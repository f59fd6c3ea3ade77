"""Two real app processes sharing PostgreSQL and Redis: a revoked token and a rate limit hold
across both (as with several gunicorn hosts behind a proxy)."""

import pytest
import requests

from tests.conftest import PASSWORD
from tests.support import services
from tests.support.processes import ArenaServer

pytestmark = pytest.mark.services


def test_revocation_and_rate_limits_hold_across_two_processes(config, create_user):
    if not services.redis_url():
        pytest.skip("needs a shared Redis and database: runs in the PostgreSQL + Redis pass "
                    "(ARENA_TEST_REDIS_URL is unset in the SQLite pass)")
    create_user("alice")
    with ArenaServer(config) as first, ArenaServer(config) as second:
        assert first.proc.pid != second.proc.pid
        resp = requests.post(f"{first.url}/api/v1/auth/login", json={"login": "alice", "password": PASSWORD},
                             timeout=10)
        assert resp.status_code == 200, resp.text
        tokens = resp.json()["data"]
        auth = {"Authorization": f"Bearer {tokens['access_token']}"}
        assert requests.get(f"{second.url}/api/v1/auth/me", headers=auth, timeout=10).status_code == 200

        assert requests.post(f"{first.url}/api/v1/auth/logout", headers=auth, timeout=10).status_code == 200
        replay = requests.get(f"{second.url}/api/v1/auth/me", headers=auth, timeout=10)
        assert replay.status_code == 401 and replay.json()["message"] == "The token has been revoked."
        refresh = requests.post(f"{second.url}/api/v1/auth/refresh", timeout=10,
                                headers={"Authorization": f"Bearer {tokens['refresh_token']}"})
        assert refresh.status_code == 401  # counts towards the limit too: 2 requests so far

        # the authentication limit (10 a minute per IP) is counted once for both processes
        # (a different unknown login each time: five failures under one login would lock it)
        statuses = [requests.post(f"{server.url}/api/v1/auth/login", timeout=10,
                                  json={"login": f"nobody{i}", "password": "wrong password!!"}).status_code
                    for i, server in enumerate((first, second) * 4)]
        assert 429 not in statuses
        limited = requests.post(f"{second.url}/api/v1/auth/login", json={"login": "alice", "password": PASSWORD},
                                timeout=10)
        assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
        assert requests.post(f"{first.url}/api/v1/auth/login", json={"login": "alice", "password": PASSWORD},
                             timeout=10).status_code == 429
