"""Model validation: bad input is rejected with a message naming the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from backontrack.models import LogEntry, Preferences, Profile, describe_error
from tests.conftest import START, profile_data


def entry(**fields: Any) -> dict[str, Any]:
    return {"date": START, "pain": 3, "minutes": 20, "red_flags": [], **fields}


def error_of(model: type, data: dict[str, Any]) -> str:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return describe_error(caught.value)


def test_valid_log_entry_round_trips() -> None:
    log = LogEntry.model_validate(entry(walks=[12, 8], flare=True, note="  felt ok  "))
    assert (log.minutes, log.walks, log.note) == (20, [12, 8], "felt ok")
    assert LogEntry.model_validate_json(log.model_dump_json()) == log


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("pain", 11),
        ("pain", -1),
        ("pain", 4.5),
        ("pain", "4"),
        ("minutes", 601),
        ("minutes", -5),
        ("minutes", True),
        ("flare", "yes"),
        ("date", "2026-11-23"),
        ("date", 0),
    ],
)
def test_log_out_of_range_or_wrong_type_names_the_field(field: str, value: object) -> None:
    message = error_of(LogEntry, entry(**{field: value}))
    assert message.startswith(f"{field}:")


def test_log_unknown_field_is_rejected_by_name() -> None:
    assert error_of(LogEntry, entry(steps=5000)).startswith("steps: Extra inputs are not permitted")


def test_log_note_over_500_characters_is_rejected() -> None:
    assert error_of(LogEntry, entry(note="x" * 501)).startswith("note:")


def test_log_note_is_stripped_before_its_length_is_checked() -> None:
    assert LogEntry.model_validate(entry(note=" " * 10 + "x" * 500 + "\n")).note == "x" * 500


def test_log_note_must_be_plain_text() -> None:
    assert "plain text" in error_of(LogEntry, entry(note="hi\x00there"))


def test_log_red_flag_recheck_must_be_answered() -> None:
    data = entry()
    del data["red_flags"]
    assert error_of(LogEntry, data) == "red_flags: Field required"


def test_log_red_flag_recheck_rejects_unknown_signs() -> None:
    assert "unknown re-check sign headache" in error_of(LogEntry, entry(red_flags=["headache"]))


def test_log_walks_must_add_up_to_the_minutes() -> None:
    assert error_of(LogEntry, entry(minutes=25, walks=[10, 10])).startswith("minutes: 25 does not match")


def test_log_walk_of_zero_minutes_is_rejected() -> None:
    assert error_of(LogEntry, entry(minutes=10, walks=[10, 0])).startswith("walks.1:")


@pytest.mark.parametrize(
    ("field", "value"),
    [("baseline_minutes", 0), ("baseline_minutes", 11), ("baseline_pain", 11), ("baseline_minutes", 5.0)],
)
def test_profile_baseline_out_of_range_names_the_field(field: str, value: object) -> None:
    assert error_of(Profile, profile_data(**{field: value})).startswith(f"{field}:")


@pytest.mark.parametrize(
    ("prefs", "field"),
    [
        ({"walks_per_day": 7}, "walks_per_day"),
        ({"walks_per_day": 1}, "walks_per_day"),
        ({"times_of_day": ["noon"]}, "times_of_day.0"),
        ({"times_of_day": ["morning", "morning"]}, "times_of_day"),
        ({"terrain": "hills"}, "terrain"),
        ({"balance_concerns": "sometimes"}, "balance_concerns"),
        ({"speed": "fast"}, "speed"),
    ],
)
def test_preferences_out_of_range_or_unknown_name_the_field(prefs: dict[str, Any], field: str) -> None:
    assert error_of(Profile, profile_data(preferences=prefs)).startswith(f"preferences.{field}")


def test_times_of_day_are_kept_in_day_order() -> None:
    assert Preferences(times_of_day=["evening", "morning"]).times_of_day == ["morning", "evening"]


def test_log_date_accepts_a_real_date() -> None:
    assert LogEntry.model_validate(entry(date=dt.date(2027, 1, 1))).date == dt.date(2027, 1, 1)
