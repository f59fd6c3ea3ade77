"""Writes on media: upload sessions and chunks, processing state, captions, deletion, cleanup.
Operations flush; the request or task boundary commits."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import BinaryIO

import nh3
import webvtt
from flask import current_app
from flask_babel import gettext as _

from arena.core import runtime
from arena.core.messages import N_
from arena.core.errors import Conflict, NotFound, PayloadTooLarge, RateLimited, ValidationFailed
from arena.core.jobs_setup import enqueue
from arena.core.timeutil import utcnow
from arena.extensions import db
from arena.jobs import operations as jobs
from arena.media import attachments, queries, video
from arena.media.models import VISIBILITIES, Caption, MediaItem, UploadSession
from arena.media.storage import get_storage

JOB_KIND = "media.process"


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.0f}"


def start_upload(*, actor, total_size: int, filename: str = "", title: str = "", visibility: str = "private",
                 attached_kind: str | None = None, attached_id: int | None = None) -> UploadSession:
    cfg = current_app.config
    max_bytes, per_hour = runtime.value("media.max_upload_bytes"), runtime.value("media.uploads_per_hour")
    if total_size <= 0:
        raise ValidationFailed({"total_size": _("Give the size of the file in bytes.")})
    if total_size > max_bytes:
        raise PayloadTooLarge(_("The file is %(size)s MiB; the largest video accepted is %(limit)s MiB.",
                                size=_mib(total_size), limit=_mib(max_bytes)))
    used = queries.used_bytes(actor.id)
    if used + total_size > cfg["MEDIA_USER_QUOTA_BYTES"]:
        raise PayloadTooLarge(_("This upload would exceed your storage quota of %(limit)s MiB "
                                "(%(used)s MiB in use). Delete a video first.",
                                limit=_mib(cfg["MEDIA_USER_QUOTA_BYTES"]), used=_mib(used)))
    hour_ago = utcnow() - timedelta(hours=1)
    recent = queries.uploads_since(actor.id, hour_ago)
    if len(recent) >= per_hour:
        wait = max(1, int((recent[0] + timedelta(hours=1) - utcnow()).total_seconds()))
        raise RateLimited(_("You may start %(limit)s uploads an hour. Try again in %(minutes)s minutes.",
                            limit=per_hour, minutes=(wait + 59) // 60),
                          headers={"Retry-After": str(wait)})
    if visibility not in VISIBILITIES:
        raise ValidationFailed({"visibility": _("Choose public or private.")})
    if attached_kind is not None:
        kind = attachments.KINDS.get(attached_kind)
        if kind is None:
            raise ValidationFailed({"attached_kind": _("Choose one of: %(choices)s.",
                                                       choices=", ".join(attachments.KINDS))})
        if attached_id is None or not kind.may_attach(actor, attached_id):
            raise ValidationFailed({"attached_id": _("You cannot attach a video to that.")})
    item = MediaItem(owner_id=actor.id, title=(title or "").strip()[:200], visibility=visibility,
                     attached_kind=attached_kind, attached_id=attached_id if attached_kind else None,
                     status="uploading", size_bytes=total_size, files=[])
    db.session.add(item)
    db.session.flush()
    session = UploadSession(item_id=item.id, owner_id=actor.id, total_size=total_size, received=0,
                            filename=(filename or "")[:255])
    db.session.add(session)
    db.session.flush()
    _attachment_changed(item)
    return session


def write_chunk(session: UploadSession, *, offset: int, stream: BinaryIO, length: int) -> UploadSession:
    """Store ``length`` bytes at ``offset``, which must be where the stored bytes end (a client that
    lost its connection asks for the offset and resumes there). The last byte completes the upload."""
    if session.completed_at is not None:
        raise Conflict(_("This upload is already complete."))
    if offset != session.received:
        raise Conflict(_("The upload continues at byte %(offset)s, not %(given)s.",
                         offset=session.received, given=offset),
                       headers={"Upload-Offset": str(session.received)})
    if offset + length > session.total_size:
        raise PayloadTooLarge(_("This chunk goes past the declared size of %(size)s bytes.",
                                size=session.total_size))
    storage = get_storage()
    written = storage.write_at(session.item.key("original"), offset, stream, length)
    session.received = offset + written
    session.updated_at = utcnow()
    db.session.flush()
    if session.received == session.total_size:
        complete_upload(session)
    return session


def complete_upload(session: UploadSession) -> MediaItem:
    """All bytes are in: check the content with a probe, then queue the processing. A file that is
    not a playable video, or is too long, is refused and deleted (``ValidationFailed`` after the
    deletion is flushed, so the caller may keep it)."""
    item, storage = session.item, get_storage()
    key = item.key("original")
    try:
        facts = video.probe(storage.path(key))
    except video.NotAVideo:
        _discard(item)
        raise ValidationFailed({"file": _("This file is not a video Arena can play. It has been deleted.")})
    limit = current_app.config["MEDIA_MAX_DURATION_SECONDS"]
    if facts.duration > limit:
        _discard(item)
        raise ValidationFailed({"file": _("The video lasts %(duration)s seconds; the longest allowed is "
                                          "%(limit)s seconds. It has been deleted.",
                                          duration=int(facts.duration), limit=limit)})
    session.completed_at = utcnow()
    item.sha256 = storage.sha256(key)
    item.size_bytes = item.stored_bytes = storage.size(key)
    item.files = ["original"]
    _set_facts(item, facts)
    queue_processing(item, actor=item.owner)
    return item


def _set_facts(item: MediaItem, facts: video.Probe) -> None:
    item.duration, item.width, item.height, item.fps = facts.duration, facts.width, facts.height, facts.fps
    item.video_codec, item.audio_codec, item.rotation = facts.video_codec, facts.audio_codec, facts.rotation


def _attachment_changed(item: MediaItem) -> None:
    kind = attachments.KINDS.get(item.attached_kind or "")
    if kind is not None and kind.changed is not None and item.attached_id is not None:
        kind.changed(item.attached_id)


def _discard(item: MediaItem) -> None:
    _attachment_changed(item)
    get_storage().delete_folder(str(item.id))
    db.session.delete(item)
    db.session.flush()


def queue_processing(item: MediaItem, *, actor) -> MediaItem:
    from arena.media import tasks

    job = jobs.create_job(JOB_KIND, actor=actor, params={"item_id": item.id})
    item.status, item.job_id, item.error_code, item.error_params = "processing", job.id, None, None
    db.session.flush()
    enqueue(tasks.process_video, job.id)
    return item


def retry_processing(item: MediaItem, *, actor) -> MediaItem:
    if item.status != "failed" or "original" not in (item.files or []):
        raise Conflict(_("Only a video whose processing failed can be processed again."))
    return queue_processing(item, actor=actor)


def count_stored(item: MediaItem) -> int:
    """The bytes the item keeps in storage now: its files and the original while it is kept."""
    storage = get_storage()
    names = set(item.files or []) | {"original"}
    return sum(storage.size(item.key(name)) for name in names if storage.exists(item.key(name)))


def mark_processed(item: MediaItem, files: list[str]) -> None:
    item.status, item.files, item.processed_at = "ready", files, utcnow()
    item.error_code = item.error_params = None
    item.stored_bytes = count_stored(item)  # the original is still kept: it goes once this is committed
    db.session.flush()
    _attachment_changed(item)


def original_removed(item: MediaItem) -> None:
    """The original was deleted after a successful transcode: the quota counts only what is left."""
    item.stored_bytes = count_stored(item)
    db.session.flush()


def mark_failed(item: MediaItem, reason: str) -> None:
    item.status, item.error_code, item.error_params = "failed", "processing_failed", {"reason": reason[:200]}
    db.session.flush()


def update_item(item: MediaItem, *, actor, title: str | None = None, visibility: str | None = None) -> MediaItem:
    if visibility is not None:
        if visibility not in VISIBILITIES:
            raise ValidationFailed({"visibility": _("Choose public or private.")})
        item.visibility = visibility
    if title is not None:
        item.title = title.strip()[:200]
    db.session.flush()
    return item


def delete_item(item: MediaItem, *, actor) -> None:
    _discard(item)


def restart_stalled(now=None) -> int:
    """Start again the transcodes whose worker died (no progress for ``MEDIA_STALLED_SECONDS``): the
    stalled job is marked failed, so a late delivery of it does nothing, and a new job is queued."""
    now = now or utcnow()
    before = now - timedelta(seconds=current_app.config["MEDIA_STALLED_SECONDS"])
    count = 0
    for item, job in queries.stalled_processing(before):
        jobs.fail_job(job, N_("The worker stopped; processing was started again."))
        queue_processing(item, actor=item.owner)
        count += 1
    return count


# ---- captions ---------------------------------------------------------------------------------

LANGUAGE_CODE_MAX = 16


def sanitise_vtt(text: str) -> str:
    """Parse with a WebVTT parser and write the cues back as plain text: markup and anything a
    browser could run are dropped; ``&``, ``<`` and ``>`` are escaped as WebVTT wants."""
    try:
        parsed = webvtt.from_buffer(io.StringIO(text.lstrip("\ufeff")))
    except (webvtt.errors.MalformedFileError, ValueError, IndexError) as exc:
        raise ValidationFailed({"file": _("This is not a valid WebVTT file: %(reason)s.", reason=str(exc))})
    if not parsed.captions:
        raise ValidationFailed({"file": _("This WebVTT file has no captions.")})
    out = ["WEBVTT", ""]
    for cue in parsed.captions:
        plain = nh3.clean(cue.raw_text, tags=set()).replace("-->", "--&gt;")
        lines = [line.strip() for line in plain.splitlines() if line.strip()]
        if not lines:
            continue
        out += [f"{cue.start} --> {cue.end}", *lines, ""]
    return "\n".join(out)


def set_caption(item: MediaItem, *, language: str, text: str, label: str = "", actor) -> Caption:
    language = (language or "").strip()
    if not language or len(language) > LANGUAGE_CODE_MAX or not all(c.isalnum() or c == "-" for c in language):
        raise ValidationFailed({"language": _("Give a language code such as ar or en.")})
    if len(text.encode("utf-8")) > current_app.config["MEDIA_CAPTION_MAX_BYTES"]:
        raise PayloadTooLarge(_("The caption file is too large."))
    content = sanitise_vtt(text)
    caption = queries.caption(item.id, language)
    if caption is None:
        caption = Caption(item_id=item.id, language=language)
        db.session.add(caption)
    caption.content, caption.label = content, (label or language).strip()[:64]
    caption.author_id = getattr(actor, "id", None)
    db.session.flush()
    _attachment_changed(item)
    return caption


def delete_caption(item: MediaItem, language: str, *, actor) -> None:
    caption = queries.caption(item.id, language)
    if caption is None:
        raise NotFound(_("No captions in that language."))
    db.session.delete(caption)
    db.session.flush()
    _attachment_changed(item)


# ---- nightly cleanup ----------------------------------------------------------------------------

def cleanup(now=None) -> dict[str, int]:
    """Remove uploads nobody finished within ``MEDIA_ABANDONED_HOURS``, videos whose object is gone
    and files whose item is gone; count again the stored bytes of ready videos that still count their
    original's size (videos processed before ``stored_bytes`` existed)."""
    now = now or utcnow()
    before = now - timedelta(hours=current_app.config["MEDIA_ABANDONED_HOURS"])
    abandoned = 0
    for session in queries.abandoned_sessions(before):
        _discard(session.item)
        abandoned += 1
    detached = 0
    for item_id, kind_name, object_id in queries.attached_items():
        kind = attachments.KINDS.get(kind_name)
        if kind is not None and not kind.exists(object_id):
            _discard(queries.get_item(item_id))
            detached += 1
    storage = get_storage()
    folders = [name for name in storage.folders() if name.isdigit()]
    known = queries.existing_ids([int(name) for name in folders])
    orphans = 0
    for name in folders:
        if int(name) not in known:
            storage.delete_folder(name)
            orphans += 1
    recounted = 0
    for item in queries.ready_items_counting_their_original():
        kept = count_stored(item)
        if kept != item.stored_bytes:
            item.stored_bytes = kept
            recounted += 1
    db.session.flush()
    return {"abandoned": abandoned, "detached": detached, "orphans": orphans, "recounted": recounted}
