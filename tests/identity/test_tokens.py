"""API tokens: access and refresh JWTs, rotation, reuse detection, sign-out, forgeries."""

import base64
import json
from datetime import timedelta

import jwt as pyjwt

from flask_jwt_extended import create_access_token, create_refresh_token
from sqlalchemy import select

from arena.extensions import cache, db
from arena.identity.models import AuditEvent, User
from tests.conftest import PASSWORD, envelope_ok, make_app
from tests.identity.conftest import bearer


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def parts(token: str):
    header, payload, signature = token.split(".")
    pad = lambda s: s + "=" * (-len(s) % 4)  # noqa: E731
    return (json.loads(base64.urlsafe_b64decode(pad(header))), json.loads(base64.urlsafe_b64decode(pad(payload))),
            signature)


def me(client, token, **kw):
    return client.get("/api/v1/auth/me", headers=bearer(token), **kw)


def test_login_returns_tokens_and_http_only_cookies(client, create_user):
    create_user("alice")
    resp = client.post("/api/v1/auth/login", json={"login": "alice", "password": PASSWORD})
    data = envelope_ok(resp)
    assert data["token_type"] == "Bearer" and data["expires_in"] == 30 * 60
    assert data["refresh_expires_in"] == 7 * 24 * 3600 and data["user"]["username"] == "alice"
    _, claims, _ = parts(data["access_token"])
    assert claims["type"] == "access" and claims["exp"] - claims["iat"] == 30 * 60
    _, rclaims, _ = parts(data["refresh_token"])
    assert rclaims["type"] == "refresh" and rclaims["exp"] - rclaims["iat"] == 7 * 24 * 3600
    cookies = {c.split("=", 1)[0]: c for c in resp.headers.getlist("Set-Cookie")}
    assert "HttpOnly" in cookies["access_token_cookie"] and "HttpOnly" in cookies["refresh_token_cookie"]
    assert "SameSite=Lax" in cookies["access_token_cookie"]
    assert "HttpOnly" not in cookies["csrf_access_token"]  # read by scripts for the double submit
    assert envelope_ok(me(client, data["access_token"]))["username"] == "alice"


def test_cookie_authentication_needs_the_double_submit_header(client, create_user):
    create_user("alice")
    envelope_ok(client.post("/api/v1/auth/login", json={"login": "alice", "password": PASSWORD}))
    assert envelope_ok(client.get("/api/v1/auth/me"))["username"] == "alice"  # cookie, safe method
    refused = client.patch("/api/v1/auth/me", json={"bio": "hello"})
    assert refused.status_code == 401 and "CSRF" in refused.get_json()["message"]
    csrf = client.get_cookie("csrf_access_token").value
    ok = client.patch("/api/v1/auth/me", json={"bio": "hello"}, headers={"X-CSRF-TOKEN": csrf})
    assert envelope_ok(ok)["bio"] == "hello"


def test_refresh_rotates_and_reuse_revokes_the_family(client, create_user):
    alice = create_user("alice")
    first = envelope_ok(client.post("/api/v1/auth/login", json={"login": "alice", "password": PASSWORD}))
    client.delete_cookie("refresh_token_cookie", path="/api/v1/auth/")
    second = envelope_ok(client.post("/api/v1/auth/refresh", headers=bearer(first["refresh_token"])))
    assert second["refresh_token"] != first["refresh_token"]
    assert envelope_ok(me(client, second["access_token"]))["id"] == alice.id

    # a thief replays the first refresh token: reuse; the whole sign-in is revoked
    reuse = client.post("/api/v1/auth/refresh", headers=bearer(first["refresh_token"]))
    assert reuse.status_code == 401 and "already used" in reuse.get_json()["message"]
    assert client.post("/api/v1/auth/refresh", headers=bearer(second["refresh_token"])).status_code == 401
    assert me(client, second["access_token"]).status_code == 401
    assert me(client, first["access_token"]).status_code == 401
    db.session.rollback()
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.event_type == "token.refresh_reuse")).all()
    assert len(events) == 1 and events[0].subject_id == alice.id

    # another sign-in of the same user is not affected
    other = envelope_ok(client.post("/api/v1/auth/login", json={"login": "alice", "password": PASSWORD}))
    assert me(client, other["access_token"]).status_code == 200


