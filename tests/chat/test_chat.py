"""Chat: who may read and post, mutes and bans, blocked direct messages, inert XSS, edit window,
unread counts, keyset history, rate limit, and the poll answered 304 without SQL."""

from __future__ import annotations

import time_machine

from tests.conftest import envelope_ok, sign_in_session


def _room(client, headers, name="Lobby", kind="public"):
    return envelope_ok(client.post("/api/v1/chat/rooms", json={"name": name, "kind": kind}, headers=headers), 201)


def _post(client, headers, room_id, body):
    return client.post(f"/api/v1/chat/rooms/{room_id}/messages", json={"body": body}, headers=headers)


def test_private_rooms_are_404_for_non_members_until_invited(client, create_user, auth_headers):
    owner, outsider = create_user("owner"), create_user("outsider")
    room = _room(client, auth_headers(owner), "Jury room", "private")
    envelope_ok(_post(client, auth_headers(owner), room["id"], "secret plans"), 201)
    for resp in (client.get(f"/api/v1/chat/rooms/{room['id']}", headers=auth_headers(outsider)),
                 client.get(f"/api/v1/chat/rooms/{room['id']}/messages", headers=auth_headers(outsider)),
                 _post(client, auth_headers(outsider), room["id"], "let me in"),
                 client.post(f"/api/v1/chat/rooms/{room['id']}/join", headers=auth_headers(outsider))):
        assert resp.status_code == 404
        assert "secret plans" not in resp.get_data(as_text=True)
    # a member who is not a moderator cannot invite
    envelope_ok(client.post(f"/api/v1/chat/rooms/{room['id']}/members", json={"username": "outsider"},
                            headers=auth_headers(owner)), 201)
    history = envelope_ok(client.get(f"/api/v1/chat/rooms/{room['id']}/messages", headers=auth_headers(outsider)))
    assert [m["body"] for m in history] == ["secret plans"]
    third = create_user("third")
    refused = client.post(f"/api/v1/chat/rooms/{room['id']}/members", json={"username": "third"},
                          headers=auth_headers(outsider))
    assert refused.status_code == 403
    assert client.get(f"/api/v1/chat/rooms/{room['id']}", headers=auth_headers(third)).status_code == 404


def test_public_room_join_post_unread_and_mentions(client, create_user, auth_headers):
    from arena.notifications.queries import unread_count

    alice, bob = create_user("alice"), create_user("bobby")
    room = _room(client, auth_headers(alice))
    # reading a public room is open, posting needs joining
    assert _post(client, auth_headers(bob), room["id"], "hi").status_code == 404
    envelope_ok(client.post(f"/api/v1/chat/rooms/{room['id']}/join", headers=auth_headers(bob)))
    envelope_ok(_post(client, auth_headers(alice), room["id"], "hello @bobby and @nobody"), 201)
    envelope_ok(_post(client, auth_headers(alice), room["id"], "second"), 201)
    rooms = envelope_ok(client.get("/api/v1/chat/rooms", headers=auth_headers(bob)))
    assert rooms[0]["unread"] == 2
    assert envelope_ok(client.get("/api/v1/chat/rooms", headers=auth_headers(alice)))[0]["unread"] == 0
    assert unread_count(bob.id) == 1  # the mention
    envelope_ok(client.get(f"/api/v1/chat/rooms/{room['id']}/messages", headers=auth_headers(bob)))
    assert envelope_ok(client.get("/api/v1/chat/rooms", headers=auth_headers(bob)))[0]["unread"] == 0


