"""Input limits a hostile client meets: request body size, ids and page numbers out of range."""

import pytest
from flask.views import MethodView

from arena.core.limits import DB_INT_MAX, body_limit
from tests.conftest import PASSWORD, envelope_ok

HUGE = "6414393449000230453248"


def test_a_body_over_the_limit_is_refused_before_it_is_read(client, create_user):
    create_user("alice")
    body = b'{"login": "alice", "password": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    for path in ("/api/v1/auth/login", "/api/v1/auth/register", "/api/v1/subjects"):
        resp = client.post(path, data=body, content_type="application/json")
        assert resp.status_code == 413, path
        payload = resp.get_json()
        assert payload["success"] is False and "1 MiB" in payload["message"]


def test_a_chunked_body_over_the_limit_is_cut_off_with_413(client):
    """No Content-Length (as with ``Transfer-Encoding: chunked``): reading stops at the limit."""
    import io

    resp = client.post("/api/v1/auth/login", input_stream=io.BytesIO(b"x" * (2 * 1024 * 1024)),
                       content_type="application/json", headers={"Transfer-Encoding": "chunked"},
                       environ_base={"wsgi.input_terminated": True})
    assert resp.status_code == 413
    assert resp.get_json()["success"] is False


def test_a_body_under_the_limit_still_works(client, create_user):
    create_user("alice")
    envelope_ok(client.post("/api/v1/auth/login", json={"login": "alice", "password": PASSWORD}))


def test_the_body_limit_is_configurable(config, _schema):
    from tests.conftest import make_app

    app = make_app({**config, "MAX_CONTENT_LENGTH": 100})
    resp = app.test_client().post("/api/v1/auth/login", json={"login": "a" * 200, "password": "x"})
    assert resp.status_code == 413 and "100 B" in resp.get_json()["message"]


def test_an_upload_route_can_raise_its_own_limit(config, _schema):
    from arena.core import access
    from tests.conftest import make_app

    app = make_app({**config, "MAX_CONTENT_LENGTH": 100})

    class Upload(MethodView):
        @access.public()
        @body_limit(10_000)
        def post(self):
            from flask import request

            return {"received": len(request.get_data())}

    app.add_url_rule("/api/v1/test-upload", view_func=Upload.as_view("test_upload"))
    client = app.test_client()
    assert client.post("/api/v1/test-upload", data=b"x" * 5000).get_json() == {"received": 5000}
    assert client.post("/api/v1/test-upload", data=b"x" * 20_000).status_code == 413
    # the rest of the app keeps the small limit
    assert client.post("/api/v1/auth/login", data=b"x" * 5000, content_type="application/json").status_code == 413


@pytest.mark.parametrize("path", [
    f"/api/v1/study-sessions/{HUGE}", f"/api/v1/jobs/{HUGE}", f"/api/v1/contests/{HUGE}",
    f"/api/v1/study-sessions/{DB_INT_MAX + 1}", f"/api/v1/subjects/{2**63}", "/api/v1/subjects/0",
])
def test_an_id_out_of_the_database_range_is_not_found(client, create_user, auth_headers, path):
    user = create_user("alice")
    resp = client.get(path, headers=auth_headers(user))
    assert resp.status_code == 404
    assert resp.get_json()["success"] is False


def test_the_largest_id_is_an_ordinary_missing_object(client, create_user, auth_headers):
    user = create_user("alice")
    resp = client.get(f"/api/v1/subjects/{DB_INT_MAX}", headers=auth_headers(user))
    assert resp.status_code == 404


@pytest.mark.parametrize("path", ["/api/v1/subjects", "/api/v1/contests", "/api/v1/study-sessions",
                                  "/api/v1/api-keys", "/api/v1/leaderboard"])
@pytest.mark.parametrize("query", ["page=99999999999999999999", "page=0", "per_page=101",
                                   "per_page=99999999999999999999"])
def test_page_arguments_out_of_range_are_refused_with_422(client, create_user, auth_headers, path, query):
    user = create_user("alice")
    resp = client.get(f"{path}?{query}", headers=auth_headers(user))
    assert resp.status_code == 422, resp.get_json()
    field = query.split("=")[0]
    assert field in resp.get_json()["errors"]


def test_pages_refuse_a_huge_page_number_too(client, create_user):
    from tests.conftest import sign_in_session

    sign_in_session(client, create_user("alice"))
    resp = client.get("/contests?page=99999999999999999999")
    assert resp.status_code == 422
    assert b"<html" in resp.data


def test_the_last_page_number_is_an_empty_page(client, create_user, auth_headers):
    user = create_user("alice")
    resp = client.get("/api/v1/subjects?page=1000000", headers=auth_headers(user))
    assert envelope_ok(resp) == [] and resp.get_json()["meta"]["page"] == 1000000
