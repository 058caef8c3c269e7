"""Plotly figures from progress frames (pure functions: frame in, figure out).

Colours are the Okabe-Ito palette, which stays distinguishable with the common
kinds of colour blindness; shapes (bars, steps, dots, shaded days) carry meaning
too, so nothing depends on colour alone.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from backontrack import content, i18n
from backontrack.i18n import N_, _, ngettext, write_number

BLUE = "#0072B2"  # walked minutes
ORANGE = "#E69F00"  # target minutes
VERMILLION = "#D55E00"  # pain
GREY = "#6b6b6b"
GREEN = "#009E73"  # the "much better" zone


def meaningful_fall(baseline_pain: int) -> float:
    """The smallest fall people notice as much better: 2 points or 30%, whichever is smaller."""
    rules = content.walking_plan().progress
    return min(float(rules.meaningful_fall_points), baseline_pain * rules.meaningful_fall_share)


#: Pain's own scale: 0 to 10 with whole-number ticks, never stretched to line up with minutes.
PAIN_TICKS = list(range(0, 11, 2))
#: The two panels share the date axis: minutes above, pain below (reads on a 390 px phone).
ROW_HEIGHTS = [0.58, 0.42]

#: The names both charts give their parts (the legend here, the key in chart_svg.py): marked for
#: the catalogue here, translated where they are drawn, so the two always say the same.
MINUTES_WALKED = N_("Minutes walked")
TARGET_MINUTES = N_("Target minutes")
PAIN = N_("Pain (0-10)")
FLARE_DAY = N_("Flare day (shaded)")
PLAN_CHANGE = N_("Plan change (dotted)")
#: The two panels' axis titles.
MINUTES_AXIS = N_("Minutes")
PAIN_AXIS = N_("Pain")


def much_better_name(baseline_pain: int) -> str | None:
    """The legend's name for the "much better" band, or None when there is no band to draw."""
    fall = meaningful_fall(baseline_pain)
    top = baseline_pain - fall
    if fall <= 0 or math.isnan(fall) or top <= 0:
        return None
    return _("Much better: pain {pain} or less").format(pain=_number(top))


def start_pain_name(baseline_pain: int) -> str:
    """The legend's name for the dashed line at the starting pain."""
    return _("Pain at the start ({pain})").format(pain=baseline_pain)


def _number(value: float) -> str:
    return write_number(value, "short")


