"""Captions (parsed and sanitised), the player page, the no-JavaScript upload and the nightly cleanup."""

import io
import re
from datetime import timedelta

import time_machine

from tests.conftest import envelope_ok, sign_in_session
from tests.media.test_upload import API, stored, upload

VTT = """WEBVTT

00:00:00.000 --> 00:00:01.000
<b>Hello</b> <script>alert(1)</script>& welcome

00:00:01.000 --> 00:00:01.400
مرحبا
"""


def ready_item(client, headers, clip, name="silent", **extra):
    resp, item_id = upload(client, headers, clip(name), **extra)
    envelope_ok(resp)
    return item_id


def csrf_from(html: str) -> str:
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', html).group(1)


def test_captions_are_validated_sanitised_and_served_in_several_languages(client, create_user, auth_headers, clip):
    owner, other = auth_headers(create_user("owner")), auth_headers(create_user("other"))
    item_id = ready_item(client, owner, clip)
    saved = envelope_ok(client.put(f"{API}/{item_id}/captions/ar", json={"vtt": VTT, "label": "العربية"}, headers=owner))
    assert [c["language"] for c in saved["captions"]] == ["ar"]
    envelope_ok(client.put(f"{API}/{item_id}/captions/en", json={"vtt": VTT, "label": "English"}, headers=owner))
    served = client.get(f"{API}/{item_id}/captions/ar", headers=owner)
    assert served.mimetype == "text/vtt"
    text = served.get_data(as_text=True)
    assert text.startswith("WEBVTT") and "Hello" in text and "مرحبا" in text
    assert "<script" not in text and "<b>" not in text and "&amp; welcome" in text
    bad = client.put(f"{API}/{item_id}/captions/fr", json={"vtt": "Hello there, no header"}, headers=owner)
    assert bad.status_code == 422 and "not a valid WebVTT" in bad.get_json()["errors"]["file"][0]
    assert client.put(f"{API}/{item_id}/captions/fr", json={"vtt": VTT}, headers=other).status_code == 404
    assert client.get(f"{API}/{item_id}/captions/ar", headers=other).status_code == 404  # private video
    assert client.delete(f"{API}/{item_id}/captions/en", headers=owner).status_code == 204
    assert [c["language"] for c in envelope_ok(client.get(f"{API}/{item_id}", headers=owner))["captions"]] == ["ar"]


def test_player_page_captions_default_sign_language_and_reduced_motion(app, client, create_user, auth_headers, clip):
    signer = create_user("signer", sign_language="ase")
    owner = auth_headers(signer)
    item_id = ready_item(client, owner, clip, visibility="public", title="My answer")
    envelope_ok(client.put(f"{API}/{item_id}/captions/en", json={"vtt": VTT, "label": "English"}, headers=owner))

    sign_in_session(client, signer)  # wants captions (a sign-language user)
    html = client.get(f"/media/{item_id}").get_data(as_text=True)
    assert "<video" in html and "controls" in html and "autoplay" not in html
    assert re.search(r'<track kind="captions" srclang="en"[^>]*default', html)
    assert "Sign language: ASE" in html
    assert "Short preview" in html

    viewer = create_user("viewer", reduced_motion=True)
    other_client = app.test_client()
    sign_in_session(other_client, viewer)
    html = other_client.get(f"/media/{item_id}").get_data(as_text=True)
    assert "<track" in html and not re.search(r"<track[^>]*default", html)
    assert "Short preview" not in html  # no motion for those who asked for less

    arabic = other_client.get(f"/media/{item_id}", headers={"Accept-Language": "ar"})
    assert arabic.status_code == 200


def test_private_video_page_is_404_for_others(app, client, create_user, auth_headers, clip):
    owner = auth_headers(create_user("owner"))
    item_id = ready_item(client, owner, clip)
    other_client = app.test_client()
    sign_in_session(other_client, create_user("nosy"))
    assert other_client.get(f"/media/{item_id}").status_code == 404
    assert app.test_client().get(f"/media/{item_id}").status_code == 404


