"""Pydantic models for everything that crosses a boundary (form, file, CLI, store -> core).

They validate and they document: a wrong type, an out-of-range number or an
unknown field is rejected with a message that names the field, and nothing
downstream ever sees a half-valid object.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from backontrack import content
from backontrack.content import QuestionTier, TierId
from backontrack.dates import date_long
from backontrack.i18n import N_, _

Answer = Literal["yes", "no", "unsure"]
Tier = TierId
TimeOfDay = Literal["morning", "midday", "after_meals", "evening"]
Terrain = Literal["flat_route", "treadmill", "park"]
AdjustmentKind = Literal["repeat_level", "drop_back", "flare_day", "hold", "stop", "severe", "resume"]
#: Adjustments that ease off: none of them may ask for more walking (walking-plan contract, revision 4).
EASE_OFFS: frozenset[AdjustmentKind] = frozenset({"repeat_level", "drop_back", "flare_day", "severe"})

#: How an answer reads on screen and in documents.
ANSWER_WORDS: dict[Answer, str] = {"yes": N_("Yes"), "no": N_("No"), "unsure": N_("Not sure")}
TIMES_OF_DAY: tuple[TimeOfDay, ...] = ("morning", "midday", "after_meals", "evening")
MAX_NOTE_CHARS = 500
MAX_LOG_MINUTES = 600


#: Dates a record can really have: none before the app's era, none more than a year ahead. Outside
#: this window a file is refused (a plan from 0001-01-01 made every page take seconds).
EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_AHEAD = dt.timedelta(days=366)


def date_problem(
    date: dt.date,
    today: dt.date,
    earliest: dt.date = EARLIEST_DATE,
    *,
    source: Literal["file", "text"] = "file",
) -> str | None:
    """Why a date from a file (or a take-home text) cannot be true, in plain words; None when it can."""
    latest = today + LATEST_AHEAD
    if earliest <= date <= latest:
        return None
    message = (
        _("must be between {earliest} and {latest} (the text has {date})")
        if source == "text"
        else _("must be between {earliest} and {latest} (the file has {date})")
    )
    return message.format(earliest=date_long(earliest), latest=date_long(latest), date=date)


def tier_rank(tier: Tier) -> int:
    """Higher is more serious; "highest tier wins" compares these."""
    return content.red_flags().tiers[tier].rank


class _Input(BaseModel):
    """Base for inputs: unknown fields are an error, never silently dropped."""

    model_config = ConfigDict(extra="forbid")


class _Output(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Answers(_Input):
    """What the red-flag questionnaire collects: context numbers plus one answer per item."""

    age: StrictInt = Field(
        ge=16, le=110, description="Whole years; the check is for people aged 16 and over."
    )
    pain_weeks: StrictInt = Field(ge=0, le=520, description="How long this episode has lasted.")
    pain_now: StrictInt = Field(ge=0, le=10, description="0-10 numeric rating scale.")
    answers: dict[str, Answer]
    yellow_flags: dict[str, Answer] = Field(default_factory=dict)
    seen_clinician: StrictBool = Field(
        False, description="A doctor, nurse or physio has checked this back pain since it began."
    )
    clinician_knew: list[str] = Field(
        default_factory=list,
        description="Urgent signs (answered yes, never fever) the clinician knew about, unchanged since.",
    )

    @field_validator("answers")
    @classmethod
    def _every_item_once(cls, answers: dict[str, Answer]) -> dict[str, Answer]:
        expected = content.red_flags().item_ids
        unknown = [k for k in answers if k not in expected]
        if unknown:
            raise ValueError(_("unknown item id {ids}").format(ids=", ".join(sorted(unknown))))
        missing = [k for k in expected if k not in answers]
        if missing:
            raise ValueError(_("missing answer for {ids}").format(ids=", ".join(missing)))
        return answers

    @field_validator("clinician_knew")
    @classmethod
    def _knew_only_what_was_said(cls, knew: list[str], info: ValidationInfo) -> list[str]:
        """Revision 4: only urgent signs answered yes, never fever, and only after a clinician's check."""
        if not knew:
            return knew
        if info.data.get("seen_clinician") is not True:
            raise ValueError(_("only allowed when seen_clinician is true"))
        flags = content.red_flags()
        urgent = {i.id for i in flags.items if i.tier == "urgent"}
        for item_id in knew:
            if item_id not in urgent:
                raise ValueError(_("{id} is not an urgent item").format(id=item_id))
            if item_id in flags.seen_clinician.never_lowered:
                raise ValueError(_("{id} is never lowered by a clinician's check").format(id=item_id))
        answers = info.data.get("answers")
        if answers is None:
            return sorted(set(knew), key=knew.index)  # the answers' own error names what is wrong
        not_yes = [i for i in knew if answers.get(i) != "yes"]
        if not_yes:
            raise ValueError(_("{id} was not answered yes").format(id=not_yes[0]))
        if len(set(knew)) != len(knew):
            raise ValueError(_("each item may be given once"))
        return knew

    @field_validator("yellow_flags")
    @classmethod
    def _known_yellow_flags(cls, flags: dict[str, Answer]) -> dict[str, Answer]:
        unknown = sorted(set(flags) - set(content.red_flags().yellow_flag_ids))
        if unknown:
            raise ValueError(_("unknown yellow-flag id {ids}").format(ids=", ".join(unknown)))
        return flags


