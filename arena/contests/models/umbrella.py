"""Umbrella contests: a contest that groups other contests (on other wikis or themes) under one
combined leaderboard. The umbrella is an ordinary contest with an :class:`Umbrella` row."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from arena.core.models import Model

#: how an article entered in two children is counted once: the higher score, or the first accepted
DEDUP_RULES = ("higher_score", "first_accepted")


class Umbrella(Model):
    __tablename__ = "contest_umbrellas"

    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), unique=True)
    dedup_rule: Mapped[str] = mapped_column(String(16), default="higher_score")


class UmbrellaChild(Model):
    __tablename__ = "contest_umbrella_children"
    __table_args__ = (UniqueConstraint("umbrella_id", "child_id"),)

    umbrella_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
