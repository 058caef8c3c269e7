"""Settings from the environment: defaults, and bad values named by their variable."""

from __future__ import annotations

import pytest

from backontrack import content
from backontrack.settings import SettingsError, load


def test_defaults_are_personal_mode_on_sqlite_in_the_data_folder() -> None:
    s = load({})
    assert s.mode == "personal"
    assert s.resolved_database_url.startswith("sqlite:///")
    assert s.resolved_database_url.endswith("backontrack.sqlite3")


def test_database_url_and_emergency_number_come_from_the_environment() -> None:
    s = load({"BACKONTRACK_DATABASE_URL": "sqlite://", "BACKONTRACK_EMERGENCY_NUMBER": "112"})
    assert s.resolved_database_url == "sqlite://"
    assert s.emergency_call == "112"


def test_without_a_number_the_common_ones_are_shown() -> None:
    assert "999" in load({}).emergency_call
    assert "911" in load({}).emergency_call


@pytest.mark.parametrize(
    ("variable", "value"),
    [("BACKONTRACK_MODE", "party"), ("BACKONTRACK_EMERGENCY_NUMBER", "call me")],
)
def test_bad_environment_value_names_the_variable(variable: str, value: str) -> None:
    with pytest.raises(SettingsError, match=f"^{variable}: "):
        load({variable: value})


def test_urgent_advice_defaults_to_wording_that_fits_any_country() -> None:
    assert load({}).urgent_advice == "your doctor's surgery or an urgent care service"
    local = load({"BACKONTRACK_URGENT_ADVICE": "your GP surgery or NHS 111"})
    assert local.fill("Contact {urgent_advice} today.") == "Contact your GP surgery or NHS 111 today."


@pytest.mark.parametrize("value", ["{emergency_number}", "<b>bold</b>", "x" * 121])
def test_bad_urgent_advice_names_the_variable(value: str) -> None:
    with pytest.raises(SettingsError, match=r"^BACKONTRACK_URGENT_ADVICE: "):
        load({"BACKONTRACK_URGENT_ADVICE": value})


def test_the_crisis_line_is_a_setting_filled_into_the_not_coping_reason() -> None:
    local = load({"BACKONTRACK_CRISIS_LINE": "Samaritans on 116 123"})
    filled = local.fill(content.red_flags().item("not_coping").reason)
    assert "contact Samaritans on 116 123." in filled
    with pytest.raises(SettingsError, match=r"^BACKONTRACK_CRISIS_LINE: "):
        load({"BACKONTRACK_CRISIS_LINE": "{emergency_number}"})
