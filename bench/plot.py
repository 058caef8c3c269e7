"""A plot for the bench's results, as an SVG file beside them (no plotting library: the bench
installs nothing the app does not need, and a few lines and labels are all it takes)."""

from __future__ import annotations

import math
from html import escape

WIDTH, PANEL, GAP, LEFT, RIGHT, TOP = 640, 200, 50, 56, 150, 24
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7")  # Okabe-Ito, as the app's charts

Point = tuple[float, float, float]  # tabs, p95 ms, machine CPU %


def _nice(value: float) -> float:
    """A round top for an axis: 1, 2 or 5 times a power of ten, at least `value`."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def knee_svg(series: dict[str, list[Point]], target_ms: float) -> str:
    """p95 against tabs (top panel, with the target as a dashed line) and the machine's CPU
    (bottom panel), one line per series."""
    points = [p for line in series.values() for p in line if not math.isnan(p[1])]
    most_tabs = _nice(max((p[0] for p in points), default=1))
    most_ms = _nice(max([target_ms * 1.5, *(min(p[1], target_ms * 8) for p in points)]))
    inner = WIDTH - LEFT - RIGHT

    def x(tabs: float) -> float:
        return LEFT + inner * tabs / most_tabs

    def y(value: float, top: float, high: float) -> float:
        return top + PANEL - PANEL * min(value, high) / high

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {TOP + 2 * PANEL + GAP + 40}" '
        'font-family="sans-serif" font-size="12" fill="#31333F">'
    ]
    for top, high, name in ((TOP, most_ms, "p95 ms"), (TOP + PANEL + GAP, 100.0, "machine CPU %")):
        parts.append(f'<text x="{LEFT}" y="{top - 8}">{name}</text>')
        for k in range(5):
            value = high * k / 4
            at = y(value, top, high)
            parts.append(
                f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{at:.1f}" y2="{at:.1f}" stroke="#e6e6ea"/>'
            )
            parts.append(f'<text x="{LEFT - 6}" y="{at + 4:.1f}" text-anchor="end">{value:g}</text>')
    goal = y(target_ms, TOP, most_ms)
    parts.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{goal:.1f}" y2="{goal:.1f}" stroke="#6b6b6b" '
        'stroke-dasharray="6 4"/>'
    )
    parts.append(f'<text x="{WIDTH - RIGHT + 6}" y="{goal + 4:.1f}">target {target_ms:g} ms</text>')
    bottom = TOP + 2 * PANEL + GAP
    for k in range(5):
        tabs = most_tabs * k / 4
        parts.append(f'<text x="{x(tabs):.1f}" y="{bottom + 18}" text-anchor="middle">{tabs:g}</text>')
    parts.append(f'<text x="{LEFT + inner / 2}" y="{bottom + 36}" text-anchor="middle">signed-in tabs</text>')
    for n, (name, line) in enumerate(series.items()):
        colour = COLOURS[n % len(COLOURS)]
        for top, high, pick in ((TOP, most_ms, 1), (TOP + PANEL + GAP, 100.0, 2)):
            drawn = [(x(p[0]), y(p[pick], top, high)) for p in line if not math.isnan(p[pick])]
            coords = " ".join(f"{a:.1f},{b:.1f}" for a, b in drawn)
            parts.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>')
            parts += [f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3" fill="{colour}"/>' for a, b in drawn]
        key = TOP + 30 + 18 * n
        parts.append(f'<rect x="{WIDTH - RIGHT + 6}" y="{key - 9}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{WIDTH - RIGHT + 24}" y="{key + 1}">{escape(name)}</text>')
    return "".join(parts) + "</svg>\n"