def test_no_javascript_upload_of_a_small_file_and_caption_form(app, client, create_user, clip):
    user = create_user("plain")
    sign_in_session(client, user)
    page = client.get("/media/")
    assert page.status_code == 200
    csrf = csrf_from(page.get_data(as_text=True))
    resp = client.post("/media/upload", data={"csrf_token": csrf, "title": "Intro", "visibility": "private",
                                              "file": (io.BytesIO(clip("silent").read_bytes()), "intro.mov")},
                       content_type="multipart/form-data")
    assert resp.status_code == 302
    item_id = int(resp.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    html = client.get(f"/media/{item_id}").get_data(as_text=True)
    assert "<video" in html
    resp = client.post(f"/media/{item_id}/captions", data={"csrf_token": csrf, "language": "ar", "label": "عربي",
                                                           "file": (io.BytesIO(b"not webvtt"), "x.vtt")},
                       content_type="multipart/form-data", follow_redirects=True)
    assert "not a valid WebVTT" in resp.get_data(as_text=True)
    resp = client.post(f"/media/{item_id}/captions", data={"csrf_token": csrf, "language": "ar", "label": "عربي",
                                                           "file": (io.BytesIO(VTT.encode()), "x.vtt")},
                       content_type="multipart/form-data", follow_redirects=True)
    assert 'srclang="ar"' in resp.get_data(as_text=True)
    # a text file is refused with its reason and nothing is kept
    resp = client.post("/media/upload", data={"csrf_token": csrf, "visibility": "private",
                                              "file": (io.BytesIO(b"hello" * 100), "fake.mp4")},
                       content_type="multipart/form-data", follow_redirects=True)
    assert "not a video" in resp.get_data(as_text=True)
    assert client.get("/media/").get_data(as_text=True).count("/media/") >= 1


def test_nightly_cleanup_removes_abandoned_uploads_and_orphaned_files(app, client, create_user, auth_headers, clip):
    from arena.media import tasks
    from arena.media.storage import get_storage

    user = create_user()
    kept = ready_item(client, auth_headers(user), clip)
    with time_machine.travel("2026-01-01 10:00 +0000", tick=False):
        owner = auth_headers(user)
        abandoned = envelope_ok(client.post(f"{API}/uploads", json={"total_size": 5000}, headers=owner), 201)["item_id"]
        client.patch(f"{API}/uploads/{abandoned}", data=b"x" * 100, headers={**owner, "Upload-Offset": "0"})
        fresh = envelope_ok(client.post(f"{API}/uploads", json={"total_size": 5000}, headers=owner), 201)["item_id"]
    from arena.extensions import db
    from arena.media.models import MediaItem

    gone = MediaItem(owner_id=user.id, status="ready", attached_kind="submission", attached_id=4242, files=[])
    db.session.add(gone)
    db.session.commit()
    gone_id = gone.id
    orphan = get_storage(app).path("999/video")
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"left behind")
    with time_machine.travel("2026-01-02 09:00 +0000", tick=False):
        owner = auth_headers(user)
        client.patch(f"{API}/uploads/{fresh}", data=b"x" * 100, headers={**owner, "Upload-Offset": "0"})
    with time_machine.travel("2026-01-02 11:00 +0000", tick=False):
        result = tasks.cleanup.delay().get()
    owner = auth_headers(user)
    assert result == {"abandoned": 1, "detached": 1, "orphans": 1, "recounted": 0}
    db.session.expunge_all()
    assert db.session.get(MediaItem, gone_id) is None  # its submission no longer exists
    assert client.get(f"{API}/uploads/{abandoned}", headers=owner).status_code == 404
    assert not stored(app, abandoned, "original").exists() and not orphan.exists()
    assert envelope_ok(client.get(f"{API}/uploads/{fresh}", headers=owner))["received"] == 100
    assert envelope_ok(client.get(f"{API}/{kept}", headers=owner))["status"] == "ready"
