"""Reads of the admin domain."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from arena.admin.models import StoredSetting
from arena.extensions import db


def stored_values() -> dict[str, Any]:
    """name → stored value of every run-time setting changed from its default (one query)."""
    return dict(db.session.execute(select(StoredSetting.name, StoredSetting.value)).all())


def stored_rows() -> dict[str, StoredSetting]:
    return {row.name: row for row in db.session.scalars(select(StoredSetting))}
