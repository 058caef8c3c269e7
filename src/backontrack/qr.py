"""The take-home QR code: the plan's own text (handoff.take_home_text), never a link to this server.

A clinic kiosk's server is not reachable from a phone, so the code carries the
words themselves; any phone's camera app shows them, and the personal app can
read them back ("Continue at home").
"""

from __future__ import annotations

import io

import segno

#: Error correction M: survives a crease or a smudge on a printout, still small at 1,000 characters.
ERROR_CORRECTION = "m"


def qr_png(text: str, scale: int = 4) -> bytes:
    """A PNG of the QR code for `text` (quiet zone included, black on white)."""
    code = segno.make(text, error=ERROR_CORRECTION, micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
