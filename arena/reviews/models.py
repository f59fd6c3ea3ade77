"""Jury reviews, submission outcomes, assignments, discussion, overrides, leaderboard entries and
their totals. Submissions and contests belong to the contests domain; these tables hang off them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arena.core.models import Model, UTCDateTime

DECISIONS = ("accept", "reject")
FLAGS = ("copyright_doubt", "special_prize", "plagiarism", "needs_discussion")
#: the state of a submission's jury result (``tie`` waits for an organiser)
RESULT_STATES = ("open", "tie", "decided", "overridden")
SCORE = Numeric(12, 2)


class Review(Model):
    """One juror's review of one submission."""

    __tablename__ = "reviews"
    __table_args__ = (UniqueConstraint("submission_id", "juror_id", "round_number"),
                      Index("ix_reviews_created_at", "created_at"))  # reviews per day (admin overview)

    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    juror_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: the judging round (1 for a contest without rounds: its one implicit round)
    round_number: Mapped[int] = mapped_column(Integer, default=1, server_default="1", index=True)
    decision: Mapped[str] = mapped_column(String(8), index=True)
    marks: Mapped[int | None] = mapped_column(Integer, nullable=True)  # simple mode
    parameter_scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # multi_parameter
    score: Mapped[Decimal] = mapped_column(SCORE, default=Decimal("0"))
    breakdown: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    comment: Mapped[str] = mapped_column(Text, default="")  # shown to the participant
    private_note: Mapped[str] = mapped_column(Text, default="")  # jury only
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)

    juror = relationship("User", foreign_keys=[juror_id], lazy="joined")


class SubmissionOutcome(Model):
    """The jury result of a submission and what the leaderboard currently counts for it.

    ``counted_bucket``/``counted_score`` are the values last added to the participant's
    leaderboard entry, so every change is applied as a delta (never a recount).
    """

    __tablename__ = "submission_outcomes"

    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), unique=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    state: Mapped[str] = mapped_column(String(16), default="open", index=True)
    decision: Mapped[str | None] = mapped_column(String(8), nullable=True)
    score: Mapped[Decimal | None] = mapped_column(SCORE, nullable=True)
    breakdown: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    review_count: Mapped[int] = mapped_column(Integer, default=0)
    rule_failures: Mapped[int] = mapped_column(Integer, default=0, index=True)
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    counted_bucket: Mapped[str | None] = mapped_column(String(16), nullable=True)
    counted_score: Mapped[Decimal] = mapped_column(SCORE, default=Decimal("0"))


class Assignment(Model):
    """A juror asked to review a submission (contests whose distribution is ``assigned``)."""

    __tablename__ = "review_assignments"
    __table_args__ = (UniqueConstraint("submission_id", "juror_id", "round_number"),)

    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    juror_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    round_number: Mapped[int] = mapped_column(Integer, default=1, server_default="1", index=True)


class DiscussionMessage(Model):
    """The jury's thread about one submission (jurors and organisers only)."""

    __tablename__ = "review_messages"

    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)

    author = relationship("User", foreign_keys=[author_id], lazy="joined")


class ResultOverride(Model):
    """An organiser's decision replacing the jury's (kept for the record; the newest one applies)."""

    __tablename__ = "result_overrides"

    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: in a contest with judging rounds, the round whose result it settles
    round_number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    previous_status: Mapped[str] = mapped_column(String(16))
    previous_score: Mapped[Decimal | None] = mapped_column(SCORE, nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    score: Mapped[Decimal] = mapped_column(SCORE)
    reason: Mapped[str] = mapped_column(Text)

    actor = relationship("User", foreign_keys=[actor_id], lazy="joined")


class StandingCounts:
    """The running totals a standing keeps (a person's in a contest or overall, or a whole board's),
    moved by the same deltas."""

    total_score: Mapped[Decimal] = mapped_column(SCORE, default=Decimal("0"))
    submissions: Mapped[int] = mapped_column(Integer, default=0)
    accepted: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    pending: Mapped[int] = mapped_column(Integer, default=0)


class LeaderboardEntry(StandingCounts, Model):
    """One participant's standing in one contest, kept up to date by signal receivers."""

    __tablename__ = "leaderboard_entries"
    __table_args__ = (
        UniqueConstraint("contest_id", "user_id"),
        Index("ix_leaderboard_entries_contest_submissions", "contest_id", "submissions"),
    )

    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    user = relationship("User", foreign_keys=[user_id], lazy="joined")


#: the first page of a leaderboard reads this index in order
Index("ix_leaderboard_entries_contest_score", LeaderboardEntry.contest_id, LeaderboardEntry.total_score.desc())


class GlobalLeaderboardEntry(StandingCounts, Model):
    """One participant's standing across every contest (same deltas as the contest entries)."""

    __tablename__ = "global_leaderboard_entries"
    __table_args__ = (
        Index("ix_global_leaderboard_entries_score", "total_score"),
        Index("ix_global_leaderboard_entries_submissions", "submissions"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)

    user = relationship("User", foreign_keys=[user_id], lazy="joined")


class LeaderboardTotals(StandingCounts, Model):
    """Totals of one leaderboard (``scope`` is ``contest:<id>`` or ``global``), kept by the same deltas,
    so the first page never counts rows."""

    __tablename__ = "leaderboard_totals"

    scope: Mapped[str] = mapped_column(String(32), unique=True)
    contest_id: Mapped[int | None] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    participants: Mapped[int] = mapped_column(Integer, default=0)


class JurorReminder(Model):
    """A reminder sent to one juror about one contest on one day (never twice the same day)."""

    __tablename__ = "juror_reminders"
    __table_args__ = (UniqueConstraint("contest_id", "juror_id", "day"),)

    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    juror_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    pending: Mapped[int] = mapped_column(Integer, default=0)


ROUND_STATES = ("waiting", "open", "closed")


class JudgingRound(Model):
    """One of a contest's 1–3 judging rounds, in order. A contest without rows here is judged in one
    implicit round with the contest's own scoring settings."""

    __tablename__ = "judging_rounds"
    __table_args__ = (UniqueConstraint("contest_id", "position"),)

    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    scoring_mode: Mapped[str] = mapped_column(String(24))
    scoring_config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: user ids of the round's jurors (a subset of the contest's jury); None: the whole jury
    jury_ids: Mapped[list[int] | None] = mapped_column(JSON, nullable=True)
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    state: Mapped[str] = mapped_column(String(16), default="waiting", index=True)
    #: the rule the organiser closed the round with, and what it kept
    advance_rule: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class RoundResult(Model):
    """An entry's result in one round (the entry is in every round it has a row for)."""

    __tablename__ = "round_results"
    __table_args__ = (UniqueConstraint("round_id", "submission_id"),)

    round_id: Mapped[int] = mapped_column(ForeignKey("judging_rounds.id", ondelete="CASCADE"), index=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, index=True)
    state: Mapped[str] = mapped_column(String(16), default="open", index=True)
    decision: Mapped[str | None] = mapped_column(String(8), nullable=True)
    score: Mapped[Decimal | None] = mapped_column(SCORE, nullable=True)
    breakdown: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    review_count: Mapped[int] = mapped_column(Integer, default=0)
    #: set when the round closes: True for entries moved on to the next round
    advanced: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
