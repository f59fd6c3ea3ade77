"""API keys: shown once, stored hashed, scoped, limited, revocable; failed uses audited."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.identity.models import ApiKey, AuditEvent
from tests.conftest import envelope_ok


@pytest.fixture
def alice(create_user):
    return create_user("alice")


def make_key(client, headers, **fields):
    return client.post("/api/v1/api-keys", json={"name": "script", **fields}, headers=headers)


def failures():
    db.session.rollback()
    return [e.details["reason"] for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.event_type == "api_key.failed").order_by(AuditEvent.id))]


def test_a_key_is_shown_once_and_stored_as_a_hash(client, alice, auth_headers):
    data = envelope_ok(make_key(client, auth_headers(alice), scopes=["read", "write"]), 201)
    secret = data["key"]
    assert secret.startswith("arena_") and len(secret) >= 40 and data["prefix"] == secret[:12]
    assert data["scopes"] == ["read", "write"] and data["status"] == "active"
    expires = data["expires_at"]
    assert expires[:10] == (utcnow() + timedelta(days=365)).date().isoformat()
    listed = envelope_ok(client.get("/api/v1/api-keys", headers=auth_headers(alice)))
    assert len(listed) == 1 and "key" not in listed[0]
    db.session.rollback()
    row = db.session.scalar(select(ApiKey))
    assert secret not in (row.key_hash, row.prefix, row.name) and len(row.key_hash) == 64


def test_a_key_authenticates_with_its_scopes(client, alice, auth_headers):
    read_only = envelope_ok(make_key(client, auth_headers(alice), scopes=["read"]), 201)["key"]
    me = envelope_ok(client.get("/api/v1/auth/me", headers={"X-API-Key": read_only}))
    assert me["username"] == "alice"
    refused = client.patch("/api/v1/auth/me", json={"bio": "x"}, headers={"X-API-Key": read_only})
    assert refused.status_code == 403 and "write" in refused.get_json()["message"]
    writer = envelope_ok(make_key(client, auth_headers(alice), scopes=["read", "write"]), 201)["key"]
    assert envelope_ok(client.patch("/api/v1/auth/me", json={"bio": "x"}, headers={"X-API-Key": writer}))["bio"] == "x"
    db.session.rollback()
    used = db.session.scalars(select(ApiKey).order_by(ApiKey.id)).all()
    assert used[0].use_count == 1 and used[0].last_used_at is not None  # the refused call changed nothing
    # a key cannot manage keys or change the password
    assert make_key(client, {"X-API-Key": writer}).status_code == 403


def test_admin_scope_only_for_admins(client, alice, create_user, auth_headers):
    resp = make_key(client, auth_headers(alice), scopes=["read", "admin"])
    assert resp.status_code == 422 and "scopes" in resp.get_json()["errors"]
    root = create_user("root", role="admin")
    key = envelope_ok(make_key(client, auth_headers(root), scopes=["read", "admin"]), 201)["key"]
    assert client.get("/api/v1/users", headers={"X-API-Key": key}).status_code == 200
    plain = envelope_ok(make_key(client, auth_headers(root), scopes=["read"]), 201)["key"]
    assert client.get("/api/v1/users", headers={"X-API-Key": plain}).status_code == 403
    # an admin demoted keeps the key but loses what it granted beyond the new role
    db.session.rollback()
    db.session.get(type(root), root.id).role = "user"
    db.session.commit()
    assert client.get("/api/v1/users", headers={"X-API-Key": key}).status_code == 403


def test_at_most_five_active_keys(client, alice, auth_headers):
    ids = [envelope_ok(make_key(client, auth_headers(alice)), 201)["id"] for _ in range(5)]
    sixth = make_key(client, auth_headers(alice))
    assert sixth.status_code == 409
    envelope_ok(client.delete(f"/api/v1/api-keys/{ids[0]}", headers=auth_headers(alice)))
    envelope_ok(make_key(client, auth_headers(alice)), 201)


def test_revoked_key_stops_working_and_failures_are_recorded(client, alice, auth_headers):
    data = envelope_ok(make_key(client, auth_headers(alice)), 201)
    key = data["key"]
    assert client.get("/api/v1/auth/me", headers={"X-API-Key": key}).status_code == 200
    revoked = envelope_ok(client.delete(f"/api/v1/api-keys/{data['id']}", headers=auth_headers(alice)))
    assert revoked["status"] == "revoked"
    for header, reason in [(key, "revoked"), ("", "missing"), ("arena_short", "malformed"),
                           ("arena_" + "A" * 43, "unknown")]:
        resp = client.get("/api/v1/auth/me", headers={"X-API-Key": header})
        assert resp.status_code == 401, header
    assert failures() == ["revoked", "missing", "malformed", "unknown"]
    db.session.rollback()
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.event_type == "api_key.revoked"))
    assert event.actor_id == alice.id and event.details["key_id"] == data["id"]


def test_expired_key_is_refused(client, alice, auth_headers):
    data = envelope_ok(make_key(client, auth_headers(alice), expires_in_days=1), 201)
    db.session.rollback()
    row = db.session.get(ApiKey, data["id"])
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    resp = client.get("/api/v1/auth/me", headers={"X-API-Key": data["key"]})
    assert resp.status_code == 401 and "expired" in resp.get_json()["message"]
    assert failures() == ["expired"]


def test_others_keys_answer_404(client, alice, create_user, auth_headers):
    bob = create_user("bob")
    key_id = envelope_ok(make_key(client, auth_headers(alice)), 201)["id"]
    assert client.delete(f"/api/v1/api-keys/{key_id}", headers=auth_headers(bob)).status_code == 404
    assert client.delete("/api/v1/api-keys/99999", headers=auth_headers(bob)).status_code == 404
    assert envelope_ok(client.get("/api/v1/api-keys", headers=auth_headers(bob))) == []
    db.session.rollback()
    assert db.session.get(ApiKey, key_id).revoked_at is None


def test_each_key_has_its_own_rate_limit(app, client, alice, auth_headers):
    app.config["API_KEY_RATE_LIMIT"] = "3/minute"
    first = envelope_ok(make_key(client, auth_headers(alice)), 201)["key"]
    second = envelope_ok(make_key(client, auth_headers(alice)), 201)["key"]
    for _ in range(3):
        assert client.get("/api/v1/auth/me", headers={"X-API-Key": first}).status_code == 200
    limited = client.get("/api/v1/auth/me", headers={"X-API-Key": first})
    assert limited.status_code == 429 and 0 < int(limited.headers["Retry-After"]) <= 60
    assert limited.get_json()["success"] is False
    assert client.get("/api/v1/auth/me", headers={"X-API-Key": second}).status_code == 200


def test_unknown_fields_and_bad_values_are_rejected(client, alice, auth_headers):
    for body in ({"name": "x", "user_id": 99}, {"name": "x", "scopes": ["root"]}, {"name": "x", "scopes": []},
                 {"name": "x", "expires_in_days": 0}, {"scopes": ["read"]}):
        resp = client.post("/api/v1/api-keys", json=body, headers=auth_headers(alice))
        assert resp.status_code == 422, body
    assert envelope_ok(client.get("/api/v1/api-keys", headers=auth_headers(alice))) == []
