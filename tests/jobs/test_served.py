"""Background work queued by a running server reaches its worker: Arena started as the README
starts it (``arena serve``: gunicorn request threads plus a Celery worker), driven over HTTP.

On the SQLite pass the server runs on the untouched embedded defaults (SQLite, the embedded broker,
mail to the outbox folder). On the PostgreSQL + Redis pass the same journeys run against a fresh
PostgreSQL database and Redis as cache and broker, with mail to a real SMTP server; there the broker
is also stopped and started again.
"""

from __future__ import annotations

import email
import email.policy
import json
import time
import uuid
from datetime import datetime, timedelta, timezone

import psycopg
import pytest
import requests

from arena.core.cli import DEMO_PASSWORD
from tests.support import services
from tests.support.processes import wait_until
from tests.support.served import ServedArena
from tests.support.wiki_fixtures import TEST_WIKI_ID

SERVICES = bool(services.redis_url())


@pytest.fixture
def smtp():
    from tests.identity.conftest import MailSink

    from aiosmtpd.controller import Controller

    sink = MailSink()
    controller = Controller(sink, hostname="127.0.0.1", port=services.free_port())
    controller.start()
    yield controller, sink
    controller.stop()


@pytest.fixture
def scaled_settings(tmp_path):
    """On the services pass: a fresh PostgreSQL database for the served Arena, and a Redis database
    of its own (the suite's database and Redis db are left to the suite)."""
    if not SERVICES:
        yield {}
        return
    base = services.database_url().rsplit("/", 1)[0]
    name = f"arena_served_{uuid.uuid4().hex[:10]}"
    admin = base.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    redis_url = services.redis_url().rsplit("/", 1)[0] + "/13"
    import redis

    redis.from_url(redis_url).flushdb()
    try:
        yield {"DATABASE_URL": f"{base}/{name}", "REDIS_URL": redis_url}
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def is_reset(msg) -> bool:
    return "/password/reset/" in msg.get_body(("plain",)).get_content()


def outbox_mail(instance, address: str) -> list:
    """Password-reset mails to ``address`` written to the outbox (demo data sends other mail too)."""
    found = []
    for path in sorted((instance / "outbox").glob("*.eml")):
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if address in msg["To"] and is_reset(msg):
            found.append(msg)
    return found


def request_reset(arena: ServedArena, address: str) -> float:
    """"Forgot your password" on the page; returns how long the server took to answer."""
    resp = arena.form_post(arena.browser(), "/password/forgot", {"email": address})
    assert resp.status_code == 200 and "a reset link is on its way" in resp.text, resp.status_code
    return resp.elapsed_submit


def api_token(arena: ServedArena, login: str) -> dict:
    resp = requests.post(f"{arena.url}/api/v1/auth/login", json={"login": login, "password": DEMO_PASSWORD},
                         timeout=30)
    assert resp.status_code == 200, resp.text
    return {"Authorization": f"Bearer {resp.json()['data']['access_token']}"}


def demo_contest_id(arena: ServedArena) -> int:
    contests = requests.get(f"{arena.url}/api/v1/contests?per_page=100", timeout=30).json()["data"]
    return next(c["id"] for c in contests if c["slug"] == "women-in-science-2025")


def job_state(arena: ServedArena, headers: dict, job_id: int) -> dict:
    resp = requests.get(f"{arena.url}/api/v1/jobs/{job_id}", headers=headers, timeout=30)
    assert resp.status_code == 200, resp.text
    return resp.json()["data"]


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def request_report(arena: ServedArena, organiser, contest_id: int) -> requests.Response:
    resp = arena.form_post(organiser, f"/jury/contests/{contest_id}/reports",
                           {"format": "leaderboard_csv", "top": "10"})
    assert resp.status_code == 200 and "The export is being prepared" in resp.text, resp.status_code
    return resp


def newest_report_job(arena: ServedArena, headers: dict, organiser, contest_id: int) -> dict:
    page = organiser.get(f"{arena.url}/jury/contests/{contest_id}/reports/jobs", timeout=30).text
    assert "Queued" in page or "Running" in page or "Ready" in page
    ids = [int(x) for x in __import__("re").findall(r'data-job-id="(\d+)"', page)]
    assert ids, page
    return job_state(arena, headers, max(ids))


