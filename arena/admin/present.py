"""The run-time settings as the page and the API show them, and the overview's figures."""

from __future__ import annotations

from arena.core import runtime
from arena.core.dashboard import figures
from arena.core.timeutil import utcnow
from arena.extensions import cache
from arena.web.charts import bar_chart


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


#: seconds the overview's figures are kept before they are counted again
OVERVIEW_SECONDS = 60


def overview_minute() -> int:
    """The number of the minute of the clock: every process counts afresh at the same time."""
    return int(utcnow().timestamp() // OVERVIEW_SECONDS)


def overview(app, locale: str) -> list[dict]:
    """Every registered figure's ``(label, value)`` points, counted at most once a minute per
    language (labels of states are translated) and shared by every process through the cache. The
    key names the minute of the clock, so every process starts counting afresh at the same time."""
    key = f"admin:overview:{locale}:{overview_minute()}"
    data = cache.get(key)
    if data is None:
        data = [{"key": f.key, "points": [(str(label), int(value)) for label, value in f.values()]}
                for f in figures(app)]
        cache.set(key, data, timeout=OVERVIEW_SECONDS)
    return data


def overview_charts(app, locale: str, *, rtl: bool) -> list[dict]:
    """The overview's figures with their titles and the geometry of each bar chart."""
    registered = {f.key: f for f in figures(app)}
    return [{"key": item["key"], "title": registered[item["key"]].title, "column": registered[item["key"]].column,
             "points": item["points"], "chart": bar_chart(_short(item["points"]), rtl=rtl)}
            for item in overview(app, locale) if item["key"] in registered]


def _short(points: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Date labels shortened to DD/MM under the bars (the table beside gives the full date)."""
    return [(f"{label[8:10]}/{label[5:7]}" if len(label) == 10 and label[4] == "-" else label, value)
            for label, value in points]
