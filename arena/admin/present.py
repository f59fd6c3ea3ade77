"""The run-time settings as the page and the API show them."""

from __future__ import annotations

from arena.core import runtime


def settings_view() -> list[dict]:
    stored = runtime.stored_values()
    rows = []
    for setting in runtime.declared():
        low, high = setting.bounds()
        rows.append({
            "name": setting.name, "group": setting.group, "type": setting.type.__name__,
            "description": str(setting.description), "value": runtime.value(setting.name),
            "default": setting.default_value(), "minimum": low, "maximum": high,
            "choices": list(setting.choices) if setting.choices else None, "max_length": setting.max_length,
            "changed": setting.name in stored,
        })
    return rows
