"""The run of logged days the home page shows: a nudge to keep logging, never a telling-off.

It counts days logged, not minutes walked (a short walk on a bad day still
counts), and a run may end yesterday: today is not over yet. After a gap the
count starts again, and the words say "welcome back", never what was missed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from backontrack.i18n import _, ngettext

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Streak:
    """Consecutive logged days ending today or yesterday, and whether the person is coming back."""

    days: int
    logged_today: bool
    welcome_back: bool

    @property
    def sentence(self) -> str | None:
        """What the home page says (None for someone who has not logged a day yet)."""
        if self.welcome_back:
            return _("Welcome back. Log today, and your plan picks up from here.")
        if self.days == 0:
            return None
        if self.logged_today:
            if self.days == 1:
                return _("You have logged today. Well done.")
            return ngettext(
                "You have logged {n} day in a row, today included. Well done.",
                "You have logged {n} days in a row, today included. Well done.",
                self.days,
            ).format(n=self.days)
        if self.days == 1:
            return _("You have logged 1 day, up to yesterday. Log today to keep it going.")
        return ngettext(
            "You have logged {n} day in a row, up to yesterday. Log today to keep it going.",
            "You have logged {n} days in a row, up to yesterday. Log today to keep it going.",
            self.days,
        ).format(n=self.days)


def streak(logged: Iterable[dt.date], today: dt.date) -> Streak:
    """The run of logged days that ends today, or yesterday if today is not logged yet."""
    dates = {d for d in logged if d <= today}
    if not dates:
        return Streak(days=0, logged_today=False, welcome_back=False)
    logged_today = today in dates
    day = today if logged_today else today - ONE_DAY
    count = 0
    while day in dates:
        count += 1
        day -= ONE_DAY
    return Streak(days=count, logged_today=logged_today, welcome_back=count == 0)