class Preferences(_Input):
    """How the person would like their walks shaped; never changes the safety rules."""

    walks_per_day: StrictInt = Field(2, ge=2, le=6)
    times_of_day: list[TimeOfDay] = Field(default_factory=list)
    balance_concerns: StrictBool = False
    terrain: Terrain = "flat_route"

    @field_validator("times_of_day")
    @classmethod
    def _in_day_order(cls, times: list[TimeOfDay]) -> list[TimeOfDay]:
        if len(set(times)) != len(times):
            raise ValueError(_("each time of day may be given once"))
        return sorted(times, key=TIMES_OF_DAY.index)


class Profile(Answers):
    """The questionnaire plus the baseline walk and preferences: what a plan is built from."""

    baseline_minutes: StrictInt = Field(ge=1, le=10)
    baseline_pain: StrictInt = Field(ge=0, le=10)
    baseline_is_guess: StrictBool = False
    preferences: Preferences = Field(default_factory=Preferences)


class Reason(_Output):
    """One answer that moved the result, with why it matters and where the rule comes from."""

    id: str
    tier: QuestionTier
    answer: str = Field(description="yes / unsure, or the context values a derived rule read.")
    said: str = Field("", description="The answer in words, as the person sees it.")
    source: str = Field(description="Citations for clinicians; content.shown_source() gives plain words.")
    why: str


class EducationPoint(_Output):
    id: str
    answer: Answer | None = None
    text: str


class TriageResult(_Output):
    tier: Tier
    plan_allowed: bool
    reasons: list[Reason]
    education: list[EducationPoint] = Field(default_factory=list)
    flare_start: bool = False


class PlanDay(_Output):
    """One day of the plan: required walks, optional extras, and what to read that day."""

    day: int = Field(ge=1)
    date: dt.date
    level: int = Field(ge=0, description="0 = flare day; the top level is maintenance.")
    level_name: str
    walks: list[int]
    optional: list[int] = Field(default_factory=list)
    walk_times: list[TimeOfDay] = Field(
        default_factory=list, description="Suggested time for each walk, when the person chose times."
    )
    flare: bool = False
    test_walk: int = Field(
        0, ge=0, description="Day 1: minutes of the test walk, done that morning, that count toward it."
    )
    eased: bool = Field(
        False, description="A day the plan eases off (a repeat, a drop back, a hold): never more walking."
    )
    notes: list[str] = Field(default_factory=list)
    guidance: list[str] = Field(default_factory=list, description="Guidance ids for this day.")

    @property
    def target_minutes(self) -> int:
        """Required minutes for the day (optional walks excluded)."""
        return sum(self.walks)

    @property
    def longest_walk(self) -> int:
        return max(self.walks, default=0)


