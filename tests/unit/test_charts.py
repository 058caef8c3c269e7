"""The progress figure, the picture drawn in its place on the server (issue 26), and their words."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from backontrack import chart_svg
from backontrack.adapt import adapt
from backontrack.chart_svg import progress_svg
from backontrack.charts import alt_text, meaningful_fall, progress_figure
from backontrack.plan import build_plan
from backontrack.progress import daily_frame
from tests.conftest import START, log, make_profile


def figure_and_frame() -> tuple[dict[str, dict[str, object]], pd.DataFrame]:
    traces, frame, _ = whole_figure()
    return traces, frame


def whole_figure() -> tuple[dict[str, dict[str, object]], pd.DataFrame, dict[str, object]]:
    plan = build_plan(make_profile(baseline_pain=5), START)
    logs = [log(1, 5, minutes=18), log(2, 7, minutes=9, flare=True)]
    adapted = adapt(plan, logs)
    frame = daily_frame(adapted, logs)
    fig = progress_figure(frame, 5, [pd.Timestamp(a.date) for a in adapted.adjustments])
    return {t.name: t.to_plotly_json() for t in fig.data}, frame, fig.to_plotly_json()["layout"]


def test_figure_has_walked_bars_target_steps_pain_in_its_own_panel_and_flares() -> None:
    traces, _ = figure_and_frame()
    assert traces["Minutes walked"]["type"] == "bar"
    assert traces["Minutes walked"]["y"][:3] == [18.0, 9.0, None]
    assert traces["Target minutes"]["line"]["shape"] == "hvh"
    assert traces["Pain (0-10)"]["yaxis"] == "y2"
    assert traces["Pain (0-10)"]["y"][:2] == [5.0, 7.0]
    assert "Flare day (shaded)" in traces
    assert "Pain at the start (5)" in traces


def test_issue_19_pain_has_its_own_0_to_10_axis_with_whole_number_ticks_below_the_minutes() -> None:
    _, _, layout = whole_figure()
    pain, minutes = layout["yaxis2"], layout["yaxis"]
    assert pain["range"] == [0, 10.4]
    assert pain["tickvals"] == [0, 2, 4, 6, 8, 10]
    assert "overlaying" not in pain  # never stretched to line up with the minutes axis
    assert pain["domain"][1] < minutes["domain"][0]  # pain below, minutes above, one date axis
    assert layout["xaxis"]["matches"] == "x2" or layout["xaxis2"].get("matches") == "x"


def test_issue_19_the_much_better_band_is_in_the_legend_and_the_text_alternative() -> None:
    traces, frame = figure_and_frame()
    band = traces["Much better: pain 3.5 or less"]
    assert band["fill"] == "toself"
    assert max(band["y"]) == 3.5
    assert "green band marks pain of 3.5 or less, which is much better than at the start" in alt_text(
        frame, 5
    )


def test_issue_19_flare_days_are_shaded_never_drawn_over_a_marker_or_the_top_edge() -> None:
    traces, _, layout = whole_figure()
    shaded = [s for s in layout["shapes"] if s["type"] == "rect" and s.get("fillcolor") == "#6b6b6b"]
    assert len(shaded) == 2  # one flare day, in both panels
    # Noon to noon around the flare day (24 Nov): the whole day, and nothing else.
    assert {(s["x0"], s["x1"]) for s in shaded} == {("2026-11-23T12:00:00", "2026-11-24T12:00:00")}
    plotted = [t for t in traces.values() if "markers" in str(t.get("mode", ""))]
    markers = [t for t in plotted if t["name"] != "Flare day (shaded)"]
    assert all(max((v for v in t["y"] if v is not None), default=0) <= 10 for t in markers)
    assert traces["Flare day (shaded)"]["x"] == [None]  # a legend entry only


def test_meaningful_fall_is_2_points_or_30_percent_whichever_is_smaller() -> None:
    assert meaningful_fall(10) == 2
    assert meaningful_fall(5) == 1.5


def test_alt_text_says_what_was_walked_against_the_target() -> None:
    _, frame = figure_and_frame()
    text = alt_text(frame, 5)
    assert "On the 2 days you logged you walked 27 minutes against a target of 40" in text


# -- Issue 26: the picture a phone shows at once (chart_svg.py) --------------------------------------
def picture(frame: pd.DataFrame, baseline: int = 5, changes: list[pd.Timestamp] | None = None) -> ET.Element:
    markup = progress_svg(frame, baseline, changes or [])
    return ET.fromstring(markup)


def drawn(figure: ET.Element, kind: str) -> list[ET.Element]:
    return [e for e in figure.iter() if e.get("class") == kind]


def test_issue_26_the_picture_draws_the_same_days_and_names_its_parts_as_the_interactive_chart() -> None:
    traces, frame = figure_and_frame()
    figure = picture(frame)
    (walked,) = drawn(figure, "walked")
    assert walked.get("d", "").count("M") == 2  # one bar for each of the two walks
    assert len(drawn(figure, "pain-day")) == 2
    assert len(drawn(figure, "flare")) == 1
    assert len(drawn(figure, "much-better")) == 1
    assert len(drawn(figure, "target")) == 1
    key = {" ".join("".join(li.itertext()).split()) for li in figure.iter("li")}
    assert key == set(traces)  # every name the interactive chart's legend has, and no other


def test_issue_26_pain_keeps_its_own_0_to_10_scale_in_the_picture() -> None:
    plan = build_plan(make_profile(baseline_pain=5), START)
    logs = [log(1, 0, minutes=40), log(2, 9, minutes=5)]  # (a logged 10 stops the plan: revision 4)
    frame = daily_frame(adapt(plan, logs), logs)
    figure = picture(frame)
    panel = chart_svg.PAIN_BOTTOM - chart_svg.PAIN_TOP
    heights = [float(d.get("cy", "")) for d in drawn(figure, "pain-day")]
    assert heights == [chart_svg.PAIN_BOTTOM, pytest.approx(chart_svg.PAIN_BOTTOM - 0.9 * panel, abs=0.1)]
    (walked,) = drawn(figure, "walked")
    assert f"V{chart_svg.TOP}h" in walked.get("d", "")  # 40 minutes: the top of a 0-40 minutes scale


def test_issue_26_the_much_better_band_reaches_the_same_pain_as_in_the_interactive_chart() -> None:
    _, frame = figure_and_frame()
    (band,) = drawn(picture(frame), "much-better")
    top = float(band.get("y", ""))
    assert top == pytest.approx(
        chart_svg.PAIN_BOTTOM - (chart_svg.PAIN_BOTTOM - chart_svg.PAIN_TOP) * 0.35, abs=0.1
    )


def test_issue_26_a_long_history_stays_a_small_picture_with_a_few_dates() -> None:
    start = START - pd.Timedelta(days=5 * 365).to_pytimedelta()
    plan = build_plan(make_profile(baseline_pain=6), start)
    logs = [log(day, 3 + day % 5, minutes=10 + day % 20, start=start) for day in range(1, 5 * 365 + 1)]
    frame = daily_frame(adapt(plan, logs), logs)
    markup = progress_svg(frame, 6, [])
    # About the size of the interactive chart's figure for the same days (105 KB), which needs
    # Plotly's 1.2 MB of JavaScript besides.
    assert len(markup) < 120_000
    figure = ET.fromstring(markup)
    assert not drawn(figure, "pain-day")  # days too close for a dot each: the line alone
    assert len(drawn(figure, "date")) == chart_svg.DATE_LABELS
    assert re.search(r"(?<![a-z])nan(?![a-z])", markup) is None  # every day placed


def test_issue_26_the_picture_has_an_accessible_name_and_the_caption_says_what_it_shows() -> None:
    _, frame = figure_and_frame()
    svg = picture(frame).find("svg")
    assert svg is not None
    assert svg.get("role") == "img"
    assert "The sentence under it says what it shows" in svg.get("aria-label", "")
