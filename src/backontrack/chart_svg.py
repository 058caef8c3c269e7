"""The progress chart as a picture drawn on the server: what a phone shows at once (issue 26).

The interactive chart (charts.py) needs Plotly's 1.2 MB of JavaScript, which a phone on a slow
mobile link waits about 6 seconds for, and then about 2 seconds more to run. This picture says
the same at a glance, in the page's first message, in a few kilobytes of SVG: the same two
panels on one date axis (walked minutes as bars against the target's steps; pain on its own 0-10
scale with the starting pain, the much-better band and the flare days), the same colours and
shapes, the same names in its key. The interactive chart is one tap away.

It is a handful of rectangles and lines, so it is written out here rather than drawn with a
plotting library (matplotlib would add about 40 MB to the install and 0.1 s to each drawing,
for a picture several times bigger). Pure functions: frame in, markup out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import pandas as pd

from backontrack.charts import (
    BLUE,
    FLARE_DAY,
    GREEN,
    GREY,
    MINUTES_AXIS,
    MINUTES_WALKED,
    ORANGE,
    PAIN,
    PAIN_AXIS,
    PAIN_TICKS,
    PLAN_CHANGE,
    TARGET_MINUTES,
    VERMILLION,
    meaningful_fall,
    much_better_name,
    start_pain_name,
)
from backontrack.dates import day_month
from backontrack.i18n import N_, _

#: The picture's own units: it scales to the column's width, up to MAX_WIDTH_PX.
WIDTH, HEIGHT = 420, 300
LEFT, RIGHT, TOP = 34, 6, 8
MINUTES_BOTTOM = 146  # the minutes panel, TOP to here
PAIN_TOP, PAIN_BOTTOM = 174, 262  # the pain panel
DATES_AT = 284  # the dates under both panels
FONT = 14
#: Wider than this, the picture's words would grow past the page's own.
MAX_WIDTH_PX = 600
TEXT = "#31333F"
GRID = "#e6e6ea"
#: Dates along the bottom: at most this many, so they never run into each other on a phone.
DATE_LABELS = 4
#: Below this width of a day (in the picture's units), pain days get no dot: the line is enough.
DOTS_FROM = 3.0
#: What a screen reader says; the caption under the chart then says what it shows.
LABEL = N_(
    "Progress chart: minutes walked against the target, and pain. The sentence under it says what it shows."
)


@dataclass(frozen=True)
class _Scale:
    """Plan days across, values up: where each day's band and each value fall in the picture."""

    days: int
    top: float
    bottom: float
    high: float

    @property
    def band(self) -> float:
        return (WIDTH - LEFT - RIGHT) / max(self.days, 1)

    def left(self, i: int) -> float:
        return LEFT + i * self.band

    def centre(self, i: int) -> float:
        return self.left(i) + self.band / 2

    def y(self, value: float) -> float:
        return self.bottom - (self.bottom - self.top) * min(max(value, 0.0), self.high) / self.high


def _n(value: float) -> str:
    """A coordinate, short: one decimal, no trailing zero."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _minutes_high(frame: pd.DataFrame) -> float:
    """The minutes axis's top: the longest target or walk, rounded up to a multiple of 10."""
    values = [v for v in (*frame["target_minutes"], *frame["minutes"]) if not pd.isna(v)]
    return float(max(10, math.ceil(max(values, default=0) / 10) * 10))


def _present(values: Sequence[float | None]) -> list[tuple[int, float]]:
    return [(i, float(v)) for i, v in enumerate(values) if v is not None and not pd.isna(v)]


def _runs(days: list[int]) -> list[tuple[int, int]]:
    """Days in a row, as (first, last): [2, 3, 4, 9] is (2, 4) and (9, 9)."""
    runs: list[tuple[int, int]] = []
    for day in days:
        if runs and runs[-1][1] == day - 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _date_label(day: pd.Timestamp) -> str:
    return day_month(day)  # "6 Dec", as every output writes a day (in the language spoken)


def _label_days(days: int) -> list[int]:
    """Which days get a date: the first and the last, and evenly between (never crowded)."""
    if days <= DATE_LABELS:
        return list(range(days))
    step = (days - 1) / (DATE_LABELS - 1)
    return sorted({round(k * step) for k in range(DATE_LABELS)})


