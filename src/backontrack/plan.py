"""Build the personal two-week walking plan from the baseline walk and the check.

The shape is seed 002's table (content/en/walking_plan.toml). A baseline below 10
minutes scales every walk down so the plan climbs in smaller steps; pain of 7
or more starts with flare days; preferences split walks and add notes but never
lift a walk above what the rules allow (shared/clinical/walking-plan.md).
Flare days and every day the adaptation eases off ask for no more walking than
the day they replace (revision 4): flare days never total more than Level 1, and
an eased day carries a cap (`PlannedDay.cap`) that lay_out keeps to.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from backontrack import content, triage
from backontrack.i18n import _
from backontrack.models import Answers, Plan, PlanDay, Profile, TimeOfDay, TriageResult

#: Yes-or-unsure answers that mean pain spreads into a leg (adds the uneven-ground note).
LEG_PAIN_ITEMS = ("below_knee", "one_leg_numb_weak")

#: Flare days are level 0 in every table.
FLARE = 0

#: The table's own shape is two walks a day; only a preference above that splits walks.
DEFAULT_WALKS_PER_DAY = 2

#: Companion guidance shown every walking day (the pain tip in its leg-pain words where that fits).
PAIN_TIP, LEG_PAIN_TIP = "pain_during_walk", "pain_during_walk_leg"
EVERY_DAY_GUIDANCE = ("posture", "surfaces_and_shoes", "warm_up", PAIN_TIP)
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
    #: The most minutes the day may ask for in all: set when the adaptation eases off (revision 4).
    cap: int | None = None
    #: A day of a repeated level, a drop back or a cap: its note says the plan is easing off.
    eased: bool = False
    #: A day severe pain holds at flare days: its note says what lifts the hold.
    severe: bool = False

    @property
    def is_flare(self) -> bool:
        """A flare day: either a flare level in the sequence or a day the person marked."""
        return self.flare or self.level == FLARE


def shortest_walk(profile: Profile) -> int:
    """No walk is shorter than 3 minutes, or than the test walk when that was shorter (revision 4):
    someone who managed 2 minutes is never asked for 3."""
    return max(1, min(content.walking_plan().rules.min_walk_minutes, profile.baseline_minutes))


def baseline_used(profile: Profile) -> int:
    """The baseline the plan is scaled from: a guess counts as at most 5 minutes."""
    rules = content.walking_plan().rules
    minutes = profile.baseline_minutes
    if profile.baseline_is_guess:
        minutes = min(minutes, rules.guess_baseline_minutes)
    return max(shortest_walk(profile), min(minutes, rules.standard_baseline_minutes))


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
    baseline, shortest = baseline_used(profile), shortest_walk(profile)
    flare = plan_content.flare
    table = [Step(FLARE, flare.name, flare.days, tuple(flare_walks(profile)), (), flare.note)]
    for spec in plan_content.build_levels:
        walks = _scaled(spec.walks, baseline, shortest)
        optional = _scaled(spec.optional, baseline, shortest)
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
    shortest = shortest_walk(profile)
    minutes_step = max(1, _largest_rise([max(step.walks) for step in levels]))
    walked = [0]
    for step in levels:
        walked.append(_longest_walked(list(step.walks), per_day, walked[-1], shortest))
    longest_step = max(1, _largest_rise(walked[1:]))
    total, longest = sum(levels[-1].walks), walked[-1]

    def fits(minutes: int) -> bool:
        return _longest_walked([minutes], per_day, longest, shortest) - longest <= longest_step

    out: list[Step] = []
    while True:
        highest = min(target, total + minutes_step)
        total = next((m for m in range(highest, total, -1) if fits(m)), total + 1)
        if total >= target:
            return out
        longest = _longest_walked([total], per_day, longest, shortest)
        number = len(levels) + 1 + len(out)
        out.append(
            Step(
                number,
                # Named like the content's own levels ("Level 1" ... "Level 5"), in the language spoken.
                _("Level {number}").format(number=number),
                plan_content.climb.days,
                (total,),
                levels[-1].optional,
                plan_content.climb.note,
            )
        )


def _largest_rise(longest: list[int]) -> int:
    return max((b - a for a, b in itertools.pairwise(longest)), default=0)


def _longest_walked(walks: list[int], per_day: int, longest_before: int, shortest: int) -> int:
    """The longest walk so far after a day of these walks, shaped as the person walks them."""
    return max(longest_before, *_shape(walks, per_day, longest_before, shortest))


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


def _scaled(minutes: Iterable[int], baseline: int, shortest: int) -> list[int]:
    factor = baseline / content.walking_plan().rules.standard_baseline_minutes
    return [max(shortest, _round(m * factor)) for m in minutes]


def _split(total: int, bouts: int, shortest: int, longest_at_least: int = 0) -> list[int]:
    """Share `total` minutes over `bouts` walks of at least `shortest`, longest first and at least
    `longest_at_least`."""
    min_walk = shortest
    bouts = max(1, min(bouts, total // min_walk))
    first = min(total, max(math.ceil(total / bouts), longest_at_least))
    rest = total - first
    others = min(bouts - 1, rest // min_walk)
    if others == 0:
        return [total]
    size, extra = divmod(rest, others)
    return sorted([first] + [size + 1] * extra + [size] * (others - extra), reverse=True)


def _shape(walks: list[int], per_day: int, longest_before: int, shortest: int) -> list[int]:
    """A level's walks as the person walks them: split into `per_day` walks when they asked for
    more than the level's shape, and never with a longest walk shorter than `longest_before`."""
    if per_day > max(len(walks), DEFAULT_WALKS_PER_DAY):
        return _split(sum(walks), per_day, shortest, longest_at_least=longest_before)
    if longest_before > max(walks):
        return _split(sum(walks), len(walks), shortest, longest_at_least=longest_before)
    return walks


