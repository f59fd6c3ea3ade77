"""Text with a NUL character is refused with a clear message (PostgreSQL cannot store it): never a 500."""

from tests.conftest import envelope_ok


def test_text_with_a_nul_character_is_refused(client, create_user, auth_headers):
    headers = auth_headers(create_user("learner"))
    resp = client.post("/api/v1/subjects", json={"name": "Maths\x00"}, headers=headers)
    assert resp.status_code == 422
    assert "Text may not contain a NUL character." in str(resp.get_json()["errors"])
    assert envelope_ok(client.get("/api/v1/subjects", headers=headers)) == []  # nothing was stored
