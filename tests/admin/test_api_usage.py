"""API usage: identity logs each API-key call and failed authentication; a nightly task rolls a day
up per key and user (calls, failed authentications, last use, top endpoints) for the admin page and
the overview, and forgets raw rows past the keeping period."""

import re
from datetime import datetime, timedelta, timezone

import time_machine
from sqlalchemy import func, select

from arena.extensions import db
from arena.identity import apikeys, tasks
from arena.identity.models import ApiKeyUse, ApiUsageDay
from tests.conftest import sign_in_session

DAY = datetime(2025, 5, 6, 9, 0, tzinfo=timezone.utc)


def use_keys(client, create_user):
    admin, alice = create_user("root", role="admin"), create_user("alice")
    key, secret = apikeys.create_api_key(alice, name="robot", scopes=["read"], actor=alice)
    old, old_secret = apikeys.create_api_key(alice, name="old one", scopes=["read"], actor=alice)
    apikeys.revoke_api_key(old, actor=alice)
    db.session.commit()
    with time_machine.travel(DAY, tick=False) as clock:
        for _ in range(3):
            assert client.get("/api/v1/auth/me", headers={"X-API-Key": secret}).status_code == 200
        clock.shift(timedelta(hours=5))
        assert client.get("/api/v1/contests", headers={"X-API-Key": secret}).status_code == 200
        assert client.get("/api/v1/auth/me", headers={"X-API-Key": old_secret}).status_code == 401
        assert client.get("/api/v1/auth/me", headers={"X-API-Key": "arena_" + "x" * 43}).status_code == 401
    return admin, alice, key, old


def test_a_day_is_rolled_up_per_key_with_calls_failures_last_use_and_top_endpoints(client, create_user):
    admin, alice, key, old = use_keys(client, create_user)
    with time_machine.travel(DAY + timedelta(days=1, hours=-8), tick=False):
        result = tasks.rollup_api_usage.delay().get()
        assert result["day"] == "2025-05-06" and result["rows"] == 3
        again = tasks.rollup_api_usage.delay("2025-05-06").get()  # redoing a day gives the same rows
        assert again["rows"] == 3
    db.session.expire_all()
    rows = {r.api_key_id: r for r in db.session.scalars(select(ApiUsageDay))}
    assert len(rows) == 3
    assert (rows[key.id].calls, rows[key.id].failed_auth) == (4, 0)
    assert rows[key.id].last_used_at == DAY + timedelta(hours=5)
    assert rows[key.id].top_endpoints == [["GET /api/v1/auth/me", 3], ["GET /api/v1/contests", 1]]
    assert (rows[old.id].calls, rows[old.id].failed_auth, rows[old.id].user_id) == (0, 1, alice.id)
    assert (rows[None].calls, rows[None].failed_auth, rows[None].user_id) == (0, 1, None)  # an unknown key

    with time_machine.travel(DAY + timedelta(days=1, hours=2), tick=False):
        sign_in_session(client, admin)
        page = client.get("/admin/api-usage").get_data(as_text=True)
        assert "robot" in page and "GET /api/v1/auth/me</code> (3)" in page
        assert "old one" in page and "unknown key" in page
        mine = client.get("/admin/api-usage?user=alice").get_data(as_text=True)
        assert "robot" in mine and "unknown key" not in mine
        nobody = client.get("/admin/api-usage?user=nobody-here").get_data(as_text=True)
        assert "No API use recorded." in nobody
        overview = client.get("/admin").get_data(as_text=True)
        calls = re.search(r'figure-api-calls-daily-title">(.*?)</figure>', overview, re.S).group(1)
        assert '<th scope="row">2025-05-06</th><td class="num">4</td>' in calls


def test_raw_rows_past_the_keeping_period_are_forgotten_and_the_task_runs_nightly(app, client, create_user):
    use_keys(client, create_user)
    assert db.session.scalar(select(func.count()).select_from(ApiKeyUse)) == 6, [
        (u.api_key_id, u.endpoint, u.ok) for u in db.session.scalars(select(ApiKeyUse))]
    with time_machine.travel(DAY + timedelta(days=app.config["API_USAGE_KEEP_DAYS"] - 1), tick=False):
        assert tasks.rollup_api_usage.delay().get()["forgotten"] == 0
    with time_machine.travel(DAY + timedelta(days=app.config["API_USAGE_KEEP_DAYS"], hours=6), tick=False):
        assert tasks.rollup_api_usage.delay().get()["forgotten"] == 6
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(ApiKeyUse)) == 0
    schedule = app.extensions["celery"].conf.beat_schedule["identity-rollup-api-usage"]
    assert schedule["task"] == "identity.rollup_api_usage"
