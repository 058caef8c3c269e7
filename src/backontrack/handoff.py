"""The take-home text: a short plain-text summary of a result and plan that the app can read back.

A clinic kiosk cannot be reached from a phone, so its QR code carries the plan
itself, not a link. The text reads well in any phone's camera app (the result,
then the plan in a few lines), and its last line holds the answers in a compact
form, so the personal app can rebuild exactly the same result and plan from it
("Continue at home"). It stays under MAX_CHARS so the QR code stays easy to scan.

What to do now, every condition the person can check ("take your temperature"),
the emergency number and every emergency sign in the safety-net card's words are
always in the text, whatever the tier (revision 4). When the text would be too
long, the plan's days go first, and the text says they are on the printout.

The answers line is `BOT3;<age>;<weeks>;<pain now>;<items>;<yellow flags>;<seen clinician>;<knew>;
<baseline>;<pain before>;<guess>;<walks a day>;<times>;<balance>;<terrain>;<start>`: items and yellow
flags are one letter each (y, n, u; - for a yellow flag not answered) in the content's order, the seen
clinician flag is 1 or 0 (revision 3), and <knew> is one 1 or 0 per urgent item, in order: 1 when the
clinician knew about it and it has not changed (revision 4), or - when none. A BOT2 line (revision 3)
has no <knew> and reads as none; a BOT1 line (before revision 3) has no seen clinician field either and
reads as 0. The item count is checked on reading, so a text made with another question list is refused,
not misread.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from pydantic import ValidationError

from backontrack import content
from backontrack.dates import date_long, day_short
from backontrack.i18n import N_, _
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
from backontrack.settings import Settings
from backontrack.triage import assess

#: Small enough for a code that scans from a printout at arm's length (tests decode it from the PDF).
MAX_CHARS = 1400
MARK = "BOT3"
#: Texts made under revision 3 (no <knew> field) still read back.
REVISION_3_MARK = "BOT2"
#: Texts made before revision 3 (no seen clinician field) still read back.
OLD_MARK = "BOT1"
MARKS = (MARK, REVISION_3_MARK, OLD_MARK)
#: Said in place of the plan's days when the text has no room for them (shown as `_(PLAN_ON_PAPER)`).
PLAN_ON_PAPER = N_("Your day-by-day walking plan is on your printout.")
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
        span = (
            _("Day {day}").format(day=days[0].day)
            if len(days) == 1
            else _("Days {first}-{last}").format(first=days[0].day, last=days[-1].day)
        )
        line = (
            _("{days}: {walks} min (+{optional} optional stroll)") if optional else _("{days}: {walks} min")
        )
        lines.append(line.format(days=span, walks=_walks(walks), optional=_walks(optional)))
    return lines


def _urgent_ids() -> list[str]:
    return [i.id for i in content.red_flags().items if i.tier == "urgent"]


def _answers_line(profile: Answers, plan: Plan | None) -> str:
    flags = content.red_flags()
    items = "".join(LETTER[profile.answers[i]] for i in flags.item_ids)
    yellow = "".join(
        LETTER[profile.yellow_flags[f]] if f in profile.yellow_flags else NOT_ASKED
        for f in flags.yellow_flag_ids
    )
    seen = "1" if profile.seen_clinician else "0"
    knew = "".join("1" if i in profile.clinician_knew else "0" for i in _urgent_ids())
    knew = knew if profile.clinician_knew else NOT_ASKED
    fields = [
        MARK,
        str(profile.age),
        str(profile.pain_weeks),
        str(profile.pain_now),
        items,
        yellow,
        seen,
        knew,
    ]
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


def stop_signs(settings: Settings) -> str:
    """The safety-net card's emergency block in one line: when to call, and every sign in its words."""
    group = next(g for g in content.red_flags().safety_net_groups() if g.tier == "emergency")
    return f"{settings.fill(group.when)} " + "; ".join(s.sign for s in group.signs) + "."


