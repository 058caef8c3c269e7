"""Journey: which result governs the screens, and which days can be logged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from backontrack.journey import Journey, LogDateError
from backontrack.models import Answers
from backontrack.store import Store
from backontrack.triage import assess
from tests.conftest import START, answers_data, log, on_day, saved_plan


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.from_url(f"sqlite:///{tmp_path / 'j.sqlite3'}")


def test_no_check_means_no_plan(store: Store) -> None:
    journey = Journey.load(store, store.local_profile(), START)
    assert journey.governing_result is None
    assert journey.plan_blocked
    assert journey.showable is None


def test_a_self_care_plan_is_showable(store: Store) -> None:
    journey = Journey.load(store, saved_plan(store), on_day(3))
    assert journey.showable is not None
    assert journey.day_number == 3


def test_a_newer_urgent_check_blocks_the_plan_left_from_before(store: Store) -> None:
    pid = saved_plan(store)
    urgent = Answers.model_validate(answers_data(weight_loss="yes"))
    store.save_check(pid, urgent, assess(urgent))
    journey = Journey.load(store, pid, on_day(2))
    assert journey.plan is None
    assert journey.showable is None
    assert journey.governing_result is not None
    assert journey.governing_result.tier == "urgent"


def test_a_red_flag_tick_in_the_log_governs_over_the_check(store: Store) -> None:
    pid = saved_plan(store)
    store.upsert_log(pid, log(2, 3, red_flags=["chest_pain"]))
    journey = Journey.load(store, pid, on_day(2))
    assert journey.stopped
    assert journey.showable is None
    assert journey.governing_result is not None
    assert journey.governing_result.tier == "emergency"
    assert journey.next_plan_start() == on_day(3)


def test_log_dates_before_the_start_or_in_the_future_are_refused(store: Store) -> None:
    journey = Journey.load(store, saved_plan(store), on_day(5))
    journey.check_log_date(on_day(1))
    journey.check_log_date(on_day(5))
    with pytest.raises(LogDateError, match=r"^date: .* is before your plan started"):
        journey.check_log_date(START - dt.timedelta(days=1))
    with pytest.raises(LogDateError, match=r"^date: .* is in the future"):
        journey.check_log_date(on_day(6))
