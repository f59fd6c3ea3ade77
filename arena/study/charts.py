"""Geometry of the server-rendered SVG charts (no scripts, no inline styles: the template draws
rectangles from these numbers; colours come from CSS classes using the theme's variables)."""

from __future__ import annotations

import math


def nice_step(max_value: float, lines: int = 4) -> int:
    """A round grid step (in minutes: 30, 60, 120, 300, ...) so about ``lines`` grid lines fit."""
    for step in (15, 30, 60, 120, 180, 300, 600, 900, 1200, 1800, 3000, 6000):
        if max_value / step <= lines:
            return step
    return int(math.ceil(max_value / lines / 6000) * 6000)


def bar_chart(points: list[tuple[str, int]], *, rtl: bool = False, width: int = 640,
              height: int = 240) -> dict:
    """Bars for ``(label, minutes)`` in reading order: left to right, or right to left for RTL."""
    pad_top, pad_bottom, pad_side = 16, 40, 64
    plot_h = height - pad_top - pad_bottom
    plot_w = width - 2 * pad_side
    top = max([m for _l, m in points] + [60])
    step = nice_step(top)
    scale_max = int(math.ceil(top / step) * step)
    slot = plot_w / max(len(points), 1)
    bar_w = max(4, slot * 0.6)
    bars = []
    for i, (label, minutes) in enumerate(points):
        position = len(points) - 1 - i if rtl else i
        h = plot_h * minutes / scale_max
        x = pad_side + slot * position + (slot - bar_w) / 2
        bars.append({"x": round(x, 1), "y": round(pad_top + plot_h - h, 1), "w": round(bar_w, 1),
                     "h": round(h, 1), "cx": round(x + bar_w / 2, 1), "label": label, "minutes": minutes})
    grid = [{"y": round(pad_top + plot_h - plot_h * v / scale_max, 1), "minutes": v}
            for v in range(0, scale_max + 1, step)]
    axis_x = width - pad_side + 6 if rtl else pad_side - 6
    return {"width": width, "height": height, "bars": bars, "grid": grid, "axis_x": axis_x,
            "axis_anchor": "start" if rtl else "end", "label_y": height - pad_bottom + 18,
            "plot_left": pad_side, "plot_right": width - pad_side}