def take_home_text(
    answers: Answers, instr: Instruction, plan: Plan | None, made: dt.date, settings: Settings
) -> str:
    """The QR code's text: result, what to do, why, the plan (if allowed), the stop signs, and the
    answers line.

    What to do is the governing instruction's own words for paper (instruction.py), as on the
    printout; a result with no plan never mentions one. The safety content is never cut: when
    the text is too long the plan's days go first (they are on the printout), then the list of
    lower-tier signs to mention.
    """
    paper = instr.on_paper()
    head = [
        "Back on Track",  # the app's name, the same in every language
        _("{date}. Not a diagnosis.").format(date=date_long(made)),
        _("Result: {title}.").format(title=paper.title),
        paper.action,
    ]
    if paper.leaving:
        head.append(paper.leaving)
    head += list(paper.conditions)
    main = [r.partition(". ")[0].rstrip(".") for r in paper.why]
    why = [_("Why: {reasons}.").format(reasons="; ".join(main))] if main else []
    also = (
        [_("Also tell the doctor about: {signs}.").format(signs="; ".join(paper.also))] if paper.also else []
    )
    showing_plan = plan is not None and paper.plan_allowed
    days: list[str] = []
    if showing_plan and plan is not None:
        days.append(_("Walking plan from {date}:").format(date=day_short(plan.start)))
        days += plan_lines(plan)
        if any(day.optional for day in plan.days):
            condition = content.walking_plan().wording.stroll_condition
            days.append(_("Optional stroll: {condition}.").format(condition=condition))
    safety = [stop_signs(settings)]
    answers_line = _answers_line(answers, plan if showing_plan else None)
    on_paper = [_(PLAN_ON_PAPER)] if showing_plan else []
    for body in (
        [*head, *why, *also, *days, *safety],
        [*head, *why, *also, *on_paper, *safety],
        [*head, *why, *on_paper, *safety],
    ):
        text = "\n".join([*body, answers_line])
        if len(text) <= MAX_CHARS:
            return text
    return text  # the safety content and the answers, whatever the length: never cut


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
            if ln.startswith(tuple(m + ";" for m in MARKS))
        ),
        None,
    )
    if line is None:
        raise HandoffError(
            _("This text has no Back on Track answers line (it starts with {mark}).").format(mark=MARK)
        )
    fields = line.split(";")
    flags = content.red_flags()
    seen, knew = "0", NOT_ASKED
    if fields[0] == MARK:
        if len(fields) not in (8, 16):
            raise HandoffError(_("The answers line is cut short or has extra parts. Copy the whole text."))
        knew = fields.pop(7)
        if knew != NOT_ASKED and (len(knew) != len(_urgent_ids()) or not set(knew) <= {"0", "1"}):
            raise HandoffError(_("The answers line cannot be read: a part of it is not valid."))
        fields[0] = REVISION_3_MARK
    if fields[0] == REVISION_3_MARK:
        if len(fields) not in (7, 15):
            raise HandoffError(_("The answers line is cut short or has extra parts. Copy the whole text."))
        seen = fields.pop(6)
        if seen not in ("0", "1"):
            raise HandoffError(_("The answers line cannot be read: a part of it is not valid."))
    if len(fields) not in (6, 14):
        raise HandoffError(_("The answers line is cut short or has extra parts. Copy the whole text."))
    items, yellow = fields[4], fields[5]
    if len(items) != len(flags.item_ids) or len(yellow) != len(flags.yellow_flag_ids):
        raise HandoffError(
            _("This text was made with a different list of questions. Please do the check again.")
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
            "clinician_knew": [
                i for i, bit in zip(_urgent_ids(), knew, strict=True) if bit == "1"
            ] if knew != NOT_ASKED else [],
        }  # fmt: skip
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
        if isinstance(exc, ValidationError):
            raise HandoffError(
                _("The answers line cannot be read: {detail}.").format(detail=describe_error(exc))
            ) from exc
        raise HandoffError(_("The answers line cannot be read: a part of it is not valid.")) from exc
    problem = date_problem(start, today, earliest=today - OLDEST_TAKE_HOME, source="text")
    if problem:
        raise HandoffError(_("The plan's start date cannot be right: it {problem}.").format(problem=problem))
    return TakeHome(answers=answers, result=result, plan=build_plan(profile, start))
