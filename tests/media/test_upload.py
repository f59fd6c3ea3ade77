"""Resumable uploads, limits and refusals, processing of real clips, range requests and privacy."""

import hashlib
import os

import av
import pytest

from tests.conftest import envelope_ok

API = "/api/v1/media"


def start(client, headers, size, **extra):
    return client.post(f"{API}/uploads", json={"total_size": size, **extra}, headers=headers)


def send(client, headers, item_id, data, offset, **kw):
    return client.patch(f"{API}/uploads/{item_id}", data=data, headers={**headers, "Upload-Offset": str(offset),
                                                                          "Content-Type": "application/offset+octet-stream"}, **kw)


def upload(client, headers, path, **extra):
    data = path.read_bytes()
    item_id = envelope_ok(start(client, headers, len(data), **extra), 201)["item_id"]
    return send(client, headers, item_id, data, 0), item_id


def stored(app, item_id, name):
    from arena.media.storage import get_storage

    return get_storage(app).path(f"{item_id}/{name}")


def test_resumed_upload_completes_with_the_same_bytes_and_is_processed(app, client, create_user, auth_headers, clip):
    owner = auth_headers(create_user("signer"))
    data = clip("plain").read_bytes()
    half = len(data) // 2
    item_id = envelope_ok(start(client, owner, len(data), title="Hello"), 201)["item_id"]
    state = envelope_ok(send(client, owner, item_id, data[:half], 0))
    assert state["received"] == half and state["complete"] is False
    # the connection drops; a retry from a wrong offset is told where to resume
    wrong = send(client, owner, item_id, data[half:], 0)
    assert wrong.status_code == 409 and wrong.headers["Upload-Offset"] == str(half)
    resume = client.get(f"{API}/uploads/{item_id}", headers=owner)
    assert resume.headers["Upload-Offset"] == str(half)
    done = envelope_ok(send(client, owner, item_id, data[half:], half))
    assert done["complete"] is True
    item = envelope_ok(client.get(f"{API}/{item_id}", headers=owner))
    assert item["sha256"] == hashlib.sha256(data).hexdigest()
    assert item["status"] == "ready"  # processed (eagerly in tests)
    assert set(item["files"]) == {"video", "poster", "preview"}
    assert item["duration"] == pytest.approx(1.5, abs=0.1) and item["audio_codec"] == "aac"
    assert not stored(app, item_id, "original").exists()  # removed once the transcode succeeded
    job = envelope_ok(client.get(f"/api/v1/jobs/{item['job_id']}", headers=owner))
    assert job["status"] == "succeeded" and job["progress"] == 100


def test_content_range_chunks_larger_than_the_site_body_limit(app, client, create_user, auth_headers, clip):
    app.config.update(MAX_CONTENT_LENGTH=1024, MEDIA_CHUNK_MAX_BYTES=64 * 1024)
    owner = auth_headers(create_user())
    data = clip("plain").read_bytes()
    assert len(data) > 2 * 1024
    item_id = envelope_ok(start(client, owner, len(data)), 201)["item_id"]
    first = client.patch(f"{API}/uploads/{item_id}", data=data[:2048],
                         headers={**owner, "Content-Range": f"bytes 0-2047/{len(data)}"})
    assert envelope_ok(first)["received"] == 2048
    rest = client.patch(f"{API}/uploads/{item_id}", data=data[2048:],
                        headers={**owner, "Content-Range": f"bytes 2048-{len(data) - 1}/{len(data)}"})
    assert envelope_ok(rest)["complete"] is True


def test_a_chunk_over_the_chunk_limit_is_refused(app, client, create_user, auth_headers):
    app.config["MEDIA_CHUNK_MAX_BYTES"] = 1024
    owner = auth_headers(create_user())
    item_id = envelope_ok(start(client, owner, 10_000), 201)["item_id"]
    resp = send(client, owner, item_id, b"\0" * 2048, 0)
    assert resp.status_code == 413 and "1024" in resp.get_json()["message"]
    assert envelope_ok(client.get(f"{API}/uploads/{item_id}", headers=owner))["received"] == 0


@pytest.mark.parametrize("name, size, expect", [("rotated", (48, 64), 90), ("silent", (64, 48), 0),
                                                 ("hd", (1280, 720), 0)])
def test_clips_are_transcoded_to_at_most_720p_with_rotation_applied(app, client, create_user, auth_headers, clip,
                                                                    name, size, expect):
    owner = auth_headers(create_user())
    resp, item_id = upload(client, owner, clip(name))
    assert envelope_ok(resp)["item"]["status"] == "processing"  # answered before the task runs
    item = envelope_ok(client.get(f"{API}/{item_id}", headers=owner))
    assert item["status"] == "ready"
    assert item["rotation"] == expect
    with av.open(str(stored(app, item_id, "video"))) as out:
        stream = out.streams.video[0]
        assert (stream.codec_context.width, stream.codec_context.height) == size
        assert stream.codec_context.name == "h264"
        assert bool(out.streams.audio) is (name == "rotated")  # the silent and 1080p clips have no sound
    with open(stored(app, item_id, "video"), "rb") as f:
        head = f.read(4096)
    assert head.index(b"moov") < head.index(b"mdat") if b"mdat" in head else b"moov" in head  # faststart


