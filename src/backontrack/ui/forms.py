"""Validation messages as a person reads them: field names replaced by the labels on the form."""

from __future__ import annotations

import re
from collections.abc import Mapping

from annotated_types import Ge, Le
from pydantic import BaseModel

from backontrack.i18n import N_, _

#: Validation phrases as a person would say them.
PLAIN = {
    "Field required": N_("this is missing"),
    "String should have at most 500 characters": N_("at most 500 characters, please"),
    "Input should be a valid integer": N_("please choose one"),
}


#: Pydantic's range and choice phrases, as a person would say them ({limit}: the number it names).
RANGES = (
    (re.compile(r"^Input should be less than or equal to (?P<limit>\S+)$"), N_("must be {limit} or less")),
    (re.compile(r"^Input should be greater than or equal to (?P<limit>\S+)$"), N_("must be {limit} or more")),
    (re.compile(r"^Input should be '.*"), N_("please choose one of the options shown")),
)


def plain(rest: str) -> str:
    """A validation phrase in a person's words: never pydantic's own "Input should be ..."."""
    if rest in PLAIN:
        return _(PLAIN[rest])
    for pattern, words in RANGES:
        if match := pattern.match(rest):
            return _(words).format(**match.groupdict())
    return rest


def labelled(message: str, labels: Mapping[str, str]) -> str:
    """Replace the field name at the start of each part of a '; '-joined message with its form label:
    the whole dotted name if it has a label ('preferences.walks_per_day'), else its first part."""
    parts = []
    for part in message.split("; "):
        field, _colon, rest = part.partition(": ")
        label = labels.get(field) or labels.get(field.split(".")[0])
        parts.append(f"{label}: {plain(rest)}" if rest and label else part)
    return "; ".join(parts)


class RangeError(ValueError):
    """A typed number outside its range, or not a whole number; the message gives the range."""


def whole_number(text: str, what: str, low: int, high: int, most: str = "") -> int | None:
    """The whole number typed in a field, exactly as shown; None when the field is empty.

    Number fields are plain text boxes, so what is on screen is what is read:
    nothing the browser refused is silently replaced by an earlier value. `what`
    names the field as the form does (translated by the caller). `most` is the
    whole message, translated, with {what} and {typed}, when a bare range would
    puzzle and the highest number needs saying in words ("520" weeks).
    """
    typed = text.strip()
    if not typed:
        return None
    if not digits(typed) or not low <= int(typed) <= high:
        shown = repr(typed[:12])
        if most:
            raise RangeError(most.format(what=what, typed=shown))
        raise RangeError(
            _("{what} must be a whole number from {low} to {high}. You typed {typed}.").format(
                what=what, low=low, high=high, typed=shown
            )
        )
    return int(typed)


def digits(text: str) -> bool:
    """Plain ASCII digits only: isdigit() alone accepts '4²' and '①', which int() refuses."""
    return text.isascii() and text.isdigit()


def below(text: str, low: int) -> bool:
    """A whole number typed that is under `low` (an age under 16 gets its own screen, not an error)."""
    typed = text.strip()
    return digits(typed) and int(typed) < low


def bounds(model: type[BaseModel], field: str) -> tuple[int, int]:
    """A number field's allowed range, read from the model that validates it (one source of truth)."""
    metadata = model.model_fields[field].metadata
    low = next(m.ge for m in metadata if isinstance(m, Ge))
    high = next(m.le for m in metadata if isinstance(m, Le))
    if not (isinstance(low, int) and isinstance(high, int)):
        raise TypeError(f"{field}: not a whole-number range")
    return low, high
