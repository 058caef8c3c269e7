"""Issue 27: the language never changes a result. The same answers and logs give the same tier,
reasons, plan, changes and instruction in every language the app speaks (only the words differ).

A Hypothesis property over random profiles (answers included) and random logs, as the engine's own
invariants are tried (tests/unit/test_engine_invariants.py; its budget is shared)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given

from backontrack import content, i18n
from backontrack.adapt import adapt
from backontrack.instruction import governing
from backontrack.models import Answers, LogEntry, Profile
from backontrack.plan import build_plan
from backontrack.reminders import horizon
from backontrack.settings import Settings
from backontrack.triage import assess
from tests.conftest import START
from tests.unit.test_engine_invariants import ENGINE, TRIED, histories, journey_of
from tests.unit.test_properties import planned_profiles, profiles

SETTINGS = Settings(emergency_number="112")
TODAY = START + dt.timedelta(days=20)


def outcome(anyone: Profile, profile: Profile, logs: list[LogEntry]) -> tuple[object, ...]:
    """Everything a result is made of but its words: ids, tiers, numbers and dates. `anyone`'s
    answers may be any (the check); `profile`'s allow a plan (the plan and its changes)."""
    result = assess(Answers.model_validate(anyone.model_dump(include=set(Answers.model_fields))))
    plan = build_plan(profile, START)
    adapted = adapt(plan, logs, today=TODAY, through=horizon(TODAY))
    instr = governing(journey_of(plan, logs, TODAY), SETTINGS)
    return (
        result.tier,
        [(r.id, r.tier, r.answer) for r in result.reasons],
        [e.id for e in result.education],
        [(d.date, d.level, d.walks, d.optional, d.flare) for d in plan.days],
        [(d.date, d.level, d.walks, d.optional, d.flare) for d in adapted.days],
        [(a.date, a.kind, a.log_dates) for a in adapted.adjustments],
        adapted.stopped.tier if adapted.stopped else None,
        adapted.stopped_on,
        adapted.severe,
        (instr.tier, instr.urgency, instr.plan_allowed, len(instr.why)) if instr else None,
    )


@ENGINE
@given(profiles(), planned_profiles(), histories())
def test_identical_results_in_every_language(anyone: Profile, profile: Profile, logs: list[LogEntry]) -> None:
    TRIED["same result in every language"] += 1
    english = outcome(anyone, profile, logs)
    assert len(content.languages()) >= 2
    for language in (*content.languages()[1:], i18n.PSEUDO):
        with i18n.speaking(language):
            assert outcome(anyone, profile, logs) == english, language
