"""Where a person is: their current check, plan and logs, and which result governs the screen.

One place decides whether a plan may be shown, so no page (or URL, or state
left from before) can show a plan to an emergency or urgent result, or after
a red-flag tick in the daily log has stopped it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import pandas as pd

from backontrack import content, triage
from backontrack.adapt import ONE_DAY, adapt, stops_plan
from backontrack.dates import date_short
from backontrack.i18n import _
from backontrack.models import AdaptedPlan, LogEntry, TriageResult
from backontrack.progress import daily_frame
from backontrack.store import CheckRecord, PlanRecord, Store

#: A plan is two weeks long, so its start can be up to 13 days back.
PLAN_DAYS = content.walking_plan().rules.plan_days
#: What the screens show unasked: the last four weeks (the chart, the day list, this block).
RECENT_DAYS = 28
#: Logs this far before a plan's start still count for its severe-pain rule (revision 4).
SEVERE_LOOKBACK = dt.timedelta(days=content.walking_plan().rules.severe_window_days - 1)


@dataclass(frozen=True)
class EarlierStop:
    """A daily-log stop that a newer check replaced: the person said they have been seen (revision 4)."""

    result: TriageResult
    on: dt.date


class LogDateError(ValueError):
    """A log date outside the plan (before its start, or in the future)."""


@dataclass(frozen=True)
class Journey:
    today: dt.date
    check: CheckRecord | None
    plan: PlanRecord | None
    logs: list[LogEntry]
    adapted: AdaptedPlan | None
    #: The progress frame over the whole plan, when worked out before the days were trimmed.
    frame: pd.DataFrame | None = field(default=None, repr=False, compare=False)
    #: True when plan days and logs before the last four weeks were left out (see `recent`).
    trimmed: bool = False
    #: The stop that the current check followed, shown as earlier (None when there was none).
    earlier_stop: EarlierStop | None = None
    _by_date: dict[dt.date, LogEntry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # log_on is asked once per day in the log page's day list: a dict keeps that flat.
        object.__setattr__(self, "_by_date", {e.date: e for e in self.logs})

    @classmethod
    def empty(cls, today: dt.date) -> Journey:
        """Someone who has saved nothing yet."""
        return cls(today=today, check=None, plan=None, logs=[], adapted=None)

    @classmethod
    def load(cls, store: Store, profile_id: int, today: dt.date, through: dt.date | None = None) -> Journey:
        """What is saved for this person, as of `today`; `through` projects the plan further ahead."""
        check = store.current_check(profile_id)
        if check is not None:  # its words in the language spoken now; its result as saved
            check = replace(check, result=triage.reworded(check.result, check.answers))
        plan = store.current_plan(profile_id, check.id) if check else None
        if check is not None and not check.result.plan_allowed:
            plan = None  # belt and braces: a plan never outlives an unsafe result
        # Only what the screens use: the current plan's days up to today (a demo replays up to its
        # "today"), or just today's log when there is no plan; never every log ever made. The week
        # before a plan began is read too: its logs count for the severe-pain rule (revision 4).
        since = plan.plan.start if plan else today
        read = store.logs(profile_id, since=since - SEVERE_LOOKBACK if plan else since, until=today)
        logs = [e for e in read if e.date >= since]
        adapted = adapt(plan.plan, read, today=today, through=through) if plan else None
        stop = cls._earlier_stop(store, profile_id, check) if check else None
        return cls(today=today, check=check, plan=plan, logs=logs, adapted=adapted, earlier_stop=stop)

    @staticmethod
    def _earlier_stop(store: Store, profile_id: int, check: CheckRecord) -> EarlierStop | None:
        """The log that stopped the plan of the check before this one, if one did."""
        previous = store.previous_check(profile_id)
        old = store.current_plan(profile_id, previous.id) if previous else None
        if old is None:
            return None
        made = check.created_at.date()
        logs = store.logs(profile_id, since=old.plan.start, until=made)
        first = next((e for e in logs if stops_plan(e)), None)
        if first is None:
            return None
        return EarlierStop(result=triage.recheck(first.red_flags, first.pain), on=first.date)

    def recent(self) -> Journey:
        """What a session keeps between runs: small, whatever the length of the history.

        Every figure over the whole plan is worked out first (the progress
        frame, which also holds every logged day); then only the last four
        weeks of plan days and logs are kept. Screens that show more (every
        week of the plan, the summary PDF) load the whole journey when asked.
        """
        if self.adapted is None:
            return self
        since = self.today - dt.timedelta(days=RECENT_DAYS - 1)
        return replace(
            self,
            frame=self.progress_frame(),
            logs=[e for e in self.logs if e.date >= since],
            adapted=self.adapted.model_copy(
                update={"days": [d for d in self.adapted.days if d.date >= since]}
            ),
            trimmed=True,
        )

    def progress_frame(self) -> pd.DataFrame | None:
        """One row per plan day: targets, what was logged, pain (progress.daily_frame)."""
        if self.frame is not None:
            return self.frame
        return daily_frame(self.adapted, self.logs) if self.adapted is not None else None

    def logged_days(self) -> list[dt.date]:
        """Every day of this plan that has a log, up to today (the streak counts these)."""
        frame = self.progress_frame()
        if frame is None:
            return [e.date for e in self.logs]
        return [d.date() for d in frame.loc[frame["logged"], "date"]]

    @property
    def governing_result(self) -> TriageResult | None:
        """The result the screens must follow: a stop from the daily log beats the check."""
        if self.adapted is not None and self.adapted.stopped is not None:
            return self.adapted.stopped
        return self.check.result if self.check else None

    @property
    def plan_blocked(self) -> bool:
        """True when no plan may be shown: no check yet, an unsafe result, or a stopped plan."""
        result = self.governing_result
        return result is None or not result.plan_allowed

    @property
    def stopped(self) -> bool:
        return self.adapted is not None and self.adapted.stopped is not None

    @property
    def showable(self) -> AdaptedPlan | None:
        """The adapted plan if, and only if, it may be shown."""
        return None if self.plan_blocked else self.adapted

    @property
    def day_number(self) -> int | None:
        if self.plan is None:
            return None
        return (self.today - self.plan.plan.start).days + 1

    def log_on(self, date: dt.date) -> LogEntry | None:
        return self._by_date.get(date)

    def next_plan_start(self) -> dt.date:
        """Today, unless today's log stopped a plan (a sign, or a 10): it would stop a new one at once."""
        todays = self.log_on(self.today)
        stopped_today = (todays is not None and stops_plan(todays)) or (
            self.earlier_stop is not None and self.earlier_stop.on >= self.today
        )
        return self.today + ONE_DAY if stopped_today else self.today

    def plan_start_days(self) -> list[dt.date]:
        """Days a new plan may start on: the usual one first, then up to 13 days back (already walked),
        but never on or before the log that stopped the last plan (it would stop this one too)."""
        first = self.next_plan_start()
        skip_today = 1 if first == self.today else 0
        back = [self.today - dt.timedelta(days=i) for i in range(skip_today, PLAN_DAYS)]
        if self.earlier_stop is not None:
            back = [d for d in back if d > self.earlier_stop.on]
        return [first, *back]

    def loggable_days(self) -> list[dt.date]:
        """The days offered for logging, newest first: today and back two weeks, within the plan.

        Two weeks is as far back as anyone remembers a day's pain; it also keeps
        the day list short after years of logging.
        """
        if self.plan is None or self.plan.plan.start > self.today:
            return []
        count = min((self.today - self.plan.plan.start).days + 1, PLAN_DAYS)
        return [self.today - dt.timedelta(days=i) for i in range(count)]

    def check_log_date(self, date: dt.date) -> None:
        """Raise LogDateError, naming the date field, for a day that cannot be logged.

        The message starts with the field's id ("date: "), which the log page replaces with the
        field's label (ui.forms.labelled); only what follows it is translated."""
        if self.plan is None:
            raise LogDateError("date: " + _("there is no plan to log against yet"))
        start = self.plan.plan.start
        if date < start:
            raise LogDateError(
                "date: "
                + _("{day} is before your plan started ({start})").format(
                    day=date_short(date), start=date_short(start)
                )
            )
        if date > self.today:
            raise LogDateError(
                "date: "
                + _("{day} is in the future; log a day once it has happened").format(day=date_short(date))
            )
