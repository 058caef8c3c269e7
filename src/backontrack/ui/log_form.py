"""Turning the daily-log widgets' values into a LogEntry (kept out of the page to keep it thin)."""

from __future__ import annotations

import datetime as dt

from pydantic import ValidationError

from backontrack.models import LogEntry, describe_error
from backontrack.ui.forms import labelled

#: Field names as the form labels them, so error messages name what the person sees.
FIELD_LABELS = {
    "date": "Day",
    "pain": "Pain",
    "minutes": "Minutes walked",
    "walks": "Minutes of each walk",
    "red_flags": "New warning signs",
    "note": "Note",
    "flare": "Flare",
}

NONE_OF_THESE = "none"
SOMETHING_NEW = "some"
#: The daily re-check, as the form asks it (red-flag contract: "since your last log").
RECHECK_QUESTION = "Since your last log, has any of these started or got worse?"


class LogFormError(ValueError):
    """The form's values cannot make a LogEntry; the message names the fields by their labels."""


def build_entry(
    date: dt.date,
    pain: int | None,
    minutes: int | None,
    walks: list[int] | None,
    flare: bool,
    recheck: str | None,
    ticked: list[str],
    note: str,
) -> LogEntry:
    """A validated LogEntry from the form's values; a missing value is an error, never a default."""
    if recheck is None:
        # Named as the question on screen, not as a field (issue 25: "New warning signs: this is missing").
        raise LogFormError(
            f"Please answer \"{RECHECK_QUESTION}\": choose 'None of these' or 'Yes, one or more'."
        )
    if recheck == SOMETHING_NEW and not ticked:
        raise LogFormError(
            labelled("red_flags: tick the sign that is new, or choose 'None of these'", FIELD_LABELS)
        )
    data: dict[str, object] = {"date": date, "flare": flare, "note": note}
    if pain is not None:
        data["pain"] = pain
    if walks is not None:
        data["walks"] = walks
        data["minutes"] = sum(walks)
    elif minutes is not None:
        data["minutes"] = minutes
    if recheck == NONE_OF_THESE:
        data["red_flags"] = []
    elif recheck == SOMETHING_NEW:
        data["red_flags"] = ticked
    try:
        return LogEntry.model_validate(data)
    except ValidationError as exc:
        raise LogFormError(labelled(describe_error(exc), FIELD_LABELS)) from exc
