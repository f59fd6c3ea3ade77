"""The study charts' scale: minutes, with grid lines at round durations."""

from __future__ import annotations

import math

from arena.web import charts


def minute_step(max_value: float, lines: int = 4) -> int:
    """A round grid step (in minutes: 30, 60, 120, 300, ...) so about ``lines`` grid lines fit."""
    for step in (15, 30, 60, 120, 180, 300, 600, 900, 1200, 1800, 3000, 6000):
        if max_value / step <= lines:
            return step
    return int(math.ceil(max_value / lines / 6000) * 6000)


def bar_chart(points: list[tuple[str, int]], *, rtl: bool = False) -> dict:
    """Bars for ``(label, minutes)``; the scale reaches at least an hour."""
    return charts.bar_chart(points, rtl=rtl, floor=60, step=minute_step)
