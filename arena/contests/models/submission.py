"""An article submitted to a contest, its fact snapshot, rule results and write-back outcome."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arena.core.models import Model, UTCDateTime

SUBMISSION_STATUSES = ("awaiting_check", "pending", "accepted", "rejected", "ineligible")
SOURCES = ("submitted", "imported")


def title_key(title: str) -> str:
    """The form two titles of the same page share (underscores, first letter)."""
    title = " ".join((title or "").replace("_", " ").split())
    return title[:1].upper() + title[1:]


class Submission(Model):
    __tablename__ = "submissions"
    __table_args__ = (
        UniqueConstraint("contest_id", "wiki_id", "title_key"),
        UniqueConstraint("contest_id", "wiki_id", "page_id"),
        Index("ix_submissions_created_at", "created_at"),  # submissions per day (admin overview)
    )

    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    source: Mapped[str] = mapped_column(String(16), default="submitted")
    wiki_id: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(String(255))
    title_key: Mapped[str] = mapped_column(String(255))
    page_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    article_url: Mapped[str] = mapped_column(String(1000), default="")
    #: the wiki account the entry is credited to (the submitter's, or the creator's when imported)
    wiki_username: Mapped[str | None] = mapped_column(String(255), nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(16), default="awaiting_check", index=True)
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    rule_results: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    facts_fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    check_attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_check_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    write_back_status: Mapped[str | None] = mapped_column(String(255), nullable=True)
    write_back_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    contest = relationship("Contest", lazy="joined")
    user = relationship("User", foreign_keys=[user_id], lazy="joined")

    @property
    def is_unclaimed(self) -> bool:
        return self.user_id is None

    def can_view(self, user) -> bool:
        if user is None:
            return False
        if self.user_id == user.id:
            return True
        return self.contest.can_view(user) and self.contest.can_see_all_submissions(user)

    @property
    def required_failures(self) -> list[dict[str, Any]]:
        return [r for r in self.rule_results or [] if r.get("level") == "required" and r.get("status") == "fail"]

    @property
    def warnings(self) -> list[dict[str, Any]]:
        return [r for r in self.rule_results or [] if r.get("level") == "advisory" and r.get("status") == "fail"]