def test_refresh_with_the_cookie_needs_csrf(client, create_user):
    create_user("alice")
    envelope_ok(client.post("/api/v1/auth/login", json={"login": "alice", "password": PASSWORD}))
    assert client.post("/api/v1/auth/refresh").status_code == 401
    csrf = client.get_cookie("csrf_refresh_token", path="/").value
    renewed = envelope_ok(client.post("/api/v1/auth/refresh", headers={"X-CSRF-TOKEN": csrf}))
    assert me(client, renewed["access_token"]).status_code == 200


def test_logout_revokes_the_tokens_presented(client, create_user):
    create_user("alice")
    tokens = envelope_ok(client.post("/api/v1/auth/login", json={"login": "alice", "password": PASSWORD}))
    client.delete_cookie("access_token_cookie", path="/api/")
    client.delete_cookie("refresh_token_cookie", path="/api/v1/auth/")
    envelope_ok(client.post("/api/v1/auth/logout", headers=bearer(tokens["access_token"])))
    replay = me(client, tokens["access_token"])
    assert replay.status_code == 401 and replay.get_json()["message"] == "The token has been revoked."
    assert client.post("/api/v1/auth/refresh", headers=bearer(tokens["refresh_token"])).status_code == 401


def test_revocation_survives_a_restart_of_app_and_cache(config, client, create_user):
    create_user("alice")
    tokens = envelope_ok(client.post("/api/v1/auth/login", json={"login": "alice", "password": PASSWORD}))
    client.delete_cookie("access_token_cookie", path="/api/")
    envelope_ok(client.post("/api/v1/auth/logout", headers=bearer(tokens["access_token"])))
    cache.clear()  # Redis (or the in-process cache) forgets everything
    fresh = make_app(config)  # a new process' app
    with fresh.app_context():
        cache.clear()
        resp = fresh.test_client().get("/api/v1/auth/me", headers=bearer(tokens["access_token"]))
    assert resp.status_code == 401


def test_forged_tokens_are_refused(app, client, create_user):
    alice = create_user("alice")
    root = create_user("root", role="admin")
    token = envelope_ok(client.post("/api/v1/auth/login", json={"login": "alice", "password": PASSWORD}))["access_token"]
    client.delete_cookie("access_token_cookie", path="/api/")
    header, claims, signature = parts(token)

    alg_none = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims)}."
    assert me(client, alg_none).status_code == 401
    bad_signature = pyjwt.encode(claims, "some-other-secret-key-0123456789-0123456789", algorithm="HS256")
    assert me(client, bad_signature).status_code == 401
    tampered = f"{b64(header)}.{b64({**claims, 'sub': str(root.id)})}.{signature}"
    assert me(client, tampered).status_code == 401
    truncated = token[:-3]
    assert me(client, truncated).status_code == 401
    assert me(client, "not-a-jwt").status_code == 401
    assert envelope_ok(me(client, token))["id"] == alice.id


def test_wrong_token_type_and_expiry(app, client, create_user):
    alice = create_user("alice")
    tokens = envelope_ok(client.post("/api/v1/auth/login", json={"login": "alice", "password": PASSWORD}))
    client.delete_cookie("access_token_cookie", path="/api/")
    client.delete_cookie("refresh_token_cookie", path="/api/v1/auth/")
    as_access = me(client, tokens["refresh_token"])
    assert as_access.status_code == 401 and "Wrong kind" in as_access.get_json()["message"]
    assert client.post("/api/v1/auth/refresh", headers=bearer(tokens["access_token"])).status_code == 401
    expired = create_access_token(identity=str(alice.id), expires_delta=timedelta(seconds=-5))
    resp = me(client, expired)
    assert resp.status_code == 401 and resp.get_json()["message"] == "The token has expired."
    expired_refresh = create_refresh_token(identity=str(alice.id), expires_delta=timedelta(seconds=-5))
    assert client.post("/api/v1/auth/refresh", headers=bearer(expired_refresh)).status_code == 401


def test_banned_users_tokens_stop_working(client, create_user, auth_headers):
    create_user("alice")
    tokens = envelope_ok(client.post("/api/v1/auth/login", json={"login": "alice", "password": PASSWORD}))
    client.delete_cookie("access_token_cookie", path="/api/")
    client.delete_cookie("refresh_token_cookie", path="/api/v1/auth/")
    admin = create_user("root", role="admin")
    alice_id = envelope_ok(me(client, tokens["access_token"]))["id"]
    envelope_ok(client.post(f"/api/v1/users/{alice_id}/ban", json={"reason": "spam"}, headers=auth_headers(admin)))
    assert me(client, tokens["access_token"]).status_code == 401
    assert client.post("/api/v1/auth/refresh", headers=bearer(tokens["refresh_token"])).status_code == 401
    db.session.rollback()
    assert db.session.get(User, alice_id).is_banned


