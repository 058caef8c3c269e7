"""Build the personal two-week walking plan from the baseline walk and the check.

The shape is seed 002's table (content/walking_plan.toml). A baseline below 10
minutes scales every walk down so the plan climbs in smaller steps; pain of 7
or more starts with flare days; preferences split walks and add notes but never
lift a walk above what the rules allow (shared/clinical/walking-plan.md).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from backontrack import content, triage
from backontrack.models import Plan, PlanDay, Profile, TimeOfDay, TriageResult

#: Yes-or-unsure answers that mean pain spreads into a leg (adds the uneven-ground note).
LEG_PAIN_ITEMS = ("below_knee", "one_leg_numb_weak")

#: Flare days are level 0 in every table.
FLARE = 0

#: The table's own shape is two walks a day; only a preference above that splits walks.
DEFAULT_WALKS_PER_DAY = 2

#: Companion guidance shown every walking day.
EVERY_DAY_GUIDANCE = ("posture", "surfaces_and_shoes", "warm_up", "pain_during_walk")
FLARE_EXERCISES = ("knee_rolls", "pelvic_tilt")
TIME_TIPS: dict[TimeOfDay, str] = {
    "morning": "time_morning",
    "midday": "time_midday",
    "after_meals": "time_after_meals",
    "evening": "time_evening",
}


class PlanRefused(Exception):
    """No plan for this result: the person needs care first (emergency or urgent)."""

    def __init__(self, result: TriageResult) -> None:
        self.result = result
        action = content.red_flags().tiers[result.tier].title
        super().__init__(f"no walking plan is given for a {result.tier} result: {action.lower()}")


@dataclass(frozen=True)
class PlannedDay:
    """What the plan engine decides for a date before it is laid out as walks."""

    date: dt.date
    level: int
    flare: bool = False
    held: bool = False

    @property
    def is_flare(self) -> bool:
        """A flare day: either a flare level in the sequence or a day the person marked."""
        return self.flare or self.level == FLARE


def baseline_used(profile: Profile) -> int:
    """The baseline the plan is scaled from: a guess counts as at most 5 minutes."""
    rules = content.walking_plan().rules
    minutes = profile.baseline_minutes
    if profile.baseline_is_guess:
        minutes = min(minutes, rules.guess_baseline_minutes)
    return max(rules.min_walk_minutes, min(minutes, rules.standard_baseline_minutes))


def flare_start_days(profile: Profile, result: TriageResult) -> int:
    """How many flare days come before level 1 (contract rule 3)."""
    return content.walking_plan().rules.flare_start_days if result.flare_start else 0


@dataclass(frozen=True)
class Step:
    """One level of this person's own table: its walks before preferences split them."""

    level: int
    name: str
    days: float  # math.inf for maintenance
    walks: tuple[int, ...]
    optional: tuple[int, ...]
    note: str


def level_table(profile: Profile) -> tuple[Step, ...]:
    """This person's levels, numbered from 0; every plan day's `level` indexes this table.

    - 0: flare days;
    - 1-5: seed 002's levels scaled to the baseline (a 10-minute baseline is the table itself);
    - 6, 7, ...: only for a plan still under 30 minutes a day at level 5, the climb after day 14
      (see `_climb`), named "Level 6", "Level 7" and so on, [climb] days each;
    - the last: the maintenance level, named "Keep going", where every plan ends up and stays.

    A 10-minute baseline has no climbing levels, so its maintenance is level 6. The numbers past 5
    differ from person to person (a 3-minute baseline climbs up to Level 11, and its "Keep going"
    is level 12), so code asks this table rather than assuming a number.
    """
    plan_content = content.walking_plan()
    baseline = baseline_used(profile)
    flare = plan_content.flare
    table = [Step(FLARE, flare.name, flare.days, tuple(flare_walks(profile)), (), flare.note)]
    for spec in plan_content.build_levels:
        walks, optional = _scaled(spec.walks, baseline), _scaled(spec.optional, baseline)
        table.append(Step(spec.level, spec.name, spec.days, tuple(walks), tuple(optional), spec.note))
    table += _climb(profile, table[1:])
    keep = plan_content.maintenance
    table.append(Step(len(table), keep.name, math.inf, tuple(keep.walks), tuple(keep.optional), keep.note))
    return tuple(table)


