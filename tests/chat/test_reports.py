"""Reporting chat messages: one report per member and message (409 the second time), none of a room
one cannot read (404), the admin queue with its count on the dashboard and its waiting alert, and an
administrator's delete or dismiss with a reason, audited."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import time_machine
from sqlalchemy import select

from tests.conftest import envelope_ok, sign_in_session


def _room(client, headers, name="Lobby", kind="public"):
    return envelope_ok(client.post("/api/v1/chat/rooms", json={"name": name, "kind": kind}, headers=headers), 201)


def _post(client, headers, room_id, body):
    return envelope_ok(client.post(f"/api/v1/chat/rooms/{room_id}/messages", json={"body": body}, headers=headers), 201)


def _report(client, headers, message_id, reason=None):
    return client.post(f"/api/v1/chat/messages/{message_id}/report",
                       json={} if reason is None else {"reason": reason}, headers=headers)


def _queue_count(app) -> int:
    from arena.core.dashboard import queues

    return {q.key: q for q in queues(app)}["chat-reports"].count()


def _audit(event_type):
    from arena.extensions import db
    from arena.identity.models import AuditEvent

    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.event_type == event_type)))


def test_report_once_not_own_and_not_in_rooms_one_cannot_read(app, client, create_user, auth_headers):
    alice, bob, outsider = create_user("alice"), create_user("bobby"), create_user("outsider")
    room = _room(client, auth_headers(alice))
    message = _post(client, auth_headers(alice), room["id"], "buy cheap points here")
    report = envelope_ok(_report(client, auth_headers(bob), message["id"], "spam"), 201)
    assert report["status"] == "pending" and report["reason"] == "spam"
    again = _report(client, auth_headers(bob), message["id"], "still spam")
    assert again.status_code == 409 and "already" in again.get_json()["message"]
    assert _report(client, auth_headers(alice), message["id"]).status_code == 403  # one's own message
    envelope_ok(_report(client, auth_headers(outsider), message["id"]), 201)  # public room: readable, no reason
    assert _queue_count(app) == 2

    private = _room(client, auth_headers(alice), "Jury", "private")
    secret = _post(client, auth_headers(alice), private["id"], "secret plans")
    refused = _report(client, auth_headers(outsider), secret["id"])
    assert refused.status_code == 404 and "secret" not in refused.get_data(as_text=True)
    assert _report(client, auth_headers(outsider), 99999).status_code == 404
    assert _report(client, auth_headers(bob), message["id"], "x" * 501).status_code == 422
    assert _queue_count(app) == 2


def test_direct_messages_can_be_reported(app, client, create_user, auth_headers):
    alice, bob, third = create_user("alice"), create_user("bobby"), create_user("third")
    direct = envelope_ok(client.post("/api/v1/chat/direct", json={"username": "bobby", "body": "rude words"},
                                     headers=auth_headers(alice)), 201)
    history = envelope_ok(client.get(f"/api/v1/chat/rooms/{direct['id']}/messages", headers=auth_headers(bob)))
    assert _report(client, auth_headers(third), history[0]["id"]).status_code == 404  # not in the conversation
    envelope_ok(_report(client, auth_headers(bob), history[0]["id"], "insult"), 201)
    assert _queue_count(app) == 1


def test_admin_deletes_or_dismisses_with_a_reason_audited(app, client, create_user, auth_headers):
    admin = create_user("root", role="admin")
    alice, bob, carol = create_user("alice"), create_user("bobby"), create_user("carol")
    room = _room(client, auth_headers(alice))
    bad = _post(client, auth_headers(alice), room["id"], "offensive text")
    fine = _post(client, auth_headers(alice), room["id"], "harmless text")
    first = envelope_ok(_report(client, auth_headers(bob), bad["id"], "offensive"), 201)
    envelope_ok(_report(client, auth_headers(carol), bad["id"]), 201)
    other = envelope_ok(_report(client, auth_headers(bob), fine["id"], "I dislike it"), 201)

    queue = envelope_ok(client.get("/api/v1/admin/chat-reports", headers=auth_headers(admin)))
    assert [(r["body"], r["author"], r["reporter"], r["room_id"]) for r in queue] == [
        ("offensive text", "alice", "bobby", room["id"]), ("offensive text", "alice", "carol", room["id"]),
        ("harmless text", "alice", "bobby", room["id"])]
    # plain members (even the room's owner) cannot use the queue
    assert client.get("/api/v1/admin/chat-reports", headers=auth_headers(alice)).status_code == 403
    assert client.post(f"/api/v1/admin/chat-reports/{first['id']}/resolve", json={"action": "delete", "reason": "x"},
                       headers=auth_headers(alice)).status_code == 403
    # a reason is required
    assert client.post(f"/api/v1/admin/chat-reports/{first['id']}/resolve", json={"action": "delete", "reason": ""},
                       headers=auth_headers(admin)).status_code == 422

    done = envelope_ok(client.post(f"/api/v1/admin/chat-reports/{first['id']}/resolve",
                                   json={"action": "delete", "reason": "Insults are not allowed"},
                                   headers=auth_headers(admin)))
    assert done["status"] == "deleted" and done["resolution"] == "Insults are not allowed"
    history = envelope_ok(client.get(f"/api/v1/chat/rooms/{room['id']}/messages", headers=auth_headers(bob)))
    assert [(m["body"], m["deleted"]) for m in history] == [(None, True), ("harmless text", False)]
    # carol's report of the same message is resolved with it: only the other message waits
    assert [r["id"] for r in envelope_ok(client.get("/api/v1/admin/chat-reports", headers=auth_headers(admin)))] \
        == [other["id"]]
    assert _queue_count(app) == 1
    assert client.post(f"/api/v1/admin/chat-reports/{first['id']}/resolve", json={"action": "dismiss", "reason": "x"},
                       headers=auth_headers(admin)).status_code == 409

    dismissed = envelope_ok(client.post(f"/api/v1/admin/chat-reports/{other['id']}/resolve",
                                        json={"action": "dismiss", "reason": "Nothing wrong with it"},
                                        headers=auth_headers(admin)))
    assert dismissed["status"] == "dismissed"
    assert envelope_ok(client.get(f"/api/v1/chat/rooms/{room['id']}/messages", headers=auth_headers(bob)))[1][
        "body"] == "harmless text"
    assert _queue_count(app) == 0

    [deleted] = _audit("chat.report.delete")
    assert (deleted.actor_id, deleted.subject_id) == (admin.id, alice.id)
    assert deleted.details == {"report_id": first["id"], "message_id": bad["id"], "room_id": room["id"],
                               "reason": "Insults are not allowed"}
    [kept] = _audit("chat.report.dismiss")
    assert kept.actor_id == admin.id and kept.details["message_id"] == fine["id"]
    assert kept.details["reason"] == "Nothing wrong with it"


def test_pages_report_button_queue_and_dashboard_count(app, client, create_user, auth_headers):
    admin = create_user("root", role="admin")
    alice, bob = create_user("alice"), create_user("bobby", language="ar")
    room = _room(client, auth_headers(alice))
    envelope_ok(client.post(f"/api/v1/chat/rooms/{room['id']}/join", headers=auth_headers(bob)))
    mine = _post(client, auth_headers(bob), room["id"], "my own words")
    theirs = _post(client, auth_headers(alice), room["id"], "spam spam spam")

    sign_in_session(client, bob)
    page = client.get(f"/chat/rooms/{room['id']}").get_data(as_text=True)
    assert 'dir="rtl"' in page and "أبلغ عن هذه الرسالة" in page
    forms = re.findall(r'action="/chat/messages/(\d+)/report"', page)
    assert forms == [str(theirs["id"])]  # no button on one's own message
    assert mine["id"] != theirs["id"]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    sent = client.post(f"/chat/messages/{theirs['id']}/report", data={"csrf_token": token, "reason": "spam"})
    assert sent.status_code == 303 and sent.headers["Location"].endswith(f"/chat/rooms/{room['id']}")
    again = client.post(f"/chat/messages/{theirs['id']}/report", data={"csrf_token": token, "reason": "spam"},
                        follow_redirects=True)
    assert "أبلغت عن هذه الرسالة مسبقًا." in again.get_data(as_text=True)
    assert client.get("/admin/chat-reports").status_code == 403

    admin_client = app.test_client()
    sign_in_session(admin_client, admin)
    dashboard = admin_client.get("/admin").get_data(as_text=True)
    assert re.search(r"Reported chat messages.{0,200}?\b1\b", dashboard, re.S)
    queue = admin_client.get("/admin/chat-reports").get_data(as_text=True)
    assert "spam spam spam" in queue and "bobby" in queue and "alice" in queue and "Lobby" in queue
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', queue).group(1)
    report_id = re.search(r'name="id" value="(\d+)"', queue).group(1)
    refused = admin_client.post("/admin/chat-reports", data={"csrf_token": token, "id": report_id,
                                                             "action": "delete", "reason": ""})
    assert refused.status_code == 303 and _queue_count(app) == 1
    done = admin_client.post("/admin/chat-reports", data={"csrf_token": token, "id": report_id, "action": "delete",
                                                          "reason": "Spam"})
    assert done.status_code == 303
    assert "spam spam spam" not in admin_client.get("/admin/chat-reports").get_data(as_text=True)
    assert _queue_count(app) == 0 and len(_audit("chat.report.delete")) == 1


def test_a_report_waiting_over_a_day_alerts_the_admins(app, create_user):
    from arena.chat import operations as chat
    from arena.extensions import db
    from arena.notifications import operations

    create_user("root", role="admin")
    alice, bob = create_user("alice"), create_user("bobby")
    start = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    with time_machine.travel(start, tick=False):
        room = chat.create_room(actor=alice, name="Lobby")
        chat.join(room, actor=bob)
        chat.report_message(chat.post_message(room, "spam", actor=alice), actor=bob)
        db.session.commit()
    for hours, expected in ((23, []), (25, ["chat-reports"])):
        with time_machine.travel(start + timedelta(hours=hours), tick=False):
            assert operations.alert_waiting_queues() == expected
            db.session.commit()
