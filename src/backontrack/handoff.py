"""The take-home text: a short plain-text summary of a result and plan that the app can read back.

A clinic kiosk cannot be reached from a phone, so its QR code carries the plan
itself, not a link. The text reads well in any phone's camera app (the result,
then the plan in a few lines), and its last line holds the answers in a compact
form, so the personal app can rebuild exactly the same result and plan from it
("Continue at home"). It stays under MAX_CHARS so the QR code stays easy to scan.

The answers line is `BOT2;<age>;<weeks>;<pain now>;<items>;<yellow flags>;<seen clinician>;<baseline>;
<pain before>;<guess>;<walks a day>;<times>;<balance>;<terrain>;<start>`: items and yellow flags are
one letter each (y, n, u; - for a yellow flag not answered) in the content's order, and the seen
clinician flag is 1 or 0 (revision 3). A BOT1 line (before revision 3) has no seen clinician field
and reads as 0. The item count is checked on reading, so a text made with another question list is
refused, not misread.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from pydantic import ValidationError

from backontrack import content
from backontrack.instruction import Instruction
from backontrack.models import (
    TIMES_OF_DAY,
    Answer,
    Answers,
    Plan,
    Profile,
    Terrain,
    TriageResult,
    date_problem,
    describe_error,
)
from backontrack.plan import build_plan
from backontrack.triage import assess

MAX_CHARS = 1000
MARK = "BOT2"
#: Texts made before revision 3 (no seen clinician field) still read back.
OLD_MARK = "BOT1"
LETTER: dict[Answer, str] = {"yes": "y", "no": "n", "unsure": "u"}
ANSWER_OF = {letter: answer for answer, letter in LETTER.items()}
NOT_ASKED = "-"  # a yellow-flag question left out (they are optional)
TIME_LETTER = {"morning": "m", "midday": "d", "after_meals": "a", "evening": "e"}
TERRAINS: tuple[Terrain, ...] = ("flat_route", "treadmill", "park")


class HandoffError(ValueError):
    """Take-home text that cannot be read back; the message says what is wrong in plain words."""


@dataclass(frozen=True)
class TakeHome:
    """What the take-home text rebuilds: the answers and result, and the plan when one is allowed."""

    answers: Answers
    result: TriageResult
    plan: Plan | None


def _walks(minutes: list[int]) -> str:
    return "+".join(str(m) for m in minutes)


def plan_lines(plan: Plan) -> list[str]:
    """The 14 days in a few lines: runs of days with the same walks ('Days 1-3: 10+10 min')."""
    lines = []
    for (walks, optional), run in itertools.groupby(plan.days, key=lambda d: (d.walks, d.optional)):
        days = list(run)
        span = f"Day {days[0].day}" if len(days) == 1 else f"Days {days[0].day}-{days[-1].day}"
        extra = f" (+{_walks(optional)} optional stroll)" if optional else ""
        lines.append(f"{span}: {_walks(walks)} min{extra}")
    return lines


def _answers_line(profile: Answers, plan: Plan | None) -> str:
    flags = content.red_flags()
    items = "".join(LETTER[profile.answers[i]] for i in flags.item_ids)
    yellow = "".join(
        LETTER[profile.yellow_flags[f]] if f in profile.yellow_flags else NOT_ASKED
        for f in flags.yellow_flag_ids
    )
    seen = "1" if profile.seen_clinician else "0"
    fields = [MARK, str(profile.age), str(profile.pain_weeks), str(profile.pain_now), items, yellow, seen]
    if plan is not None:
        p = plan.profile
        prefs = p.preferences
        fields += [
            str(p.baseline_minutes),
            str(p.baseline_pain),
            "1" if p.baseline_is_guess else "0",
            str(prefs.walks_per_day),
            "".join(TIME_LETTER[t] for t in prefs.times_of_day) or "-",
            "1" if prefs.balance_concerns else "0",
            str(TERRAINS.index(prefs.terrain)),
            plan.start.isoformat(),
        ]
    return ";".join(fields)


def take_home_text(answers: Answers, instr: Instruction, plan: Plan | None, made: dt.date) -> str:
    """The QR code's text: result, what to do, why, the plan (if allowed), and the answers line.

    What to do is the governing instruction's own words (instruction.py), as on the
    screen and the printout; a result with no plan never mentions one.
    """
    head = ["Back on Track", f"{made:%d %b %Y}. Not a diagnosis.", f"Result: {instr.title}.", instr.action]
    lines = list(head)
    main = [r.partition(". ")[0].rstrip(".") for r in instr.why]
    if main:
        lines.append("Why: " + "; ".join(main) + ".")
    if instr.also:
        lines.append("Also tell the doctor about: " + "; ".join(instr.also) + ".")
    showing_plan = plan is not None and instr.plan_allowed
    if showing_plan and plan is not None:
        lines += list(instr.conditions)
        lines.append(f"Walking plan from {plan.start:%a %d %b}:")
        lines += plan_lines(plan)
        if any(day.optional for day in plan.days):
            lines.append(f"Optional stroll: {content.walking_plan().wording.stroll_condition}.")
        lines.append("If a warning sign appears, stop and get help: see your printout.")
    answers_line = _answers_line(answers, plan if showing_plan else None)
    text = "\n".join([*lines, answers_line])
    if len(text) > MAX_CHARS:  # only a very long reason list gets here: keep what to do and the answers
        text = "\n".join([*head, answers_line])
    return text


#: A printout is taken home and read within days; a plan older than this cannot be from one.
OLDEST_TAKE_HOME = dt.timedelta(days=365)


def _flag(text: str) -> bool:
    """A 0 / 1 field; anything else is an error, never read as one or the other."""
    if text not in ("0", "1"):
        raise ValueError(f"expected 0 or 1, got {text[:8]!r}")
    return text == "1"


def read_take_home(text: str, today: dt.date | None = None) -> TakeHome:
    """Rebuild the answers, the result and (when allowed) the plan from a take-home text.

    Every part must be one the app could have written: flags are 0 or 1, the terrain one of
    three, times of day from their letters, and the start a day within a year of `today`.
    """
    today = dt.date.today() if today is None else today
    line = next(
        (
            ln.strip()
            for ln in reversed(text.strip().splitlines())
            if ln.startswith((MARK + ";", OLD_MARK + ";"))
        ),
        None,
    )
    if line is None:
        raise HandoffError(f"This text has no Back on Track answers line (it starts with {MARK}).")
    fields = line.split(";")
    flags = content.red_flags()
    seen = "0"
    if fields[0] == MARK:
        if len(fields) not in (7, 15):
            raise HandoffError("The answers line is cut short or has extra parts. Copy the whole text.")
        seen = fields.pop(6)
        if seen not in ("0", "1"):
            raise HandoffError("The answers line cannot be read: a part of it is not valid.")
    if len(fields) not in (6, 14):
        raise HandoffError("The answers line is cut short or has extra parts. Copy the whole text.")
    items, yellow = fields[4], fields[5]
    if len(items) != len(flags.item_ids) or len(yellow) != len(flags.yellow_flag_ids):
        raise HandoffError(
            "This text was made with a different list of questions. Please do the check again."
        )
    try:
        data = {
            "age": int(fields[1]),
            "pain_weeks": int(fields[2]),
            "pain_now": int(fields[3]),
            "answers": {i: ANSWER_OF[c] for i, c in zip(flags.item_ids, items, strict=True)},
            "yellow_flags": {
                f: ANSWER_OF[c] for f, c in zip(flags.yellow_flag_ids, yellow, strict=True) if c != NOT_ASKED
            },
            "seen_clinician": seen == "1",
        }
        answers = Answers.model_validate(data)
        result = assess(answers)
        if len(fields) == 6 or not result.plan_allowed:
            return TakeHome(answers=answers, result=result, plan=None)
        if fields[10] != "-" and not set(fields[10]) <= set(TIME_LETTER.values()):
            raise ValueError("unknown time of day")
        times = [t for t in TIMES_OF_DAY if TIME_LETTER[t] in fields[10]]
        if not (fields[12].isascii() and fields[12].isdigit() and int(fields[12]) < len(TERRAINS)):
            raise ValueError("unknown terrain")
        profile = Profile.model_validate(
            data
            | {
                "baseline_minutes": int(fields[6]),
                "baseline_pain": int(fields[7]),
                "baseline_is_guess": _flag(fields[8]),
                "preferences": {
                    "walks_per_day": int(fields[9]),
                    "times_of_day": times,
                    "balance_concerns": _flag(fields[11]),
                    "terrain": TERRAINS[int(fields[12])],
                },
            }
        )
        start = dt.date.fromisoformat(fields[13])
    except (KeyError, IndexError, ValueError) as exc:
        detail = describe_error(exc) if isinstance(exc, ValidationError) else "a part of it is not valid"
        raise HandoffError(f"The answers line cannot be read: {detail}.") from exc
    problem = date_problem(start, today, earliest=today - OLDEST_TAKE_HOME)
    if problem:
        raise HandoffError(
            f"The plan's start date cannot be right: it {problem.replace('the file', 'the text')}."
        )
    return TakeHome(answers=answers, result=result, plan=build_plan(profile, start))
