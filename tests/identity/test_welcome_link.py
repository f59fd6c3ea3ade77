"""Registration keeps its no-enumeration answer; the welcome mail of a NEW account carries a
one-time sign-in link (signed, expiring, single use), and the mail to an address that already has an
account points its owner to sign-in and password reset instead."""

import re

from sqlalchemy import select

from arena.extensions import db
from arena.identity.models import AuditEvent, User
from tests.conftest import PASSWORD
from tests.identity.conftest import body_of, csrf_from
from tests.identity.test_enumeration import answer

LINK = r"https?://\S+(/welcome/\S+)"


def register(client, username, email):
    return client.post("/api/v1/auth/register", json={"username": username, "email": email, "password": PASSWORD})


def welcome_path(mail_config, address):
    match = re.search(LINK, body_of(mail_config.wait_for(address)))
    assert match
    return match.group(1)


def test_the_welcome_link_signs_the_new_user_in_once(mail_config, client):
    assert register(client, "newbie", "newbie@example.org").status_code == 202
    path = welcome_path(mail_config, "newbie@example.org")
    assert client.get("/account").status_code in (302, 401)  # not signed in by registering
    page = client.get(path)
    assert page.status_code == 200 and "Sign in as newbie" in page.get_data(as_text=True)
    assert client.get("/account").status_code in (302, 401)  # opening the link (a mail scanner) signs nobody in
    used = client.post(path, data={"csrf_token": csrf_from(page.get_data(as_text=True))})
    assert used.status_code == 302 and used.headers["Location"] == "/account"
    account = client.get("/account")
    assert account.status_code == 200 and "you are signed in" in account.get_data(as_text=True)
    db.session.rollback()
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.event_type == "login.succeeded")).one()
    assert event.details == {"via": "web", "method": "sign-in-link"}

    other = client.application.test_client()
    again = other.get(path)
    assert again.status_code == 404 and "This sign-in link is not valid" in again.get_data(as_text=True)


def test_the_link_is_signed_and_expires(mail_config, app, client):
    register(client, "newbie", "newbie@example.org")
    path = welcome_path(mail_config, "newbie@example.org")
    forged = path[:-4] + ("AAAA" if not path.endswith("AAAA") else "BBBB")
    assert client.get(forged).status_code == 404
    app.config["SIGN_IN_LINK_MAX_AGE"] = -1  # as if the day had passed
    assert client.get(path).status_code == 404
    assert client.post(path, data={"csrf_token": "x"}).status_code == 404
    assert client.get("/account").status_code in (302, 401)


def test_a_taken_address_gets_the_same_answer_and_a_mail_to_sign_in_or_reset(mail_config, client, create_user):
    create_user("alice", email="alice@example.org")
    taken = register(client, "mallory", "Alice@example.org")
    new = register(client, "bob", "bob@example.org")
    assert answer(taken) == answer(new) and taken.status_code == new.status_code == 202
    owner = body_of(mail_config.wait_for("alice@example.org"))
    assert "tried to create a new Arena account" in owner
    assert re.search(r"https?://\S+/login\b", owner) and re.search(r"https?://\S+/password/forgot\b", owner)
    assert not re.search(LINK, owner)  # nobody gets into the existing account from this mail
    assert re.search(LINK, body_of(mail_config.wait_for("bob@example.org")))
    db.session.rollback()
    assert db.session.scalar(select(User).where(User.username_lower == "mallory")) is None

