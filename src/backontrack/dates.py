"""Dates as every output writes them: one format, no leading zeros (issue 25: the day picker said
"Sunday 6 December" and the saved message "Sunday 06 December").

- `day_long`: "Sunday 6 December" (a day a person picks or is told about);
- `day_short`: "Sun 6 Dec" (inside a sentence about logs, tables, calendars);
- `date_long`: "6 December 2026" (when something was made or checked);
- `date_short`: "Sun 6 Dec 2026" (a dated line in a list that can span years).
"""

from __future__ import annotations

import datetime as dt


def day_long(date: dt.date) -> str:
    return f"{date:%A} {date.day} {date:%B}"


def day_short(date: dt.date) -> str:
    return f"{date:%a} {date.day} {date:%b}"


def date_long(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


def date_short(date: dt.date) -> str:
    return f"{date:%a} {date.day} {date:%b %Y}"
