"""Nobody learns whether an account exists: sign-in (lockout included), registration and password
reset answer alike for known and unknown logins and addresses."""

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from arena.extensions import db
from arena.identity.models import LoginThrottle, User
from tests.conftest import PASSWORD, envelope_ok
from tests.identity.conftest import reset_link

WRONG = "not the password at all"


def login(client, who, password=WRONG):
    return client.post("/api/v1/auth/login", json={"login": who, "password": password})


def answer(resp):
    """What a caller can tell apart. ``Retry-After`` counts for a refusal (429); on any other answer it
    is the rate-limit window's end, which moves with the clock between two requests."""
    body = resp.get_json()
    retry = resp.headers.get("Retry-After")
    return resp.status_code, body["message"], body.get("errors"), retry if resp.status_code == 429 else bool(retry)


@pytest.fixture(autouse=True)
def _no_ip_limit(config):
    """These tests count per-account answers; the per-IP limit is tested on its own."""
    config["AUTH_RATE_LIMIT"] = "1000/minute"


@pytest.fixture
def hashes(monkeypatch):
    """Counts argon2 verifications: the part of a sign-in that takes time."""
    calls = []
    real = PasswordHasher.verify

    def verify(self, hash, password):
        calls.append(hash)
        return real(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", verify)
    return calls


def test_unknown_and_known_logins_lock_at_the_same_step_with_the_same_answer(client, create_user, time_machine):
    time_machine.move_to("2026-03-01 10:00:00+00:00", tick=False)
    create_user("alice")
    known = [answer(login(client, "alice")) for _ in range(6)]
    unknown = [answer(login(client, "nobody")) for _ in range(6)]
    assert known == unknown
    assert [status for status, *_ in known] == [401, 401, 401, 401, 429, 429]
    assert known[4][3] == str(15 * 60)
    # the right password of the locked account gets the same answer as anything under "nobody"
    assert answer(login(client, "alice", PASSWORD)) == answer(login(client, "nobody", PASSWORD))


def test_every_sign_in_spends_one_password_hash_whether_the_account_exists_or_is_locked(
        client, create_user, hashes):
    create_user("alice")
    for who in ("alice", "nobody"):
        for attempt in range(6):  # the last two are answered "locked"
            hashes.clear()
            login(client, who)
            assert len(hashes) == 1, (who, attempt)


def test_failures_under_an_unknown_login_are_counted_case_insensitively_and_expire(client, time_machine):
    time_machine.move_to("2026-03-01 10:00:00+00:00", tick=False)
    for who in ("Nobody", "NOBODY", " nobody", "nobody", "nobody@x"):
        login(client, who)
    assert login(client, "nobody").status_code == 429
    assert login(client, "nobody@x").status_code == 401  # another login: its own count
    time_machine.move_to("2026-03-01 10:16:00+00:00", tick=False)
    assert login(client, "nobody").status_code == 401
    db.session.rollback()
    assert db.session.scalar(select(func.count(LoginThrottle.id))) == 2


def test_old_failure_counters_of_unknown_logins_are_forgotten(app, client, time_machine):
    from arena.identity import tasks

    time_machine.move_to("2026-03-01 10:00:00+00:00", tick=False)
    login(client, "nobody")
    time_machine.move_to("2026-03-01 20:00:00+00:00", tick=False)
    tasks.purge_expired_tokens.apply().get()
    assert db.session.scalar(select(func.count(LoginThrottle.id))) == 1  # less than a day: kept
    time_machine.move_to("2026-03-02 10:01:00+00:00", tick=False)
    tasks.purge_expired_tokens.apply().get()
    db.session.rollback()
    assert db.session.scalar(select(func.count(LoginThrottle.id))) == 0


def test_the_owner_of_a_locked_account_gets_in_through_the_reset_mail(mail_config, client, create_user):
    create_user("alice", email="alice@example.org")
    for _ in range(5):
        login(client, "alice")
    assert login(client, "alice", PASSWORD).status_code == 429
    envelope_ok(client.post("/api/v1/auth/password-reset", json={"email": "alice@example.org"}), 202)
    token = reset_link(mail_config.wait_for("alice@example.org")).rsplit("/", 1)[-1]
    new = "a brand new passphrase here"
    envelope_ok(client.post("/api/v1/auth/password-reset/confirm", json={"token": token, "password": new}))
    envelope_ok(login(client, "alice", new))


def test_registration_with_a_taken_address_answers_like_a_new_account_and_tells_the_owner(
        mail_config, client, create_user, hashes):
    create_user("alice", email="alice@example.org")
    hashes.clear()
    taken = client.post("/api/v1/auth/register", json={"username": "mallory", "email": "Alice@example.org",
                                                         "password": PASSWORD})
    new = client.post("/api/v1/auth/register", json={"username": "bob", "email": "bob@example.org",
                                                       "password": PASSWORD})
    assert answer(taken) == answer(new) and taken.status_code == 202
    db.session.rollback()
    assert db.session.scalar(select(User).where(User.username_lower == "mallory")) is None
    owner_mail = mail_config.wait_for("alice@example.org")
    assert "already belongs to your account alice" in owner_mail.get_body().get_content()
    assert "bob is ready" in mail_config.wait_for("bob@example.org").get_body().get_content()


def test_registration_pages_answer_alike_for_a_taken_address(client, create_user):
    from tests.identity.test_pages import page_csrf

    create_user("alice", email="alice@example.org")
    answers = []
    for username, email in (("mallory", "alice@example.org"), ("bob", "bob@example.org")):
        csrf = page_csrf(client, "/register")
        resp = client.post("/register", data={"username": username, "email": email, "password": PASSWORD,
                                              "confirm": PASSWORD, "csrf_token": csrf})
        answers.append((resp.status_code, resp.headers["Location"]))
        flashed = client.get("/login").get_data(as_text=True)
        assert "If that email address can be used" in flashed
    assert answers[0] == answers[1] == (302, "/login")


def test_password_reset_request_does_the_same_work_for_any_address(mail_config, client, create_user, hashes):
    create_user("alice", email="alice@example.org")
    known = client.post("/api/v1/auth/password-reset", json={"email": "alice@example.org"})
    unknown = client.post("/api/v1/auth/password-reset", json={"email": "nobody@example.org"})
    assert answer(known) == answer(unknown) and known.status_code == 202
    mail_config.wait_for("alice@example.org")
    assert mail_config.to("nobody@example.org") == []
