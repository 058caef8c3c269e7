"""After day 14: a scaled plan keeps climbing in its own steps until the day reaches 30 minutes
(walking-plan contract, revised 2026-11-23), and days 1-14 stay exactly as they were."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from backontrack import content
from backontrack.adapt import adapt
from backontrack.models import PlanDay, Profile
from backontrack.plan import build_plan, generated_days, level_table
from backontrack.triage import assess
from tests.conftest import START, log, make_profile

#: Days 1-14 (level, walks, optional) of every baseline and split: as generated before the climb
#: existed (commit b1a4cfb^), then as revision 4 (2026-12-06) changed them: flare days never total
#: more than Level 1, and a test walk of 1 or 2 minutes is no longer raised to 3 (the shortest walk
#: is 3 minutes, or the test walk if shorter). The CLI prints these; tests outside the repo check them.
DAYS_1_TO_14 = json.loads((Path(__file__).parents[1] / "fixtures" / "plan_days_1_to_14.json").read_text())

#: Generated days the climb is checked over.
LAST_DAY = 100
#: The day the plan reaches 30 minutes, at the latest: a baseline of 3 minutes or more by day 33. A
#: test walk of 1 or 2 minutes climbs from walks that short (revision 4), by its own largest step
#: (1 or 2 minutes) a level, so it takes longer.
REACHES_30_BY_DAY = {1: 93, 2: 48}
REACHES_30_OTHERWISE = 33
MAINTENANCE = content.walking_plan().maintenance


def profile_for(baseline: int, per_day: int, pain_now: int = 3) -> Profile:
    return make_profile(baseline_minutes=baseline, pain_now=pain_now, preferences={"walks_per_day": per_day})


def generated(profile: Profile, count: int = LAST_DAY) -> list[PlanDay]:
    return generated_days(profile, assess(profile), START, count)


def own_largest_rise(profile: Profile) -> int:
    """The largest day-to-day rise of the longest walk in days 1-14 (at least 1)."""
    longest = [d.longest_walk for d in build_plan(profile, START).days]
    return max(1, max(b - a for a, b in itertools.pairwise(longest)))


@pytest.mark.parametrize("pain_now", [3, 7])
@pytest.mark.parametrize("per_day", range(2, 7))
@pytest.mark.parametrize("baseline", range(1, 11))
def test_days_1_to_14_are_unchanged(baseline: int, per_day: int, pain_now: int) -> None:
    days = build_plan(profile_for(baseline, per_day, pain_now), START).days
    key = f"baseline {baseline}, {per_day} walks, pain {pain_now}"
    assert [[d.level, d.walks, d.optional] for d in days] == DAYS_1_TO_14[key]


@pytest.mark.parametrize("per_day", range(2, 7))
@pytest.mark.parametrize("baseline", range(1, 11))
def test_after_day_14_the_plan_climbs_in_its_own_steps_to_30_minutes(baseline: int, per_day: int) -> None:
    profile = profile_for(baseline, per_day)
    days = generated(profile)
    own = own_largest_rise(profile)
    for before, day in itertools.pairwise(days[13:]):  # day 14 -> 15 up to day 59 -> 60
        where = (baseline, per_day, day.day, before.walks, day.walks)
        assert day.longest_walk - before.longest_walk <= own, where
        assert day.longest_walk >= before.longest_walk, where
        assert day.target_minutes >= before.target_minutes, where
    for day in days[14:]:
        assert min(day.walks) >= min(3, baseline), (baseline, per_day, day.day)
        assert len(day.walks) <= per_day, (baseline, per_day, day.day)
    reached = next(d.day for d in days[14:] if d.target_minutes >= 30)
    assert reached <= REACHES_30_BY_DAY.get(baseline, REACHES_30_OTHERWISE), (baseline, per_day)
    for day in days[reached - 1 :]:  # maintenance from then on, and for good
        assert (day.level, day.level_name) == (level_table(profile)[-1].level, MAINTENANCE.name)
        assert day.target_minutes == 30
        assert day.optional == MAINTENANCE.optional


@pytest.mark.parametrize("per_day", range(2, 7))
@pytest.mark.parametrize("baseline", range(1, 11))
def test_a_flare_start_climbs_the_same_levels_two_days_later(baseline: int, per_day: int) -> None:
    calm, flare = generated(profile_for(baseline, per_day)), generated(profile_for(baseline, per_day, 7))
    assert [d.level for d in flare[:2]] == [0, 0]
    assert [d.level for d in flare[2:]] == [d.level for d in calm[:-2]]
    climbing = [(a, b) for a, b in itertools.pairwise(flare) if a.level > 5]
    own = own_largest_rise(profile_for(baseline, per_day))
    assert all(b.longest_walk - a.longest_walk <= own for a, b in climbing)
    assert flare[-1].target_minutes == 30


@pytest.mark.parametrize("per_day", range(2, 7))
@pytest.mark.parametrize("baseline", [1, 4, 7, 10])
def test_the_generated_days_are_what_adapt_projects_when_every_day_goes_well(
    baseline: int, per_day: int
) -> None:
    profile = profile_for(baseline, per_day)
    plan = build_plan(profile, START)
    assert adapt(plan, [log(d, 3) for d in range(1, LAST_DAY + 1)]).days == generated(profile)


def test_low_baseline_plan_keeps_climbing_after_day_14_in_its_own_steps() -> None:
    days = generated(profile_for(3, 2))
    longest = [d.longest_walk for d in days]
    # Its own largest step is 3 minutes (level 4's 6 to level 5's 9) ...
    assert longest[:14] == [3] * 3 + [4] * 3 + [6] * 6 + [9] * 2
    # ... so after day 14 one walk grows 3 minutes a level, three days at each level,
    assert longest[14:32] == [12] * 3 + [15] * 3 + [18] * 3 + [21] * 3 + [24] * 3 + [27] * 3
    assert [d.level_name for d in days[14:32:3]] == [f"Level {n}" for n in range(6, 12)]
    # ... and on day 33 it reaches 30 minutes and keeps going there.
    assert [d.walks for d in days[32:35]] == [[30]] * 3
    assert {d.level_name for d in days[32:]} == {"Keep going"}


def test_a_1_minute_baseline_climbs_a_minute_a_level_and_reaches_30_minutes_on_day_93() -> None:
    days = generated(profile_for(1, 2))
    assert [d.walks for d in days[:3]] == [[1, 1]] * 3  # never more than the test walk (revision 4)
    assert [d.walks for d in days[12:21:3]] == [[3], [4], [5]]
    assert next(d.day for d in days[14:] if d.target_minutes >= 30) == 93


def test_a_3_minute_baseline_reaches_30_minutes_on_day_33() -> None:
    days = generated(profile_for(3, 2))
    assert next(d.day for d in days[14:] if d.target_minutes >= 30) == 33


def test_split_walks_climb_slowly_enough_for_the_longest_walk() -> None:
    # A 5-minute baseline in 4 walks: its longest walk only ever rose 1 minute a level in days 1-14.
    days = generated(profile_for(5, 4))
    assert [d.walks for d in days[12:33:3]] == [
        [5, 4, 3, 3],  # level 5 (day 13)
        [5, 5, 5, 5],  # level 6: 20 minutes
        [6, 6, 6, 6],  # level 7: 24 (25 would need a 7-minute walk)
        [7, 7, 7, 7],  # level 8: 28
        [8, 8, 7, 7],  # keep going: 30
        [8, 8, 7, 7],
        [8, 8, 7, 7],
    ]


def test_a_10_minute_baseline_goes_straight_to_maintenance_after_day_14(standard_profile: Profile) -> None:
    days = generated(standard_profile)
    assert [d.walks for d in days[14:16]] == [[30], [30]]
    assert [d.optional for d in days[14:16]] == [[10], [10]]
    assert days[14].level == 6
    assert days[14].level_name == "Keep going"


@pytest.mark.parametrize("per_day", range(2, 7))
@pytest.mark.parametrize("baseline", range(1, 11))
def test_levels_are_numbered_in_order_and_named_for_people(baseline: int, per_day: int) -> None:
    table = level_table(profile_for(baseline, per_day))
    assert [step.level for step in table] == list(range(len(table)))
    assert table[0].name == "Flare days"
    assert [step.name for step in table[1:-1]] == [f"Level {n}" for n in range(1, len(table) - 1)]
    assert table[-1].name == "Keep going"
