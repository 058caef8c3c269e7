"""Plotly figures from progress frames (pure functions: frame in, figure out).

Colours are the Okabe-Ito palette, which stays distinguishable with the common
kinds of colour blindness; shapes (bars, steps, dots, crosses) carry meaning
too, so nothing depends on colour alone.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from backontrack import content

BLUE = "#0072B2"  # walked minutes
ORANGE = "#E69F00"  # target minutes
VERMILLION = "#D55E00"  # pain
GREY = "#6b6b6b"
GREEN = "#009E73"  # the "much better" zone


def meaningful_fall(baseline_pain: int) -> float:
    """The smallest fall people notice as much better: 2 points or 30%, whichever is smaller."""
    rules = content.walking_plan().progress
    return min(float(rules.meaningful_fall_points), baseline_pain * rules.meaningful_fall_share)


def progress_figure(frame: pd.DataFrame, baseline_pain: int, adjusted_dates: list[pd.Timestamp]) -> go.Figure:
    """Target (steps) against walked minutes (bars), with pain, baseline and the much-better band."""
    # Plain lists, not arrays: the figure's JSON then holds readable numbers (no base64 blocks).
    dates = [d.date().isoformat() for d in frame["date"]]
    fig = go.Figure()
    fig.add_bar(x=dates, y=_values(frame["minutes"]), name="Minutes walked", marker_color=BLUE, yaxis="y")
    fig.add_scatter(
        x=dates,
        y=_values(frame["target_minutes"]),
        name="Target minutes",
        mode="lines",
        line={"shape": "hvh", "color": ORANGE, "width": 3},
        yaxis="y",
    )
    fig.add_scatter(
        x=dates,
        y=_values(frame["pain"]),
        name="Pain (0-10)",
        mode="lines+markers",
        connectgaps=True,
        line={"color": VERMILLION, "width": 2},
        marker={"size": 8, "symbol": "circle"},
        yaxis="y2",
    )
    flares = frame[frame["flare"]]
    if not flares.empty:
        fig.add_scatter(
            x=[d.date().isoformat() for d in flares["date"]],
            y=[10] * len(flares),
            name="Flare day",
            mode="markers",
            marker={"symbol": "x", "size": 12, "color": GREY},
            yaxis="y2",
        )
    x0, x1 = dates[0], dates[-1]
    fall = meaningful_fall(baseline_pain)
    if fall > 0 and not math.isnan(fall):
        fig.add_shape(
            type="rect",
            xref="paper",
            x0=0,
            x1=1,
            yref="y2",
            y0=0,
            y1=baseline_pain - fall,
            fillcolor=GREEN,
            opacity=0.12,
            line_width=0,
            layer="below",
        )
    fig.add_scatter(
        x=[x0, x1],
        y=[baseline_pain, baseline_pain],
        name=f"Pain at the start ({baseline_pain})",
        mode="lines",
        line={"color": VERMILLION, "dash": "dash", "width": 1},
        yaxis="y2",
    )
    for date in adjusted_dates:
        fig.add_vline(x=date.date().isoformat(), line={"color": GREY, "dash": "dot", "width": 1})
    fig.update_layout(
        barmode="overlay",
        height=380,
        margin={"l": 8, "r": 8, "t": 24, "b": 8},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        yaxis={"title": {"text": "Minutes"}, "rangemode": "tozero"},
        yaxis2={"title": {"text": "Pain"}, "overlaying": "y", "side": "right", "range": [0, 10.5]},
        xaxis={"tickformat": "%d %b"},
        hovermode="x unified",
    )
    return fig


def _values(column: pd.Series) -> list[float | None]:
    """Numbers as a list, with gaps (days not logged) as None."""
    return [None if pd.isna(v) else float(v) for v in column]


def alt_text(frame: pd.DataFrame, baseline_pain: int) -> str:
    """A sentence that says what the chart shows, for screen readers and small screens."""
    logged = frame[frame["logged"]]
    if logged.empty:
        return "Chart of your walking targets. No days logged yet."
    walked = int(logged["minutes"].sum())
    target = int(frame.loc[frame["logged"], "target_minutes"].sum())
    last_pain = int(logged["pain"].iloc[-1])
    return (
        f"Chart of {len(frame)} plan days. On the {len(logged)} days you logged you walked "
        f"{walked} minutes against a target of {target}. Pain started at {baseline_pain} and was "
        f"{last_pain} on your latest log. Dotted lines mark plan changes; crosses mark flare days."
    )
