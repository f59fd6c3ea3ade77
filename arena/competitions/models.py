"""Quiz competitions, their organisers and questions, participants' timed attempts and answers,
the incrementally kept standings (one row per participant) and the record of re-scores."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arena.core.models import Model, Scheduled, UTCDateTime
from arena.core.timeutil import utcnow

STATUSES = ("draft", "upcoming", "current", "past")
VISIBILITIES = ("public", "unlisted")
RESULTS_SHOWN = ("immediately", "after_end")
COUNTED_ATTEMPTS = ("best", "latest")
LAYOUTS = ("all", "one")  # all questions on one page, or one question per screen
ATTEMPT_STATUSES = ("open", "submitted", "expired")
#: default completion reward tiers: percentage correct needed -> share (%) of the competition points
DEFAULT_REWARD_TIERS = [{"min_percent": 80, "share": 100}, {"min_percent": 50, "share": 50}]
MONEY = Numeric(10, 2)


class Competition(Scheduled, Model):
    __tablename__ = "competitions"

    title: Mapped[str] = mapped_column(String(200), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    is_published: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    visibility: Mapped[str] = mapped_column(String(16), default="public", index=True)
    time_limit_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    attempts_allowed: Mapped[int] = mapped_column(Integer, default=1)
    shuffle_questions: Mapped[bool] = mapped_column(Boolean, default=False)
    shuffle_options: Mapped[bool] = mapped_column(Boolean, default=False)
    layout: Mapped[str] = mapped_column(String(8), default="all")
    results_shown: Mapped[str] = mapped_column(String(16), default="immediately")
    counted_attempt: Mapped[str] = mapped_column(String(8), default="best")
    competition_points: Mapped[int] = mapped_column(Integer, default=0)
    wrong_penalty: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    all_correct_bonus: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    time_bonus_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("20"))
    reward_tiers: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=lambda: list(DEFAULT_REWARD_TIERS))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, index=True)

    organisers: Mapped[list["CompetitionOrganiser"]] = relationship(
        back_populates="competition", cascade="all, delete-orphan", lazy="selectin")
    questions: Mapped[list["Question"]] = relationship(
        back_populates="competition", cascade="all, delete-orphan", order_by="Question.position, Question.id")

    def organiser_ids(self) -> set[int]:
        return {o.user_id for o in self.organisers}

    def is_organiser(self, user) -> bool:
        return user is not None and user.id in self.organiser_ids()

    # --- permissions ----------------------------------------------------------------------------
    def can_view(self, user) -> bool:
        if self.deleted_at is not None:
            return False
        return bool(self.is_published) or self.can_edit(user)

    def can_edit(self, user) -> bool:
        return user is not None and self.deleted_at is None and (user.is_admin or self.is_organiser(user))

    def may_take_part(self, user) -> bool:
        return user is not None and not self.is_organiser(user)

    def results_visible_at(self, now: datetime) -> bool:
        """Correct answers and explanations may be shown to participants (of a closed attempt)."""
        return self.results_shown == "immediately" or now >= self.ends_at


class CompetitionOrganiser(Model):
    __tablename__ = "competition_organisers"
    __table_args__ = (UniqueConstraint("competition_id", "user_id"),)

    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    competition: Mapped[Competition] = relationship(back_populates="organisers")


class Question(Model):
    """A question of one kind (see ``arena.competitions.kinds``). ``options`` is a list of
    ``{"id", "text"}``; ``answer`` holds the kind's correct answer (option ids, a boolean, or the
    accepted texts) and is never shown to participants before results may be shown."""

    __tablename__ = "competition_questions"

    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(24))
    text: Mapped[str] = mapped_column(Text)
    options: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    answer: Mapped[Any] = mapped_column(JSON)
    partial: Mapped[bool] = mapped_column(Boolean, default=False)
    points: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("1"))
    explanation: Mapped[str] = mapped_column(Text, default="")

    competition: Mapped[Competition] = relationship(back_populates="questions")


class Attempt(Model):
    """One participant's timed attempt; every scoring term is stored so it can be shown."""

    __tablename__ = "competition_attempts"
    __table_args__ = (UniqueConstraint("competition_id", "user_id", "number"),)

    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    seed: Mapped[int] = mapped_column(Integer)
    question_order: Mapped[list[int]] = mapped_column(JSON, default=list)
    option_orders: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict)
    duration_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    correct: Mapped[int] = mapped_column(Integer, default=0)
    wrong: Mapped[int] = mapped_column(Integer, default=0)
    unanswered: Mapped[int] = mapped_column(Integer, default=0)
    raw_points: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    penalties: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    all_correct_bonus: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    time_bonus: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    total: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    percent_correct: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    reward_share: Mapped[int] = mapped_column(Integer, default=0)  # % of the competition points
    points_earned: Mapped[int] = mapped_column(Integer, default=0)
    scored_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    competition: Mapped[Competition] = relationship()
    user = relationship("User", foreign_keys=[user_id], lazy="joined")
    answers: Mapped[list["Answer"]] = relationship(back_populates="attempt", cascade="all, delete-orphan",
                                                   lazy="selectin")

    @property
    def is_open(self) -> bool:
        return self.status == "open"


class Answer(Model):
    __tablename__ = "competition_answers"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    attempt_id: Mapped[int] = mapped_column(ForeignKey("competition_attempts.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("competition_questions.id", ondelete="CASCADE"),
                                             index=True)
    value: Mapped[Any] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    credit: Mapped[Decimal | None] = mapped_column(Numeric(6, 4), nullable=True)  # 0..1 once scored
    points: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))

    attempt: Mapped[Attempt] = relationship(back_populates="answers")


class Standing(Model):
    """A participant's counted attempt in a competition (best or latest), updated when an attempt of
    theirs is scored — the leaderboard reads these rows, never recounting attempts."""

    __tablename__ = "competition_standings"
    __table_args__ = (
        UniqueConstraint("competition_id", "user_id"),
        Index("ix_competition_standings_rank", "competition_id", "total", "duration_seconds", "finished_at"),
    )

    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("competition_attempts.id", ondelete="CASCADE"), index=True)
    total: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0"))
    duration_seconds: Mapped[int] = mapped_column(Integer, default=0)
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime())

    user = relationship("User", foreign_keys=[user_id], lazy="joined")


class Rescore(Model):
    """An organiser's confirmed change to the questions of a competition that had attempts."""

    __tablename__ = "competition_rescores"

    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    change: Mapped[str] = mapped_column(String(32))  # question_created / question_updated / ...
    question_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