def test_expired_revocations_are_purged(client, create_user):
    from arena.identity import tasks
    from arena.identity.models import RefreshToken, RevokedToken

    create_user("alice")
    tokens = envelope_ok(client.post("/api/v1/auth/login", json={"login": "alice", "password": PASSWORD}))
    client.delete_cookie("access_token_cookie", path="/api/")
    envelope_ok(client.post("/api/v1/auth/logout", headers=bearer(tokens["access_token"])))
    assert tasks.purge_expired_tokens.apply().get() == 0  # still live: kept
    db.session.rollback()
    from arena.core.timeutil import utcnow

    revoked = db.session.scalars(select(RevokedToken)).all()
    assert {r.token_type for r in revoked} == {"access", "refresh"}  # logout revoked both it was shown
    for row in revoked:
        row.expires_at = utcnow() - timedelta(seconds=1)
    for row in db.session.scalars(select(RefreshToken)):
        row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert tasks.purge_expired_tokens.apply().get() == len(revoked)
    db.session.rollback()
    assert db.session.scalars(select(RevokedToken)).all() == [] and db.session.scalars(select(RefreshToken)).all() == []


def _signed_in_token(client):
    token = envelope_ok(client.post("/api/v1/auth/login", json={"login": "alice", "password": PASSWORD}))["access_token"]
    client.delete_cookie("access_token_cookie", path="/api/")
    client.delete_cookie("refresh_token_cookie", path="/api/v1/auth/")
    return token


def test_sign_out_in_another_process_ends_a_token_in_use_at_once(config, client, create_user):
    create_user("alice")
    token = _signed_in_token(client)
    assert me(client, token).status_code == 200
    assert me(client, token).status_code == 200  # with Redis, its "not revoked" verdict is now kept
    other = make_app(config)  # another web process (sharing Redis in the scaled pass)
    with other.app_context():
        envelope_ok(other.test_client().post("/api/v1/auth/logout", headers=bearer(token)))
    replay = me(client, token)
    assert replay.status_code == 401 and replay.get_json()["message"] == "The token has been revoked."


def test_token_in_use_is_not_looked_up_in_the_blocklist_again_on_redis(client, create_user, count_queries):
    from tests.support import services

    if not services.redis_url():
        import pytest

        pytest.skip("a kept verdict needs a cache shared by every process (Redis)")
    create_user("alice")
    token = _signed_in_token(client)
    assert me(client, token).status_code == 200
    with count_queries() as log:
        assert me(client, token).status_code == 200
    assert not [s for s in log.statements if "revoked_tokens" in s or "auth_sessions" in s]


def test_token_in_use_costs_no_user_query_on_redis_and_changes_count_at_once(client, create_user, count_queries,
                                                                            config):
    """On Redis the person behind a token is kept under their own generation: a token in use reads
    no row, and a role change, a password change (session version) or a ban committed by another
    process counts on the very next request."""
    from tests.support import services

    if not services.redis_url():
        import pytest

        pytest.skip("a kept row needs a cache shared by every process (Redis)")
    alice = create_user("alice")
    db.session.commit()
    token = _signed_in_token(client)
    assert envelope_ok(me(client, token))["role"] == "user"
    with count_queries() as log:
        assert envelope_ok(me(client, token))["role"] == "user"
    # the check read no row; only the e-mail this page shows (not kept in the cache) was loaded
    assert not [s for s in log.statements if "FROM users" in s and "users.role" in s]

    other = make_app(config)  # another web process sharing Redis
    with other.app_context():
        user = db.session.get(User, alice.id)
        user.role = "admin"
        db.session.commit()
    assert envelope_ok(me(client, token))["role"] == "admin"

    with other.app_context():
        user = db.session.get(User, alice.id)
        user.is_banned = True
        db.session.commit()
    assert me(client, token).status_code == 401

    with other.app_context():
        user = db.session.get(User, alice.id)
        user.is_banned, user.session_version = False, user.session_version + 1
        db.session.commit()
    assert me(client, token).status_code == 401  # signed out by the new session version
