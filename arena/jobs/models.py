from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from arena.core.models import Model, UTCDateTime

JOB_STATUSES = ("queued", "running", "succeeded", "failed", "cancelled")
#: states of a job that may still do work
ACTIVE_STATUSES = ("queued", "running")


class Job(Model):
    __tablename__ = "jobs"

    kind: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    progress: Mapped[int] = mapped_column(Integer, default=0)  # 0..100
    #: what the job is doing or did, as a text marked with ``N_`` and the values for it (rendered in the
    #: reader's language by ``arena.core.messages.render``)
    message: Mapped[str] = mapped_column(String(255), default="")
    message_params: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)  # marked text, with error_params
    error_params: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: Celery id of the delivery that claimed the job: a redelivery of the same message may carry on,
    #: a second message for the same job (a re-send) finds it taken and does nothing
    task_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    def can_view(self, user) -> bool:
        return user is not None and (self.user_id == user.id or user.is_admin)


class PendingSend(Model):
    """A task message the broker did not take (it was down). ``jobs.redispatch_stale`` sends it
    again and deletes the row, so work queued while the broker is away is delayed, never lost."""

    __tablename__ = "pending_sends"

    task_name: Mapped[str] = mapped_column(String(128))
    args: Mapped[list[Any]] = mapped_column(JSON, default=list)
    kwargs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    error: Mapped[str] = mapped_column(String(500), default="")
