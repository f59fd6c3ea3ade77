"""Run-time settings: validated, audited, effective at once, guarded by a fresh password."""

from datetime import timedelta

import pytest
import requests
import time_machine

from tests.conftest import PASSWORD, envelope_ok
from tests.support import services
from tests.support.processes import ArenaServer, wait_until

URL = "/api/v1/admin/settings"


def login(client, username):
    resp = client.post("/api/v1/auth/login", json={"login": username, "password": PASSWORD})
    return {"Authorization": f"Bearer {envelope_ok(resp)['access_token']}"}


@pytest.fixture
def admin(create_user):
    return create_user("root", role="superadmin")


def test_settings_refused_to_anonymous_and_plain_users(client, create_user):
    create_user("plain")
    assert client.get(URL).status_code == 401
    assert client.patch(URL, json={"values": {"site.notice": "x"}}).status_code == 401
    headers = login(client, "plain")
    assert client.get(URL, headers=headers).status_code == 403
    assert client.patch(URL, json={"values": {"site.notice": "x"}}, headers=headers).status_code == 403


def test_invalid_values_are_refused_naming_the_setting_and_change_nothing(client, admin):
    headers = login(client, "root")
    resp = client.patch(URL, headers=headers, json={"values": {"mail.digest_hour": 24, "site.notice": "hello",
                                                               "no.such": 1}})
    assert resp.status_code == 422
    errors = resp.get_json()["errors"]
    assert errors["mail.digest_hour"] == ["Must be at most 23."]
    assert errors["no.such"] == ["No such setting."]
    assert "site.notice" not in errors
    listed = {s["name"]: s for s in envelope_ok(client.get(URL, headers=headers))}
    assert listed["site.notice"]["value"] == "" and listed["mail.digest_hour"]["value"] == 8
    bad_limit = client.patch(URL, headers=headers, json={"values": {"study.read_limit": "lots"}})
    assert bad_limit.status_code == 422 and "study.read_limit" in bad_limit.get_json()["errors"]
    wrong_type = client.patch(URL, headers=headers, json={"values": {"media.uploads_per_hour": "ten"}})
    assert wrong_type.get_json()["errors"] == {"media.uploads_per_hour": ["Must be a whole number."]}


def test_a_change_is_audited_and_takes_effect_without_restart(client, admin, db_session):
    headers = login(client, "root")
    assert "site-notice" not in client.get("/").get_data(as_text=True)
    data = envelope_ok(client.patch(URL, headers=headers, json={"values": {"site.notice": "Maintenance at 18:00",
                                                                           "mail.digest_hour": 6}}))
    shown = {s["name"]: s for s in data}
    assert shown["site.notice"]["value"] == "Maintenance at 18:00" and shown["site.notice"]["changed"]
    assert "Maintenance at 18:00" in client.get("/").get_data(as_text=True)
    events = envelope_ok(client.get("/api/v1/audit-events?event_type=setting.changed", headers=headers))
    details = sorted((e["details"]["name"], e["details"]["old"], e["details"]["new"]) for e in events)
    assert details == [("mail.digest_hour", 8, 6), ("site.notice", "", "Maintenance at 18:00")]
    # null restores the default, also audited
    envelope_ok(client.patch(URL, headers=headers, json={"values": {"site.notice": None}}))
    assert "Maintenance at 18:00" not in client.get("/").get_data(as_text=True)


def test_the_value_in_force_follows_the_stored_setting(app, admin):
    from arena.core import runtime

    client = app.test_client()
    headers = login(client, "root")
    envelope_ok(client.patch(URL, headers=headers, json={"values": {"contests.points_per_accepted_default": 15}}))
    with app.test_request_context():
        assert runtime.value("contests.points_per_accepted_default") == 15
        assert runtime.value("mail.digest_hour") == 8


