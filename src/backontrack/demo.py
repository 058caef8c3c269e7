"""Workshop personas: made-up people whose answers and logs run through the same core as anyone's.

Personas are data (content/<language>/personas.toml), validated on load like the clinical
content; a translation tells the same stories (names and stories in its words, the same answers
and logs). `replay` gives the plan as it stood on any day of a persona's story,
so a presenter can step through the days; no rule is copied here.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from pydantic import Field, ValidationError

from backontrack import content
from backontrack.adapt import adapt
from backontrack.content.loader import _read, parse, spoken
from backontrack.content.schema import ContentError, _Strict
from backontrack.models import (
    AdaptedPlan,
    AdjustmentKind,
    Answer,
    Answers,
    LogEntry,
    Plan,
    Preferences,
    Profile,
    Tier,
)
from backontrack.plan import build_plan
from backontrack.triage import assess

#: Demo days count from a plan that began this many days before the workshop's "today".
STORY_DAYS = 14


class PersonaLog(_Strict):
    day: int = Field(ge=1, le=60)
    pain: int = Field(ge=0, le=10)
    minutes: int = Field(ge=0, le=600)
    flare: bool = False
    red_flags: list[str] = Field(default_factory=list)


class PromisedChange(_Strict):
    kind: AdjustmentKind
    log_days: list[int]


class Promises(_Strict):
    """What the persona's story shows; the tests hold each persona to it."""

    tier: Tier
    flare_start_days: int = 0
    stop_day: int | None = None
    changes: list[PromisedChange] = Field(default_factory=list)


class Persona(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    story: str
    age: int
    pain_weeks: int
    pain_now: int
    yes: list[str] = Field(default_factory=list)
    unsure: list[str] = Field(default_factory=list)
    baseline_minutes: int | None = None
    baseline_pain: int | None = None
    preferences: dict[str, object] = Field(default_factory=dict)
    logs: list[PersonaLog] = Field(default_factory=list)
    promises: Promises

    def answers(self) -> Answers:
        """The check as this made-up person answered it (questions not listed: no)."""
        chosen: dict[str, Answer] = dict.fromkeys(content.red_flags().item_ids, "no")
        chosen.update(dict.fromkeys(self.yes, "yes"))
        chosen.update(dict.fromkeys(self.unsure, "unsure"))
        return Answers.model_validate(
            {"age": self.age, "pain_weeks": self.pain_weeks, "pain_now": self.pain_now, "answers": chosen}
        )

    def profile(self) -> Profile | None:
        """The answers plus the test walk, for a persona who gets a plan."""
        if self.baseline_minutes is None or self.baseline_pain is None:
            return None
        return Profile.model_validate(
            self.answers().model_dump()
            | {
                "baseline_minutes": self.baseline_minutes,
                "baseline_pain": self.baseline_pain,
                "preferences": Preferences.model_validate(self.preferences).model_dump(),
            }
        )

    def plan(self, start: dt.date) -> Plan | None:
        profile = self.profile()
        if profile is None or not assess(profile).plan_allowed:
            return None
        return build_plan(profile, start)

    def log_entries(self, start: dt.date) -> list[LogEntry]:
        return [
            LogEntry(
                date=start + dt.timedelta(days=log.day - 1),
                pain=log.pain,
                minutes=log.minutes,
                flare=log.flare,
                red_flags=log.red_flags,
            )
            for log in self.logs
        ]


class PersonaContent(_Strict):
    personas: list[Persona]


def personas(language: str | None = None) -> tuple[Persona, ...]:
    """Every persona, in `language` (else the one being spoken), checked on load: known question
    ids, valid answers, logs and test walks."""
    return _personas(spoken(language))


@cache
def _personas(language: str) -> tuple[Persona, ...]:
    data = parse(PersonaContent, "personas.toml", _read("personas.toml", language))
    ids = [p.id for p in data.personas]
    if len(set(ids)) != len(ids):
        raise ContentError("personas.toml: duplicate persona ids")
    for persona in data.personas:
        try:
            persona.answers()
            persona.profile()
            persona.log_entries(dt.date(2026, 1, 1))
        except (ValidationError, ValueError) as exc:
            raise ContentError(f"personas.toml: {persona.id}: {exc}") from exc
    return tuple(data.personas)


def persona(persona_id: str, language: str | None = None) -> Persona:
    return next(p for p in personas(language) if p.id == persona_id)


def replay(who: Persona, start: dt.date, day: int, logs: list[LogEntry] | None = None) -> AdaptedPlan | None:
    """The plan as it stood on `day` of the story: logs up to that day, later days a projection."""
    plan = who.plan(start)
    if plan is None:
        return None
    today = start + dt.timedelta(days=day - 1)
    entries = [e for e in (who.log_entries(start) if logs is None else logs) if e.date <= today]
    return adapt(plan, entries, today=today)
