"""PostgreSQL restarted under a running Arena: requests during the outage get an enveloped 503 at once
(not a hang), a write made meanwhile is refused and leaves nothing behind, and when PostgreSQL is back
the app recovers on its own (connections are checked before use) and answers 200.

About PostgreSQL, so it runs in the PostgreSQL + Redis pass (where a missing server binary fails)."""

from __future__ import annotations

import time

import pytest
import requests

from arena.core.cli import DEMO_PASSWORD
from tests.support import services
from tests.support.postgres import PostgresServer
from tests.support.processes import wait_until
from tests.support.served import ServedArena

pytestmark = pytest.mark.skipif(not services.database_url(),
                                reason="about PostgreSQL: runs in the PostgreSQL + Redis pass")


@pytest.fixture
def postgres():
    server = PostgresServer().start()
    yield server
    server.remove()


def test_a_postgres_restart_answers_503_quickly_and_the_app_recovers_on_its_own(tmp_path, postgres):
    settings = {"DATABASE_URL": postgres.url, "DATABASE_CONNECT_TIMEOUT": "2", "DATABASE_POOL_TIMEOUT": "3"}
    with ServedArena(tmp_path / "instance", settings) as arena:
        login = requests.post(f"{arena.url}/api/v1/auth/login", timeout=30,
                              json={"login": "layla", "password": DEMO_PASSWORD})
        assert login.status_code == 200, login.text
        headers = {"Authorization": f"Bearer {login.json()['data']['access_token']}"}

        def subjects() -> requests.Response:
            return requests.get(f"{arena.url}/api/v1/subjects", headers=headers, timeout=30)

        before = [s["name"] for s in subjects().json()["data"]]
        assert requests.post(f"{arena.url}/api/v1/subjects", json={"name": "Before the restart"},
                             headers=headers, timeout=30).status_code == 201

        postgres.stop()
        for call in (subjects,
                     lambda: requests.post(f"{arena.url}/api/v1/subjects", json={"name": "During the outage"},
                                           headers=headers, timeout=30)):
            started = time.monotonic()
            resp = call()
            assert time.monotonic() - started < 10  # seconds, not a hang
            assert resp.status_code == 503, resp.text
            body = resp.json()
            assert body["success"] is False and "database is unavailable" in body["message"]
            assert "psycopg" not in body["message"] and str(postgres.port) not in body["message"]

        postgres.start()
        assert wait_until(lambda: subjects().status_code == 200, timeout=20, interval=0.5), arena.output()
        names = [s["name"] for s in subjects().json()["data"]]
        assert sorted(names) == sorted([*before, "Before the restart"])  # the refused write left nothing
        assert requests.post(f"{arena.url}/api/v1/subjects", json={"name": "After the restart"},
                             headers=headers, timeout=30).status_code == 201
        assert "After the restart" in [s["name"] for s in subjects().json()["data"]]
