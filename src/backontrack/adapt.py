"""Adapt the plan to the daily log, and explain every change in one sentence.

A pure function of (plan, logs, today): nothing is stored, so editing a past
log re-derives the whole plan and its explanations. Rules from
shared/clinical/walking-plan.md, "Adapting to the daily log":

- a spike is pain at least 2 above baseline_pain;
- a level ends, and the next begins, only once one of its days was logged
  without a spike; past days with no log hold the level;
- one spike day repeats the current level; spikes two or more days in a row
  drop back one level for seven days (flare days below level 1);
- a day marked as a flare becomes short, frequent 5-minute walks;
- any red-flag tick in the daily re-check stops the plan with its triage result;
- after level 5 the plan climbs on through this person's own levels (a
  scaled plan keeps climbing in its own steps) to the maintenance level.

Days after `today` are a projection: they assume the level moves on as planned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from backontrack import content, triage
from backontrack.models import AdaptedPlan, Adjustment, AdjustmentKind, LogEntry, Plan, TriageResult
from backontrack.plan import FLARE, PlannedDay, flare_walks, lay_out, level_table

ONE_DAY = dt.timedelta(days=1)


def when(date: dt.date) -> str:
    """A date as people say it in a sentence: 'Tue 24 Nov'."""
    return f"{date:%a} {date.day} {date:%b}"


def is_spike(plan: Plan, entry: LogEntry) -> bool:
    """Pain at least `spike_rise` (2) above the baseline pain."""
    return entry.pain >= plan.profile.baseline_pain + content.walking_plan().rules.spike_rise


@dataclass
class _Block:
    """The level being walked now and how far through it the person is."""

    level: int
    length: float  # days; infinite for maintenance
    done: int = 0
    cleared: bool = False  # one of its days was logged without a spike
    held_since: dt.date | None = None

    @property
    def finished(self) -> bool:
        return self.done >= self.length


class _Engine:
    """Walks through the plan's dates one at a time, applying the rules in order."""

    def __init__(self, plan: Plan, logs: dict[dt.date, LogEntry], today: dt.date) -> None:
        self.plan = plan
        self.table = level_table(plan.profile)
        self.logs = logs
        self.today = today
        self.rules = content.walking_plan().rules
        first = plan.flare_start_days
        self.block = self._block(FLARE, first) if first else self._block(1)
        self.spike_run: list[LogEntry] = []
        self.planned: list[PlannedDay] = []
        self.adjustments: list[Adjustment] = []
        self.stopped: TriageResult | None = None
        self.stopped_on: dt.date | None = None

    def _block(self, level: int, length: float | None = None) -> _Block:
        """A fresh run of a level: its own length from the table, or `length` days."""
        return _Block(level=level, length=self.table[level].days if length is None else length)

    def _name(self, level: int) -> str:
        return self.table[level].name

    def run(self, last: dt.date) -> None:
        date = self.plan.start
        while date <= last and self.stopped is None:
            self._day(date)
            date += ONE_DAY

    def _say(
        self, date: dt.date, kind: AdjustmentKind, sentence: str, entries: Iterable[LogEntry] = ()
    ) -> None:
        self.adjustments.append(
            Adjustment(date=date, kind=kind, sentence=sentence, log_dates=[e.date for e in entries])
        )

    def _day(self, date: dt.date) -> None:
        entry = self.logs.get(date)
        held = self.block.finished
        self.planned.append(
            PlannedDay(date=date, level=self.block.level, flare=bool(entry and entry.flare), held=held)
        )
        self.block.done += 1
        if entry is None:
            self.spike_run = []
        else:
            if entry.red_flags:
                self._stop(entry)
                return
            if entry.flare and self.block.level != 0:
                self._say(
                    date,
                    "flare_day",
                    f"You marked {when(date)} as a flare, with pain at {entry.pain}/10. "
                    f"So that day became short walks of {self._flare_minutes} minutes.",
                    [entry],
                )
            self._pain(entry)
        self._maybe_move_on(date)

    @property
    def _flare_minutes(self) -> int:
        """This person's flare-day walk (5 minutes, or less for a very short baseline walk)."""
        return flare_walks(self.plan.profile)[0]

    def _stop(self, entry: LogEntry) -> None:
        self.stopped = triage.recheck(entry.red_flags)
        self.stopped_on = entry.date
        signs = ", ".join(content.red_flags().item(i).label.lower() for i in entry.red_flags)
        self._say(
            entry.date,
            "stop",
            f"On {when(entry.date)} you ticked a warning sign in the daily check: {signs}. "
            "So the plan has stopped. Follow the advice shown with it.",
            [entry],
        )

    def _pain(self, entry: LogEntry) -> None:
        start = self.plan.profile.baseline_pain
        if not is_spike(self.plan, entry):
            self.spike_run = []
            if not entry.flare:
                self.block.cleared = True
            return
        consecutive = self.spike_run and self.spike_run[-1].date == entry.date - ONE_DAY
        self.spike_run = [*self.spike_run, entry] if consecutive else [entry]
        tomorrow = entry.date + ONE_DAY
        name = self._name(self.block.level)
        if len(self.spike_run) == 1:
            self.block = self._block(
                self.block.level, self.block.length if self.block.level == FLARE else None
            )
            self._say(
                tomorrow,
                "repeat_level",
                f"Your pain was {entry.pain}/10 on {when(entry.date)}, up from {start} at the start. "
                f"So {name} starts again on {when(tomorrow)}.",
                [entry],
            )
        elif len(self.spike_run) == 2:
            before = self.spike_run[0]
            lower = max(FLARE, self.block.level - 1)
            self.block = self._block(lower, self.rules.drop_back_days)
            target = (
                f"flare days, with short walks of {self._flare_minutes} minutes"
                if lower == FLARE
                else self._name(lower)
            )
            self._say(
                tomorrow,
                "drop_back",
                f"Your pain was {before.pain}/10 on {when(before.date)} and {entry.pain}/10 on "
                f"{when(entry.date)}. That is two days in a row well above the {start} you started with. "
                f"So the plan goes back to {target} for {self.rules.drop_back_days} days "
                f"from {when(tomorrow)}.",
                self.spike_run,
            )
        else:
            self.block = self._block(self.block.level, self.block.length)
            self._say(
                tomorrow,
                "repeat_level",
                f"Your pain was still {entry.pain}/10 on {when(entry.date)}. "
                f"So the {self.block.length:g} days of {name} start again on {when(tomorrow)}.",
                [entry],
            )

    def _maybe_move_on(self, date: dt.date) -> None:
        block = self.block
        if not block.finished:
            return
        if block.cleared or date >= self.today:
            # Past days need a logged day without a spike; today and later are a projection.
            self.block = self._block(min(block.level + 1, self.table[-1].level))
            return
        if block.held_since is None:
            block.held_since = date + ONE_DAY
            name = self._name(block.level)
            self._say(
                date + ONE_DAY,
                "hold",
                f"No day of {name} up to {when(date)} is logged without a big rise in pain yet. "
                f"So {name} carries on from {when(date + ONE_DAY)}. "
                "The plan moves on once you log how a day went.",
            )


def adapt(plan: Plan, logs: Iterable[LogEntry], today: dt.date | None = None) -> AdaptedPlan:
    """The plan as it now stands after the logs, with one Adjustment per change.

    `today` separates the past (where missing logs hold a level) from the
    projection; it defaults to the latest log date, or the plan start.
    """
    by_date = {entry.date: entry for entry in logs if entry.date >= plan.start}
    if today is None:
        today = max(by_date, default=plan.start)
    last = max([plan.end, today, *by_date])
    engine = _Engine(plan, by_date, today)
    engine.run(last)
    return AdaptedPlan(
        plan=plan,
        today=today,
        days=lay_out(plan.profile, plan.start, engine.planned),
        adjustments=engine.adjustments,
        stopped=engine.stopped,
        stopped_on=engine.stopped_on,
    )
