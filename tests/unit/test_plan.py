"""The plan engine: seed 002's table, personalising rules 1-5, and refusing unsafe results."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from backontrack import content
from backontrack.adapt import adapt
from backontrack.models import TIMES_OF_DAY, Profile
from backontrack.plan import PlanRefused, build_plan
from tests.conftest import START, answers_data, log, make_profile

STANDARD_TABLE = [
    (1, [10, 10], []),
    (1, [10, 10], []),
    (1, [10, 10], []),
    (2, [12, 12], []),
    (2, [12, 12], []),
    (2, [12, 12], []),
    (3, [20, 10], []),
    (3, [20, 10], []),
    (3, [20, 10], []),
    (4, [20, 20], []),
    (4, [20, 20], []),
    (4, [20, 20], []),
    (5, [30], [10]),
    (5, [30], [10]),
]


def shape(profile: Profile) -> list[tuple[int, list[int], list[int]]]:
    return [(d.level, d.walks, d.optional) for d in build_plan(profile, START).days]


def test_standard_plan_for_a_10_minute_baseline_is_seed_002s_table(standard_profile: Profile) -> None:
    assert shape(standard_profile) == STANDARD_TABLE


def test_plan_has_14_consecutive_days_from_the_start(standard_profile: Profile) -> None:
    days = build_plan(standard_profile, START).days
    assert [d.day for d in days] == list(range(1, 15))
    assert [d.date for d in days] == [START + dt.timedelta(days=i) for i in range(14)]


def test_level_2_walks_sit_in_the_tables_12_to_15_minute_range(standard_profile: Profile) -> None:
    for day in build_plan(standard_profile, START).days[3:6]:
        assert all(12 <= w <= 15 for w in day.walks)


@pytest.mark.parametrize("baseline", range(1, 11))
def test_day_1_walk_is_never_longer_than_the_baseline_nor_under_3_minutes_or_the_test_walk(
    baseline: int,
) -> None:
    """Rule 1 as revision 4 amends it: never under 3 minutes, or the test walk if that was shorter."""
    day_1 = build_plan(make_profile(baseline_minutes=baseline), START).days[0]
    assert day_1.longest_walk <= baseline
    assert min(day_1.walks) >= min(3, baseline)


def test_low_baseline_scales_the_levels_and_still_climbs_by_day_14() -> None:
    days = build_plan(make_profile(baseline_minutes=4), START).days
    longest = [d.longest_walk for d in days]
    assert longest[0] == 4
    assert longest[-1] > longest[0] * 2  # still climbing towards level 5
    assert [d.level for d in days] == [lv for lv, _, _ in STANDARD_TABLE]
    assert days[-1].walks == [12]


@pytest.mark.parametrize("baseline", range(1, 11))
def test_no_day_to_day_jump_in_the_longest_walk_is_over_10_minutes(baseline: int) -> None:
    longest = [d.longest_walk for d in build_plan(make_profile(baseline_minutes=baseline), START).days]
    assert max(b - a for a, b in itertools.pairwise(longest)) <= 10


@pytest.mark.parametrize("walks_per_day", [2, 3, 4, 6])
@pytest.mark.parametrize("baseline", [3, 6, 10])
def test_longest_walk_never_goes_down_as_generated(baseline: int, walks_per_day: int) -> None:
    profile = make_profile(baseline_minutes=baseline, preferences={"walks_per_day": walks_per_day})
    longest = [d.longest_walk for d in build_plan(profile, START).days]
    assert longest == sorted(longest)


@pytest.mark.parametrize("pain_now", [0, 7, 9])
def test_day_14_total_is_at_most_40_minutes(pain_now: int) -> None:
    days = build_plan(make_profile(pain_now=pain_now), START).days
    assert days[-1].target_minutes <= 40


def test_pain_now_7_starts_with_flare_days_before_level_1() -> None:
    days = build_plan(make_profile(pain_now=7), START).days
    assert [d.level for d in days[:3]] == [0, 0, 1]
    assert days[0].flare
    assert days[0].walks == [5, 5, 5, 5]
    assert days[0].level_name == "Flare days"


def test_severe_now_soon_starts_with_flare_days() -> None:
    plan = build_plan(make_profile(pain_now=8), START)
    assert plan.triage.tier == "soon"
    assert plan.flare_start_days == 2
    assert plan.days[0].flare


def test_flare_walks_never_exceed_a_low_baseline() -> None:
    days = build_plan(make_profile(pain_now=7, baseline_minutes=3), START).days
    assert days[0].walks == [3, 3]  # Level 1 is 3 + 3: a flare day never asks for more (revision 4)


@pytest.mark.parametrize(
    ("baseline", "per_day", "flare", "level_one"),
    [
        (4, 2, [4, 4], 8),
        (3, 6, [3, 3], 6),
        (10, 2, [5, 5, 5, 5], 20),
        (10, 6, [3] * 6, 20),
        (8, 2, [5, 5, 5], 16),
    ],
)
def test_revision4_1_a_flare_day_never_totals_more_than_level_1(
    baseline: int, per_day: int, flare: list[int], level_one: int
) -> None:
    """Issue 24, fault 1: a 4-minute test walk gave flare days of 4+4+4+4 against Level 1's 8."""
    profile = make_profile(pain_now=7, baseline_minutes=baseline, preferences={"walks_per_day": per_day})
    days = build_plan(profile, START).days
    assert days[0].walks == flare
    assert days[0].target_minutes <= level_one == days[2].target_minutes
    assert max(days[0].walks) <= min(days[2].walks)


