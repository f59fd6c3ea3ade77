"""Study tracking: a learner's subjects and timed study sessions (private to their owner)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arena.core.models import Model, UTCDateTime

PRIORITIES = ("low", "medium", "high")
STATUSES = ("active", "completed", "archived")

NAME_MAX = 100
DESCRIPTION_MAX = 512
NOTES_MAX = 2048
GOAL_MAX_HOURS = 100_000
MAX_SESSION_MINUTES = 24 * 60


class Subject(Model):
    __tablename__ = "study_subjects"
    __table_args__ = (UniqueConstraint("user_id", "name_lower"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    name_lower: Mapped[str] = mapped_column(String(NAME_MAX))
    description: Mapped[str] = mapped_column(String(DESCRIPTION_MAX), default="")
    hours_goal: Mapped[float | None] = mapped_column(Float, nullable=True)
    priority: Mapped[str] = mapped_column(String(8), default="medium")
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)

    sessions: Mapped[list["StudySession"]] = relationship(
        back_populates="subject", cascade="all, delete-orphan", passive_deletes=True)

    def can_view(self, user) -> bool:
        return user is not None and user.id == self.user_id

    can_edit = can_view

    @property
    def goal_minutes(self) -> int | None:
        return round(self.hours_goal * 60) if self.hours_goal else None


class StudySession(Model):
    """A span of study on one subject. ``ended_at`` is empty while the timer runs.

    Times are kept to the whole minute (seconds dropped), so durations and per-day totals are exact
    whole minutes and add up.
    """

    __tablename__ = "study_sessions"
    __table_args__ = (
        Index("ix_study_sessions_user_id_started_at", "user_id", "started_at"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("study_subjects.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, index=True)
    duration_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    notes: Mapped[str] = mapped_column(Text, default="")

    subject: Mapped[Subject] = relationship(back_populates="sessions")

    def can_view(self, user) -> bool:
        return user is not None and user.id == self.user_id

    can_edit = can_view

    @property
    def running(self) -> bool:
        return self.ended_at is None


# At most one running timer per user, enforced by the database as well (a partial unique index).
Index("uq_study_sessions_running_user", StudySession.user_id, unique=True,
      sqlite_where=StudySession.ended_at.is_(None), postgresql_where=StudySession.ended_at.is_(None))