def _climb(profile: Profile, levels: list[Step]) -> list[Step]:
    """The levels after level 5 for a plan whose level 5 is under the maintenance total (contract,
    revised 2026-11-23): the day's minutes, as one walk before a walks_per_day preference splits
    them, grow level by level until the day reaches 30 minutes.

    Each level lasts [climb] days and adds as many minutes as it may within two limits:
    - the day's minutes rise by at most the scaled table's largest step (3 minutes for a
      3-minute baseline), as they may over levels 1-5;
    - the longest walk, as the person walks it (split into their walks_per_day), rises by at most
      its own largest rise over levels 1-5 as they walk them (at least 1 minute).
    The first day total that reaches 30 is the maintenance level, which the caller adds. Days 1-14
    never reach these levels, so they stay as they were.
    """
    plan_content = content.walking_plan()
    target = plan_content.rules.maintenance_total_minutes
    per_day = profile.preferences.walks_per_day
    minutes_step = max(1, _largest_rise([max(step.walks) for step in levels]))
    walked = [0]
    for step in levels:
        walked.append(_longest_walked(list(step.walks), per_day, walked[-1]))
    longest_step = max(1, _largest_rise(walked[1:]))
    total, longest = sum(levels[-1].walks), walked[-1]

    def fits(minutes: int) -> bool:
        return _longest_walked([minutes], per_day, longest) - longest <= longest_step

    out: list[Step] = []
    while True:
        highest = min(target, total + minutes_step)
        total = next((m for m in range(highest, total, -1) if fits(m)), total + 1)
        if total >= target:
            return out
        longest = _longest_walked([total], per_day, longest)
        number = len(levels) + 1 + len(out)
        out.append(
            Step(
                number,
                f"Level {number}",
                plan_content.climb.days,
                (total,),
                levels[-1].optional,
                plan_content.climb.note,
            )
        )


def _largest_rise(longest: list[int]) -> int:
    return max((b - a for a, b in itertools.pairwise(longest)), default=0)


def _longest_walked(walks: list[int], per_day: int, longest_before: int) -> int:
    """The longest walk so far after a day of these walks, shaped as the person walks them."""
    return max(longest_before, *_shape(walks, per_day, longest_before))


def level_sequence(profile: Profile, result: TriageResult) -> Iterator[int]:
    """The level of each plan day as generated: flare days, then each level for its days, then
    maintenance for ever."""
    table = level_table(profile)
    yield from [FLARE] * flare_start_days(profile, result)
    for step in table[1:-1]:
        yield from [step.level] * int(step.days)
    while True:
        yield table[-1].level


def _round(minutes: float) -> int:
    return math.floor(minutes + 0.5)


def _scaled(minutes: Iterable[int], baseline: int) -> list[int]:
    rules = content.walking_plan().rules
    factor = baseline / rules.standard_baseline_minutes
    return [max(rules.min_walk_minutes, _round(m * factor)) for m in minutes]


