import re

import pytest


def test_home_page_in_english(client):
    resp = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert '<html lang="en" dir="ltr">' in html
    assert "Arena runs community contests" in html


def test_home_page_in_arabic_from_accept_language(client):
    resp = client.get("/", headers={"Accept-Language": "ar,en;q=0.5"})
    html = resp.get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert "تدير أرينا المسابقات المجتمعية" in html


def test_language_switch_sets_a_cookie_and_stays_on_site(client):
    resp = client.get("/lang/ar?next=/")
    assert resp.status_code == 302 and resp.headers["Location"] == "/"
    assert 'dir="rtl"' in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    evil = client.get("/lang/en?next=https://evil.example/")
    assert evil.headers["Location"] == "/"
    assert client.get("/lang/xx").status_code == 404


def test_accessibility_preferences_become_body_classes(client):
    client.set_cookie("arena_prefs", "density=5&contrast=high&reduced_motion=1")
    html = client.get("/").get_data(as_text=True)
    body = re.search(r'<body class="([^"]+)"', html).group(1).split()
    assert {"density-5", "contrast-high", "motion-reduced"} <= set(body)


def test_security_headers(client):
    resp = client.get("/")
    csp = resp.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in resp.headers  # development/testing only


def test_hsts_in_production(tmp_path):
    from arena import create_app

    app = create_app({"ENV": "production", "SECRET_KEY": "p" * 40, "INSTANCE_PATH": str(tmp_path),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    resp = app.test_client().get("/lang/en")
    assert resp.headers["Strict-Transport-Security"].startswith("max-age=")


def test_pages_have_no_inline_scripts_or_foreign_assets(client):
    html = client.get("/").get_data(as_text=True)
    for tag in re.findall(r"<script[^>]*>", html):
        assert 'src="/' in tag, tag
    assert "http://" not in html.split("<body")[0] and "https://" not in html.split("<body")[0]


def test_static_assets_are_served_by_arena(client):
    assert client.get("/assets/vendor/htmx.min.js").status_code == 200
    assert client.get("/assets/css/arena.css").status_code == 200


@pytest.mark.parametrize("lang,direction", [("en", "ltr"), ("ar", "rtl")])
def test_api_reference_lists_every_operation_of_the_document(client, lang, direction):
    spec = client.get("/api/v1/openapi.json").get_json()
    page = client.get("/api/docs", headers={"Accept-Language": lang})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'<html lang="{lang}" dir="{direction}">' in html
    listed = set(re.findall(r'<span class="api-method[^"]*">([A-Z]+)</span> <code>([^<]+)</code>', html))
    expected = {(method.upper(), path) for path, item in spec["paths"].items()
                for method in item if method in ("get", "post", "put", "patch", "delete")}
    assert len(expected) > 100 and listed == expected
    for tag in spec["tags"]:
        assert f'<span dir="ltr">{tag["name"]}</span></h2>' in html
    assert 'href="/api/v1/openapi.json"' in html and 'href="/"' in html  # the raw document and the way home
    favicon = re.search(r'<link rel="icon" href="([^"]+)"', html).group(1)
    assert client.get(favicon).status_code == 200
    assert "https://" not in html and "<script src=\"/api/docs" not in html


def test_api_reference_renders_markdown_fields_and_bounds(client):
    html = client.get("/api/docs", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "``" not in html  # double backticks are code, not literal
    assert "unless <code>confirm_rescore=true</code>" in html
    assert "<caption>Parameters</caption>" in html and "<caption>Fields of the request body</caption>" in html
    assert re.search(r'<code dir="ltr">password</code></th>\s*<td><span dir="ltr">string</span>', html)
    assert re.search(r'<span dir="ltr">(min length|max length) \d+</span>', html)  # bounds of a field
    assert "Security:" in html and "bearerAuth" in html


def test_api_texts_cite_no_document_outside_the_repository(client):
    text = client.get("/api/v1/openapi.json").get_data(as_text=True)
    assert "DESIGN" not in text and "design document" not in text.lower()


def test_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/jobs/{job_id}" in spec["paths"]
    schemas = spec["components"]["schemas"]
    assert {"success", "message", "data"} <= set(schemas["JobEnvelope"]["properties"])


def test_visitor_sets_display_preferences_with_the_form(app, client):
    app.config["WTF_CSRF_ENABLED"] = False
    resp = client.post("/display", data={"density": "1", "contrast": "high", "reduced_motion": "y"})
    assert resp.status_code == 302
    body = re.search(r'<body class="([^"]+)"', client.get("/").get_data(as_text=True)).group(1).split()
    assert {"density-1", "contrast-high", "motion-reduced"} <= set(body)


def test_invalid_display_preferences_change_nothing(app, client):
    app.config["WTF_CSRF_ENABLED"] = False
    resp = client.post("/display", data={"density": "9", "contrast": "neon"})
    assert resp.status_code == 422
    assert "Not a valid choice" in resp.get_data(as_text=True)
    assert "arena_prefs" not in resp.headers.get("Set-Cookie", "")


def test_display_form_needs_its_csrf_token(client):
    resp = client.post("/display", data={"density": "1", "contrast": "high"})
    assert resp.status_code == 422 and "arena_prefs" not in resp.headers.get("Set-Cookie", "")


def test_garbage_preference_cookie_falls_back_to_defaults(client):
    client.set_cookie("arena_prefs", "density=99&contrast=<script>")
    body = re.search(r'<body class="([^"]+)"', client.get("/").get_data(as_text=True)).group(1).split()
    assert "density-3" in body and "contrast-normal" in body
