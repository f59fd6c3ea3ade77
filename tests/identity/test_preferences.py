"""Preferences through the API and the account page; pages follow them at once."""

import re

import pytest
from sqlalchemy import select

from arena.extensions import db
from arena.identity.models import User
from arena.identity.preferences import SIGN_LANGUAGES
from tests.conftest import PASSWORD, envelope_ok
from tests.identity.conftest import csrf_from


def test_read_and_change_preferences(client, create_user, auth_headers):
    alice = create_user("alice")
    headers = auth_headers(alice)
    prefs = envelope_ok(client.get("/api/v1/auth/me/preferences", headers=headers))
    assert prefs == {"language": None, "density": 3, "contrast": "normal", "reduced_motion": False,
                     "reading_level": 3, "sign_language": None}
    changed = envelope_ok(client.patch("/api/v1/auth/me/preferences", headers=headers, json={
        "language": "ar", "density": 5, "contrast": "high", "reduced_motion": True, "reading_level": 1,
        "sign_language": "sdl"}))
    assert changed["sign_language"] == "sdl" and changed["density"] == 5
    assert envelope_ok(client.get("/api/v1/auth/me/preferences", headers=headers)) == changed


@pytest.mark.parametrize("field, value", [
    ("language", "fr"), ("density", 0), ("density", 6), ("density", "3"), ("density", True),
    ("contrast", "low"), ("reduced_motion", "yes"), ("reading_level", 9), ("sign_language", "eng"),
    ("sign_language", "xx"), ("theme", "dark"),
])
def test_invalid_values_get_422_naming_the_field(client, create_user, auth_headers, field, value):
    alice = create_user("alice")
    resp = client.patch("/api/v1/auth/me/preferences", headers=auth_headers(alice),
                        json={"density": 2, field: value})
    assert resp.status_code == 422 and field in resp.get_json()["errors"]
    db.session.rollback()
    assert db.session.get(User, alice.id).density == 3  # nothing changed


def test_sign_language_codes_are_iso_639_3_sign_languages():
    pycountry = pytest.importorskip("pycountry", reason="pycountry is a test dependency (pyproject [test])")
    for code, name in SIGN_LANGUAGES.items():
        entry = pycountry.languages.get(alpha_3=code)
        assert entry is not None, code
        assert "Sign" in entry.name or entry.name == "Auslan", (code, entry.name)


def test_pages_follow_the_preferences_at_once(client, create_user, auth_headers):
    create_user("alice")
    page = client.get("/login")
    client.post("/login", data={"login": "alice", "password": PASSWORD,
                                "csrf_token": csrf_from(page.get_data(as_text=True))})
    account = client.get("/account")
    html = account.get_data(as_text=True)
    assert account.status_code == 200 and 'lang="en"' in html and "density-3" in html
    assert account.headers["Cache-Control"] == "private, no-store" and "Cookie" in account.headers["Vary"]
    resp = client.post("/account/preferences", data={
        "prefs-language": "ar", "prefs-density": "5", "prefs-contrast": "high", "prefs-reduced_motion": "y",
        "prefs-reading_level": "2", "prefs-sign_language": "jos", "prefs-csrf_token": csrf_from(html)})
    assert resp.status_code == 302
    html = client.get("/").get_data(as_text=True)
    body = set(re.search(r'<body class="([^"]+)"', html).group(1).split())
    assert '<html lang="ar" dir="rtl">' in html
    assert {"density-5", "contrast-high", "motion-reduced", "reading-2"} <= body
    db.session.rollback()
    assert db.session.scalar(select(User.sign_language).where(User.username == "alice")) == "jos"


def test_invalid_preferences_on_the_page_change_nothing(client, create_user):
    create_user("alice")
    page = client.get("/login")
    client.post("/login", data={"login": "alice", "password": PASSWORD,
                                "csrf_token": csrf_from(page.get_data(as_text=True))})
    html = client.get("/account").get_data(as_text=True)
    resp = client.post("/account/preferences", data={
        "prefs-language": "en", "prefs-density": "9", "prefs-contrast": "normal", "prefs-reading_level": "3",
        "prefs-sign_language": "", "prefs-csrf_token": csrf_from(html)})
    assert resp.status_code == 422
    assert 'role="alert"' in resp.get_data(as_text=True)
    db.session.rollback()
    assert db.session.scalar(select(User.density).where(User.username == "alice")) == 3
