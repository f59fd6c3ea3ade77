"""Roles, bans and the audit log: who may do what, and that each change is recorded."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.identity.models import AuditEvent, User
from tests.conftest import PASSWORD, envelope_ok


@pytest.fixture
def people(create_user):
    return {
        "super": create_user("boss", role="superadmin"),
        "admin": create_user("mod", role="admin"),
        "alice": create_user("alice"),
        "bob": create_user("bob", display_name="Bobby Tables"),
    }


def role_of(user_id):
    db.session.rollback()
    return db.session.get(User, user_id).role


def test_only_admins_list_and_search_users(client, people, auth_headers):
    assert client.get("/api/v1/users").status_code == 401
    assert client.get("/api/v1/users", headers=auth_headers(people["alice"])).status_code == 403
    everyone = envelope_ok(client.get("/api/v1/users", headers=auth_headers(people["admin"])))
    assert [u["username"] for u in everyone] == ["alice", "bob", "boss", "mod"]
    found = envelope_ok(client.get("/api/v1/users?q=tables", headers=auth_headers(people["admin"])))
    assert [u["username"] for u in found] == ["bob"]
    assert envelope_ok(client.get("/api/v1/users?q=%25", headers=auth_headers(people["admin"]))) == []
    assert client.get(f"/api/v1/users/{people['bob'].id}", headers=auth_headers(people["alice"])).status_code == 403


def test_listing_users_takes_a_bounded_number_of_queries(client, create_user, people, auth_headers, count_queries):
    for i in range(30):
        create_user(f"extra{i}")
    headers = auth_headers(people["admin"])
    envelope_ok(client.get("/api/v1/users?per_page=1", headers=headers))  # the token's check is cached on Redis
    counts = []
    for per_page in (5, 30):
        with count_queries() as log:
            envelope_ok(client.get(f"/api/v1/users?per_page={per_page}", headers=headers))
            envelope_ok(client.get(f"/api/v1/audit-events?per_page={per_page}", headers=headers))
        counts.append(len(log))
    assert counts[0] == counts[1]


def test_role_changes(client, people, auth_headers):
    sup, adm, alice, bob = people["super"], people["admin"], people["alice"], people["bob"]
    put = lambda who, target, role: client.put(f"/api/v1/users/{target.id}/role", json={"role": role},  # noqa: E731
                                               headers=auth_headers(who))
    assert put(alice, bob, "admin").status_code == 403          # users cannot
    assert put(adm, bob, "admin").status_code == 403            # admins cannot make admins
    assert put(adm, adm, "user").status_code == 403             # nobody changes their own role
    assert put(adm, sup, "user").status_code == 409             # the last superadmin stays one (says so)
    assert put(sup, sup, "user").status_code == 409
    assert put(sup, bob, "king").status_code == 422
    assert role_of(bob.id) == "user" and role_of(sup.id) == "superadmin"
    assert envelope_ok(put(sup, bob, "admin"))["role"] == "admin"
    assert role_of(bob.id) == "admin"
    event_ = db.session.scalar(select(AuditEvent).where(AuditEvent.event_type == "role.changed"))
    assert (event_.actor_id, event_.subject_id, event_.details) == (sup.id, bob.id, {"from": "user", "to": "admin"})


def test_nobody_makes_themselves_admin_through_any_input(client, people, auth_headers):
    alice = people["alice"]
    headers = auth_headers(alice)
    for body in ({"role": "admin"}, {"role": "superadmin"}, {"is_admin": True}, {"bio": "x", "role": "admin"}):
        assert client.patch("/api/v1/auth/me", json=body, headers=headers).status_code == 422
    assert client.patch("/api/v1/auth/me/preferences", json={"role": "admin"}, headers=headers).status_code == 422
    assert client.put(f"/api/v1/users/{alice.id}/role", json={"role": "admin"}, headers=headers).status_code == 403
    forged = auth_headers(alice, role="superadmin")  # a claim in the token is not a role
    assert client.get("/api/v1/users", headers=forged).status_code == 403
    assert role_of(alice.id) == "user"


def test_ban_and_unban(client, people, auth_headers):
    adm, alice, sup = people["admin"], people["alice"], people["super"]
    tokens = envelope_ok(client.post("/api/v1/auth/login", json={"login": "alice", "password": PASSWORD}))
    client.delete_cookie("access_token_cookie", path="/api/")
    assert client.post(f"/api/v1/users/{sup.id}/ban", json={}, headers=auth_headers(adm)).status_code == 409  # the last
    assert client.post(f"/api/v1/users/{adm.id}/ban", json={}, headers=auth_headers(adm)).status_code == 403
    banned = envelope_ok(client.post(f"/api/v1/users/{alice.id}/ban", json={"reason": "spam"}, headers=auth_headers(adm)))
    assert banned["is_banned"] is True and banned["ban_reason"] == "spam"
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert me.status_code == 401
    assert client.post("/api/v1/auth/login", json={"login": "alice", "password": PASSWORD}).status_code == 401
    envelope_ok(client.post(f"/api/v1/users/{alice.id}/unban", headers=auth_headers(adm)))
    envelope_ok(client.post("/api/v1/auth/login", json={"login": "alice", "password": PASSWORD}))
    db.session.rollback()
    types = [e.event_type for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.subject_id == alice.id).order_by(AuditEvent.id))]
    assert "user.banned" in types and "user.unbanned" in types


def test_audit_events_filters_and_pages(client, people, auth_headers):
    alice, adm = people["alice"], people["admin"]
    for _ in range(3):
        client.post("/api/v1/auth/login", json={"login": "alice", "password": "wrong password!!"})
    envelope_ok(client.post("/api/v1/auth/login", json={"login": "alice", "password": PASSWORD},
                            headers={"User-Agent": "curl/8.0"}))
    headers = auth_headers(adm)
    assert client.get("/api/v1/audit-events", headers=auth_headers(alice)).status_code == 403
    failed = client.get(f"/api/v1/audit-events?event_type=login.failed&subject_id={alice.id}&per_page=2",
                        headers=headers).get_json()
    assert failed["meta"]["total"] == 3 and failed["meta"]["pages"] == 2 and len(failed["data"]) == 2
    assert failed["data"][0]["subject"]["username"] == "alice" and failed["data"][0]["ip"] == "127.0.0.1"
    ok = envelope_ok(client.get(f"/api/v1/audit-events?event_type=login.succeeded&actor_id={alice.id}",
                                headers=headers))
    assert len(ok) == 1 and ok[0]["user_agent"] == "curl/8.0"
    future = (utcnow() + timedelta(days=1)).isoformat()
    assert envelope_ok(client.get("/api/v1/audit-events", query_string={"since": future}, headers=headers)) == []
    assert len(envelope_ok(client.get("/api/v1/audit-events", query_string={"until": future},
                                      headers=headers))) >= 4
    assert client.get("/api/v1/audit-events?since=yesterday", headers=headers).status_code == 422
    mine = envelope_ok(client.get("/api/v1/auth/me/audit-events", headers=auth_headers(alice)))
    assert {e["event_type"] for e in mine} >= {"login.failed", "login.succeeded", "user.registered"}
    assert all(alice.id in (e["actor"] and e["actor"]["id"], e["subject"] and e["subject"]["id"]) for e in mine)
