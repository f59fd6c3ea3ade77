"""Contest templates: a contest's settings saved to start new contests from."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arena.core.models import Model


class ContestTemplate(Model):
    """``settings``: the contest's own settings (rules, scoring, texts, write-back, wikis) without its
    name, address and dates; ``extras``: other domains' settings collected by signal (``rounds``)."""

    __tablename__ = "contest_templates"

    name: Mapped[str] = mapped_column(String(200), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    source_contest_id: Mapped[int | None] = mapped_column(ForeignKey("contests.id", ondelete="SET NULL"), index=True)
    is_public: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    extras: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    owner = relationship("User", foreign_keys=[owner_id], lazy="joined")