def test_a_dangerous_action_ten_minutes_and_a_second_after_sign_in_asks_for_the_password(client, admin):
    with time_machine.travel("2030-01-01 12:00:00+00:00", tick=False) as traveller:
        headers = login(client, "root")
        traveller.shift(timedelta(minutes=10))
        envelope_ok(client.patch(URL, headers=headers, json={"values": {"mail.digest_hour": 5}}))
        traveller.shift(timedelta(seconds=1))
        stale = client.patch(URL, headers=headers, json={"values": {"mail.digest_hour": 4}})
        assert stale.status_code == 401
        assert stale.get_json()["errors"] == {"reauthentication": ["required"]}
        assert client.get(URL, headers=headers).status_code == 200  # reading is not dangerous
        wrong = client.post("/api/v1/auth/reauthenticate", headers=headers, json={"password": "not it at all"})
        assert wrong.status_code == 422
        assert client.patch(URL, headers=headers, json={"values": {"mail.digest_hour": 4}}).status_code == 401
        envelope_ok(client.post("/api/v1/auth/reauthenticate", headers=headers, json={"password": PASSWORD}))
        listed = envelope_ok(client.patch(URL, headers=headers, json={"values": {"mail.digest_hour": 4}}))
        assert {s["name"]: s["value"] for s in listed}["mail.digest_hour"] == 4


def test_bans_role_changes_and_adjustments_need_a_fresh_password(client, admin, create_user):
    target = create_user("target")
    with time_machine.travel("2030-01-01 12:00:00+00:00", tick=False) as traveller:
        headers = login(client, "root")
        traveller.shift(timedelta(minutes=11))
        for method, path, body in [("post", f"/api/v1/users/{target.id}/ban", {"reason": "spam"}),
                                   ("put", f"/api/v1/users/{target.id}/role", {"role": "admin"}),
                                   ("post", f"/api/v1/users/{target.id}/points/adjustments",
                                    {"amount": 5, "reason": "gift"})]:
            resp = getattr(client, method)(path, headers=headers, json=body)
            assert resp.status_code == 401, (path, resp.get_json())
        envelope_ok(client.post("/api/v1/auth/reauthenticate", headers=headers, json={"password": PASSWORD}))
        envelope_ok(client.post(f"/api/v1/users/{target.id}/ban", headers=headers, json={"reason": "spam"}))


def test_the_settings_page_sends_a_stale_sign_in_to_confirm_the_password(client, admin):
    from tests.conftest import sign_in_session

    with time_machine.travel("2030-01-01 12:00:00+00:00", tick=False) as traveller:
        sign_in_session(client, admin)
        page = client.get("/admin/settings")
        assert page.status_code == 200 and "site.notice" in page.get_data(as_text=True)
        traveller.shift(timedelta(minutes=10, seconds=1))
        import re

        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)).group(1)
        resp = client.post("/admin/settings", data={"csrf_token": token, "site.notice": "Hi"})
        assert resp.status_code == 303 and "/reauthenticate" in resp.headers["Location"]
        form = client.get(resp.headers["Location"]).get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
        done = client.post("/reauthenticate", data={"csrf_token": token, "password": PASSWORD, "next": "/admin/settings"})
        assert done.status_code == 303 and done.headers["Location"].endswith("/admin/settings")
        saved = client.post("/admin/settings", data={"csrf_token": token, "site.notice": "Hi",
                                                     "mail.digest_hour": "30"})
        assert saved.status_code == 422 and "Must be at most 23." in saved.get_data(as_text=True)
        saved = client.post("/admin/settings", data={"csrf_token": token, "site.notice": "Hi"})
        assert saved.status_code == 303
        assert "Hi" in client.get("/admin").get_data(as_text=True)


@pytest.mark.services
def test_a_change_through_one_process_is_seen_by_another_within_a_second(config, admin):
    if not services.redis_url():
        pytest.skip("needs a shared Redis and database: runs in the PostgreSQL + Redis pass")
    with ArenaServer(config) as first, ArenaServer(config) as second:
        token = requests.post(f"{first.url}/api/v1/auth/login", json={"login": "root", "password": PASSWORD},
                              timeout=10).json()["data"]["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        assert "Closed for repairs" not in requests.get(f"{second.url}/", timeout=10).text
        resp = requests.patch(f"{first.url}{URL}", headers=headers, timeout=10,
                              json={"values": {"site.notice": "Closed for repairs"}})
        assert resp.status_code == 200, resp.text
        assert wait_until(lambda: "Closed for repairs" in requests.get(f"{second.url}/", timeout=10).text,
                          timeout=1.0)