def test_muted_and_banned_members_cannot_post(client, create_user, auth_headers):
    owner, noisy = create_user("owner"), create_user("noisy")
    room = _room(client, auth_headers(owner))
    envelope_ok(client.post(f"/api/v1/chat/rooms/{room['id']}/join", headers=auth_headers(noisy)))
    with time_machine.travel("2026-05-01 10:00Z", tick=False) as traveller:
        envelope_ok(client.post(f"/api/v1/chat/rooms/{room['id']}/members/{noisy.id}/mute", json={"minutes": 30},
                                headers=auth_headers(owner)))
        # members cannot mute
        assert client.post(f"/api/v1/chat/rooms/{room['id']}/members/{owner.id}/mute", json={"minutes": 5},
                           headers=auth_headers(noisy)).status_code == 403
        assert _post(client, auth_headers(noisy), room["id"], "still here").status_code == 403
        traveller.shift(31 * 60)
        envelope_ok(_post(client, auth_headers(noisy), room["id"], "back"), 201)
    envelope_ok(client.put(f"/api/v1/chat/rooms/{room['id']}/members/{noisy.id}/role", json={"role": "banned"},
                           headers=auth_headers(owner)))
    assert _post(client, auth_headers(noisy), room["id"], "again").status_code == 404
    assert client.post(f"/api/v1/chat/rooms/{room['id']}/join", headers=auth_headers(noisy)).status_code == 404


def test_blocked_user_cannot_send_a_direct_message(client, create_user, auth_headers):
    from arena.notifications.queries import unread_count

    amal, pest = create_user("amal"), create_user("pest")
    first = envelope_ok(client.post("/api/v1/chat/direct", json={"username": "amal", "body": "hello"},
                                    headers=auth_headers(pest)), 201)
    assert unread_count(amal.id) == 1
    assert envelope_ok(client.get("/api/v1/chat/direct", headers=auth_headers(amal)))[0]["unread"] == 1
    envelope_ok(client.post("/api/v1/chat/blocks", json={"username": "pest"}, headers=auth_headers(amal)))
    again = client.post("/api/v1/chat/direct", json={"username": "amal", "body": "hello?"}, headers=auth_headers(pest))
    assert again.status_code == 403
    assert _post(client, auth_headers(pest), first["id"], "sneaky").status_code == 403
    assert _post(client, auth_headers(amal), first["id"], "no").status_code == 403  # both ways
    assert unread_count(amal.id) == 1
    envelope_ok(client.delete("/api/v1/chat/blocks", json={"username": "pest"}, headers=auth_headers(amal)))
    envelope_ok(_post(client, auth_headers(pest), first["id"], "sorry"), 201)


def test_xss_payloads_render_inert_and_links_are_safe(client, create_user, auth_headers):
    alice = create_user("alice")
    room = _room(client, auth_headers(alice))
    payloads = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', 'javascript:alert(1)',
                'see https://example.org/a?b=1&c=2 "onmouseover=alert(1)']
    for body in payloads:
        envelope_ok(_post(client, auth_headers(alice), room["id"], body), 201)
    sign_in_session(client, alice)
    page = client.get(f"/chat/rooms/{room['id']}").get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page and 'href="javascript' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">' in page
    assert "onmouseover=alert(1)" not in page.split('rel="nofollow ugc noopener">')[1].split("</a>")[0]
    api = envelope_ok(client.get(f"/api/v1/chat/rooms/{room['id']}/messages", headers=auth_headers(alice)))
    assert "<script>" not in api[0]["html"] and api[0]["body"] == payloads[0]


def test_length_limit_and_edit_delete_window(client, create_user, auth_headers):
    alice, bob = create_user("alice"), create_user("bobby")
    room = _room(client, auth_headers(alice))
    envelope_ok(client.post(f"/api/v1/chat/rooms/{room['id']}/join", headers=auth_headers(bob)))
    assert _post(client, auth_headers(alice), room["id"], "x" * 2001).status_code == 422
    assert _post(client, auth_headers(alice), room["id"], "   ").status_code == 422
    with time_machine.travel("2026-05-01 10:00Z", tick=False) as traveller:
        mine = envelope_ok(_post(client, auth_headers(bob), room["id"], "typo"), 201)
        url = f"/api/v1/chat/rooms/{room['id']}/messages/{mine['id']}"
        assert client.patch(url, json={"body": "hijack"}, headers=auth_headers(alice)).status_code == 403
        traveller.shift(14 * 60)
        assert envelope_ok(client.patch(url, json={"body": "fixed"}, headers=auth_headers(bob)))["body"] == "fixed"
        traveller.shift(2 * 60)
        assert client.patch(url, json={"body": "late"}, headers=auth_headers(bob)).status_code == 403
        assert client.delete(url, headers=auth_headers(bob)).status_code == 403
        # the owner (a moderator) deletes anyone's message at any time
        assert envelope_ok(client.delete(url, headers=auth_headers(alice)))["deleted"] is True


