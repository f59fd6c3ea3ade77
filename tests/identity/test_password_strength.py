"""Passwords long enough and not in the common list must still be hard to guess (zxcvbn score ≥ 3);
the refusal names the field and carries zxcvbn's advice in the reader's language."""

import pytest
from sqlalchemy import func, select

from arena.core.cli import DEMO_PASSWORD
from arena.extensions import db
from arena.identity.models import User
from arena.identity.passwords import FEEDBACK, common_passwords, problems
from tests.conftest import PASSWORD, envelope_ok
from tests.identity.conftest import bearer, csrf_from, reset_link

GUESSABLE = "password1234"  # 12 characters, not in the top 10,000, zxcvbn score 1


def test_the_guessable_example_passes_the_older_rules_only(app):
    assert len(GUESSABLE) >= app.config["PASSWORD_MIN_LENGTH"] and GUESSABLE not in common_passwords()
    with app.test_request_context(headers={"Accept-Language": "en"}):
        found = problems(GUESSABLE, username="newbie", email="newbie@example.org")
        assert found[:2] == ["This password is easy to guess.", "This is a very common password."]
        for good in (PASSWORD, DEMO_PASSWORD):  # the fixtures' and the demo accounts' passwords
            assert problems(good, username="newbie", email="newbie@example.org") == []


@pytest.mark.parametrize("lang,expected", [("en", "This is a very common password."),
                                           ("ar", "هذه كلمة مرور شائعة جدًا.")])
def test_register_through_the_api_refuses_a_guessable_password_in_the_readers_language(client, lang, expected):
    resp = client.post("/api/v1/auth/register", headers={"Accept-Language": lang},
                       json={"username": "newbie", "email": "newbie@example.org", "password": GUESSABLE})
    assert resp.status_code == 422
    assert expected in resp.get_json()["errors"]["password"]
    db.session.rollback()
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_register_page_shows_the_advice_next_to_the_field(client):
    page = client.get("/register", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    resp = client.post("/register", headers={"Accept-Language": "ar"},
                       data={"username": "newbie", "email": "newbie@example.org", "password": GUESSABLE,
                             "confirm": GUESSABLE, "csrf_token": csrf_from(page)})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert 'id="password-error"' in html and "هذه كلمة مرور شائعة جدًا." in html
    assert "This is a very common password." not in html


def test_change_password_refuses_a_guessable_one(client, create_user):
    create_user("alice")
    tokens = envelope_ok(client.post("/api/v1/auth/login", json={"login": "alice", "password": PASSWORD}))
    resp = client.post("/api/v1/auth/password", headers=bearer(tokens["access_token"]),
                       json={"current_password": PASSWORD, "new_password": "qwertyuiopasdf"})
    assert resp.status_code == 422
    assert "This password is easy to guess." in resp.get_json()["errors"]["new_password"]


def test_reset_refuses_a_guessable_one_on_the_api_and_the_page(mail_config, client, create_user):
    create_user("alice", email="alice@example.org")
    client.post("/api/v1/auth/password-reset", json={"email": "alice@example.org"})
    link = reset_link(mail_config.wait_for("alice@example.org"))
    token = link.rsplit("/", 1)[1]
    resp = client.post("/api/v1/auth/password-reset/confirm", json={"token": token, "password": "aaaaaaaaaaaaaaaa"})
    assert resp.status_code == 422
    assert 'Repeats like "aaa" are easy to guess.' in resp.get_json()["errors"]["password"]
    path = "/" + link.split("/", 3)[3]
    csrf = csrf_from(client.get(path).get_data(as_text=True))
    page = client.post(path, data={"password": GUESSABLE, "confirm": GUESSABLE, "csrf_token": csrf})
    assert page.status_code == 422 and "This password is easy to guess." in page.get_data(as_text=True)


def test_every_zxcvbn_sentence_has_a_translation(app):
    from flask_babel import force_locale

    with app.test_request_context():
        with force_locale("ar"):
            untranslated = [text for text, label in FEEDBACK.items() if str(label) == text]
    assert untranslated == []
