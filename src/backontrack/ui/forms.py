"""Validation messages as a person reads them: field names replaced by the labels on the form."""

from __future__ import annotations

from collections.abc import Mapping


def labelled(message: str, labels: Mapping[str, str]) -> str:
    """Replace the field name at the start of each part of a '; '-joined message with its form label."""
    parts = []
    for part in message.split("; "):
        field, _, rest = part.partition(": ")
        head = field.split(".")[0]
        parts.append(f"{labels[head]}: {rest}" if rest and head in labels else part)
    return "; ".join(parts)
