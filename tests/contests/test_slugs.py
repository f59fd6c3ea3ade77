"""Contest addresses: made from names in any script, unique by themselves, usable in URLs."""

from datetime import timedelta
from urllib.parse import quote

import pytest

from arena.contests.operations.settings import slugify
from arena.core.timeutil import utcnow
from tests.conftest import envelope_ok


def payload(**over):
    now = utcnow()
    data = {"name": "مسابقة الأنهار", "wikis": ["arwiki"], "is_published": True,
            "starts_at": (now - timedelta(days=1)).isoformat(), "ends_at": (now + timedelta(days=30)).isoformat()}
    data.update(over)
    return data


@pytest.mark.parametrize("name, slug", [
    ("Women in Science", "women-in-science"),
    ("Café  Culture!", "cafe-culture"),
    ("مسابقة الأنهار", "مسابقة-الأنهار"),
    ("مُسَابَقَة الشِّعْر", "مسابقة-الشعر"),  # vowel marks are dropped, letters kept
    ("كتابة ـ 2025", "كتابة-2025"),
    ("2025", "contest-2025"),  # never only digits: that would be read as an id
    ("!!!", "contest"),
])
def test_slugify_keeps_letters_of_every_script(name, slug):
    assert slugify(name) == slug


def test_two_arabic_named_contests_are_both_created_with_readable_slugs(client, create_user, auth_headers):
    admin = create_user("root", role="admin")
    first = envelope_ok(client.post("/api/v1/contests", json=payload(), headers=auth_headers(admin)), 201)
    second = envelope_ok(client.post("/api/v1/contests", json=payload(), headers=auth_headers(admin)), 201)
    third = envelope_ok(client.post("/api/v1/contests", json=payload(), headers=auth_headers(admin)), 201)
    assert [first["slug"], second["slug"], third["slug"]] == ["مسابقة-الأنهار", "مسابقة-الأنهار-2",
                                                              "مسابقة-الأنهار-3"]
    # percent-encoded, as a browser sends them
    assert envelope_ok(client.get("/api/v1/contests/" + quote(second["slug"])))["id"] == second["id"]
    page = client.get("/contests/" + quote(first["slug"]))
    assert page.status_code == 200 and "مسابقة الأنهار" in page.get_data(as_text=True)
    assert client.get("/contests/" + quote("مسابقة-أخرى")).status_code == 404


def test_an_explicit_slug_that_is_taken_is_refused(client, create_user, auth_headers):
    admin = create_user("root", role="admin")
    envelope_ok(client.post("/api/v1/contests", json=payload(slug="أنهار"), headers=auth_headers(admin)), 201)
    resp = client.post("/api/v1/contests", json=payload(slug="أنهار"), headers=auth_headers(admin))
    assert resp.status_code == 422 and "slug" in resp.get_json()["errors"]


@pytest.mark.parametrize("slug", ["Upper", "two--hyphens", "under_score", "space here", "١٢٣"])
def test_malformed_slugs_are_refused(client, create_user, auth_headers, slug):
    admin = create_user("root", role="admin")
    resp = client.post("/api/v1/contests", json=payload(slug=slug), headers=auth_headers(admin))
    assert resp.status_code == 422 and "slug" in resp.get_json()["errors"]


def test_an_approved_request_gets_a_free_slug(client, create_user, auth_headers, create_contest):
    admin, plain = create_user("root", role="admin"), create_user("plain")
    req = envelope_ok(client.post("/api/v1/contest-requests", json={"contest": payload(), "message": ""},
                                  headers=auth_headers(plain)), 201)
    create_contest(admin, name="مسابقة الأنهار", slug="مسابقة-الأنهار")  # takes the address meanwhile
    contest = envelope_ok(client.post(f"/api/v1/contest-requests/{req['id']}/approve",
                                      headers=auth_headers(admin)), 201)
    assert contest["slug"] == "مسابقة-الأنهار-2" and contest["name"] == "مسابقة الأنهار"