def test_guessed_baseline_starts_conservatively_as_5_minutes() -> None:
    plan = build_plan(make_profile(baseline_minutes=10, baseline_is_guess=True), START)
    assert plan.baseline_used == 5
    assert plan.days[0].walks == [5, 5]


def test_more_walks_per_day_means_shorter_walks_with_the_same_daily_total() -> None:
    two = build_plan(make_profile(), START).days
    four = build_plan(make_profile(preferences={"walks_per_day": 4}), START).days
    assert four[0].walks == [5, 5, 5, 5]
    for a, b in zip(two[:12], four[:12], strict=True):
        assert sum(a.walks) == sum(b.walks)
        assert b.longest_walk <= a.longest_walk


def test_preferred_times_of_day_are_spread_over_the_walks() -> None:
    profile = make_profile(preferences={"times_of_day": ["evening", "morning"]})
    day = build_plan(profile, START).days[0]
    assert day.walk_times == ["morning", "evening"]
    assert {"time_morning", "time_evening"} <= set(day.guidance)


def test_balance_concerns_point_to_a_treadmill_with_handrails_or_flat_indoor_route() -> None:
    day = build_plan(make_profile(preferences={"balance_concerns": True}), START).days[0]
    assert "balance" in day.guidance
    assert content.walking_plan().notes.balance in day.notes


def test_terrain_preference_adds_its_note() -> None:
    day = build_plan(make_profile(preferences={"terrain": "treadmill"}), START).days[0]
    assert content.walking_plan().notes.treadmill in day.notes


def test_every_day_carries_posture_surface_and_a_stretch_and_core_routine(standard_profile: Profile) -> None:
    g = content.guidance()
    kinds = {e.id: e.kind for e in g.exercises}
    for day in build_plan(standard_profile, START).days:
        assert {"posture", "surfaces_and_shoes"} <= set(day.guidance)
        chosen = [kinds[i] for i in day.guidance if i in kinds]
        assert "core" in chosen
        assert "stretch" in chosen
        assert day.notes


def test_leg_pain_adds_the_uneven_ground_advice() -> None:
    profile = make_profile(answers={**answers_data()["answers"], "below_knee": "yes"})
    day = build_plan(profile, START).days[0]
    assert "uneven_ground_with_leg_pain" in day.guidance


@pytest.mark.parametrize("item", ["saddle_numbness", "fever"])
def test_plan_is_refused_for_emergency_and_urgent(item: str) -> None:
    profile = make_profile(answers={**answers_data()["answers"], item: "yes"})
    with pytest.raises(PlanRefused) as refused:
        build_plan(profile, START)
    assert refused.value.result.tier in ("emergency", "urgent")
    assert refused.value.result.plan_allowed is False


def test_soon_plan_keeps_the_clinician_advice_on_it() -> None:
    plan = build_plan(make_profile(pain_weeks=8), START)
    assert plan.triage.tier == "soon"
    assert plan.advice == content.red_flags().tiers["soon"].action


def test_self_care_plan_has_no_clinician_advice(standard_profile: Profile) -> None:
    assert build_plan(standard_profile, START).advice is None


def test_building_the_same_profile_twice_gives_the_same_plan(standard_profile: Profile) -> None:
    assert build_plan(standard_profile, START) == build_plan(standard_profile, START)


def test_every_guidance_id_a_plan_names_exists_in_the_content() -> None:
    g = content.guidance()
    known = {e.id for e in g.exercises} | {t.id for t in g.tips}
    profile = make_profile(
        pain_now=7,
        answers={**answers_data()["answers"], "below_knee": "yes"},
        preferences={"walks_per_day": 4, "times_of_day": list(TIMES_OF_DAY), "balance_concerns": True},
    )
    used = {i for day in build_plan(profile, START).days for i in day.guidance}
    assert used <= known


@pytest.mark.parametrize("pain_now", [3, 7])
def test_every_plan_day_says_what_to_do_if_pain_rises_during_a_walk(pain_now: int) -> None:
    profile = make_profile(baseline_minutes=4, pain_now=pain_now, preferences={"walks_per_day": 3})
    plan = build_plan(profile, START)
    logs = [log(d, 3, flare=d in (5, 20)) for d in range(1, 41)]
    days = plan.days + adapt(plan, logs).days
    assert any(d.flare for d in days)
    for day in days:
        assert "pain_during_walk" in day.guidance, day.day
    tip = next(t for t in content.guidance().tips if t.id == "pain_during_walk")
    assert tip.text  # the id names real content
