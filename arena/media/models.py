"""Media items (a video and its derived files), resumable upload sessions and captions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arena.core.models import Model, UTCDateTime

#: uploading -> processing -> ready | failed (a failed item may be retried while its original is kept)
STATUSES = ("uploading", "processing", "ready", "failed")
VISIBILITIES = ("public", "private")
#: derived files, by name: the key of each is ``<item id>/<name>``
FILES = {"original": None, "video": "video/mp4", "poster": "image/jpeg", "preview": "video/mp4"}


class MediaItem(Model):
    __tablename__ = "media_items"

    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: what the video is attached to (a registry kind, see ``attachments``) and that object's id
    attached_kind: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    attached_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    visibility: Mapped[str] = mapped_column(String(8), default="private")
    status: Mapped[str] = mapped_column(String(16), default="uploading", index=True)
    #: a message code (see ``messages``) and its parameters, rendered in the reader's language
    error_code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    error_params: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"), nullable=True, index=True)

    #: the original's size (while uploading: the size the client declared)
    size_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    #: the bytes this item keeps in storage now (original while kept, video, poster, preview): the quota counts these
    stored_bytes: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # probe facts
    duration: Mapped[float | None] = mapped_column(Float, nullable=True)
    width: Mapped[int | None] = mapped_column(Integer, nullable=True)
    height: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fps: Mapped[float | None] = mapped_column(Float, nullable=True)
    video_codec: Mapped[str | None] = mapped_column(String(32), nullable=True)
    audio_codec: Mapped[str | None] = mapped_column(String(32), nullable=True)
    rotation: Mapped[int] = mapped_column(Integer, default=0)
    #: names of the files kept in storage: "original", "video", "poster", "preview"
    files: Mapped[list[str]] = mapped_column(JSON, default=list)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    owner = relationship("User", lazy="joined")
    captions = relationship("Caption", back_populates="item", cascade="all, delete-orphan",
                            order_by="Caption.language", lazy="selectin")

    def key(self, name: str) -> str:
        return f"{self.id}/{name}"

    @property
    def has_audio(self) -> bool:
        return bool(self.audio_codec)


class UploadSession(Model):
    """A resumable upload: the client says the total size first, then sends chunks at the offset the
    server reports; the bytes land in the item's ``original`` file."""

    __tablename__ = "media_upload_sessions"

    item_id: Mapped[int] = mapped_column(ForeignKey("media_items.id", ondelete="CASCADE"), index=True,
                                         unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    total_size: Mapped[int] = mapped_column(BigInteger)
    received: Mapped[int] = mapped_column(BigInteger, default=0)
    filename: Mapped[str] = mapped_column(String(255), default="")
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    item = relationship("MediaItem", lazy="joined")


class Caption(Model):
    __tablename__ = "media_captions"
    __table_args__ = (UniqueConstraint("item_id", "language"),)

    item_id: Mapped[int] = mapped_column(ForeignKey("media_items.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(64), default="")
    #: the sanitised WebVTT text, as served
    content: Mapped[str] = mapped_column(Text)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True,
                                                  index=True)

    item = relationship("MediaItem", back_populates="captions")