class Plan(_Output):
    """The plan as first generated: stored once, re-adapted from the logs every time."""

    profile: Profile
    start: dt.date
    triage: TriageResult
    baseline_used: int = Field(description="The baseline minutes the plan was scaled from.")
    flare_start_days: int
    advice: str | None = None
    days: list[PlanDay]

    @property
    def end(self) -> dt.date:
        return self.days[-1].date


RecheckId = str
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_NOTE_CHARS)]
WalkMinutes = Annotated[StrictInt, Field(ge=1, le=MAX_LOG_MINUTES)]


class LogEntry(_Input):
    """One day's log: ten seconds of input that drives every plan change."""

    date: dt.date = Field(strict=True)
    pain: StrictInt = Field(ge=0, le=10)
    minutes: StrictInt = Field(ge=0, le=MAX_LOG_MINUTES, description="Total minutes walked.")
    walks: list[WalkMinutes] | None = Field(None, description="Minutes of each walk, if given.")
    flare: StrictBool = False
    red_flags: list[RecheckId] = Field(
        description="Re-check signs ticked as started or worse since the last log; [] means 'none of these'."
    )
    note: Note = ""

    @field_validator("red_flags")
    @classmethod
    def _known_signs(cls, ticked: list[str]) -> list[str]:
        # Stored logs may hold a sign the re-check asked before revision 3 (loggable_ids);
        # the log form offers only today's re-check list.
        unknown = sorted(set(ticked) - content.red_flags().loggable_ids)
        if unknown:
            raise ValueError(_("unknown re-check sign {ids}").format(ids=", ".join(unknown)))
        return sorted(set(ticked), key=ticked.index)

    @field_validator("note")
    @classmethod
    def _plain_text(cls, note: str) -> str:
        if any(ord(c) < 32 and c not in "\n\t" for c in note):
            raise ValueError(_("must be plain text (no control characters)"))
        return note

    @model_validator(mode="after")
    def _walks_add_up(self) -> LogEntry:
        if self.walks is not None and sum(self.walks) != self.minutes:
            # "minutes: " names the field (ui/forms.labelled puts the form's label in its place).
            raise ValueError(
                "minutes: "
                + _("{minutes} does not match the walks, which add up to {total}").format(
                    minutes=self.minutes, total=sum(self.walks)
                )
            )
        return self


class Adjustment(_Output):
    """One change the engine made to the plan, explained in one sentence."""

    date: dt.date = Field(description="The first plan day the change applies to.")
    kind: AdjustmentKind
    sentence: str
    log_dates: list[dt.date] = Field(description="The log entries that caused it.")


class SeverePain(_Output):
    """Severe pain holding the plan at flare days: three logs of 8 or more within seven days (revision 4)."""

    log_dates: list[dt.date]
    pains: list[int]


class AdaptedPlan(_Output):
    """The plan as it now stands, after the logs, with the changes that explain it."""

    plan: Plan
    today: dt.date
    days: list[PlanDay]
    adjustments: list[Adjustment]
    stopped: TriageResult | None = None
    stopped_on: dt.date | None = None
    severe: SeverePain | None = Field(None, description="Severe pain holding the plan, as of the last log.")

    def day_on(self, date: dt.date) -> PlanDay | None:
        """The plan day for a date, or None outside the plan (or after it stopped)."""
        # Days run one per date from the first, so the date gives the index (checked, then searched).
        i = (date - self.days[0].date).days if self.days else -1
        if 0 <= i < len(self.days) and self.days[i].date == date:
            return self.days[i]
        return next((d for d in self.days if d.date == date), None)


def describe_error(exc: ValidationError) -> str:
    """One line naming each bad field, for stderr and for the forms."""
    parts = []
    for err in exc.errors():
        # A field name comes from the input: line breaks and other control characters are escaped,
        # so the message stays one line (the CLI's contract).
        where = "".join(c if c.isprintable() else repr(c)[1:-1] for c in ".".join(str(p) for p in err["loc"]))
        msg = err["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {msg}" if where else msg)
    return "; ".join(parts)