def test_history_pages_backwards_by_id(client, create_user, auth_headers):
    alice = create_user("alice")
    room = _room(client, auth_headers(alice))
    for i in range(7):
        envelope_ok(_post(client, auth_headers(alice), room["id"], f"m{i}"), 201)
    url = f"/api/v1/chat/rooms/{room['id']}/messages?limit=3"
    page = client.get(url, headers=auth_headers(alice)).get_json()
    assert [m["body"] for m in page["data"]] == ["m4", "m5", "m6"]
    page = client.get(url + f"&before={page['meta']['before']}", headers=auth_headers(alice)).get_json()
    assert [m["body"] for m in page["data"]] == ["m1", "m2", "m3"]
    page = client.get(url + f"&before={page['meta']['before']}", headers=auth_headers(alice)).get_json()
    assert [m["body"] for m in page["data"]] == ["m0"] and page["meta"]["before"] is None


def test_posting_is_rate_limited_per_user(app, client, create_user, auth_headers):
    app.config["CHAT_MESSAGE_LIMIT"] = "3/minute"
    alice, bob = create_user("alice"), create_user("bobby")
    room = _room(client, auth_headers(alice))
    envelope_ok(client.post(f"/api/v1/chat/rooms/{room['id']}/join", headers=auth_headers(bob)))
    for i in range(3):
        envelope_ok(_post(client, auth_headers(alice), room["id"], f"m{i}"), 201)
    limited = _post(client, auth_headers(alice), room["id"], "one too many")
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    envelope_ok(_post(client, auth_headers(bob), room["id"], "my own budget"), 201)


def test_unchanged_poll_is_304_without_sql_and_a_new_message_changes_it(client, create_user, count_queries):
    from arena.chat import operations
    from arena.extensions import db

    alice, bob = create_user("alice"), create_user("bobby")
    sign_in_session(client, bob)
    room = operations.create_room(actor=alice, name="Lobby")
    operations.join(room, actor=bob)
    operations.post_message(room, "first", actor=alice)
    db.session.commit()
    url = f"/chat/rooms/{room.id}/messages?lang=en"
    first = client.get(url)
    assert first.status_code == 200 and "first" in first.get_data(as_text=True)
    with count_queries() as log:
        again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and len(log) == 0, log.statements
    operations.post_message(room, "second", actor=alice)
    db.session.commit()
    changed = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and "second" in changed.get_data(as_text=True)
    # a private room's tag is no pass for someone else
    other = client.application.test_client()
    assert other.get(url, headers={"If-None-Match": changed.headers["ETag"]}).status_code == 401


def test_pages_in_arabic(client, create_user):
    alice = create_user("alice", language="ar")
    sign_in_session(client, alice)
    page = client.get("/chat").get_data(as_text=True)
    assert 'dir="rtl"' in page and "الدردشة" in page
    import re

    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    made = client.post("/chat/rooms", data={"csrf_token": token, "name": "المقهى", "kind": "public"})
    assert made.status_code == 303
    room_page = client.get(made.headers["Location"]).get_data(as_text=True)
    assert "المقهى" in room_page and 'role="log"' in room_page
    sent = client.post(made.headers["Location"] + "/messages", data={"csrf_token": token, "body": "مرحبا"})
    assert sent.status_code == 303 and "مرحبا" in client.get(made.headers["Location"]).get_data(as_text=True)