def test_work_queued_by_the_server_reaches_its_worker(tmp_path, scaled_settings, request):
    settings = dict(scaled_settings)
    sink = None
    if SERVICES:  # mail goes to a real SMTP server when MAIL_SERVER is set
        controller, sink = request.getfixturevalue("smtp")
        settings.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=str(controller.port))
    instance = tmp_path / "instance"
    with ServedArena(instance, settings) as arena:
        # a password reset from the page delivers a mail within 10 seconds
        took = request_reset(arena, "organiser@arena.example")
        assert took < 5, f"the page took {took:.1f}s to answer"

        def delivered():
            if sink is not None:
                return [m for m in sink.to("organiser@arena.example") if is_reset(m)]
            return outbox_mail(instance, "organiser@arena.example")

        mails = wait_until(delivered, timeout=30)
        assert mails, "no reset mail within 10 s:\n" + arena.output()
        assert "/password/reset/" in mails[0].get_body(("plain",)).get_content()

        # a report requested from the page is ready within 15 seconds, and the page shows it
        organiser = arena.sign_in("organiser", DEMO_PASSWORD)
        headers = api_token(arena, "organiser")
        contest_id = demo_contest_id(arena)
        request_report(arena, organiser, contest_id)
        job = newest_report_job(arena, headers, organiser, contest_id)
        job = wait_until(lambda: (s := job_state(arena, headers, job["id"]))["status"] == "succeeded" and s,
                         timeout=15)
        assert job, "the report was not ready within 15 s:\n" + arena.output()
        latency = (parse_time(job["started_at"]) - parse_time(job["created_at"])).total_seconds()
        print(f"queued → started: {latency:.2f}s")
        assert latency < 4, latency  # the goal is 2 s on an idle worker; the margin is for a busy CI
        page = organiser.get(f"{arena.url}/jury/contests/{contest_id}/reports", timeout=30).text
        assert "Ready" in page and job["result"]["download_name"] in page
        download = organiser.get(arena.url + job["result"]["download_url"], timeout=30)
        assert download.status_code == 200 and b"rank" in download.content.lower()

        # resets in a row: one mail each, none lost and none doubled
        address = "alice@arena.example"
        for _ in range(3):
            request_reset(arena, address)
        def resets():
            return [m for m in sink.to(address) if is_reset(m)] if sink else outbox_mail(instance, address)

        assert wait_until(lambda: len(resets()) >= 3, timeout=15), arena.output()
        time.sleep(1)  # a doubled send would land within the worker's next poll
        assert len(resets()) == 3


@pytest.mark.wiki
def test_a_facts_refresh_reports_progress_from_the_served_worker(tmp_path, scaled_settings, wiki):
    settings = dict(scaled_settings, ARENA_WIKIS=json.dumps({TEST_WIKI_ID: wiki.api_url}),
                    ARENA_WIKI_TIMEOUT="5", ARENA_WIKI_MAX_RETRIES="0")
    with ServedArena(tmp_path / "instance", settings) as arena:
        admin, alice = api_token(arena, "admin"), api_token(arena, "alice")
        now = datetime.now(timezone.utc)
        created = requests.post(f"{arena.url}/api/v1/contests", headers=admin, timeout=30, json={
            "name": "Served refresh", "wikis": [TEST_WIKI_ID], "is_published": True,
            "starts_at": (now - timedelta(days=1)).isoformat(), "ends_at": (now + timedelta(days=5)).isoformat()})
        assert created.status_code == 201, created.text
        contest_id = created.json()["data"]["id"]
        for title in ("Ada Lovelace", "Alan Turing"):
            resp = requests.post(f"{arena.url}/api/v1/contests/{contest_id}/submissions", headers=alice,
                                 json={"article_url": wiki.article_url(title)}, timeout=30)
            assert resp.status_code == 201, resp.text
        job = requests.post(f"{arena.url}/api/v1/contests/{contest_id}/refresh", headers=admin, timeout=30)
        assert job.status_code == 202 and job.json()["data"]["status"] == "queued"
        job_id = job.json()["data"]["id"]
        seen = set()

        def finished():
            state = job_state(arena, admin, job_id)
            seen.add(state["status"])
            return state if state["status"] in ("succeeded", "failed") else None

        state = wait_until(finished, timeout=30, interval=0.1)
        assert state and state["status"] == "succeeded", (state, arena.output())
        assert state["progress"] == 100 and state["message"] == "Refreshed 2 of 2 submissions"
        assert state["attempts"] == 1


