"""The home page's run of logged days: counted in days logged, ending today or yesterday, never shaming."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backontrack.streak import streak
from tests import wording

TODAY = dt.date(2026, 11, 30)


def days_back(*offsets: int) -> list[dt.date]:
    return [TODAY - dt.timedelta(days=n) for n in offsets]


def test_nothing_logged_yet_says_nothing() -> None:
    run = streak([], TODAY)
    assert (run.days, run.welcome_back, run.sentence) == (0, False, None)


def test_a_run_ending_today_counts_every_day_in_it() -> None:
    run = streak(days_back(0, 1, 2, 3), TODAY)
    assert run.days == 4
    assert run.logged_today
    assert run.sentence == "You have logged 4 days in a row, today included. Well done."


def test_a_run_ending_yesterday_still_counts_because_today_is_not_over() -> None:
    run = streak(days_back(1, 2, 3), TODAY)
    assert run.days == 3
    assert not run.logged_today
    assert not run.welcome_back
    assert run.sentence is not None
    assert "Log today to keep it going" in run.sentence


def test_a_gap_ends_the_run_and_only_the_days_after_it_count() -> None:
    assert streak(days_back(0, 1, 3, 4, 5, 6), TODAY).days == 2


def test_after_a_missed_day_it_says_welcome_back_and_never_what_was_missed() -> None:
    run = streak(days_back(2, 3, 4, 5), TODAY)
    assert run.days == 0
    assert run.welcome_back
    assert run.sentence is not None
    assert run.sentence.startswith("Welcome back")
    for blame in ("missed", "broke", "lost", "failed", "should"):
        assert blame not in run.sentence.lower()


def test_days_after_today_do_not_count() -> None:
    assert streak([TODAY + dt.timedelta(days=1), TODAY], TODAY).days == 1


@pytest.mark.parametrize("offsets", [(), (0,), (1,), (0, 1, 2), (1, 2), (5,)])
def test_every_streak_sentence_is_plain(offsets: tuple[int, ...]) -> None:
    sentence = streak(days_back(*offsets), TODAY).sentence
    if sentence:
        for line in wording.graded([sentence]):
            assert wording.grade(line) <= wording.MAX_GRADE, line


@given(st.sets(st.integers(min_value=0, max_value=60)))
def test_the_run_is_exactly_the_unbroken_days_back_from_today_or_yesterday(offsets: set[int]) -> None:
    run = streak(days_back(*offsets), TODAY)
    first = 0 if 0 in offsets else 1
    expected = 0
    while first + expected in offsets:
        expected += 1
    assert run.days == expected
    assert run.welcome_back == (bool(offsets) and expected == 0)