def level_one_walks(profile: Profile) -> list[int]:
    """Level 1 as this person walks it (scaled to their baseline, split into their walks a day)."""
    shortest = shortest_walk(profile)
    spec = content.walking_plan().build_levels[0]
    scaled = _scaled(spec.walks, baseline_used(profile), shortest)
    return _shape(scaled, profile.preferences.walks_per_day, 0, shortest)


def flare_walks(profile: Profile) -> list[int]:
    """A flare day: short, frequent walks that never add up to more than Level 1 (revision 4).

    Each walk is 5 minutes, or as long as this person's shortest Level 1 walk if
    that is less; there are as many as their walks a day or 4, whichever is more,
    but only as many as fit in Level 1's own minutes (a 4-minute test walk gives
    4 + 4, never 4 + 4 + 4 + 4 against Level 1's 8).
    """
    rules = content.walking_plan().rules
    level_one = level_one_walks(profile)
    minutes = max(shortest_walk(profile), min(rules.flare_walk_minutes, min(level_one)))
    wanted = max(rules.flare_min_walks, profile.preferences.walks_per_day)
    return [minutes] * max(1, min(wanted, sum(level_one) // minutes))


def within(walks: list[int], cap: int, shortest: int) -> list[int]:
    """A day's walks trimmed to at most `cap` minutes in all: the longest walk is shortened first,
    a minute at a time, and a walk is left out only once every walk is at `shortest`."""
    trimmed = sorted(walks, reverse=True)
    while sum(trimmed) > cap and trimmed:
        if trimmed[0] > shortest:
            trimmed[0] -= 1
            trimmed.sort(reverse=True)
        else:
            trimmed.pop()
    return trimmed or [max(1, min(cap, shortest))]


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
    leg = has_leg_pain(profile)
    ids: list[str] = [pain_tip(profile) if i == PAIN_TIP else i for i in EVERY_DAY_GUIDANCE]
    if planned.is_flare:
        ids += FLARE_EXERCISES
    else:
        core = [e.id for e in g.exercises if e.kind == "core"]
        # A straight-knee stretch pulls on an irritated nerve: left out when pain goes into a leg.
        stretches = [e.id for e in g.exercises if e.kind == "stretch" and not (leg and e.not_with_leg_pain)]
        i = day_number - 1
        ids += [core[i % len(core)], stretches[i % len(stretches)], stretches[(i + 1) % len(stretches)]]
    if planned.is_flare or prefs.walks_per_day > DEFAULT_WALKS_PER_DAY:
        ids.append("split_walks")
    ids += [TIME_TIPS[t] for t in prefs.times_of_day]
    if prefs.balance_concerns:
        ids.append("balance")
    if leg:
        ids.append("uneven_ground_with_leg_pain")
    if planned.level <= 2:
        ids.append("consistency")
    if day_number >= content.walking_plan().rules.plan_days:
        ids.append("when_better")
    return ids


def has_leg_pain(profile: Answers) -> bool:
    """Pain that goes below the knee, or a numb, tingly or weak leg (yes or not sure)."""
    return any(profile.answers[i] != "no" for i in LEG_PAIN_ITEMS)


def pain_tip(profile: Answers) -> str:
    """What to do if pain rises during a walk, in words that fit a leg that already hurts (revision 4)."""
    return LEG_PAIN_TIP if has_leg_pain(profile) else PAIN_TIP


def _notes(profile: Profile, planned: PlannedDay, step: Step, walks: list[int], test_walk: bool) -> list[str]:
    """The day's notes, its level's note first (the plan table shows that one). The only minutes
    they name are this day's own walks (contract: the person's own numbers). A day the plan eases
    off says so instead of its level's note, which may invite more ("walk a bit further")."""
    notes = content.walking_plan().notes
    prefs = profile.preferences
    if planned.severe:
        note = notes.severe_hold
    elif planned.flare:
        note = notes.flare
    else:
        note = notes.eased if planned.eased else step.note
    out = [note.format(walk=max(walks, default=0))]
    if test_walk:
        out.append(notes.test_walk)
    if planned.held:
        out.append(notes.hold)
    if len(walks) > DEFAULT_WALKS_PER_DAY and not planned.is_flare:
        out.append(notes.split.format(n=len(walks)))
    out.append(notes.balance if prefs.balance_concerns else getattr(notes, prefs.terrain))
    if has_leg_pain(profile):
        out.append(notes.leg_pain)
    return out


def _day_walks(
    step: Step, planned: PlannedDay, per_day: int, longest_before: int, shortest: int
) -> list[int]:
    """A level's walks for one day: shaped as the person walks them, then kept within its cap."""
    walks = list(step.walks)
    if step.level != FLARE:
        walks = _shape(walks, per_day, longest_before, shortest)
    if planned.cap is not None and sum(walks) > planned.cap:
        walks = within(walks, planned.cap, shortest)
    return walks


def lay_out(profile: Profile, start: dt.date, days: Iterable[PlannedDay]) -> list[PlanDay]:
    """Turn planned levels into walks, times, notes and guidance, one PlanDay per date.

    Used by build_plan and by adapt, so a plan as generated and a plan as
    adapted follow exactly the same rules. While the level does not go down,
    a split never makes the longest walk shorter than the day before.
    """
    prefs = profile.preferences
    table = level_table(profile)
    shortest = shortest_walk(profile)
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
        if previous is not None and (planned.level < previous.level or planned.cap is not None):
            longest_before = 0  # easing off (adaptation) may shorten walks; nothing else may
        walks = _day_walks(table[planned.level], planned, prefs.walks_per_day, longest_before, shortest)
        if planned.flare and planned.level != FLARE:
            # A day marked as a flare: its flare walks, never more in all than the day it replaces
            # (a capped day of an ease-off may ask for less than a flare day would).
            walks = within(list(step.walks), sum(walks), shortest)
        # Easing off asks for nothing extra: no optional stroll on those days.
        optional = [] if planned.eased or planned.is_flare else list(step.optional)
        day_number = (planned.date - start).days + 1
        # Day 1's first walk is the test walk, done that morning; a guessed baseline had none.
        test_walk = profile.baseline_minutes if day_number == 1 and not profile.baseline_is_guess else 0
        note_key = (
            planned.flare,
            planned.held,
            planned.eased,
            planned.severe,
            bool(test_walk),
            planned.level,
            *walks,
        )
        if note_key not in notes_for:
            notes_for[note_key] = _notes(profile, planned, table[planned.level], walks, bool(test_walk))
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
                optional=optional,
                walk_times=_walk_times(prefs.times_of_day, len(walks)),
                flare=planned.is_flare,
                test_walk=test_walk,
                eased=planned.eased,
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
