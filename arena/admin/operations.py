"""Writes of the admin domain: changing run-time settings."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from arena.admin import queries
from arena.admin.models import StoredSetting
from arena.core import runtime
from arena.core.errors import ValidationFailed
from arena.extensions import db
from arena.identity import audit


def change_settings(changes: dict[str, Any], *, actor, origin: audit.Origin = audit.NO_ORIGIN) -> list[dict]:
    """Set run-time settings (``None`` restores a setting's default). Every value is checked
    first: one bad value refuses the whole change with a 422 naming each setting at fault. Each
    change is audited with its old and new value; every process sees it once this commits."""
    errors: dict[str, list[str]] = {}
    converted: dict[str, Any] = {}
    for name, raw in changes.items():
        setting = runtime.get_setting(name)
        if setting is None:
            errors[name] = [_("No such setting.")]
            continue
        if raw is None:
            converted[name] = None
            continue
        try:
            converted[name] = runtime.convert(setting, raw)
        except runtime.InvalidValue as exc:
            errors[name] = [str(exc)]
    if errors:
        raise ValidationFailed(errors)
    rows = queries.stored_rows()
    done = []
    for name, new in converted.items():
        old = runtime.value(name)
        row = rows.get(name)
        if new is None:
            if row is None:
                continue
            db.session.delete(row)
            new = runtime.get_setting(name).default_value()
        elif row is None:
            db.session.add(StoredSetting(name=name, value=new, updated_by_id=actor.id))
        else:
            row.value, row.updated_by_id = new, actor.id
        if old == new:
            continue
        audit.record("setting.changed", actor=actor, origin=origin, details={"name": name, "old": old, "new": new})
        done.append({"name": name, "old": old, "new": new})
    db.session.flush()
    runtime.changed(db.session)
    return done
