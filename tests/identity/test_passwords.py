"""Password change and reset (through mail actually delivered to an SMTP server)."""

import re

from sqlalchemy import select

from arena.extensions import db
from arena.identity.models import AuditEvent
from tests.conftest import PASSWORD, envelope_ok
from tests.identity.conftest import bearer, csrf_from, reset_link

NEW = "a completely new passphrase"


def login(client, who="alice", password=PASSWORD):
    resp = client.post("/api/v1/auth/login", json={"login": who, "password": password})
    client.delete_cookie("access_token_cookie", path="/api/")
    client.delete_cookie("refresh_token_cookie", path="/api/v1/auth/")
    return resp


def me(client, token):
    return client.get("/api/v1/auth/me", headers=bearer(token))


def test_change_password_signs_out_every_other_session(client, create_user):
    create_user("alice")
    laptop = envelope_ok(login(client))
    phone = envelope_ok(login(client))
    changed = envelope_ok(client.post("/api/v1/auth/password", headers=bearer(laptop["access_token"]),
                                      json={"current_password": PASSWORD, "new_password": NEW}))
    # the phone's tokens stop working; the laptop continues with the new pair it was given
    assert me(client, phone["access_token"]).status_code == 401
    assert client.post("/api/v1/auth/refresh", headers=bearer(phone["refresh_token"])).status_code == 401
    assert me(client, changed["access_token"]).status_code == 200
    assert client.post("/api/v1/auth/refresh", headers=bearer(changed["refresh_token"])).status_code == 200
    assert login(client).status_code == 401
    envelope_ok(login(client, password=NEW))


def test_change_password_needs_the_current_one_and_a_good_new_one(client, create_user):
    create_user("alice")
    tokens = envelope_ok(login(client))
    wrong = client.post("/api/v1/auth/password", headers=bearer(tokens["access_token"]),
                        json={"current_password": "not it at all", "new_password": NEW})
    assert wrong.status_code == 422 and "current_password" in wrong.get_json()["errors"]
    weak = client.post("/api/v1/auth/password", headers=bearer(tokens["access_token"]),
                       json={"current_password": PASSWORD, "new_password": "password"})
    assert weak.status_code == 422 and "new_password" in weak.get_json()["errors"]
    assert me(client, tokens["access_token"]).status_code == 200  # nothing changed
    envelope_ok(login(client))


def test_reset_request_answers_the_same_for_unknown_addresses(mail_config, client, create_user):
    create_user("alice", email="alice@example.org")
    known = client.post("/api/v1/auth/password-reset", json={"email": "alice@example.org"})
    unknown = client.post("/api/v1/auth/password-reset", json={"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 202
    assert known.get_json() == unknown.get_json()
    mail_config.wait_for("alice@example.org")
    assert mail_config.to("nobody@example.org") == []


def test_reset_through_the_api_with_the_delivered_link(mail_config, client, create_user):
    alice = create_user("alice", email="alice@example.org")
    old = envelope_ok(login(client))
    client.post("/api/v1/auth/password-reset", json={"email": "ALICE@example.org"})
    msg = mail_config.wait_for("alice@example.org")
    assert msg["Subject"] == "Reset your Arena password"
    link = reset_link(msg)
    token = link.rsplit("/", 1)[1]

    weak = client.post("/api/v1/auth/password-reset/confirm", json={"token": token, "password": "qwerty"})
    assert weak.status_code == 422 and "password" in weak.get_json()["errors"]
    envelope_ok(client.post("/api/v1/auth/password-reset/confirm", json={"token": token, "password": NEW}))
    again = client.post("/api/v1/auth/password-reset/confirm", json={"token": token, "password": NEW + "!"})
    assert again.status_code == 422 and "token" in again.get_json()["errors"]  # single use
    assert me(client, old["access_token"]).status_code == 401  # every session signed out
    assert login(client).status_code == 401
    envelope_ok(login(client, password=NEW))
    db.session.rollback()
    types = {e.event_type for e in db.session.scalars(select(AuditEvent).where(AuditEvent.subject_id == alice.id))}
    assert {"password.reset_requested", "password.reset"} <= types


def test_reset_tokens_are_signed_and_expire(mail_config, app, client, create_user):
    create_user("alice", email="alice@example.org")
    client.post("/api/v1/auth/password-reset", json={"email": "alice@example.org"})
    token = reset_link(mail_config.wait_for("alice@example.org")).rsplit("/", 1)[1]
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert client.post("/api/v1/auth/password-reset/confirm",
                       json={"token": forged, "password": NEW}).status_code == 422
    app.config["PASSWORD_RESET_MAX_AGE"] = -1  # as if 30 minutes had passed
    assert client.post("/api/v1/auth/password-reset/confirm",
                       json={"token": token, "password": NEW}).status_code == 422
    envelope_ok(login(client))


def test_reset_through_the_pages(mail_config, client, create_user):
    create_user("alice", email="alice@example.org")
    page = client.get("/password/forgot")
    resp = client.post("/password/forgot", data={"email": "alice@example.org",
                                                 "csrf_token": csrf_from(page.get_data(as_text=True))})
    assert resp.status_code == 302
    link = reset_link(mail_config.wait_for("alice@example.org"))
    path = "/" + link.split("/", 3)[3]
    form = client.get(path)
    assert form.status_code == 200 and "Choose a new password" in form.get_data(as_text=True)
    csrf = csrf_from(form.get_data(as_text=True))
    mismatch = client.post(path, data={"password": NEW, "confirm": NEW + "x", "csrf_token": csrf})
    assert mismatch.status_code == 422 and 'role="alert"' in mismatch.get_data(as_text=True)
    done = client.post(path, data={"password": NEW, "confirm": NEW, "csrf_token": csrf})
    assert done.status_code == 302 and done.headers["Location"].endswith("/login")
    used = client.get(path)
    assert used.status_code == 404 and "not valid" in used.get_data(as_text=True)
    envelope_ok(login(client, password=NEW))


def test_reset_mail_is_in_the_users_language(mail_config, client, create_user):
    create_user("layla", email="layla@example.org", language="ar")
    client.post("/api/v1/auth/password-reset", json={"email": "layla@example.org"})
    msg = mail_config.wait_for("layla@example.org")
    assert re.search(r"[\u0600-\u06FF]", msg["Subject"])
