"""Admin's user pages: search by role and ban state; on one account, the points panel with balance,
ledger and adjustment form (fresh password), ending sign-ins and revoking API keys."""

import re
from datetime import timedelta

import time_machine

from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.identity import apikeys, tokens
from arena.identity.audit import events_stmt
from arena.points import operations as points
from arena.points.queries import account_of
from tests.conftest import sign_in_session


def csrf(html: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def names(html: str) -> set[str]:
    return set(re.findall(r'href="/admin/users/\d+">([^<]+)</a>', html))


def test_users_are_found_by_role_and_ban_state(client, create_user):
    admin = create_user("root", role="admin")
    create_user("alice")
    create_user("mallory", is_banned=True)
    create_user("helper", role="admin")
    sign_in_session(client, admin)
    assert names(client.get("/admin/users?role=admin").get_data(as_text=True)) == {"root", "helper"}
    assert names(client.get("/admin/users?banned=yes").get_data(as_text=True)) == {"mallory"}
    assert names(client.get("/admin/users?banned=no&role=user").get_data(as_text=True)) == {"alice"}
    assert names(client.get("/admin/users?q=al&banned=no").get_data(as_text=True)) == {"alice"}
    assert client.get("/admin/users?role=wizard").status_code == 422
    assert client.get("/admin/users?banned=maybe").status_code == 422


def test_the_points_panel_shows_the_ledger_and_adjusts_with_a_fresh_password(client, create_user):
    admin, alice = create_user("root", role="admin"), create_user("alice")
    points.adjust_points(alice, amount=40, reason="welcome gift", actor=admin)
    db.session.commit()
    with time_machine.travel(utcnow(), tick=False) as clock:
        sign_in_session(client, admin)
        page = client.get(f"/admin/users/{alice.id}").get_data(as_text=True)
        assert re.search(r'id="points-balance">40<', page) and "welcome gift" in page
        url = f"/points/admin/users/{alice.id}/adjust"
        bad = client.post(url, data={"csrf_token": csrf(page), "points-amount": "0", "points-reason": "oops"},
                          follow_redirects=True).get_data(as_text=True)
        assert re.search(r'id="points-balance">40<', bad) and "not zero" in bad, re.findall(r"flash-\w+\">([^<]*)", bad)
        done = client.post(url, data={"csrf_token": csrf(page), "points-amount": "-15", "points-reason": "correction"},
                           follow_redirects=True).get_data(as_text=True)
        assert re.search(r'id="points-balance">25<', done) and "correction" in done
        clock.shift(timedelta(minutes=10, seconds=1))
        stale = client.post(url, data={"csrf_token": csrf(page), "points-amount": "5", "points-reason": "late"})
        assert stale.status_code == 303 and "/reauthenticate" in stale.headers["Location"]
    assert account_of(alice.id)["balance"] == 25  # the stale attempt changed nothing


def test_an_admin_ends_a_sign_in_and_revokes_an_api_key(client, create_user):
    admin, alice = create_user("root", role="admin"), create_user("alice")
    session = tokens.open_session(alice, kind="api")
    key, _secret = apikeys.create_api_key(alice, name="bot", scopes=["read"], actor=alice)
    db.session.commit()
    sign_in_session(client, admin)
    page = client.get(f"/admin/users/{alice.id}").get_data(as_text=True)
    assert f"/sessions/{session.id}/end" in page and f"/api-keys/{key.id}/revoke" in page
    ended = client.post(f"/admin/users/{alice.id}/sessions/{session.id}/end", data={"csrf_token": csrf(page)},
                        follow_redirects=True).get_data(as_text=True)
    assert "Sign-in ended." in ended and f"/sessions/{session.id}/end" not in ended
    revoked = client.post(f"/admin/users/{alice.id}/api-keys/{key.id}/revoke", data={"csrf_token": csrf(page)},
                          follow_redirects=True).get_data(as_text=True)
    assert "revoked" in revoked, re.findall(r"flash-\w+\">([^<]*)", revoked)
    assert f"/api-keys/{key.id}/revoke" not in revoked
    db.session.expire_all()
    assert db.session.get(type(session), session.id).revoked_at is not None
    assert db.session.get(type(key), key.id).revoked_at is not None
    other = create_user("bob")
    assert client.post(f"/admin/users/{other.id}/api-keys/{key.id}/revoke",
                       data={"csrf_token": csrf(page)}).status_code == 404
    assert client.post(f"/admin/users/{other.id}/sessions/{session.id}/end",
                       data={"csrf_token": csrf(page)}).status_code == 404
    logged = {(e.event_type, e.subject_id) for e in db.session.scalars(events_stmt(involving=alice.id))}
    assert {("session.revoked", alice.id), ("api_key.revoked", alice.id)} <= logged
