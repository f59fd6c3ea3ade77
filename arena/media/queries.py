"""Reads on media items, upload sessions and captions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, func, select

from arena.extensions import db
from arena.media import attachments
from arena.media.models import Caption, MediaItem, UploadSession


def get_item(item_id: int) -> MediaItem | None:
    return db.session.get(MediaItem, item_id)


def can_view(item: MediaItem, user) -> bool:
    """Public and ready: anybody. Otherwise the owner, an admin, or whoever may see the object the
    video is attached to (a juror for a contest entry, ...)."""
    if user is not None and (item.owner_id == user.id or user.is_admin):
        return True
    if item.status != "ready":
        return False
    if item.visibility == "public":
        return True
    kind = attachments.KINDS.get(item.attached_kind or "")
    return bool(kind and user is not None and item.attached_id is not None and kind.may_view(user, item.attached_id))


def can_edit(item: MediaItem, user) -> bool:
    return user is not None and (item.owner_id == user.id or user.is_admin)


def can_caption(item: MediaItem, user) -> bool:
    """The owner or an admin, or whoever the attached object's kind lets (an organiser of the contest)."""
    if can_edit(item, user):
        return True
    kind = attachments.KINDS.get(item.attached_kind or "")
    return bool(kind and kind.may_caption and user is not None and item.attached_id is not None
                and kind.may_caption(user, item.attached_id))


def visible_item(item_id: int, user) -> MediaItem | None:
    item = get_item(item_id)
    return item if item is not None and can_view(item, user) else None


def session_for(item_id: int) -> UploadSession | None:
    return db.session.scalars(select(UploadSession).where(UploadSession.item_id == item_id)).first()


def used_bytes(owner_id: int) -> int:
    """Bytes held or promised: what each video keeps in storage now (its original only while it is
    kept, its transcode, poster and preview), and an unfinished upload's declared total."""
    held = case((MediaItem.status == "uploading", MediaItem.size_bytes), else_=MediaItem.stored_bytes)
    return int(db.session.scalar(select(func.coalesce(func.sum(held), 0))
                                 .where(MediaItem.owner_id == owner_id)) or 0)


def uploads_since(owner_id: int, since: datetime) -> list[datetime]:
    return list(db.session.scalars(select(MediaItem.created_at)
                                   .where(MediaItem.owner_id == owner_id, MediaItem.created_at >= since)
                                   .order_by(MediaItem.created_at)))


def items_of(owner_id: int):
    return select(MediaItem).where(MediaItem.owner_id == owner_id).order_by(MediaItem.created_at.desc())


def attached(kind: str, object_id: int) -> list[MediaItem]:
    return list(db.session.scalars(select(MediaItem).where(MediaItem.attached_kind == kind,
                                                          MediaItem.attached_id == object_id)
                                   .order_by(MediaItem.created_at)))


def visible_attached(kind: str, object_ids: list[int], user) -> dict[int, list[MediaItem]]:
    """The videos attached to each of ``object_ids`` that ``user`` may watch, oldest first."""
    if not object_ids:
        return {}
    found: dict[int, list[MediaItem]] = {}
    for item in db.session.scalars(select(MediaItem).where(MediaItem.attached_kind == kind,
                                                           MediaItem.attached_id.in_(object_ids))
                                   .order_by(MediaItem.created_at, MediaItem.id)):
        if can_view(item, user):
            found.setdefault(item.attached_id, []).append(item)
    return found


def caption(item_id: int, language: str) -> Caption | None:
    return db.session.scalars(select(Caption).where(Caption.item_id == item_id,
                                                    Caption.language == language)).first()


def abandoned_sessions(before: datetime) -> list[UploadSession]:
    return list(db.session.scalars(select(UploadSession).where(UploadSession.completed_at.is_(None),
                                                              UploadSession.updated_at < before)))


def existing_ids(ids: list[int]) -> set[int]:
    if not ids:
        return set()
    return set(db.session.scalars(select(MediaItem.id).where(MediaItem.id.in_(ids))))


def attached_items() -> list[tuple[int, str, int]]:
    return list(db.session.execute(select(MediaItem.id, MediaItem.attached_kind, MediaItem.attached_id)
                                   .where(MediaItem.attached_kind.is_not(None))).all())


def stalled_processing(before: datetime) -> list[tuple[MediaItem, "Job"]]:
    """Items still processing whose running job has not reported since ``before``."""
    from arena.jobs.models import Job

    return list(db.session.execute(select(MediaItem, Job).join(Job, Job.id == MediaItem.job_id)
                                   .where(MediaItem.status == "processing", Job.status == "running",
                                          Job.updated_at < before)).all())


def ready_items_counting_their_original(limit: int = 1000) -> list[MediaItem]:
    """Ready videos whose stored bytes are still their original's size: counted before the original
    was deleted (or before the column existed), to be counted again."""
    stmt = (select(MediaItem).where(MediaItem.status == "ready", MediaItem.stored_bytes == MediaItem.size_bytes)
            .order_by(MediaItem.id).limit(limit))
    return list(db.session.scalars(stmt))
