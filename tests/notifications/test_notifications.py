"""Notifications: rendered in the reader's language, channels per kind, mail and daily digest read
from a real SMTP server, the bell polled with ETag (304 without SQL), mark read."""

from __future__ import annotations

import time_machine

from tests.conftest import envelope_ok, sign_in_session
from tests.identity.conftest import body_of


def _notify(user, kind, params, link=""):
    from arena.extensions import db
    from arena.notifications.operations import notify

    note = notify(user.id, kind, params, link=link)
    db.session.commit()
    return note


def test_a_notification_is_read_in_the_readers_language(client, create_user, auth_headers):
    carol = create_user("carol", language="ar")
    _notify(carol, "submission_reviewed", {"title": "Board"}, link="/my-submissions")
    arabic = envelope_ok(client.get("/api/v1/notifications", headers={**auth_headers(carol)}))
    assert arabic[0]["message"] == "راجع أحد المحكّمين مشاركتك «Board»."
    assert arabic[0]["data"]["title"] == "Board" and arabic[0]["read"] is False
    dave = create_user("dave")
    _notify(dave, "submission_reviewed", {"title": "Board"}, link="/my-submissions")
    english = envelope_ok(client.get("/api/v1/notifications", headers=auth_headers(dave)))
    assert english[0]["message"] == "A juror reviewed your submission “Board”."


def test_channels_per_kind_off_and_refusals(client, create_user, auth_headers):
    alice = create_user("alice")
    headers = auth_headers(alice)
    channels = envelope_ok(client.get("/api/v1/notifications/settings", headers=headers))["channels"]
    assert channels["submission_result"] == "mail" and channels["chat_mention"] == "in_app"
    assert "admin_alert" not in channels  # not an admin
    envelope_ok(client.put("/api/v1/notifications/settings", json={"channels": {"chat_mention": "off"}},
                           headers=headers))
    assert _notify(alice, "chat_mention", {"name": "bob", "room": "Lobby"}) is None
    assert _notify(alice, "direct_message", {"name": "bob"}) is not None
    # a bad channel, an unknown kind: 422 and nothing changes
    bad = client.put("/api/v1/notifications/settings", json={"channels": {"direct_message": "pigeon"}},
                     headers=headers)
    assert bad.status_code == 422
    unknown = client.put("/api/v1/notifications/settings", json={"channels": {"no_such_kind": "off"}},
                         headers=headers)
    assert unknown.status_code == 422 and "no_such_kind" in unknown.get_json()["errors"]
    after = envelope_ok(client.get("/api/v1/notifications/settings", headers=headers))["channels"]
    assert after["direct_message"] == "in_app" and after["chat_mention"] == "off"


def test_admin_alerts_cannot_be_switched_off(client, create_user, auth_headers):
    admin = create_user("root", role="admin")
    refused = client.put("/api/v1/notifications/settings", json={"channels": {"admin_alert": "off"}},
                         headers=auth_headers(admin))
    assert refused.status_code == 422 and "admin_alert" in refused.get_json()["errors"]


def test_mail_channel_reaches_smtp_in_arabic(mail_config, client, create_user):
    sink = mail_config
    huda = create_user("huda", email="huda@example.org", language="ar")
    _notify(huda, "juror_reminder", {"name": "ويكي الربيع", "date": "2026-12-01", "count": 3},
            link="/jury")
    msg = sink.wait_for("huda@example.org")
    assert msg["Subject"] == "مراجعات بانتظارك"
    assert "تنتهي «ويكي الربيع» في 2026-12-01 وتنتظر 3 مشاركات مراجعتك." in body_of(msg)


