"""The progress figure and its text alternative."""

from __future__ import annotations

import pandas as pd

from backontrack.adapt import adapt
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