def _grid(scale: _Scale, ticks: Sequence[float]) -> list[str]:
    parts = []
    for tick in ticks:
        y = _n(scale.y(tick))
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{LEFT - 5}" y="{y}" text-anchor="end" dominant-baseline="middle">{tick:g}</text>'
        )
    return parts


def _steps(scale: _Scale, targets: list[tuple[int, float]]) -> str:
    """The target as steps: flat across each day, stepping at the edge between two days."""
    points: list[str] = []
    previous = None
    for i, value in targets:
        y = _n(scale.y(value))
        if previous is not None and previous != i - 1:  # a day with no target: the line breaks
            points.append("M")
        else:
            points.append("L" if points else "M")
        points[-1] += f"{_n(scale.left(i))} {y} H{_n(scale.left(i) + scale.band)}"
        previous = i
    return " ".join(points)


def progress_svg(frame: pd.DataFrame, baseline_pain: int, adjusted_dates: list[pd.Timestamp]) -> str:
    """The chart as an SVG picture and its key (HTML), shown inline (widgets.drawn_picture); the
    caption under it says in words what it shows."""
    days = len(frame)
    minutes = _Scale(days, TOP, MINUTES_BOTTOM, _minutes_high(frame))
    pain = _Scale(days, PAIN_TOP, PAIN_BOTTOM, 10.0)
    flares = [i for i, flare in enumerate(frame["flare"]) if flare]
    band = much_better_name(baseline_pain)
    parts = _flares(minutes, flares)
    if band is not None:
        parts.append(_band(pain, baseline_pain - meaningful_fall(baseline_pain)))
    parts += _grid(minutes, [0, minutes.high / 2, minutes.high]) + _grid(pain, PAIN_TICKS)
    parts += _bars(minutes, _present(list(frame["minutes"])))
    parts += _target(minutes, _present(list(frame["target_minutes"])))
    parts += _pain(pain, baseline_pain, _present(list(frame["pain"])))
    parts += _changes(minutes, list(frame["date"]), adjusted_dates)
    parts += _axes(minutes, list(frame["date"]))
    svg = (
        f'<svg class="bot-progress-chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-label="{escape(_(LABEL))}" font-size="{FONT}" fill="{TEXT}" '
        f'style="display:block;max-width:{MAX_WIDTH_PX}px;font-family:inherit">{"".join(parts)}</svg>'
    )
    key = _key(baseline_pain, band, bool(flares), bool(adjusted_dates))
    return f'<figure style="margin:0">{svg}{key}</figure>'


def _flares(scale: _Scale, flares: list[int]) -> list[str]:
    """Flare days shaded across both panels; days in a row as one shade."""
    return [
        f'<rect class="flare" x="{_n(scale.left(first))}" y="{TOP}" '
        f'width="{_n(scale.band * (last - first + 1))}" height="{PAIN_BOTTOM - TOP}" '
        f'fill="{GREY}" fill-opacity="0.15"/>'
        for first, last in _runs(flares)
    ]


def _band(scale: _Scale, top_pain: float) -> str:
    """The much-better band: pain from 0 up to `top_pain`."""
    top = scale.y(top_pain)
    return (
        f'<rect class="much-better" x="{LEFT}" y="{_n(top)}" width="{WIDTH - LEFT - RIGHT}" '
        f'height="{_n(PAIN_BOTTOM - top)}" fill="{GREEN}" fill-opacity="0.15"/>'
    )


def _bars(scale: _Scale, walked: list[tuple[int, float]]) -> list[str]:
    """Minutes walked: one path for every bar, so a year of days stays a few kilobytes."""
    bars = []
    for i, value in walked:
        if value > 0:
            left, top = scale.left(i) + scale.band * 0.15, scale.y(value)
            bars.append(f"M{_n(left)} {MINUTES_BOTTOM}V{_n(top)}h{_n(scale.band * 0.7)}V{MINUTES_BOTTOM}Z")
    return [f'<path class="walked" d="{"".join(bars)}" fill="{BLUE}"/>'] if bars else []


def _target(scale: _Scale, targets: list[tuple[int, float]]) -> list[str]:
    if not targets:
        return []
    return [
        f'<path class="target" d="{_steps(scale, targets)}" fill="none" stroke="{ORANGE}" stroke-width="3"/>'
    ]


