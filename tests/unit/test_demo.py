"""Workshop personas: every file entry valid, and every story doing what it promises through the real core."""

from __future__ import annotations

import datetime as dt

import pytest

from backontrack.demo import Persona, personas, replay
from backontrack.triage import assess
from tests.conftest import START

PEOPLE = [pytest.param(p, id=p.id) for p in personas()]


def day_of(date: dt.date) -> int:
    return (date - START).days + 1


def test_there_are_at_least_five_made_up_people_covering_every_story() -> None:
    tiers = {p.promises.tier for p in personas()}
    assert len(personas()) >= 5
    assert {"self_care", "soon", "emergency"} <= tiers
    assert any(p.baseline_minutes and p.baseline_minutes < 5 for p in personas())  # a low baseline
    assert any(p.promises.flare_start_days for p in personas())
    assert any(p.promises.stop_day for p in personas())
    assert any(c.kind == "drop_back" for p in personas() for c in p.promises.changes)


@pytest.mark.parametrize("who", PEOPLE)
def test_each_persona_gets_the_result_its_story_promises(who: Persona) -> None:
    assert assess(who.answers()).tier == who.promises.tier
    plan = who.plan(START)
    assert (plan is None) == (who.promises.tier == "emergency")
    if plan is not None:
        assert plan.flare_start_days == who.promises.flare_start_days


@pytest.mark.parametrize("who", PEOPLE)
def test_each_replay_makes_exactly_the_changes_its_story_promises(who: Persona) -> None:
    last = max((log.day for log in who.logs), default=1)
    adapted = replay(who, START, last)
    if adapted is None:
        assert who.promises.tier == "emergency"
        return
    made = [(a.kind, [day_of(d) for d in a.log_dates]) for a in adapted.adjustments]
    assert made == [(c.kind, c.log_days) for c in who.promises.changes]
    if who.promises.stop_day is not None:
        assert adapted.stopped is not None
        assert day_of(adapted.stopped_on) == who.promises.stop_day  # type: ignore[arg-type]
        assert max(day_of(d.date) for d in adapted.days) == who.promises.stop_day  # no plan days after it


def test_jos_drop_back_appears_on_day_6_and_not_before() -> None:
    jo = next(p for p in personas() if p.id == "jo")
    assert not [a for a in replay(jo, START, 5).adjustments if a.kind == "drop_back"]  # type: ignore[union-attr]
    [drop] = [a for a in replay(jo, START, 6).adjustments if a.kind == "drop_back"]  # type: ignore[union-attr]
    assert f"{START + dt.timedelta(days=4):%a} {(START + dt.timedelta(days=4)).day}" in drop.sentence
