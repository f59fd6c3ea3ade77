"""The pages a person uses: register, sign in and out, account, admin; accessible and translated."""

import re

from sqlalchemy import func, select

from arena.extensions import db
from arena.identity.models import ApiKey, AuditEvent, User
from tests.conftest import PASSWORD
from tests.identity.conftest import csrf_from


def page_csrf(client, path):
    return csrf_from(client.get(path).get_data(as_text=True))


def sign_in(client, login="alice", password=PASSWORD):
    return client.post("/login", data={"login": login, "password": password, "csrf_token": page_csrf(client, "/login")})


def session_cookie(client):
    cookie = client.get_cookie("session")
    return cookie.value if cookie else None


def test_anonymous_visitors_see_sign_in_and_register_links(client):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/login"' in html and 'href="/register"' in html and 'href="/account"' not in html


def test_register_with_a_weak_password_shows_a_clear_error_and_creates_nothing(client):
    csrf = page_csrf(client, "/register")
    resp = client.post("/register", data={"username": "newbie", "email": "newbie@example.org",
                                          "password": "password123", "confirm": "password123", "csrf_token": csrf})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert re.search(r'<div id="password-error" role="alert"><ul class="error"><li>Use at least 12 characters', html)
    assert 'aria-invalid="true"' in html and 'value="newbie"' in html
    db.session.rollback()
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_register_sign_in_and_out(client):
    csrf = page_csrf(client, "/register")
    resp = client.post("/register", data={"username": "newbie", "email": "newbie@example.org",
                                          "password": PASSWORD, "confirm": PASSWORD, "csrf_token": csrf})
    assert resp.status_code == 302 and resp.headers["Location"] == "/login"
    before = session_cookie(client)
    resp = sign_in(client, "newbie")
    assert resp.status_code == 302 and resp.headers["Location"] == "/account"
    assert session_cookie(client) != before  # renewed at sign-in
    set_cookie = [c for c in resp.headers.getlist("Set-Cookie") if c.startswith("session=")][0]
    assert "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie
    account = client.get("/account").get_data(as_text=True)
    assert "<h1>Your account</h1>" in account and 'href="/account"' in account and "Sign out" in account
    assert 'href="/admin/users"' not in account

    stolen = session_cookie(client)
    resp = client.post("/logout", data={"csrf_token": csrf_from(account)})
    assert resp.status_code == 302
    assert client.get("/account").status_code == 401
    # a copy of the old session cookie no longer signs anyone in
    client.set_cookie("session", stolen)
    assert client.get("/account").status_code == 401


def test_unsafe_page_requests_need_the_csrf_token(client, create_user):
    create_user("alice")
    resp = client.post("/login", data={"login": "alice", "password": PASSWORD})
    assert resp.status_code == 422
    assert client.get("/account").status_code == 401  # not signed in
    sign_in(client)
    resp = client.post("/account/preferences", data={"prefs-language": "ar", "prefs-density": "3",
                                                     "prefs-contrast": "normal", "prefs-reading_level": "3"})
    assert resp.status_code == 400 and "form expired" in resp.get_data(as_text=True)
    db.session.rollback()
    assert db.session.scalar(select(User.language).where(User.username == "alice")) is None


def test_wrong_password_and_lockout_on_the_page(client, create_user):
    create_user("alice")
    for _ in range(4):
        resp = sign_in(client, password="not the right one")
        assert resp.status_code == 401
        assert re.search(r'role="alert"><p>The username or password is not right', resp.get_data(as_text=True))
    resp = sign_in(client, password="not the right one")
    assert resp.status_code == 429 and "locked for 15 more minutes" in resp.get_data(as_text=True)
    assert sign_in(client).status_code == 429


def test_open_redirects_are_refused_after_sign_in(client, create_user):
    create_user("alice")
    csrf = page_csrf(client, "/login?next=https://evil.example/")
    resp = client.post("/login", data={"login": "alice", "password": PASSWORD, "next": "//evil.example/",
                                       "csrf_token": csrf})
    assert resp.headers["Location"] == "/account"


def test_password_change_on_the_page_signs_out_other_sessions(app, client, create_user):
    create_user("alice")
    other = app.test_client()
    sign_in(other)
    sign_in(client)
    html = client.get("/account").get_data(as_text=True)
    resp = client.post("/account/password", data={"password-current_password": PASSWORD,
                                                   "password-new_password": "a brand new passphrase",
                                                   "password-confirm": "a brand new passphrase",
                                                   "password-csrf_token": csrf_from(html)})
    assert resp.status_code == 302
    assert client.get("/account").status_code == 200  # this session continues
    assert other.get("/account").status_code == 401  # the other one is signed out


def test_api_keys_on_the_account_page(client, create_user):
    create_user("alice")
    sign_in(client)
    html = client.get("/account").get_data(as_text=True)
    assert 'value="admin"' not in html  # a user is not offered the admin scope
    resp = client.post("/account/api-keys", data={"key-name": "my script", "key-scopes": ["read"],
                                                  "key-expires_in_days": "30", "key-csrf_token": csrf_from(html)})
    assert resp.status_code == 201
    secret = re.search(r'value="(arena_[^"]+)"', resp.get_data(as_text=True)).group(1)
    assert client.get("/api/v1/auth/me", headers={"X-API-Key": secret}).status_code == 200
    html = client.get("/account").get_data(as_text=True)
    assert secret not in html and "my script" in html
    key_id = re.search(r'/account/api-keys/(\d+)/revoke', html).group(1)
    resp = client.post(f"/account/api-keys/{key_id}/revoke", data={"csrf_token": csrf_from(html)})
    assert resp.status_code == 302
    assert client.get("/api/v1/auth/me", headers={"X-API-Key": secret}).status_code == 401
    html = client.get("/account").get_data(as_text=True)
    assert "API key revoked" in html and "Failed API key use" in html  # own security events


