"""Text with a NUL character is refused with a clear message (PostgreSQL cannot store it): never a 500."""

from tests.conftest import envelope_ok


def test_text_with_a_nul_character_is_refused(client, create_user, auth_headers):
    headers = auth_headers(create_user("learner"))
    resp = client.post("/api/v1/subjects", json={"name": "Maths\x00"}, headers=headers)
    assert resp.status_code == 422
    assert "Text may not contain a NUL character." in str(resp.get_json()["errors"])
    assert envelope_ok(client.get("/api/v1/subjects", headers=headers)) == []  # nothing was stored


def _csrf(client, path: str) -> str:
    import re

    html = client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', html).group(1)


def test_page_forms_refuse_text_with_a_nul_character_and_change_nothing(client, create_user):
    """Every page form refuses a NUL with an error on the field (one rule, in the forms' base class)."""
    from sqlalchemy import func, select

    from arena.extensions import db
    from arena.identity.models import ApiKey, User
    from arena.study.models import Subject
    from tests.conftest import sign_in_session

    user = create_user("learner")
    sign_in_session(client, user)
    en = {"Accept-Language": "en"}
    posts = [
        ("/study/subjects/new", "/study/subjects/new",
         {"name": "Maths\x00", "priority": "high", "status": "active"}),
        ("/account", "/account/profile",
         {"profile-username": "learner", "profile-email": "learner@example.org",
          "profile-display_name": "Lea\x00rner", "profile-bio": ""}),
        ("/account", "/account/api-keys",
         {"key-name": "script\x00", "key-scopes": ["read"], "key-expires_in_days": "30"}),
    ]
    for page, path, data in posts:
        resp = client.post(path, data={**data, "csrf_token": _csrf(client, page),
                                        "key-csrf_token": _csrf(client, page)}, headers=en)
        assert resp.status_code == 422, (path, resp.status_code)
        assert "Text may not contain a NUL character." in resp.get_data(as_text=True), path
    db.session.remove()
    assert db.session.scalar(select(func.count()).select_from(Subject)) == 0
    assert db.session.scalar(select(func.count()).select_from(ApiKey)) == 0
    assert db.session.get(User, user.id).display_name != "Lea\x00rner"

    client.post("/logout", data={"csrf_token": _csrf(client, "/account")})
    resp = client.post("/login", data={"login": "learner\x00", "password": "x",
                                       "csrf_token": _csrf(client, "/login")}, headers=en)
    assert "Text may not contain a NUL character." in resp.get_data(as_text=True)


def test_every_page_form_is_an_arena_form():
    """The NUL rule lives in the forms' base class: no form may bypass it by deriving from FlaskForm."""
    from pathlib import Path

    import arena

    root = Path(arena.__file__).parent
    direct = [str(path.relative_to(root)) for path in root.rglob("*.py")
              if "FlaskForm" in path.read_text() and path != root / "web" / "forms.py"]
    assert direct == []


def test_building_a_schema_again_does_not_add_its_checks_again(app):
    """The bounds are given to each schema's own fields: building a schema once per request must not
    lengthen the validator list its class shares with every other instance."""
    from arena.study.schemas import SubjectCreateSchema

    counts = [len(SubjectCreateSchema().fields["name"].validators) for _ in range(5)]
    assert counts == [counts[0]] * 5 and counts[0] == 2  # its own Length, and the NUL check
    errors = SubjectCreateSchema().validate({"name": "a\x00b"})
    assert "NUL" in str(errors["name"])
