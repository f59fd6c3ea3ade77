"""A contest, the wikis it covers, and its organisers and jurors."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arena.core.models import Model, Scheduled, UTCDateTime
from arena.core.timeutil import utcnow

CONTEST_STATUSES = ("draft", "upcoming", "current", "past")
SUBMISSION_TYPES = ("new", "expansion", "both")
TEMPLATE_TARGETS = ("article", "talk")
VISIBILITIES = ("public", "unlisted")
SCORING_MODES = ("simple", "multi_parameter", "automated")
MEMBER_ROLES = ("organizer", "jury")


class Contest(Scheduled, Model):
    __tablename__ = "contests"

    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    rules: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    is_published: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    visibility: Mapped[str] = mapped_column(String(16), default="public", index=True)
    submission_type: Mapped[str] = mapped_column(String(16), default="both")
    min_bytes: Mapped[int] = mapped_column(Integer, default=0)
    min_references: Mapped[int] = mapped_column(Integer, default=0)
    required_categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    template: Mapped[str | None] = mapped_column(String(255), nullable=True)
    template_target: Mapped[str] = mapped_column(String(16), default="talk")
    write_back: Mapped[bool] = mapped_column(Boolean, default=False)
    write_back_categories: Mapped[list[str]] = mapped_column(JSON, default=list)  # added on write-back
    max_submissions_per_participant: Mapped[int | None] = mapped_column(Integer, nullable=True)
    scoring_mode: Mapped[str] = mapped_column(String(24), default="simple")
    scoring_config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: rule name -> {"level": "required" | "advisory", **parameters}; rules not listed are off
    eligibility_rules: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    allow_jury_to_compete: Mapped[bool] = mapped_column(Boolean, default=False)
    #: points credited to the author when a submission is accepted (taken back if that changes)
    points_per_accepted: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, index=True)

    @property
    def is_listed_publicly(self) -> bool:
        """Published, public and not deleted: its results count on the global leaderboard."""
        return bool(self.is_published) and self.visibility == "public" and self.deleted_at is None

    wikis: Mapped[list["ContestWiki"]] = relationship(
        back_populates="contest", cascade="all, delete-orphan", order_by="ContestWiki.position", lazy="selectin")
    members: Mapped[list["ContestMember"]] = relationship(
        back_populates="contest", cascade="all, delete-orphan", lazy="selectin")

    # --- derived state -------------------------------------------------------------------------
    @property
    def wiki_ids(self) -> list[str]:
        return [w.wiki_id for w in self.wikis]

    def has_started(self, now: datetime | None = None) -> bool:
        return (now or utcnow()) >= self.starts_at

    def has_ended(self, now: datetime | None = None) -> bool:
        return (now or utcnow()) >= self.ends_at

    def member_ids(self, role: str) -> set[int]:
        return {m.user_id for m in self.members if m.role == role}

    def is_organizer(self, user) -> bool:
        return user is not None and user.id in self.member_ids("organizer")

    def is_juror(self, user) -> bool:
        return user is not None and user.id in self.member_ids("jury")

    # --- permissions ----------------------------------------------------------------------------
    def can_view(self, user) -> bool:
        if self.deleted_at is not None:
            return False
        if not self.is_published:
            return self.can_edit(user)
        return True

    def can_edit(self, user) -> bool:
        return user is not None and self.deleted_at is None and (user.is_admin or self.is_organizer(user))

    def can_see_all_submissions(self, user) -> bool:
        return user is not None and (user.is_admin or self.is_organizer(user) or self.is_juror(user))

    def may_compete(self, user) -> bool:
        if self.allow_jury_to_compete:
            return True
        return not (self.is_organizer(user) or self.is_juror(user))


class ContestWiki(Model):
    """A wiki a contest covers (a contest may span several language wikis)."""

    __tablename__ = "contest_wikis"
    __table_args__ = (UniqueConstraint("contest_id", "wiki_id"),)

    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    wiki_id: Mapped[str] = mapped_column(String(64), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    contest: Mapped[Contest] = relationship(back_populates="wikis")


class ContestMember(Model):
    """An organiser or a juror of a contest."""

    __tablename__ = "contest_members"
    __table_args__ = (UniqueConstraint("contest_id", "user_id", "role"),)

    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16), index=True)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)

    contest: Mapped[Contest] = relationship(back_populates="members")
    user = relationship("User", foreign_keys=[user_id], lazy="joined")
