"""Hypothesis properties over random valid profiles and log histories."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from backontrack import content
from backontrack.adapt import adapt
from backontrack.models import LogEntry, Profile
from backontrack.plan import PlanRefused, build_plan, generated_days
from backontrack.progress import daily_frame, summarise
from backontrack.triage import assess

ANSWER = st.sampled_from(["yes", "no", "unsure"])
MOSTLY_NO = st.sampled_from(["no"] * 12 + ["yes", "unsure"])
RECHECK_IDS = [i.id for i in content.red_flags().recheck_items]
# Mostly "none of these", so long histories run on rather than stopping at once.
RECHECK = st.sampled_from([[]] * 3 * len(RECHECK_IDS) + [[i] for i in RECHECK_IDS])


@st.composite
def profiles(draw: st.DrawFn, answer: st.SearchStrategy[str] = MOSTLY_NO) -> Profile:
    answers = {item_id: draw(answer) for item_id in content.red_flags().item_ids}
    data: dict[str, Any] = {
        "age": draw(st.integers(16, 110)),
        "pain_weeks": draw(st.integers(0, 520)),
        "pain_now": draw(st.integers(0, 10)),
        "answers": answers,
        "baseline_minutes": draw(st.integers(1, 10)),
        "baseline_pain": draw(st.integers(0, 10)),
        "baseline_is_guess": draw(st.booleans()),
        "preferences": {
            "walks_per_day": draw(st.integers(2, 6)),
            "times_of_day": draw(
                st.lists(st.sampled_from(["morning", "midday", "after_meals", "evening"]), unique=True)
            ),
            "balance_concerns": draw(st.booleans()),
            "terrain": draw(st.sampled_from(["flat_route", "treadmill", "park"])),
        },
    }
    return Profile.model_validate(data)


@st.composite
def planned_profiles(draw: st.DrawFn) -> Profile:
    """Profiles whose result allows a plan (no emergency or urgent answer)."""
    profile = draw(profiles())
    safe = {
        i.id: ("no" if i.tier in ("emergency", "urgent") else profile.answers[i.id])
        for i in content.red_flags().items
    }
    # A 10 out of 10 is urgent (revision 4): no plan.
    return profile.model_copy(update={"answers": safe, "pain_now": min(profile.pain_now, 9)})


START = st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31))


@st.composite
def histories(draw: st.DrawFn, start: dt.date) -> list[LogEntry]:
    offsets = draw(st.lists(st.integers(-5, 120), unique=True, max_size=40))
    return [
        LogEntry(
            date=start + dt.timedelta(days=offset),
            pain=draw(st.integers(0, 10)),
            minutes=draw(st.integers(0, 600)),
            flare=draw(st.booleans()),
            red_flags=draw(RECHECK),
        )
        for offset in offsets
    ]


@given(planned_profiles(), START)
def test_longest_walk_never_goes_down_in_a_generated_plan(profile: Profile, start: dt.date) -> None:
    longest = [d.longest_walk for d in build_plan(profile, start).days]
    assert longest == sorted(longest)


@given(planned_profiles(), START)
def test_day_1_never_exceeds_the_baseline(profile: Profile, start: dt.date) -> None:
    day_1 = build_plan(profile, start).days[0]
    assert day_1.longest_walk <= profile.baseline_minutes  # revision 4: never raised to 3


@given(planned_profiles(), START)
def test_no_required_day_exceeds_40_minutes(profile: Profile, start: dt.date) -> None:
    assert all(d.target_minutes <= 40 for d in build_plan(profile, start).days)


@given(planned_profiles(), START)
def test_no_longest_walk_jumps_more_than_10_minutes(profile: Profile, start: dt.date) -> None:
    longest = [d.longest_walk for d in build_plan(profile, start).days]
    assert all(b - a <= 10 for a, b in itertools.pairwise(longest))


@given(planned_profiles(), START)
def test_after_its_first_14_days_a_plan_climbs_in_its_own_steps_to_maintenance(
    profile: Profile, start: dt.date
) -> None:
    result = assess(profile)
    days = generated_days(profile, result, start, 110)
    first = build_plan(profile, start).flare_start_days  # levels 1-5 take the 14 days after these
    own = max(
        1, max(b.longest_walk - a.longest_walk for a, b in itertools.pairwise(days[first : first + 14]))
    )
    assert [d.longest_walk for d in days] == sorted(d.longest_walk for d in days)
    for before, day in itertools.pairwise(days[first + 13 :]):
        assert day.longest_walk - before.longest_walk <= own
        assert day.target_minutes >= before.target_minutes
    assert all(min(d.walks) >= min(3, profile.baseline_minutes) for d in days)
    assert all(len(d.walks) <= profile.preferences.walks_per_day for d in days if not d.flare)
    maintenance = content.walking_plan().maintenance
    reached = next(i for i, d in enumerate(days) if i >= first + 14 and d.target_minutes >= 30)
    # A test walk of 1 or 2 minutes climbs by its own 1- or 2-minute steps (tests/unit/test_plan_climb.py).
    assert reached < first + {1: 93, 2: 48}.get(profile.baseline_minutes, 33)
    assert all(
        (d.level_name, d.target_minutes, d.optional) == (maintenance.name, 30, maintenance.optional)
        for d in days[reached:]
    )


@given(profiles(answer=ANSWER), START)
def test_no_plan_for_emergency_or_urgent(profile: Profile, start: dt.date) -> None:
    result = assess(profile)
    try:
        plan = build_plan(profile, start)
    except PlanRefused:
        assert result.tier in ("emergency", "urgent")
    else:
        assert plan.triage.tier in ("soon", "self_care")


@settings(max_examples=60, deadline=None)
@given(planned_profiles(), START, st.data())
def test_adaptation_is_deterministic_and_never_raises_for_valid_logs(
    profile: Profile, start: dt.date, data: st.DataObject
) -> None:
    plan = build_plan(profile, start)
    logs = data.draw(histories(start))
    first = adapt(plan, logs)
    assert first == adapt(plan, list(reversed(logs)))
    summarise(daily_frame(first, logs), first)  # progress handles any history too
    if first.stopped is None:
        assert [d.date for d in first.days] == [start + dt.timedelta(days=i) for i in range(len(first.days))]
    else:
        assert first.days[-1].date == first.stopped_on
