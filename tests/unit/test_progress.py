"""Progress frames: one row per plan day, adherence, 7-day mean pain, and the meaningful-change rule."""

from __future__ import annotations

import math

import pytest

from backontrack.adapt import adapt
from backontrack.models import Profile
from backontrack.plan import build_plan
from backontrack.progress import daily_frame, pain_change, summarise, worse_advice
from tests.conftest import START, log, make_profile, on_day


def test_frame_has_one_row_per_plan_day_with_target_logged_pain_flare_level(
    standard_profile: Profile,
) -> None:
    plan = build_plan(standard_profile, START)
    logs = [log(1, 3, minutes=15), log(2, 5, minutes=20, flare=True)]
    frame = daily_frame(adapt(plan, logs), logs)
    assert len(frame) == 14
    first, second, third = frame.iloc[0], frame.iloc[1], frame.iloc[2]
    assert (first.target_minutes, first.minutes, first.pain, first.level) == (20, 15, 3, 1)
    assert bool(second.flare)
    assert bool(second.spike)
    assert second.target_minutes == 20
    assert not third.logged
    assert math.isnan(third.minutes)
    assert math.isnan(third.pain)


def test_frame_handles_months_of_history(standard_profile: Profile) -> None:
    plan = build_plan(standard_profile, START)
    logs = [log(d, 2) for d in range(1, 121)]
    frame = daily_frame(adapt(plan, logs), logs)
    assert len(frame) == 120
    assert frame["target_minutes"].iloc[-1] == 30


def test_adherence_is_the_share_of_target_minutes_walked_up_to_today(standard_profile: Profile) -> None:
    plan = build_plan(standard_profile, START)
    logs = [log(1, 3, minutes=20), log(2, 3, minutes=10), log(4, 3, minutes=40)]
    adapted = adapt(plan, logs, today=on_day(4))
    summary = summarise(daily_frame(adapted, logs), adapted)
    # Targets 20+20+20+12*2=84 over days 1-4; walked 20+10+0+24 (extra minutes beyond a target don't count).
    assert summary.days_so_far == 4
    assert summary.days_logged == 3
    assert summary.adherence == pytest.approx(54 / 84)


def test_mean_pain_covers_the_last_7_calendar_days(standard_profile: Profile) -> None:
    plan = build_plan(standard_profile, START)
    logs = [log(1, 9), log(8, 2), log(9, 4)]
    adapted = adapt(plan, logs, today=on_day(9))
    frame = daily_frame(adapted, logs)
    assert summarise(frame, adapted).mean_pain_7d == pytest.approx(3.0)  # day 1 is out of the window
    assert frame["mean_pain_7d"].iloc[8] == pytest.approx(3.0)


@pytest.mark.parametrize(
    ("baseline", "recent", "kind"),
    [
        (6, 4.0, "much_better"),  # a fall of 2 points (33%)
        (10, 8.0, "much_better"),  # 2 points, 20%: the points rule alone
        (4, 2.8, "much_better"),  # 1.2 points, 30%: the share rule alone
        (10, 8.5, "about_same"),  # 1.5 points, 15%
        (5, 4.0, "about_same"),  # 1 point, 20%
        (3, 5.0, "worse"),  # a rise of 2
        (0, 0.0, "about_same"),
    ],
)
def test_change_from_baseline_uses_the_2_points_or_30_percent_rule(
    baseline: int, recent: float, kind: str
) -> None:
    assert pain_change(baseline, recent).kind == kind


def test_a_fall_of_2_points_is_worded_as_much_better() -> None:
    assert "much better" in pain_change(6, 4.0).sentence


def test_less_than_a_meaningful_change_is_worded_about_the_same() -> None:
    assert "about the same" in pain_change(5, 4.0).sentence


def test_no_logs_tells_the_person_to_log() -> None:
    change = pain_change(5, None)
    assert change.kind == "no_data"
    assert "Log" in change.sentence


def test_after_two_weeks_without_clear_change_says_most_notice_after_2_to_4_weeks() -> None:
    plan = build_plan(make_profile(baseline_pain=4), START)
    logs = [log(d, 4) for d in range(1, 15)]
    adapted = adapt(plan, logs)
    summary = summarise(daily_frame(adapted, logs), adapted)
    assert any("2 to 4 weeks" in a for a in summary.advice)


def test_no_improvement_after_a_few_weeks_suggests_a_clinician() -> None:
    plan = build_plan(make_profile(baseline_pain=4), START)
    logs = [log(d, 4) for d in range(1, 29)]
    adapted = adapt(plan, logs)
    summary = summarise(daily_frame(adapted, logs), adapted)
    assert any("GP or physiotherapist" in a for a in summary.advice)


def test_clear_improvement_gives_no_nudge() -> None:
    plan = build_plan(make_profile(baseline_pain=6), START)
    logs = [log(d, 2) for d in range(1, 29)]
    adapted = adapt(plan, logs)
    assert summarise(daily_frame(adapted, logs), adapted).advice == []


def test_worse_pain_gets_one_coherent_message_never_keep_going() -> None:
    plan = build_plan(make_profile(baseline_pain=3), START)
    logs = [log(d, 3) for d in range(1, 9)] + [log(d, 6) for d in range(9, 16)]
    adapted = adapt(plan, logs)
    summary = summarise(daily_frame(adapted, logs), adapted)
    assert summary.change.kind == "worse"
    text = " ".join([summary.change.sentence, *summary.advice]).lower()
    assert "keep going" not in text
    assert "ease back a level" not in text  # the app moves levels, not the person
    assert any(a.kind == "drop_back" for a in adapted.adjustments)
    latest = [a for a in adapted.adjustments if a.kind in ("repeat_level", "drop_back", "flare_day")][-1]
    assert latest.sentence in summary.advice[0]  # what the plan has already done
    assert "shorter" in text  # what to do
    assert "gp or physio" in text  # when to see someone


def test_worse_pain_with_no_plan_change_yet_says_when_the_plan_eases_off() -> None:
    plan = build_plan(make_profile(baseline_pain=3), START)
    adapted = adapt(plan, [log(1, 3)], today=on_day(3))
    assert "pain of 5 or more" in worse_advice(adapted)[0]
