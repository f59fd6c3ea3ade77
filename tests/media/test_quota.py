"""The per-user quota counts the bytes kept for the user: the original only while it is kept, then the
transcode, poster and preview; an unfinished upload counts the size it declared."""

from arena.core.jobs_setup import enqueue as real_enqueue
from tests.conftest import envelope_ok
from tests.media.test_upload import API, send, start, stored


def _held_back(monkeypatch):
    """Processing is queued but not run until the test says so (a busy worker)."""
    queued = []

    def hold(task, *args, **kwargs):
        queued.append((task, args))

    monkeypatch.setattr("arena.media.operations.enqueue", hold)
    return queued


def _on_disk(app, item_id) -> int:
    return sum(stored(app, item_id, name).stat().st_size for name in ("video", "poster", "preview", "original")
               if stored(app, item_id, name).exists())


def test_a_user_at_quota_gains_room_when_the_transcode_deletes_the_original(app, client, create_user,
                                                                            auth_headers, clip, monkeypatch):
    data = clip("big").read_bytes()  # a large original: its transcode, poster and preview are smaller
    more = 1000
    app.config.update(MEDIA_USER_QUOTA_BYTES=len(data) + more - 1)
    owner = auth_headers(create_user())
    queued = _held_back(monkeypatch)
    item_id = envelope_ok(start(client, owner, len(data)), 201)["item_id"]
    assert envelope_ok(send(client, owner, item_id, data, 0))["complete"] is True
    assert envelope_ok(client.get(f"{API}/{item_id}", headers=owner))["stored_bytes"] == len(data)

    refused = start(client, owner, more)  # the original is still kept: no room
    assert refused.status_code == 413
    assert "quota" in refused.get_json()["message"]

    (task, args), = queued
    task.apply(args=args).get()  # the worker transcodes and then deletes the original
    item = envelope_ok(client.get(f"{API}/{item_id}", headers=owner))
    assert item["status"] == "ready" and not stored(app, item_id, "original").exists()
    assert item["stored_bytes"] == _on_disk(app, item_id) < len(data)
    envelope_ok(start(client, owner, more), 201)  # room again


def test_the_quota_still_refuses_with_413_and_says_what_is_in_use(app, client, create_user, auth_headers, clip):
    data = clip("big").read_bytes()
    mib = 1024 * 1024
    app.config.update(MEDIA_USER_QUOTA_BYTES=2 * mib, MEDIA_MAX_UPLOAD_BYTES=10 * mib)
    owner = auth_headers(create_user())
    item_id = envelope_ok(start(client, owner, len(data)), 201)["item_id"]
    envelope_ok(send(client, owner, item_id, data, 0))  # processed at once: only the smaller files are kept
    kept = envelope_ok(client.get(f"{API}/{item_id}", headers=owner))["stored_bytes"]
    assert 0 < kept < len(data)
    unfinished = envelope_ok(start(client, owner, mib), 201)["item_id"]  # an upload in progress counts its size
    refused = start(client, owner, mib)
    assert refused.status_code == 413
    body = refused.get_json()
    assert body["success"] is False
    assert body["message"] == ("This upload would exceed your storage quota of 2 MiB (1 MiB in use). "
                               "Delete a video first.")
    assert client.delete(f"{API}/uploads/{unfinished}", headers=owner).status_code == 204
    envelope_ok(start(client, owner, mib), 201)  # the abandoned upload's promise is gone


def test_the_nightly_cleanup_counts_again_a_video_still_counted_at_its_originals_size(app, client, create_user,
                                                                                      auth_headers, clip):
    """Videos processed before the quota counted kept bytes carry their original's size (the
    migration's starting value); the nightly cleanup counts what they really keep."""
    from arena.extensions import db
    from arena.media import operations
    from arena.media.models import MediaItem

    data = clip("big").read_bytes()
    owner = auth_headers(create_user())
    item_id = envelope_ok(start(client, owner, len(data)), 201)["item_id"]
    envelope_ok(send(client, owner, item_id, data, 0))  # processed at once; the original deleted
    item = db.session.get(MediaItem, item_id)
    item.stored_bytes = item.size_bytes  # as the migration left an item processed before it
    db.session.commit()

    assert operations.cleanup()["recounted"] == 1
    db.session.commit()
    assert envelope_ok(client.get(f"{API}/{item_id}", headers=owner))["stored_bytes"] == _on_disk(app, item_id) < len(data)
    assert operations.cleanup()["recounted"] == 0  # counted once
