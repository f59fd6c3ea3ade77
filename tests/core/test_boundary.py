"""One commit per request, rollback on error, errors mapped once to JSON / HTML / fragment."""

import marshmallow as ma
import pytest
from flask import Blueprint as FlaskBlueprint
from flask.views import MethodView
from sqlalchemy import func, select

from arena.core import access
from arena.core.api import ApiSchema, Blueprint, PageArgs, envelope, ok, ok_page, paginate
from arena.core.errors import Conflict
from arena.extensions import api, db
from arena.identity import operations
from arena.identity.models import User


class ThingIn(ApiSchema):
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=3))


class UserOut(ApiSchema):
    id = ma.fields.Integer()
    username = ma.fields.String()


@pytest.fixture
def probe_app(app):
    pages = FlaskBlueprint("probe_pages", __name__)

    @pages.post("/probe/create-then-fail")
    @access.public
    def create_then_fail():
        operations.create_user("ghost", "ghost@example.org", None)
        raise RuntimeError("boom: secret stack detail")

    @pages.post("/probe/create")
    @access.public
    def create():
        operations.create_user("kept", "kept@example.org", None)
        return "created", 201

    @pages.post("/probe/member-create")
    @access.signed_in()
    def member_create():
        operations.create_user("kept2", "kept2@example.org", None)
        return "created", 201

    @pages.get("/probe/conflict")
    @access.public
    def conflict():
        raise Conflict("Already there.")

    @pages.get("/probe/no-policy")
    def no_policy():
        return "should never be served"

    blp = Blueprint("probe_api", __name__, url_prefix="/api/v1/probe")

    @blp.route("/things")
    class Things(MethodView):
        @access.public
        @blp.arguments(ThingIn)
        @blp.response(201, envelope(ThingIn))
        def post(self, data):
            return ok(data, "Created")

        @access.public
        @blp.arguments(PageArgs, location="query")
        @blp.response(200, envelope(UserOut, many=True))
        def get(self, args):
            stmt = select(User).order_by(User.id)
            return ok_page(paginate(stmt, args["page"], args["per_page"]))

    @blp.route("/boom")
    class Boom(MethodView):
        @access.public
        def get(self):
            raise RuntimeError("internal detail that must not leak")

    app.register_blueprint(pages)
    api.register_blueprint(blp)
    return app


def count_users():
    db.session.remove()
    return db.session.scalar(select(func.count()).select_from(User))


def test_successful_request_commits(probe_app):
    resp = probe_app.test_client().post("/probe/create")
    assert resp.status_code == 201
    assert count_users() == 1


def test_failed_request_rolls_back_and_hides_the_trace(probe_app):
    resp = probe_app.test_client().post("/probe/create-then-fail")
    assert resp.status_code == 500
    page = resp.get_data(as_text=True)
    assert "secret stack detail" not in page and "Traceback" not in page
    assert "Something went wrong" in page
    assert count_users() == 0


def test_api_errors_use_the_envelope(probe_app):
    client = probe_app.test_client()
    resp = client.get("/api/v1/probe/boom")
    assert resp.status_code == 500
    assert resp.get_json() == {"success": False, "message": "Something went wrong on our side. It has been logged."}
    resp = client.get("/api/v1/nothing-here")
    assert resp.status_code == 404 and resp.get_json()["success"] is False
    resp = client.delete("/api/v1/probe/things")
    assert resp.status_code == 405 and resp.get_json()["success"] is False


def test_unknown_input_fields_are_rejected_with_field_names(probe_app):
    resp = probe_app.test_client().post("/api/v1/probe/things", json={"name": "abcd", "is_admin": True})
    assert resp.status_code == 422
    body = resp.get_json()
    assert body["success"] is False and "is_admin" in body["errors"]


def test_validation_errors_name_the_field(probe_app):
    resp = probe_app.test_client().post("/api/v1/probe/things", json={"name": "x"})
    assert resp.status_code == 422
    assert "name" in resp.get_json()["errors"]


def test_malformed_json_is_a_400(probe_app):
    resp = probe_app.test_client().post("/api/v1/probe/things", data="{not json",
                                        content_type="application/json")
    assert resp.status_code == 400
    assert resp.get_json()["success"] is False


def test_success_envelope_and_pagination_meta(probe_app, create_user):
    for i in range(5):
        create_user(f"pager{i}")
    resp = probe_app.test_client().get("/api/v1/probe/things?per_page=2&page=3")
    body = resp.get_json()
    assert resp.status_code == 200 and body["success"] is True
    assert body["meta"] == {"page": 3, "per_page": 2, "total": 5, "pages": 3}
    assert [u["username"] for u in body["data"]] == ["pager4"]


def test_page_size_above_the_maximum_is_refused(probe_app):
    resp = probe_app.test_client().get("/api/v1/probe/things?per_page=101")
    assert resp.status_code == 422
    assert "per_page" in resp.get_json()["errors"]


def test_default_page_size_is_twenty(probe_app):
    body = probe_app.test_client().get("/api/v1/probe/things").get_json()
    assert body["meta"]["per_page"] == 20


def test_html_error_page_and_htmx_fragment(probe_app):
    client = probe_app.test_client()
    page = client.get("/probe/conflict")
    assert page.status_code == 409 and page.mimetype == "text/html"
    assert "<html" in page.get_data(as_text=True) and "Already there." in page.get_data(as_text=True)
    fragment = client.get("/probe/conflict", headers={"HX-Request": "true"})
    text = fragment.get_data(as_text=True)
    assert fragment.status_code == 409 and "<html" not in text and 'role="alert"' in text


def test_route_without_policy_is_refused(probe_app):
    resp = probe_app.test_client().get("/probe/no-policy")
    assert resp.status_code == 403
    assert "should never be served" not in resp.get_data(as_text=True)


def test_request_id_is_returned_and_propagated(probe_app):
    client = probe_app.test_client()
    resp = client.get("/status", headers={"X-Request-ID": "abc123"})
    assert resp.headers["X-Request-ID"] == "abc123"
    assert len(client.get("/status").headers["X-Request-ID"]) == 32


def test_signed_in_page_post_without_csrf_token_is_a_clear_400(probe_app, create_user):
    user = create_user("formuser")
    client = probe_app.test_client()
    with client.session_transaction() as sess:
        sess["_user_id"] = str(user.id)
        sess["_fresh"] = True
    resp = client.post("/probe/member-create")
    assert resp.status_code == 400
    assert "CSRF" in resp.get_data(as_text=True)
    assert count_users() == 1  # nothing was created
