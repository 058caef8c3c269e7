"""The number-field reader every form uses: what is typed is read exactly, or named as wrong."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backontrack.ui.forms import RangeError, labelled, whole_number
from backontrack.ui.kiosk import idle_time
from backontrack.ui.widgets import walks_by_time


@pytest.mark.parametrize("typed", ["4²", "①", "٣", "1e2", "-5", "2.5", "x", "\uff11\uff12"])
def test_issue_17_anything_but_plain_digits_is_a_range_error_never_a_crash(typed: str) -> None:
    with pytest.raises(RangeError, match="Minutes walked must be a whole number from 0 to 600"):
        whole_number(typed, "Minutes walked", 0, 600)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=12))
def test_any_text_reads_as_a_number_in_range_or_a_range_error(typed: str) -> None:
    """Hypothesis tries unicode of every kind; the reader never raises anything but RangeError."""
    try:
        value = whole_number(typed, "Age", 16, 110)
    except RangeError:
        return
    assert value is None or 16 <= value <= 110
    assert value is None or typed.strip() == str(value) or typed.strip().lstrip("0") == str(value)


def test_issue_17_one_chosen_time_is_named_once_not_on_every_walk() -> None:
    assert walks_by_time([3, 3, 3], ["morning"] * 3) == "3 min + 3 min + 3 min in the morning"
    assert walks_by_time([5, 5], ["morning", "evening"]) == "5 min in the morning, then 5 min in the evening"
    assert walks_by_time([10, 10], []) == "10 min + 10 min"


@pytest.mark.parametrize(
    ("seconds", "said"), [(60, "1 minute"), (150, "2½ minutes"), (120, "2 minutes"), (45, "45 seconds")]
)
def test_issue_17_the_kiosk_says_its_idle_time_in_plain_words(seconds: int, said: str) -> None:
    assert idle_time(seconds) == said


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (
            "preferences.walks_per_day: Input should be greater than or equal to 2",
            "Walks per day: must be 2 or more",
        ),
        (
            "preferences.terrain: Input should be 'flat_route', 'treadmill' or 'park'",
            "Where you will walk: please choose one of the options shown",
        ),
        ("baseline_minutes: Field required", "Minutes you walked: this is missing"),
    ],
)
def test_issue_24_a_preference_error_names_its_box_in_plain_words(raw: str, shown: str) -> None:
    """Round 3 left a raw "preferences.walks_per_day: Input should be ..." on the plan page."""
    labels = {
        "preferences.walks_per_day": "Walks per day",
        "preferences.terrain": "Where you will walk",
        "preferences": "How you like to walk",
        "baseline_minutes": "Minutes you walked",
    }
    assert labelled(raw, labels) == shown
