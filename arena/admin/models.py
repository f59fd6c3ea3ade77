"""Stored values of run-time settings (the declarations live in ``arena.core.runtime``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from arena.core.models import Model


class StoredSetting(Model):
    """A run-time setting changed from its default. Removing the row restores the default."""

    __tablename__ = "runtime_settings"

    name: Mapped[str] = mapped_column(String(100), unique=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                      nullable=True, index=True)