def progress_figure(frame: pd.DataFrame, baseline_pain: int, adjusted_dates: list[pd.Timestamp]) -> go.Figure:
    """Two panels on one date axis: target (steps) against walked minutes (bars) above; pain on
    its own 0-10 scale below, with the starting pain, the much-better band and flare days shaded."""
    # Plain lists, not arrays: the figure's JSON then holds readable numbers (no base64 blocks).
    dates = [d.date().isoformat() for d in frame["date"]]
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, row_heights=ROW_HEIGHTS)
    fig.add_bar(x=dates, y=_values(frame["minutes"]), name=_(MINUTES_WALKED), marker_color=BLUE, row=1, col=1)
    fig.add_scatter(
        x=dates,
        y=_values(frame["target_minutes"]),
        name=_(TARGET_MINUTES),
        mode="lines",
        line={"shape": "hvh", "color": ORANGE, "width": 3},
        row=1,
        col=1,
    )
    x0, x1 = dates[0], dates[-1]
    band = much_better_name(baseline_pain)
    if band is not None:
        top = baseline_pain - meaningful_fall(baseline_pain)
        # A filled trace, not a shape, so the band has its own legend entry.
        fig.add_scatter(
            x=[x0, x1, x1, x0, x0],
            y=[0, 0, top, top, 0],
            name=band,
            mode="lines",
            fill="toself",
            fillcolor="rgba(0, 158, 115, 0.15)",
            line={"width": 0},
            hoverinfo="skip",
            row=2,
            col=1,
        )
    fig.add_scatter(
        x=[x0, x1],
        y=[baseline_pain, baseline_pain],
        name=start_pain_name(baseline_pain),
        mode="lines",
        line={"color": VERMILLION, "dash": "dash", "width": 1},
        row=2,
        col=1,
    )
    fig.add_scatter(
        x=dates,
        y=_values(frame["pain"]),
        name=_(PAIN),
        mode="lines+markers",
        connectgaps=True,
        line={"color": VERMILLION, "width": 2},
        marker={"size": 8, "symbol": "circle"},
        row=2,
        col=1,
    )
    flares = [d.date().isoformat() for d in frame[frame["flare"]]["date"]]
    for day in flares:
        # A shaded day across both panels: it never sits on a marker or the top edge.
        for row in (1, 2):
            fig.add_vrect(
                x0=_shift(day, -0.5),
                x1=_shift(day, 0.5),
                fillcolor=GREY,
                opacity=0.12,
                line_width=0,
                layer="below",
                row=row,
                col=1,
            )
    if flares:
        fig.add_scatter(
            x=[None],
            y=[None],
            name=_(FLARE_DAY),
            mode="markers",
            marker={"symbol": "square", "size": 12, "color": GREY, "opacity": 0.4},
            row=2,
            col=1,
        )
    for date in adjusted_dates:
        fig.add_vline(x=date.date().isoformat(), line={"color": GREY, "dash": "dot", "width": 1})
    fig.update_layout(
        barmode="overlay",
        height=460,
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
        legend={"orientation": "h", "yanchor": "top", "y": -0.08, "x": 0, "font": {"size": 13}},
        hovermode="x unified",
    )
    # The hover box's day as every output writes it, in the chart's language (plotly_config).
    fig.update_xaxes(hoverformat=i18n.d3_date_pattern("day_long"))
    fig.update_yaxes(title_text=_(MINUTES_AXIS), rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text=_(PAIN_AXIS), range=[0, 10.4], tickvals=PAIN_TICKS, row=2, col=1)
    # "6 Dec", as every output writes a day; in the chart's language, from plotly_config's names.
    fig.update_xaxes(tickformat=i18n.d3_date_pattern("day_month"))
    return fig


def plotly_config(language: str | None = None) -> dict[str, object]:
    """Plotly's settings for the interactive chart: no toolbar, and the language's day and month
    names and decimal sign for what Plotly writes itself (the hover box's day, its numbers)."""
    code = language or i18n.current()
    return {
        "displayModeBar": False,
        "locale": code,
        "locales": {code: {"dictionary": {}, "format": i18n.calendar_words(code)}},
    }


def _shift(day: str, days: float) -> str:
    """An ISO date moved by part of a day, as plotly reads a date axis (noon is half a day on)."""
    moment = pd.Timestamp(day) + pd.Timedelta(days=days)
    return moment.isoformat()


def _band_sentence(baseline_pain: int) -> str:
    if much_better_name(baseline_pain) is None:
        return ""
    top = _number(baseline_pain - meaningful_fall(baseline_pain))
    return " " + _(
        "The green band marks pain of {pain} or less, which is much better than at the start."
    ).format(pain=top)


def _values(column: pd.Series) -> list[float | None]:
    """Numbers as a list, with gaps (days not logged) as None."""
    return [None if pd.isna(v) else float(v) for v in column]


def alt_text(frame: pd.DataFrame, baseline_pain: int) -> str:
    """A sentence that says what the chart shows, for screen readers and small screens."""
    logged = frame[frame["logged"]]
    if logged.empty:
        return _("Chart of your walking targets. No days logged yet.")
    walked = int(logged["minutes"].sum())
    target = int(frame.loc[frame["logged"], "target_minutes"].sum())
    last_pain = int(logged["pain"].iloc[-1])
    sentences = [
        ngettext("Chart of {n} plan day.", "Chart of {n} plan days.", len(frame)).format(n=len(frame)),
        ngettext(
            "On the day you logged you walked {walked} minutes against a target of {target}.",
            "On the {n} days you logged you walked {walked} minutes against a target of {target}.",
            len(logged),
        ).format(n=len(logged), walked=walked, target=target),
        _("Pain started at {start} and was {latest} on your latest log.").format(
            start=baseline_pain, latest=last_pain
        ),
        _("Dotted lines mark plan changes; shaded days were flare days."),
    ]
    return " ".join(sentences) + _band_sentence(baseline_pain)
