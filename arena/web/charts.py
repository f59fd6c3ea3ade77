"""Geometry of the server-rendered SVG bar charts (no scripts, no inline styles: the template draws
rectangles from these numbers; colours come from CSS classes using the theme's variables; the same
numbers stand in a table beside the chart)."""

from __future__ import annotations

import math
from collections.abc import Callable


def decimal_step(max_value: float, lines: int = 4) -> int:
    """A round grid step (1, 2, 5, 10, 20, 50, ...) so about ``lines`` grid lines fit."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if max_value / (factor * magnitude) <= lines:
                return factor * magnitude
        magnitude *= 10


def bar_chart(points: list[tuple[str, int]], *, rtl: bool = False, floor: int = 10,
              step: Callable[[float], int] = decimal_step, width: int = 640, height: int = 240) -> dict:
    """Bars for ``(label, value)`` in reading order: left to right, or right to left for RTL.

    ``floor`` is the smallest top of the scale (so an empty chart still has a grid); ``step``
    chooses the grid step for the largest value."""
    pad_top, pad_bottom, pad_side = 16, 40, 64
    plot_h, plot_w = height - pad_top - pad_bottom, width - 2 * pad_side
    top = max([v for _l, v in points] + [floor])
    grid_step = step(top)
    scale_max = int(math.ceil(top / grid_step) * grid_step)
    slot = plot_w / max(len(points), 1)
    bar_w = max(4, slot * 0.6)
    bars = []
    for i, (label, value) in enumerate(points):
        position = len(points) - 1 - i if rtl else i
        h = plot_h * value / scale_max
        x = pad_side + slot * position + (slot - bar_w) / 2
        bars.append({"x": round(x, 1), "y": round(pad_top + plot_h - h, 1), "w": round(bar_w, 1), "h": round(h, 1),
                     "cx": round(x + bar_w / 2, 1), "label": label, "value": value})
    grid = [{"y": round(pad_top + plot_h - plot_h * v / scale_max, 1), "value": v}
            for v in range(0, scale_max + 1, grid_step)]
    return {"width": width, "height": height, "bars": bars, "grid": grid,
            "axis_x": width - pad_side + 6 if rtl else pad_side - 6, "axis_anchor": "start" if rtl else "end",
            "label_y": height - pad_bottom + 18, "plot_left": pad_side, "plot_right": width - pad_side}
