"""A day's notes name only that day's own minutes, and its level's note comes first."""

from __future__ import annotations

import json
import re

import pytest

from backontrack import content
from backontrack.adapt import adapt
from backontrack.models import PlanDay, Profile
from backontrack.plan import build_plan, level_table
from tests import wording
from tests.conftest import EXAMPLES, START, log, make_profile

#: "30-minute", "10 minutes", "5 min": a number of minutes a note names.
MINUTES = re.compile(r"(\d+)[ -]min")

#: Days logged in every pattern below; enough to reach maintenance from any baseline.
DAYS = 45


def histories() -> dict[str, list[int | str]]:
    """Ways a plan can unfold: each day is a pain score, or "flare" for a day marked as a flare."""
    return {
        "as planned": [3] * DAYS,
        "flare days and spikes": [3, "flare", 3, 3, 6, 3, 3, 3, 3, 3, 6, 7, 3, 3]
        + [3] * 10
        + ["flare", 6, 6, 3, "flare"]
        + [3] * (DAYS - 29),
    }


def days_after(profile: Profile, history: list[int | str]) -> list[PlanDay]:
    plan = build_plan(profile, START)
    logs = [log(d, 3, flare=True) if p == "flare" else log(d, int(p)) for d, p in enumerate(history, start=1)]
    return plan.days + adapt(plan, logs).days


def assert_own_minutes(day: PlanDay, where: object) -> None:
    own = set(day.walks) | set(day.optional)
    for note in day.notes:
        named = {int(m) for m in MINUTES.findall(note)}
        assert named <= own, (where, day.day, note, day.walks, day.optional)


@pytest.mark.parametrize("history", list(histories()))
@pytest.mark.parametrize("pain_now", [3, 7])
@pytest.mark.parametrize("per_day", range(2, 7))
@pytest.mark.parametrize("baseline", range(1, 11))
def test_no_note_names_minutes_other_than_that_days_walks(
    baseline: int, per_day: int, pain_now: int, history: str
) -> None:
    profile = make_profile(
        baseline_minutes=baseline, pain_now=pain_now, preferences={"walks_per_day": per_day}
    )
    days = days_after(profile, histories()[history])
    for day in days:
        assert_own_minutes(day, (baseline, per_day, pain_now, history))
    if history != "as planned":
        assert any(d.flare and d.level > 0 for d in days)  # a marked flare day was checked too


@pytest.mark.parametrize("per_day", range(2, 7))
def test_the_level_note_comes_first_for_the_plan_table(per_day: int) -> None:
    profile = make_profile(baseline_minutes=4, preferences={"walks_per_day": per_day})
    table = level_table(profile)
    notes = content.walking_plan().notes
    days = days_after(profile, histories()["flare days and spikes"])
    for day in days:
        if day.flare and day.level > 0:  # a day the person marked as a flare
            assert day.notes[0] == notes.flare.format(walk=day.longest_walk)
        elif day.notes[0] != table[day.level].note:
            # A day the plan eases off on (a repeat or a drop back) says so instead (revision 4):
            # "you may walk a bit further" never sits beside it.
            assert day.notes[0] == notes.eased
    assert any(d.notes[0] == notes.eased for d in days)


def test_the_low_baseline_example_names_only_its_own_minutes() -> None:
    profile = Profile.model_validate(json.loads((EXAMPLES / "profile-low-baseline.json").read_text()))
    plan = build_plan(profile, START)
    day13 = plan.days[12]
    assert day13.walks == [6, 3, 3]
    assert day13.optional == [4]
    assert not any(MINUTES.search(note) for note in day13.notes)  # not "One 30-minute walk"
    assert not any(MINUTES.search(note) for note in plan.days[3].notes)  # not "up to 15 minutes"


def test_a_flare_day_names_its_own_short_walks() -> None:
    plan = build_plan(make_profile(baseline_minutes=4), START)
    day = adapt(plan, [log(1, 3), log(2, 4, flare=True)]).days[1]
    assert day.walks == [4, 4]  # Level 1 is 4 + 4: a flare day never asks for more (revision 4)
    assert "strolls of 4 minutes" in day.notes[0]  # not the standard 5


def test_the_climbing_levels_note_reads_plainly_and_is_our_own_wording() -> None:
    note = content.walking_plan().climb.note
    assert wording.grade(note) <= wording.MAX_GRADE
    if wording.SEEDS.is_dir():
        assert wording.copied(note) == []