def test_others_keys_cannot_be_revoked_from_the_page(app, client, create_user):
    create_user("alice")
    bob = create_user("bob")
    db.session.add(ApiKey(user_id=bob.id, name="bobs", prefix="arena_xxxxxx", key_hash="0" * 64,
                          scopes=["read"], expires_at=bob.created_at.replace(year=bob.created_at.year + 1)))
    db.session.commit()
    key_id = db.session.scalar(select(ApiKey.id))
    sign_in(client)
    html = client.get("/account").get_data(as_text=True)
    resp = client.post(f"/account/api-keys/{key_id}/revoke", data={"csrf_token": csrf_from(html)})
    assert resp.status_code == 404
    db.session.rollback()
    assert db.session.get(ApiKey, key_id).revoked_at is None


def test_admin_pages(client, create_user):
    create_user("boss", role="superadmin")
    alice = create_user("alice")
    sign_in(client, "alice")
    assert client.get("/admin/users").status_code == 403
    assert client.get("/admin/audit").status_code == 403
    client.post("/logout", data={"csrf_token": page_csrf(client, "/account")})
    sign_in(client, "boss")
    home = client.get("/").get_data(as_text=True)
    assert 'href="/admin/users"' in home
    listing = client.get("/admin/users?q=ali").get_data(as_text=True)
    assert f'/admin/users/{alice.id}"' in listing and "boss@example.org" not in listing
    detail = client.get(f"/admin/users/{alice.id}").get_data(as_text=True)
    resp = client.post(f"/admin/users/{alice.id}/role", data={"role": "admin", "csrf_token": csrf_from(detail)})
    assert resp.status_code == 302
    resp = client.post(f"/admin/users/{alice.id}/ban", data={"reason": "spam", "csrf_token": csrf_from(detail)})
    assert resp.status_code == 302
    db.session.rollback()
    user = db.session.get(User, alice.id)
    assert user.role == "admin" and user.is_banned
    audit = client.get("/admin/audit?event_type=user.banned&subject=alice").get_data(as_text=True)
    assert "Account banned" in audit and "1 events." in audit
    assert client.get("/admin/audit?since=not-a-date").status_code == 422
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.event_type == "role.changed")) == 1


def test_pages_in_arabic(client, create_user):
    create_user("layla", language="ar")
    html = client.get("/login", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert 'dir="rtl"' in html and "تسجيل الدخول" in html
    sign_in(client, "layla")
    html = client.get("/account").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html and "حسابك" in html


def test_forms_label_every_input(client, create_user):
    create_user("alice", role="superadmin")
    create_user("bob")
    pages = ["/login", "/register", "/password/forgot"]
    for path in pages:
        _check_labels(client.get(path).get_data(as_text=True), path)
    sign_in(client)
    for path in ["/account", "/admin/users", "/admin/audit", "/admin/users/2"]:
        _check_labels(client.get(path).get_data(as_text=True), path)


def _check_labels(html, path):
    labels = set(re.findall(r'<label[^>]*for="([^"]+)"', html))
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
        if re.search(r'type="(hidden|submit)"', tag):
            continue
        ident = re.search(r'id="([^"]+)"', tag)
        assert ident and ident.group(1) in labels, (path, tag)
    assert html.count("<h1") == 1, path


def test_register_page_reports_every_problem_at_once(client):
    csrf = page_csrf(client, "/register")
    resp = client.post("/register", data={"username": "x y", "email": "bad", "password": "short",
                                          "confirm": "different", "csrf_token": csrf})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    for field in ("username", "email", "password", "confirm"):
        assert f'id="{field}-error" role="alert"' in html, field


def test_security_events_in_arabic_isolate_left_to_right_material(client, create_user):
    create_user("layla", language="ar", role="superadmin")
    agent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"
    client.post("/login", data={"login": "layla", "password": "wrong", "csrf_token": page_csrf(client, "/login")})
    client.post("/login", headers={"User-Agent": agent},
                data={"login": "layla", "password": PASSWORD, "csrf_token": page_csrf(client, "/login")})
    for path in ("/account", "/admin/audit"):
        html = client.get(path, headers={"User-Agent": agent}).get_data(as_text=True)
        assert '<html lang="ar" dir="rtl">' in html
        assert f'<bdi dir="ltr">{agent}</bdi>' in html, path
        assert re.search(r'<bdi dir="ltr">[0-9a-f.:]+</bdi>', html), path  # the IP address
        assert "تسجيل الدخول" in html and "عبر: صفحة الويب" in html, path  # "Signed in", "via: web page"
        assert "via:" not in html and "&lt;bdi" not in html, path
        assert 'مرات الإخفاق: <bdi dir="ltr">1</bdi>' in html, path  # data stays data, left to right
    account = client.get("/account").get_data(as_text=True)
    assert "login.succeeded" not in account  # the code itself is for administrators' filter only
    audit = client.get("/admin/audit").get_data(as_text=True)
    assert '<code class="muted" dir="ltr">login.succeeded</code>' in audit


def test_unknown_audit_codes_get_a_readable_label(app):
    from arena.identity import audit

    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert audit.event_label("login.succeeded") == "Signed in"
        assert audit.event_label("quiz.time_extended") == "Quiz time extended"
        assert audit.detail_label("seat_count") == "seat count"
        assert audit.detail_value("web") == ("web page", True)
        assert audit.detail_value("10.0.0.1") == ("10.0.0.1", False)
