"""Every admin page and admin API route, found in the route inventory (none listed by hand), refuses
anonymous callers with 401 and signed-in plain users with 403 (API token and page session)."""

import re

import pytest

from tests.conftest import sign_in_session

UNSAFE_OR_SAFE = ("GET", "POST", "PUT", "PATCH", "DELETE")


def admin_routes(app) -> list[tuple[str, str]]:
    """(method, url) of every route with an ``admin`` path segment, its parameters filled in."""
    routes = []
    for rule in app.url_map.iter_rules():
        if "admin" not in rule.rule.strip("/").split("/"):
            continue
        url = rule.rule
        for name, converter in rule._converters.items():
            choices = getattr(converter, "items", None)
            value = sorted(choices)[0] if choices else (1 if converter.regex == r"\d+" else "approve")
            url = re.sub(rf"<[^>]*\b{name}>", str(value), url)
        routes += [(method, url) for method in sorted(rule.methods) if method in UNSAFE_OR_SAFE]
    return routes


def test_the_inventory_finds_the_admin_routes(app):
    found = {url for _m, url in admin_routes(app)}
    for expected in ("/admin", "/admin/settings", "/api/v1/admin/settings", "/admin/jobs/failed",
                     "/admin/users/1", "/points/admin/adjustments", "/rewards/admin/redemptions"):
        assert expected in found


@pytest.mark.parametrize("as_json", [False, True], ids=["page", "json"])
def test_anonymous_callers_get_401_on_every_admin_route(app, client, as_json):
    headers = {"Accept": "application/json"} if as_json else {}
    refused = {(m, u): client.open(u, method=m, headers=headers).status_code for m, u in admin_routes(app)}
    assert {k: v for k, v in refused.items() if v != 401} == {}


def test_plain_users_get_403_on_every_admin_route(app, client, create_user, auth_headers):
    plain = create_user("plain")
    headers = auth_headers(plain)
    api = {(m, u): client.open(u, method=m, headers=headers, json={}).status_code for m, u in admin_routes(app)}
    assert {k: v for k, v in api.items() if v != 403} == {}
    sign_in_session(client, plain)
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)
    pages = {(m, u): client.open(u, method=m, data={"csrf_token": token}).status_code for m, u in admin_routes(app)}
    assert {k: v for k, v in pages.items() if v != 403} == {}
