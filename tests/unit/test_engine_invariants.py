"""The plan and adaptation engines, held to what a clinician would state as always true (issue 24;
walking-plan contract, revision 4), over any profile and any log history Hypothesis can build.

The fault these replace survived 1,500 example tests: each test picked its own examples, and none
had a 4-minute test walk on a flare day. Here the examples are drawn: baselines 1 to 10 minutes, a
guess or not, 2 to 6 walks a day, every terrain and time of day, and logs with gaps, flare marks,
spikes, pain of 8 or more and 10, and warning signs. How many cases each property tried is printed
at the end of the run (tests/conftest.py); the budget is short in `make test` and long in
`make fuzz` (BACKONTRACK_PROPERTY_EXAMPLES). Each property is a control in the hazard log.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections import Counter
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from backontrack import content
from backontrack.adapt import adapt, stops_plan, when
from backontrack.instruction import governing
from backontrack.journey import Journey
from backontrack.models import EASE_OFFS, Answers, LogEntry, Plan, Profile
from backontrack.plan import build_plan, flare_walks, level_one_walks, shortest_walk
from backontrack.progress import daily_frame, summarise
from backontrack.reminders import HOLD_DAYS_AHEAD, ReminderTimes, calendar, default_walk_times, horizon
from backontrack.settings import Settings
from backontrack.store import CheckRecord, PlanRecord
from tests.conftest import START
from tests.unit.test_properties import planned_profiles as profiles

#: Cases tried per property in this run (printed by tests/conftest.py's terminal summary).
TRIED: Counter[str] = Counter()
EXAMPLES = int(os.environ.get("BACKONTRACK_PROPERTY_EXAMPLES") or 120)
ENGINE = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
RULES = content.walking_plan().rules
FLAGS = content.red_flags()
SEVERE = RULES.spike_pain_at_least
MADE = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)
#: A warning sign now and then: most histories run on, some stop.
SIGNS = st.sampled_from([[]] * 30 + [[i.id] for i in FLAGS.recheck_items])
#: Pain as people in a flare log it: any score, but 8, 9 and 10 often.
PAIN = st.one_of(st.integers(0, 10), st.sampled_from([8, 8, 9, 9, 10]))
#: Pain in weeks of severe pain: mostly 8 and 9, now and then lower (a 10 would stop the plan).
SEVERE_WEEKS = st.sampled_from([8, 9] * 4 + [2, 5, 7])


@st.composite
def histories(
    draw: st.DrawFn, days: int = 40, signs: bool = True, pain: st.SearchStrategy[int] = PAIN
) -> list[LogEntry]:
    """Logs on any of the first `days` plan days (gaps included), with flare marks and signs."""
    offsets = draw(st.lists(st.integers(-6, days - 1), unique=True, max_size=days))
    return [
        LogEntry(
            date=START + dt.timedelta(days=offset),
            pain=draw(pain),
            minutes=draw(st.integers(0, 90)),
            flare=draw(st.booleans()),
            red_flags=draw(SIGNS) if signs else [],
        )
        for offset in sorted(offsets)
    ]


def level_one_total(profile: Profile) -> int:
    return sum(level_one_walks(profile))


def journey_of(plan: Plan, logs: list[LogEntry], today: dt.date) -> Journey:
    answers = Answers.model_validate(plan.profile.model_dump(include=set(Answers.model_fields)))
    check = CheckRecord(id=1, created_at=MADE, answers=answers, result=plan.triage)
    record = PlanRecord(id=1, check_id=1, created_at=MADE, plan=plan)
    adapted = adapt(plan, logs, today=today, through=horizon(today))
    return Journey(today=today, check=check, plan=record, logs=logs, adapted=adapted)


# -- Flare days ----------------------------------------------------------------------------------
@ENGINE
@given(profiles())
def test_revision4_1_a_flare_day_never_totals_more_than_level_1(profile: Profile) -> None:
    TRIED["flare day within Level 1"] += 1
    walks = flare_walks(profile)
    level_one = level_one_walks(profile)
    assert sum(walks) <= sum(level_one)
    assert max(walks) <= min(RULES.flare_walk_minutes, min(level_one))
    assert min(walks) >= shortest_walk(profile) == min(3, profile.baseline_minutes)
    assert len(walks) <= max(RULES.flare_min_walks, profile.preferences.walks_per_day)


@ENGINE
@given(profiles(), histories())
def test_revision4_1_no_flare_day_in_any_adapted_plan_totals_more_than_level_1(
    profile: Profile, logs: list[LogEntry]
) -> None:
    TRIED["adapted flare days within Level 1"] += 1
    adapted = adapt(build_plan(profile, START), logs)
    ceiling = level_one_total(profile)
    for day in adapted.days:
        if day.flare:
            assert day.target_minutes <= ceiling, (day.day, day.walks, ceiling)
            assert day.optional == []


# -- Easing off ----------------------------------------------------------------------------------
@ENGINE
@given(profiles(), histories(days=30, signs=False), st.integers(1, 35), PAIN, st.booleans())
def test_revision4_1_easing_off_never_asks_for_more_walking(
    profile: Profile, history: list[LogEntry], day: int, pain: int, flare: bool
) -> None:
    """Save one more log, the latest: if it eases the plan off (a repeat, a drop back, a flare day, a
    severe-pain hold), no day it eases asks for more minutes than that day's plan before the log,
    nor than the day the log was saved asked for before it (walking-plan contract, revision 4)."""
    plan = build_plan(profile, START)
    saved_on = START + dt.timedelta(days=day - 1)
    earlier = [e for e in history if e.date < saved_on]
    entry = LogEntry(date=saved_on, pain=pain, minutes=20, flare=flare, red_flags=[])
    before = adapt(plan, earlier, today=saved_on)
    assume(before.stopped is None and entry.pain < FLAGS.worst_pain)
    after = adapt(plan, [*earlier, entry], today=saved_on)
    eased = [a for a in after.adjustments if a not in before.adjustments and a.kind in EASE_OFFS]
    assume(eased)
    TRIED["ease-off after a new log"] += 1
    that_day, as_saved = before.day_on(saved_on), after.day_on(saved_on)
    assert that_day is not None
    assert as_saved is not None
    for now in after.days:
        was = before.day_on(now.date)
        # The days this log eased: from its own day on, eased (or a flare) and changed by it (an
        # earlier ease-off's days, and the climb after them, are not this adjustment's).
        if now.date < saved_on or not (now.eased or now.flare) or now == was:
            continue
        assert now.target_minutes <= that_day.target_minutes, (now.day, now.walks, that_day.walks)
        # ... and no more than that day asked for once the log was saved (a flare mark included)
        assert now.target_minutes <= as_saved.target_minutes, (now.day, now.walks, as_saved.walks)
        if was is not None:
            assert now.target_minutes <= was.target_minutes, (now.day, now.walks, was.walks)
        day_before = after.day_on(now.date - dt.timedelta(days=1))
        if day_before is not None:  # and never more than the day before it, as the person walked it
            assert now.target_minutes <= day_before.target_minutes, (now.day, now.walks, day_before.walks)


@ENGINE
@given(profiles(), histories())
def test_revision4_1_an_eased_day_never_asks_for_more_than_the_day_before_it(
    profile: Profile, logs: list[LogEntry]
) -> None:
    """Within a run of eased days the minutes never rise, and an eased run never starts above the day
    it follows (that day's plan, before any flare mark of its own)."""
    TRIED["eased days never rise"] += 1
    adapted = adapt(build_plan(profile, START), logs)
    for before, day in itertools.pairwise(adapted.days):
        if day.eased and before.eased and day.level == before.level and not (day.flare or before.flare):
            assert day.target_minutes <= before.target_minutes, (day.day, day.walks, before.walks)


# -- The plan as generated -----------------------------------------------------------------------
@ENGINE
@given(profiles())
def test_the_longest_walk_of_a_generated_plan_never_goes_down_nor_jumps_more_than_the_table(
    profile: Profile,
) -> None:
    TRIED["generated plan climbs in limits"] += 1
    days = build_plan(profile, START).days
    longest = [d.longest_walk for d in days]
    assert longest == sorted(longest)
    assert all(b - a <= RULES.max_longest_step_minutes for a, b in itertools.pairwise(longest))
    assert days[0].longest_walk <= profile.baseline_minutes
    assert days[-1].target_minutes <= RULES.max_day_total_minutes


# -- Holds and stops -----------------------------------------------------------------------------
def severe_oracle(plan: Plan, logs: list[LogEntry]) -> bool:
    """The contract's rule in its own words, written again: is severe pain holding the plan after
    these logs? Three logs of 8 or more within the seven days ending on the third start it (logs from
    the week before the plan count); a logged day below 8 lifts it; after a stop (which governs from
    then on) nothing more is read."""
    window = dt.timedelta(days=RULES.severe_window_days - 1)
    held = False
    for entry in sorted(logs, key=lambda e: e.date):
        if entry.date < plan.start:
            continue
        if stops_plan(entry):
            return held
        if entry.pain < SEVERE:
            held = False
            continue
        recent = [e for e in logs if entry.date - window <= e.date <= entry.date and e.pain >= SEVERE]
        if len(recent) >= RULES.severe_logs:
            held = True
    return held


@ENGINE
@given(profiles(), histories())
def test_revision4_2_severe_pain_counts_logs_within_seven_days_not_days_in_a_row(
    profile: Profile, logs: list[LogEntry]
) -> None:
    TRIED["severe pain counted by logs"] += 1
    plan = build_plan(profile, START)
    adapted = adapt(plan, logs)
    assert (adapted.severe is not None) is severe_oracle(plan, logs)


def journey_to_the_last_log(profile: Profile, logs: list[LogEntry]) -> Journey:
    """The person's journey on the day of their last log, projected as a calendar file would be."""
    return journey_of(build_plan(profile, START), logs, max([START, *(e.date for e in logs)]))


def calendar_events(journey: Journey) -> list[Any]:
    times = ReminderTimes(walks=default_walk_times(2))
    return list(Calendar.from_ical(calendar(journey, times, dt.UTC, MADE, Settings())).walk("VEVENT"))


@ENGINE
@given(profiles(), histories(signs=False, pain=SEVERE_WEEKS))
def test_revision4_3_while_a_severe_hold_is_in_force_no_day_sentence_or_event_climbs(
    profile: Profile, logs: list[LogEntry]
) -> None:
    journey = journey_to_the_last_log(profile, logs)
    today, adapted = journey.today, journey.adapted
    assert adapted is not None
    assume(adapted.severe is not None and adapted.stopped is None)
    TRIED["severe hold: nothing climbs"] += 1
    held_from = max(a.date for a in adapted.adjustments if a.kind == "severe")
    ceiling = level_one_total(profile)
    for day in adapted.days:
        if day.date >= held_from:
            assert day.level == 0
            assert day.flare
            assert day.target_minutes <= ceiling
            assert "further" not in " ".join(day.notes)
    instr = governing(journey, Settings())
    assert instr is not None
    assert instr.origin == "severe_pain"
    assert summarise(daily_frame(adapted, logs), adapted).change.kind == "severe"
    walks = [e for e in calendar_events(journey) if "-walk-" in str(e["uid"])]
    assert walks
    for event in walks:
        assert today <= event.decoded("dtstart").date() < today + dt.timedelta(days=HOLD_DAYS_AHEAD)
        assert str(event["summary"]).endswith("(flare day, go gently)")
        assert event.decoded("duration") <= dt.timedelta(minutes=RULES.flare_walk_minutes)


@ENGINE
@given(profiles(), histories())
def test_revision4_4_after_a_stop_no_day_and_no_walk_event_follows(
    profile: Profile, logs: list[LogEntry]
) -> None:
    journey = journey_to_the_last_log(profile, logs)
    adapted = journey.adapted
    assert adapted is not None
    assume(adapted.stopped is not None)
    TRIED["stopped: nothing follows"] += 1
    first_stop = min(e.date for e in logs if e.date >= START and stops_plan(e))
    assert adapted.stopped_on == first_stop
    assert adapted.days[-1].date == first_stop
    events = calendar_events(journey)
    assert not [e for e in events if "-walk-" in str(e["uid"]) or "-log@" in str(e["uid"])]
    assert len(events) == 1  # the instruction, on the day the file was saved


# -- Every change explained ----------------------------------------------------------------------
@ENGINE
@given(profiles(), histories())
def test_every_adjustment_is_explained_naming_the_logs_that_caused_it(
    profile: Profile, logs: list[LogEntry]
) -> None:
    TRIED["every change explained"] += 1
    adapted = adapt(build_plan(profile, START), logs)
    pains = {e.date: e.pain for e in logs}
    for change in adapted.adjustments:
        if change.kind != "hold":  # a hold is the absence of a log, and says which log moves it on
            assert change.log_dates, change
        for date in change.log_dates:
            assert when(date) in change.sentence, change.sentence
            assert f"{pains[date]}/10" in change.sentence or f"{pains[date]} out of 10" in change.sentence
