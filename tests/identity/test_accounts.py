"""Registering and signing in through the API: password policy, uniqueness, no self-promotion."""

import pytest
from sqlalchemy import func, select

from arena.core.security import hash_password
from arena.extensions import db
from arena.identity.models import AuditEvent, User
from arena.identity.passwords import common_passwords
from tests.conftest import PASSWORD, envelope_ok
from tests.identity.conftest import bearer


def user_count():
    db.session.rollback()
    return db.session.scalar(select(func.count(User.id)))


def register(client, **fields):
    body = {"username": "newbie", "email": "newbie@example.org", "password": PASSWORD, **fields}
    return client.post("/api/v1/auth/register", json=body)


@pytest.mark.parametrize("password, expected", [
    ("short-pass", "at least 12"),
    ("x" * 129, "at most 128"),
    ("1qaz2wsx3edc", "common"),          # 12 characters, in the top 10,000
    ("newbie_newbie", None),             # fine (not equal to the username)
    ("NewbieTheUser", None),
])
def test_password_policy_on_register(client, password, expected):
    resp = register(client, username="newbie", password=password)
    if expected is None:
        envelope_ok(resp, 202)
        assert user_count() == 1
        return
    assert resp.status_code == 422
    body = resp.get_json()
    assert body["success"] is False and expected in " ".join(body["errors"]["password"])
    assert user_count() == 0


def test_password_may_not_be_the_username_or_email(client):
    resp = register(client, username="averylongusername", password="AveryLongUsername")
    assert resp.status_code == 422 and "username" in " ".join(resp.get_json()["errors"]["password"])
    resp = register(client, email="someone.long@example.org", password="someone.long@example.org")
    assert resp.status_code == 422 and "email" in " ".join(resp.get_json()["errors"]["password"])
    assert user_count() == 0


def test_common_password_list_is_the_top_ten_thousand():
    common = common_passwords()
    assert len(common) == 10_000
    assert {"123456", "password", "qwerty", "dragon"} <= common


def test_minimum_length_is_configurable(config, request):
    config["PASSWORD_MIN_LENGTH"] = 20
    client = request.getfixturevalue("client")
    resp = register(client, password="a-sixteen-chars!")
    assert resp.status_code == 422 and "at least 20" in " ".join(resp.get_json()["errors"]["password"])


def test_register_then_sign_in_by_username_or_email(client):
    assert envelope_ok(register(client, username="Layla_1", email="Layla@Example.org"), 202) is None
    for login in ("layla_1", "LAYLA@example.org"):
        tokens = envelope_ok(client.post("/api/v1/auth/login", json={"login": login, "password": PASSWORD}))
        me = envelope_ok(client.get("/api/v1/auth/me", headers=bearer(tokens["access_token"])))
        assert me["username"] == "Layla_1" and me["email"] == "Layla@example.org"


@pytest.mark.parametrize("fields, field", [
    ({"username": "ab"}, "username"),
    ({"username": "has space"}, "username"),
    ({"username": "x" * 33}, "username"),
    ({"email": "not-an-email"}, "email"),
    ({"email": "someone@localhost"}, "email"),
])
def test_invalid_username_or_email(client, fields, field):
    resp = register(client, **fields)
    assert resp.status_code == 422 and field in resp.get_json()["errors"]
    assert user_count() == 0


def test_usernames_and_emails_are_unique_case_insensitively(client, create_user):
    create_user("Taken", email="taken@example.org")
    resp = register(client, username="tAKEN", email="other@example.org")
    assert resp.status_code == 409 and "username" in resp.get_json()["errors"]
    # a taken address is not revealed: the same answer as a new account, and no account is made
    taken = register(client, username="fresh", email="TAKEN@example.org")
    new = register(client, username="fresh2", email="fresh2@example.org")
    assert taken.status_code == new.status_code == 202
    assert taken.get_json() == new.get_json()
    assert user_count() == 2
    db.session.rollback()
    assert db.session.scalar(select(User).where(User.username_lower == "fresh")) is None


@pytest.mark.parametrize("extra", [{"role": "superadmin"}, {"role": "admin"}, {"is_admin": True},
                                   {"is_banned": False, "session_version": 9}])
def test_nobody_registers_as_admin(client, extra):
    resp = register(client, **extra)
    assert resp.status_code == 422
    assert set(extra) <= set(resp.get_json()["errors"])
    assert user_count() == 0


def test_unknown_user_and_wrong_password_answer_alike(client, create_user):
    create_user("alice")
    wrong = client.post("/api/v1/auth/login", json={"login": "alice", "password": "not the password!"})
    unknown = client.post("/api/v1/auth/login", json={"login": "nobody", "password": "not the password!"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json()["message"] == unknown.get_json()["message"]
    db.session.rollback()
    reasons = [e.details.get("reason") for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.event_type == "login.failed").order_by(AuditEvent.id))]
    assert reasons == ["password", "unknown"]


def test_hash_is_upgraded_at_sign_in_when_parameters_change(app, client, create_user):
    user = create_user("alice")
    old = {"time_cost": 1, "memory_cost": 512, "parallelism": 1}
    app.config["ARGON2_PARAMS"] = old
    user.password_hash = hash_password(PASSWORD)
    db.session.commit()
    assert "m=512" in user.password_hash
    app.config["ARGON2_PARAMS"] = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}
    envelope_ok(client.post("/api/v1/auth/login", json={"login": "alice", "password": PASSWORD}))
    db.session.rollback()
    upgraded = db.session.get(User, user.id).password_hash
    assert upgraded.startswith("$argon2id$") and "m=1024" in upgraded


def test_banned_user_cannot_sign_in(client, create_user):
    create_user("mallory", is_banned=True)
    resp = client.post("/api/v1/auth/login", json={"login": "mallory", "password": PASSWORD})
    assert resp.status_code == 401 and "banned" in resp.get_json()["message"]