def _pain(scale: _Scale, baseline_pain: int, pains: list[tuple[int, float]]) -> list[str]:
    """The starting pain (dashed), and pain on each logged day (days not logged are bridged, as in
    the interactive chart), with a dot on each while the days are far enough apart."""
    start = _n(scale.y(baseline_pain))
    parts = [
        f'<line class="start-pain" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{start}" y2="{start}" '
        f'stroke="{VERMILLION}" stroke-dasharray="5 4"/>'
    ]
    if not pains:
        return parts
    points = " ".join(f"{_n(scale.centre(i))},{_n(scale.y(v))}" for i, v in pains)
    parts.append(
        f'<polyline class="pain" points="{points}" fill="none" stroke="{VERMILLION}" stroke-width="2"/>'
    )
    if scale.band >= DOTS_FROM:
        radius = _n(min(4.0, scale.band / 3))
        parts += [
            f'<circle class="pain-day" cx="{_n(scale.centre(i))}" cy="{_n(scale.y(v))}" r="{radius}" '
            f'fill="{VERMILLION}"/>'
            for i, v in pains
        ]
    return parts


def _changes(scale: _Scale, dates: list[pd.Timestamp], adjusted_dates: list[pd.Timestamp]) -> list[str]:
    """A dotted line down both panels on each day the plan changed."""
    index = {day.normalize(): i for i, day in enumerate(dates)}
    lines = []
    for date in adjusted_dates:
        i = index.get(pd.Timestamp(date).normalize())
        if i is not None:
            x = _n(scale.centre(i))
            lines.append(
                f'<line class="change" x1="{x}" x2="{x}" y1="{TOP}" y2="{PAIN_BOTTOM}" stroke="{GREY}" '
                'stroke-dasharray="2 3"/>'
            )
    return lines


def _axes(scale: _Scale, dates: list[pd.Timestamp]) -> list[str]:
    """Each panel's name up its side, and a few dates along the bottom."""
    parts = []
    for name, top, bottom in ((MINUTES_AXIS, TOP, MINUTES_BOTTOM), (PAIN_AXIS, PAIN_TOP, PAIN_BOTTOM)):
        middle = _n((top + bottom) / 2)
        turned = f'transform="rotate(-90 10 {middle})"'
        parts.append(f'<text x="10" y="{middle}" text-anchor="middle" {turned}>{escape(_(name))}</text>')
    days = len(dates)
    for i in _label_days(days):
        anchor, x = "middle", scale.centre(i)
        if days > 1 and i == 0:
            anchor, x = "start", scale.left(i)
        elif days > 1 and i == days - 1:
            anchor, x = "end", scale.left(i) + scale.band
        label = _date_label(dates[i])
        parts.append(f'<text class="date" x="{_n(x)}" y="{DATES_AT}" text-anchor="{anchor}">{label}</text>')
    return parts


def _swatch(style: str) -> str:
    style = f"display:inline-block;vertical-align:middle;margin-right:6px;{style}"
    return f'<span aria-hidden="true" style="{style}"></span>'


def _key(baseline_pain: int, band: str | None, flares: bool, changes: bool) -> str:
    """The chart's key, as text that wraps on a narrow screen: the interactive chart's names."""
    entries = [
        (f"width:14px;height:12px;background:{BLUE}", _(MINUTES_WALKED)),
        (f"width:18px;height:0;border-top:3px solid {ORANGE}", _(TARGET_MINUTES)),
        (f"width:18px;height:0;border-top:2px solid {VERMILLION}", _(PAIN)),
        (f"width:18px;height:0;border-top:2px dashed {VERMILLION}", start_pain_name(baseline_pain)),
    ]
    if band is not None:
        entries.append(("width:14px;height:12px;background:rgba(0,158,115,0.25)", band))
    if flares:
        entries.append(("width:14px;height:12px;background:rgba(107,107,107,0.3)", _(FLARE_DAY)))
    if changes:
        entries.append((f"width:18px;height:0;border-top:2px dotted {GREY}", _(PLAN_CHANGE)))
    items = "".join(
        f'<li style="margin:0 16px 4px 0">{_swatch(style)}{escape(name)}</li>' for style, name in entries
    )
    return (
        '<figcaption><ul class="bot-chart-key" style="list-style:none;padding:0;margin:8px 0 0;'
        f'display:flex;flex-wrap:wrap;font-size:0.9rem">{items}</ul></figcaption>'
    )