def _split(total: int, bouts: int, longest_at_least: int = 0) -> list[int]:
    """Share `total` minutes over `bouts` walks, longest first and at least `longest_at_least`."""
    min_walk = content.walking_plan().rules.min_walk_minutes
    bouts = max(1, min(bouts, total // min_walk))
    first = min(total, max(math.ceil(total / bouts), longest_at_least))
    rest = total - first
    others = min(bouts - 1, rest // min_walk)
    if others == 0:
        return [total]
    size, extra = divmod(rest, others)
    return sorted([first] + [size + 1] * extra + [size] * (others - extra), reverse=True)


def _shape(walks: list[int], per_day: int, longest_before: int) -> list[int]:
    """A level's walks as the person walks them: split into `per_day` walks when they asked for
    more than the level's shape, and never with a longest walk shorter than `longest_before`."""
    if per_day > max(len(walks), DEFAULT_WALKS_PER_DAY):
        return _split(sum(walks), per_day, longest_at_least=longest_before)
    if longest_before > max(walks):
        return _split(sum(walks), len(walks), longest_at_least=longest_before)
    return walks


def flare_walks(profile: Profile) -> list[int]:
    """Short, frequent walks: 4-6 of 5 minutes, never longer than a level-1 walk."""
    rules = content.walking_plan().rules
    count = min(rules.flare_max_walks, max(rules.flare_min_walks, profile.preferences.walks_per_day))
    level_one = content.walking_plan().build_levels[0]
    minutes = min(rules.flare_walk_minutes, min(_scaled(level_one.walks, baseline_used(profile))))
    return [minutes] * count


def _walk_times(times: list[TimeOfDay], count: int) -> list[TimeOfDay]:
    """Spread the chosen times of day over the walks, earliest first."""
    if not times or count == 0:
        return []
    if count == 1:
        return [times[0]]
    return [times[_round(i * (len(times) - 1) / (count - 1))] for i in range(count)]


def _guidance(profile: Profile, planned: PlannedDay, day_number: int) -> list[str]:
    """The companion guidance ids for one day (contract rule 5)."""
    g = content.guidance()
    prefs = profile.preferences
    ids: list[str] = list(EVERY_DAY_GUIDANCE)
    if planned.is_flare:
        ids += FLARE_EXERCISES
    else:
        core = [e.id for e in g.exercises if e.kind == "core"]
        stretches = [e.id for e in g.exercises if e.kind == "stretch"]
        i = day_number - 1
        ids += [core[i % len(core)], stretches[i % len(stretches)], stretches[(i + 1) % len(stretches)]]
    if planned.is_flare or prefs.walks_per_day > DEFAULT_WALKS_PER_DAY:
        ids.append("split_walks")
    ids += [TIME_TIPS[t] for t in prefs.times_of_day]
    if prefs.balance_concerns:
        ids.append("balance")
    if _has_leg_pain(profile):
        ids.append("uneven_ground_with_leg_pain")
    if planned.level <= 2:
        ids.append("consistency")
    if day_number >= content.walking_plan().rules.plan_days:
        ids.append("when_better")
    return ids


def _has_leg_pain(profile: Profile) -> bool:
    return any(profile.answers[i] != "no" for i in LEG_PAIN_ITEMS)


def _notes(profile: Profile, planned: PlannedDay, step: Step, walks: list[int]) -> list[str]:
    """The day's notes, its level's note first (the plan table shows that one). The only minutes
    they name are this day's own walks (contract: the person's own numbers)."""
    notes = content.walking_plan().notes
    prefs = profile.preferences
    note = notes.flare if planned.flare else step.note
    out = [note.format(walk=max(walks, default=0))]
    if planned.held:
        out.append(notes.hold)
    if len(walks) > DEFAULT_WALKS_PER_DAY and not planned.is_flare:
        out.append(notes.split.format(n=len(walks)))
    out.append(notes.balance if prefs.balance_concerns else getattr(notes, prefs.terrain))
    if _has_leg_pain(profile):
        out.append(notes.leg_pain)
    return out


def lay_out(profile: Profile, start: dt.date, days: Iterable[PlannedDay]) -> list[PlanDay]:
    """Turn planned levels into walks, times, notes and guidance, one PlanDay per date.

    Used by build_plan and by adapt, so a plan as generated and a plan as
    adapted follow exactly the same rules. While the level does not go down,
    a split never makes the longest walk shorter than the day before.
    """
    prefs = profile.preferences
    table = level_table(profile)
    out: list[PlanDay] = []
    previous: PlannedDay | None = None
    longest_before = 0
    # A long plan repeats the same few kinds of day: work each kind's words out once.
    g = content.guidance()
    cycle = math.lcm(
        sum(e.kind == "core" for e in g.exercises) or 1, sum(e.kind == "stretch" for e in g.exercises) or 1
    )
    notes_for: dict[tuple[object, ...], list[str]] = {}
    guidance_for: dict[tuple[object, ...], list[str]] = {}
    plan_days = content.walking_plan().rules.plan_days
    for planned in days:
        step = table[FLARE if planned.is_flare else planned.level]
        if previous is not None and planned.level < previous.level:
            longest_before = 0  # a drop back (adaptation) may shorten walks; nothing else may
        walks = list(step.walks)
        if not planned.is_flare:
            walks = _shape(walks, prefs.walks_per_day, longest_before)
        day_number = (planned.date - start).days + 1
        note_key = (planned.flare, planned.held, planned.is_flare, planned.level, *walks)
        if note_key not in notes_for:
            notes_for[note_key] = _notes(profile, planned, table[planned.level], walks)
        guidance_key = (
            planned.is_flare,
            planned.level <= 2,
            day_number >= plan_days,
            (day_number - 1) % cycle,
        )
        if guidance_key not in guidance_for:
            guidance_for[guidance_key] = _guidance(profile, planned, day_number)
        out.append(
            PlanDay(
                day=day_number,
                date=planned.date,
                level=planned.level,
                level_name=step.name,
                walks=walks,
                optional=list(step.optional),
                walk_times=_walk_times(prefs.times_of_day, len(walks)),
                flare=planned.is_flare,
                notes=notes_for[note_key],
                guidance=guidance_for[guidance_key],
            )
        )
        longest_before = max(longest_before, max(walks))
        previous = planned
    return out


def soon_advice(result: TriageResult) -> str | None:
    """The clinician advice a `soon` result keeps on the plan."""
    if result.tier != "soon":
        return None
    return content.red_flags().tiers["soon"].action


def build_plan(profile: Profile, start: dt.date) -> Plan:
    """The 14-day plan for a profile; refuses (PlanRefused) an emergency or urgent result."""
    result = triage.assess(profile)
    if not result.plan_allowed:
        raise PlanRefused(result)
    return Plan(
        profile=profile,
        start=start,
        triage=result,
        baseline_used=baseline_used(profile),
        flare_start_days=flare_start_days(profile, result),
        advice=soon_advice(result),
        days=generated_days(profile, result, start, content.walking_plan().rules.plan_days),
    )


def generated_days(profile: Profile, result: TriageResult, start: dt.date, count: int) -> list[PlanDay]:
    """The first `count` days of the plan as generated: build_plan keeps 14; later days are what
    follows if every day goes to plan (what adapt projects when every day is logged well)."""
    levels = level_sequence(profile, result)
    planned = [PlannedDay(date=start + dt.timedelta(days=i), level=next(levels)) for i in range(count)]
    return lay_out(profile, start, planned)