def test_daily_digest_collects_waiting_notifications_in_one_arabic_mail(mail_config, client, create_user,
                                                                         auth_headers):
    from arena.extensions import db
    from arena.notifications.tasks import send_digests

    sink = mail_config
    huda = create_user("huda", email="huda@example.org", language="ar")
    envelope_ok(client.put("/api/v1/notifications/settings",
                           json={"channels": {"submission_reviewed": "digest", "direct_message": "digest"}},
                           headers=auth_headers(huda)))
    _notify(huda, "submission_reviewed", {"title": "Board"})
    _notify(huda, "direct_message", {"name": "omar"})
    assert sink.to("huda@example.org") == []  # nothing mailed before the digest runs
    with time_machine.travel("2026-12-02 07:00Z", tick=False):
        assert send_digests.delay().get() == 1
    msg = sink.wait_for("huda@example.org")
    assert msg["Subject"] == "ملخّصك من أرينا: 2 إشعارات"
    body = body_of(msg)
    assert "راجع أحد المحكّمين مشاركتك «Board»." in body and "أرسل إليك omar رسالة." in body
    # both stay in the app, and a second run mails nothing more
    db.session.expire_all()
    assert send_digests.delay().get() == 0
    assert len(envelope_ok(client.get("/api/v1/notifications", headers=auth_headers(huda)))) == 2


def test_bell_on_every_page_and_unchanged_poll_is_304_without_sql(client, create_user, count_queries):
    alice = create_user("alice")
    sign_in_session(client, alice)
    _notify(alice, "submission_reviewed", {"title": "Board"})
    page = client.get("/").get_data(as_text=True)
    assert 'id="notification-bell"' in page and "Notifications: 1 unread" in page
    first = client.get("/notifications/bell?lang=en")
    assert first.status_code == 200 and first.headers["ETag"]
    assert "Notifications: 1 unread" in first.get_data(as_text=True)
    with count_queries() as log:
        again = client.get("/notifications/bell?lang=en", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and len(log) == 0, log.statements
    # a new notification changes the tag: the same conditional poll now gets the new count
    _notify(alice, "direct_message", {"name": "bob"})
    changed = client.get("/notifications/bell?lang=en", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and "Notifications: 2 unread" in changed.get_data(as_text=True)


def test_bell_needs_a_signed_in_caller(client, create_user):
    alice = create_user("alice")
    sign_in_session(client, alice)
    tag = client.get("/notifications/bell?lang=en").headers["ETag"]
    other = client.application.test_client()
    # without the owner's session cookie the owner's tag gets nothing
    assert other.get("/notifications/bell?lang=en", headers={"If-None-Match": tag}).status_code == 401


def test_list_mark_one_read_then_all(client, create_user):
    alice = create_user("alice")
    bob = create_user("bob")
    sign_in_session(client, alice)
    one = _notify(alice, "submission_reviewed", {"title": "First <b>entry</b>"})
    _notify(alice, "direct_message", {"name": "bob"})
    _notify(bob, "direct_message", {"name": "alice"})
    page = client.get("/notifications").get_data(as_text=True)
    assert "First &lt;b&gt;entry&lt;/b&gt;" in page and "<b>entry</b>" not in page
    assert page.count("New:") == 2
    token = _csrf(page)
    client.post("/notifications", data={"csrf_token": token, "id": str(one.id)})
    page = client.get("/notifications").get_data(as_text=True)
    assert page.count("New:") == 1
    client.post("/notifications", data={"csrf_token": token})
    assert "New:" not in client.get("/notifications").get_data(as_text=True)
    assert _unread(bob) == 1  # only the reader's own


def test_settings_page_in_arabic_saves_a_choice(client, create_user):
    alice = create_user("alice", language="ar")
    sign_in_session(client, alice)
    page = client.get("/notifications/settings").get_data(as_text=True)
    assert 'dir="rtl"' in page and "إعدادات الإشعارات" in page
    form = {"csrf_token": _csrf(page), "channel-direct_message": "digest"}
    resp = client.post("/notifications/settings", data=form)
    assert resp.status_code == 303
    assert 'value="digest" checked' in client.get("/notifications/settings").get_data(as_text=True)
    bad = client.post("/notifications/settings", data={**form, "channel-direct_message": "pigeon"})
    assert bad.status_code == 422


def _csrf(page: str) -> str:
    import re

    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def _unread(user) -> int:
    from arena.notifications.queries import unread_count

    return unread_count(user.id)
