"""Reading the browser's weighted lists (Accept-Language, Accept-Encoding): one parser for both."""

from __future__ import annotations


def weighted(header: str) -> list[tuple[str, float]]:
    """Each value of a header like "es-ES,es;q=0.9,en;q=0.8" with its weight, in the header's order;
    a weight that cannot be read counts as 0 (not wanted)."""
    out = []
    for part in header.split(","):
        name, _sep, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        if name.strip():
            out.append((name.strip(), weight))
    return out
