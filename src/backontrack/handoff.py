"""The take-home text: a short plain-text summary of a result and plan that the app can read back.

A clinic kiosk cannot be reached from a phone, so its QR code carries the plan
itself, not a link. The text reads well in any phone's camera app (the result,
then the plan in a few lines), and its last line holds the answers in a compact
form, so the personal app can rebuild exactly the same result and plan from it
("Continue at home"). It stays under MAX_CHARS so the QR code stays easy to scan.

The answers line is `BOT1;<age>;<weeks>;<pain now>;<items>;<yellow flags>;<baseline>;<pain before>;
<guess>;<walks a day>;<times>;<balance>;<terrain>;<start>`: items and yellow flags are one
letter each (y, n, u; - for a yellow flag not answered) in the content's order. The item count
is checked on reading, so a text made with another question list is refused, not misread.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from pydantic import ValidationError

from backontrack import content
from backontrack.models import (
    TIMES_OF_DAY,
    Answer,
    Answers,
    Plan,
    Profile,
    Terrain,
    TriageResult,
    describe_error,
)
from backontrack.plan import build_plan
from backontrack.triage import assess

MAX_CHARS = 1000
MARK = "BOT1"
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
        extra = f" (+{_walks(optional)} if it feels fine)" if optional else ""
        lines.append(f"{span}: {_walks(walks)} min{extra}")
    return lines


def _answers_line(profile: Answers, plan: Plan | None) -> str:
    flags = content.red_flags()
    items = "".join(LETTER[profile.answers[i]] for i in flags.item_ids)
    yellow = "".join(
        LETTER[profile.yellow_flags[f]] if f in profile.yellow_flags else NOT_ASKED
        for f in flags.yellow_flag_ids
    )
    fields = [MARK, str(profile.age), str(profile.pain_weeks), str(profile.pain_now), items, yellow]
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


def take_home_text(answers: Answers, result: TriageResult, plan: Plan | None, made: dt.date) -> str:
    """The QR code's text: result, what to do, the plan (if allowed), and the answers line."""
    tier = content.red_flags().tiers[result.tier]
    lines = ["Back on Track", f"{made:%d %b %Y}. Not a diagnosis.", f"Result: {tier.title}."]
    reasons = [content.red_flags().label(r.id) for r in result.reasons]
    if reasons:
        lines.append("Why: " + "; ".join(reasons) + ".")
    if plan is not None and result.plan_allowed:
        lines.append(f"Walking plan from {plan.start:%a %d %b}:")
        lines += plan_lines(plan)
        lines.append("Stop and get help if a warning sign appears (see your printout).")
    lines.append(_answers_line(answers, plan if result.plan_allowed else None))
    text = "\n".join(lines)
    if len(text) > MAX_CHARS:  # only a very long reason list gets here: keep the answers line
        keep = [lines[0], lines[1], lines[2], lines[-1]]
        text = "\n".join(keep)
    return text


def read_take_home(text: str) -> TakeHome:
    """Rebuild the answers, the result and (when allowed) the plan from a take-home text."""
    line = next((ln.strip() for ln in reversed(text.strip().splitlines()) if ln.startswith(MARK + ";")), None)
    if line is None:
        raise HandoffError("This text has no Back on Track answers line (it starts with BOT1).")
    fields = line.split(";")
    flags = content.red_flags()
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
        }
        answers = Answers.model_validate(data)
        result = assess(answers)
        if len(fields) == 6 or not result.plan_allowed:
            return TakeHome(answers=answers, result=result, plan=None)
        times = [t for t in TIMES_OF_DAY if TIME_LETTER[t] in fields[10]]
        profile = Profile.model_validate(
            data
            | {
                "baseline_minutes": int(fields[6]),
                "baseline_pain": int(fields[7]),
                "baseline_is_guess": fields[8] == "1",
                "preferences": {
                    "walks_per_day": int(fields[9]),
                    "times_of_day": times,
                    "balance_concerns": fields[11] == "1",
                    "terrain": TERRAINS[int(fields[12])],
                },
            }
        )
        start = dt.date.fromisoformat(fields[13])
    except (KeyError, IndexError, ValueError) as exc:
        detail = describe_error(exc) if isinstance(exc, ValidationError) else "a part of it is not valid"
        raise HandoffError(f"The answers line cannot be read: {detail}.") from exc
    return TakeHome(answers=answers, result=result, plan=build_plan(profile, start))
