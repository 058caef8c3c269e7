"""Dates as every output writes them: one format, no leading zeros (issue 25: the day picker said
"Sunday 6 December" and the saved message "Sunday 06 December").

- `day_long`: "Sunday 6 December" (a day a person picks or is told about);
- `day_short`: "Sun 6 Dec" (inside a sentence about logs, tables, calendars);
- `date_long`: "6 December 2026" (when something was made or checked);
- `date_short`: "Sun 6 Dec 2026" (a dated line in a list that can span years);
- `day_month`: "6 Dec" (a chart's date labels).

Each is written by Babel in the language being spoken (i18n.py): "domingo 6 de diciembre" in Spanish.
"""

from __future__ import annotations

import datetime as dt

from backontrack.i18n import write_date


def day_long(date: dt.date) -> str:
    return write_date(date, "day_long")


def day_short(date: dt.date) -> str:
    return write_date(date, "day_short")


def date_long(date: dt.date) -> str:
    return write_date(date, "date_long")


def date_short(date: dt.date) -> str:
    return write_date(date, "date_short")


def day_month(date: dt.date) -> str:
    return write_date(date, "day_month")
