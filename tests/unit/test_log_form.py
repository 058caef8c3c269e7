"""The daily-log form's values become a LogEntry, or an error naming the field by its label."""

from __future__ import annotations

import re

import pytest

from backontrack.ui.log_form import NONE_OF_THESE, SOMETHING_NEW, LogFormError, build_entry
from tests.conftest import START


def test_total_minutes_and_none_of_these_make_an_entry() -> None:
    entry = build_entry(START, 3, 20, None, False, NONE_OF_THESE, [], " ok ")
    assert (entry.pain, entry.minutes, entry.red_flags, entry.note) == (3, 20, [], "ok")


def test_per_walk_minutes_add_up() -> None:
    assert build_entry(START, 3, None, [10, 15], False, NONE_OF_THESE, [], "").minutes == 25


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((None, 20, None, False, NONE_OF_THESE, [], ""), "Pain: this is missing"),
        ((3, None, None, False, NONE_OF_THESE, [], ""), "Minutes walked: this is missing"),
        ((3, 20, None, False, None, [], ""), 'Please answer "Since your last log, has any of these started'),
        ((3, 20, None, False, SOMETHING_NEW, [], ""), "New warning signs: tick the sign"),
        ((3, 601, None, False, NONE_OF_THESE, [], ""), "Minutes walked: must be 600 or less"),
        ((3, 20, None, False, NONE_OF_THESE, [], "x" * 501), "Note: at most 500 characters"),
    ],
)
def test_missing_or_invalid_values_name_the_field(args: tuple[object, ...], message: str) -> None:
    with pytest.raises(LogFormError, match=re.escape(message)):
        build_entry(START, *args)  # type: ignore[arg-type]
