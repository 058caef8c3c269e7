"""Turning the daily-log widgets' values into a LogEntry (kept out of the page to keep it thin)."""

from __future__ import annotations

import datetime as dt

from pydantic import ValidationError

from backontrack.i18n import N_, _
from backontrack.models import LogEntry, describe_error
from backontrack.ui.forms import labelled

#: Field names as the form labels them, so error messages name what the person sees
#: (kept in English here; `field_labels()` gives them in the language spoken).
FIELD_LABELS = {
    "date": N_("Day"),
    "pain": N_("Pain"),
    "minutes": N_("Minutes walked"),
    "walks": N_("Minutes of each walk"),
    "red_flags": N_("New warning signs"),
    "note": N_("Note"),
    "flare": N_("Flare"),
}

NONE_OF_THESE = "none"
SOMETHING_NEW = "some"
#: The re-check's two answers as the form labels them (translated where shown: `_(RECHECK_LABELS[id])`).
RECHECK_LABELS = {NONE_OF_THESE: N_("None of these"), SOMETHING_NEW: N_("Yes, one or more")}
#: The daily re-check, as the form asks it (red-flag contract: "since your last log").
RECHECK_QUESTION = N_("Since your last log, has any of these started or got worse?")


def field_labels() -> dict[str, str]:
    """FIELD_LABELS in the language spoken, for `labelled`."""
    return {field: _(label) for field, label in FIELD_LABELS.items()}


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
            _("Please answer \"{question}\": choose '{none}' or '{some}'.").format(
                question=_(RECHECK_QUESTION),
                none=_(RECHECK_LABELS[NONE_OF_THESE]),
                some=_(RECHECK_LABELS[SOMETHING_NEW]),
            )
        )
    if recheck == SOMETHING_NEW and not ticked:
        # The field's id first, replaced by its label (forms.labelled); only the rest is translated.
        missing = _("tick the sign that is new, or choose '{none}'").format(
            none=_(RECHECK_LABELS[NONE_OF_THESE])
        )
        raise LogFormError(labelled(f"red_flags: {missing}", field_labels()))
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
        raise LogFormError(labelled(describe_error(exc), field_labels())) from exc