def _assert_refused_and_deleted(app, client, owner, resp, item_id, words):
    assert resp.status_code == 422, resp.get_data(as_text=True)
    assert words in " ".join(sum(resp.get_json()["errors"].values(), []))
    assert client.get(f"{API}/{item_id}", headers=owner).status_code == 404
    assert not stored(app, item_id, "original").exists()


def test_a_text_file_named_mp4_is_refused_and_deleted(app, client, create_user, auth_headers, tmp_path):
    owner = auth_headers(create_user())
    fake = tmp_path / "clip.mp4"
    fake.write_text("this is not a video\n" * 20)
    resp, item_id = upload(client, owner, fake, filename="clip.mp4")
    _assert_refused_and_deleted(app, client, owner, resp, item_id, "not a video")


def test_a_truncated_file_is_refused_and_deleted(app, client, create_user, auth_headers, clip, tmp_path):
    owner = auth_headers(create_user())
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(clip("plain").read_bytes()[:800])
    resp, item_id = upload(client, owner, cut)
    _assert_refused_and_deleted(app, client, owner, resp, item_id, "not a video")


def test_a_too_long_video_is_refused(app, client, create_user, auth_headers, clip):
    app.config["MEDIA_MAX_DURATION_SECONDS"] = 2
    owner = auth_headers(create_user())
    resp, item_id = upload(client, owner, clip("long"))
    _assert_refused_and_deleted(app, client, owner, resp, item_id, "longest allowed is 2 seconds")


def test_size_quota_and_hourly_limits(app, client, create_user, auth_headers):
    app.config.update(MEDIA_MAX_UPLOAD_BYTES=1_000_000, MEDIA_USER_QUOTA_BYTES=1_500_000, MEDIA_UPLOADS_PER_HOUR=2)
    owner = auth_headers(create_user())
    huge = start(client, owner, 10 ** 12)
    assert huge.status_code == 413 and "largest video accepted" in huge.get_json()["message"]
    envelope_ok(start(client, owner, 900_000), 201)
    quota = start(client, owner, 900_000)
    assert quota.status_code == 413 and "quota" in quota.get_json()["message"]
    envelope_ok(start(client, owner, 100), 201)
    hourly = start(client, owner, 100)
    assert hourly.status_code == 429 and int(hourly.headers["Retry-After"]) > 0
    assert "2 uploads an hour" in hourly.get_json()["message"]


def test_range_requests_and_privacy(app, client, create_user, auth_headers, clip):
    owner_user = create_user("owner")
    owner, other = auth_headers(owner_user), auth_headers(create_user("other"))
    resp, item_id = upload(client, owner, clip("silent"))
    envelope_ok(resp)
    url = f"{API}/{item_id}/files/video"
    whole = stored(app, item_id, "video").read_bytes()
    part = client.get(url, headers={**owner, "Range": "bytes=100-199"})
    assert part.status_code == 206 and part.data == whole[100:200]
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(whole)}"
    assert client.get(url, headers=other).status_code == 404  # private: as if it did not exist
    assert client.get(url).status_code == 404
    assert client.get(f"{API}/{item_id}", headers=other).status_code == 404
    assert client.patch(f"{API}/uploads/{item_id}", data=b"x", headers={**other, "Upload-Offset": "0"}).status_code == 404
    envelope_ok(client.patch(f"{API}/{item_id}", json={"visibility": "public"}, headers=owner))
    assert client.get(url, headers={"Range": "bytes=0-9"}).data == whole[:10]
    assert client.delete(f"{API}/{item_id}", headers=other).status_code == 404
    assert client.delete(f"{API}/{item_id}", headers=owner).status_code == 204
    assert client.get(url).status_code == 404 and not stored(app, item_id, "video").exists()


def test_a_failed_transcode_shows_its_reason_keeps_the_original_and_can_be_retried(app, client, create_user,
                                                                                  auth_headers, clip, monkeypatch):
    from arena.media import video

    owner = auth_headers(create_user())
    real = video.transcode

    def broken(*args, **kwargs):
        raise RuntimeError("encoder exploded")

    monkeypatch.setattr(video, "transcode", broken)
    resp, item_id = upload(client, owner, clip("silent"))
    envelope_ok(resp)
    item = envelope_ok(client.get(f"{API}/{item_id}", headers=owner))
    assert item["status"] == "failed" and "encoder exploded" in item["error"]
    assert stored(app, item_id, "original").exists()
    monkeypatch.setattr(video, "transcode", real)
    assert envelope_ok(client.post(f"{API}/{item_id}/retry", headers=owner), 202)["status"] == "processing"
    assert envelope_ok(client.get(f"{API}/{item_id}", headers=owner))["status"] == "ready"
    again = client.post(f"{API}/{item_id}/retry", headers=owner)
    assert again.status_code == 409