@pytest.mark.services
def test_with_the_broker_stopped_work_waits_and_then_runs_once(tmp_path, scaled_settings):
    if not SERVICES:
        pytest.skip("the broker is Redis on the PostgreSQL + Redis pass (the embedded broker is a file)")
    broker = services.RedisServer(str(tmp_path)).start()
    settings = dict(scaled_settings, CELERY_BROKER_URL=broker.url, CELERY_RESULT_BACKEND=broker.url,
                    ARENA_JOBS_SWEEP_SECONDS="2", ARENA_JOBS_STALE_SECONDS="3")
    instance = tmp_path / "instance"
    try:
        with ServedArena(instance, settings) as arena:
            organiser = arena.sign_in("organiser", DEMO_PASSWORD)
            headers = api_token(arena, "organiser")
            contest_id = demo_contest_id(arena)

            broker.stop()
            took = request_reset(arena, "bob@arena.example")
            assert took < 5, f"the page hung for {took:.1f}s on a broker that is down"
            assert request_report(arena, organiser, contest_id).elapsed_submit < 5
            job = newest_report_job(arena, headers, organiser, contest_id)
            assert job["status"] == "queued"  # kept, and shown as such
            time.sleep(3)
            assert job_state(arena, headers, job["id"])["status"] == "queued"
            assert outbox_mail(instance, "bob@arena.example") == []

            broker.start()  # the same port, empty: the messages must come from Arena's own record
            done = wait_until(lambda: job_state(arena, headers, job["id"])["status"] == "succeeded", timeout=60)
            assert done, arena.output()
            assert wait_until(lambda: outbox_mail(instance, "bob@arena.example"), timeout=30), arena.output()
            time.sleep(5)  # two more sweeps: nothing may be sent twice
            assert len(outbox_mail(instance, "bob@arena.example")) == 1
            assert job_state(arena, headers, job["id"])["attempts"] == 1
    finally:
        broker.stop()


RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672//"


@pytest.mark.services
def test_work_reaches_the_worker_through_rabbitmq(tmp_path, scaled_settings):
    """The same journeys with RabbitMQ as the broker (a queue of this test's own on the machine's
    RabbitMQ, removed afterwards)."""
    if not SERVICES:
        pytest.skip("RabbitMQ is a scaled service: runs in the PostgreSQL + Redis pass")
    from kombu import Connection

    queue = f"arena-test-{uuid.uuid4().hex[:8]}"
    settings = dict(scaled_settings, CELERY_BROKER_URL=RABBITMQ_URL, ARENA_CELERY_TASK_DEFAULT_QUEUE=queue)
    instance = tmp_path / "instance"
    try:
        with ServedArena(instance, settings) as arena:
            assert request_reset(arena, "juror1@arena.example") < 5
            assert wait_until(lambda: outbox_mail(instance, "juror1@arena.example"), timeout=10), arena.output()
            organiser = arena.sign_in("organiser", DEMO_PASSWORD)
            headers = api_token(arena, "organiser")
            contest_id = demo_contest_id(arena)
            request_report(arena, organiser, contest_id)
            job = newest_report_job(arena, headers, organiser, contest_id)
            done = wait_until(lambda: job_state(arena, headers, job["id"])["status"] == "succeeded", timeout=15)
            assert done, arena.output()
            assert job_state(arena, headers, job["id"])["attempts"] == 1
    finally:
        with Connection(RABBITMQ_URL, connect_timeout=5) as conn:
            conn.default_channel.queue_delete(queue)


def test_rate_limits_hold_at_their_value_on_the_embedded_default(tmp_path):
    """``arena serve`` without Redis keeps rate-limit counters in its web process, so it runs one web
    process (with threads): a limit counted over fresh connections is exactly its value."""
    if SERVICES:
        pytest.skip("the embedded default has no Redis: runs in the SQLite pass")
    with ServedArena(tmp_path / "instance", demo=False) as arena:
        statuses = []
        for i in range(11):  # AUTH_RATE_LIMIT is 10/minute per client; a new connection each time
            with requests.Session() as fresh:
                statuses.append(fresh.post(f"{arena.url}/api/v1/auth/login", timeout=30,
                                           json={"login": f"nobody{i}", "password": "not the password"}))
        assert [r.status_code for r in statuses[:10]] == [401] * 10, [r.text for r in statuses[:10]]
        assert statuses[10].status_code == 429 and int(statuses[10].headers["Retry-After"]) > 0
