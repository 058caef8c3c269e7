"""The progress figure and its text alternative."""

from __future__ import annotations

import pandas as pd

from backontrack.adapt import adapt
from backontrack.charts import alt_text, meaningful_fall, progress_figure
from backontrack.plan import build_plan
from backontrack.progress import daily_frame
from tests.conftest import START, log, make_profile


def figure_and_frame() -> tuple[dict[str, dict[str, object]], pd.DataFrame]:
    plan = build_plan(make_profile(baseline_pain=5), START)
    logs = [log(1, 5, minutes=18), log(2, 7, minutes=9, flare=True)]
    adapted = adapt(plan, logs)
    frame = daily_frame(adapted, logs)
    fig = progress_figure(frame, 5, [pd.Timestamp(a.date) for a in adapted.adjustments])
    return {t.name: t.to_plotly_json() for t in fig.data}, frame


def test_figure_has_walked_bars_target_steps_pain_on_a_second_axis_and_flares() -> None:
    traces, _ = figure_and_frame()
    assert traces["Minutes walked"]["type"] == "bar"
    assert traces["Minutes walked"]["y"][:3] == [18.0, 9.0, None]
    assert traces["Target minutes"]["line"]["shape"] == "hvh"
    assert traces["Pain (0-10)"]["yaxis"] == "y2"
    assert traces["Pain (0-10)"]["y"][:2] == [5.0, 7.0]
    assert traces["Flare day"]["x"] == ["2026-11-24"]
    assert "Pain at the start (5)" in traces


def test_meaningful_fall_is_2_points_or_30_percent_whichever_is_smaller() -> None:
    assert meaningful_fall(10) == 2
    assert meaningful_fall(5) == 1.5


def test_alt_text_says_what_was_walked_against_the_target() -> None:
    _, frame = figure_and_frame()
    text = alt_text(frame, 5)
    assert "On the 2 days you logged you walked 27 minutes against a target of 40" in text
