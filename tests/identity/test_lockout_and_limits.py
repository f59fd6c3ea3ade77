"""Lockout after failed sign-ins and the per-IP limit on authentication endpoints."""

from datetime import timedelta

from sqlalchemy import select

from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.identity.models import AuditEvent, User
from tests.conftest import PASSWORD, envelope_ok


def login(client, password, who="alice", **kw):
    return client.post("/api/v1/auth/login", json={"login": who, "password": password}, **kw)


def test_five_failures_lock_the_account_for_fifteen_minutes(client, create_user):
    alice = create_user("alice")
    for _ in range(4):
        assert login(client, "wrong password!!").status_code == 401
    locked = login(client, "wrong password!!")
    assert locked.status_code == 429
    assert "locked for 15 more minutes" in locked.get_json()["message"]
    assert 14 * 60 < int(locked.headers["Retry-After"]) <= 15 * 60
    # even the right password is refused while locked, and the user is told why
    again = login(client, PASSWORD)
    assert again.status_code == 429 and "locked" in again.get_json()["message"]
    db.session.rollback()
    user = db.session.get(User, alice.id)
    assert user.locked_until > utcnow() + timedelta(minutes=14)
    types = [e.event_type for e in db.session.scalars(select(AuditEvent).where(AuditEvent.subject_id == alice.id))]
    assert types.count("login.failed") == 6 and types.count("account.locked") == 1

    # fifteen minutes later the right password works again
    user.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    envelope_ok(login(client, PASSWORD))


def test_lockout_settings_are_configurable(app, client, create_user):
    app.config.update(LOGIN_MAX_FAILURES=2, LOGIN_LOCKOUT_MINUTES=1)
    create_user("alice")
    assert login(client, "wrong password!!").status_code == 401
    resp = login(client, "wrong password!!")
    assert resp.status_code == 429 and int(resp.headers["Retry-After"]) <= 60


def test_a_success_resets_the_failure_count(client, create_user):
    create_user("alice")
    for _ in range(4):
        login(client, "wrong password!!")
    envelope_ok(login(client, PASSWORD))
    for _ in range(4):
        assert login(client, "wrong password!!").status_code == 401


def test_authentication_endpoints_are_limited_per_ip(client, create_user):
    create_user("alice")
    statuses = []
    for i in range(10):
        endpoint = ("/api/v1/auth/login", "/api/v1/auth/register", "/api/v1/auth/password-reset")[i % 3]
        statuses.append(client.post(endpoint, json={}).status_code)
    assert 429 not in statuses
    limited = login(client, PASSWORD)
    assert limited.status_code == 429
    body = limited.get_json()
    assert body["success"] is False and body["message"]
    assert 0 < int(limited.headers["Retry-After"]) <= 60
    # another client address has its own allowance
    other = login(client, PASSWORD, environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert other.status_code == 200


def test_sign_in_page_is_limited_too(client):
    for _ in range(10):
        client.post("/login", data={})
    resp = client.post("/login", data={})
    assert resp.status_code == 429 and "Retry-After" in resp.headers
    assert 'role="alert"' in resp.get_data(as_text=True)
