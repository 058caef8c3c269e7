"""Adapt the plan to the daily log, and explain every change in plain words.

A pure function of (plan, logs, today): nothing is stored, so editing a past
log re-derives the whole plan and its explanations. Rules from
shared/clinical/walking-plan.md, "Adapting to the daily log":

- a spike is pain at least 2 above baseline_pain, or any pain of 8 or more;
- severe pain (8 or more) on three logged days in a row, or a logged 10,
  holds the plan at flare days until a logged day below 8, and says who to
  see and how soon (revised 2026-12-01);
- a level ends, and the next begins, only once one of its days was logged
  without a spike; past days with no log hold the level;
- one spike day repeats the current level; spikes two or more days in a row
  drop back one level for seven days (flare days below level 1);
- a day marked as a flare becomes short, frequent 5-minute walks;
- any red-flag tick in the daily re-check stops the plan with its triage result;
- after level 5 the plan climbs on through this person's own levels (a
  scaled plan keeps climbing in its own steps) to the maintenance level.
  Those extra levels ("Level 6", "Level 7", ... from plan.level_table) follow
  every rule above exactly like levels 1-5; drop-backs go one table row down.

Days after `today` are a projection: they assume the level moves on as planned.
Each change is told in two or three short sentences (reading grade 8 or less)
that name the log entries behind it: their dates and pain scores.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from backontrack import content, triage
from backontrack.models import (
    AdaptedPlan,
    Adjustment,
    AdjustmentKind,
    LogEntry,
    Plan,
    SevereKind,
    SeverePain,
    TriageResult,
)
from backontrack.plan import FLARE, PlannedDay, flare_walks, lay_out, level_table

ONE_DAY = dt.timedelta(days=1)


def when(date: dt.date) -> str:
    """A date as people say it in a sentence: 'Tue 24 Nov'."""
    return f"{date:%a} {date.day} {date:%b}"


def spike_from(baseline_pain: int) -> int:
    """The lowest logged pain that is a spike: 2 above the baseline, or 8 whatever the baseline."""
    rules = content.walking_plan().rules
    return min(baseline_pain + rules.spike_rise, rules.spike_pain_at_least)


def is_spike(plan: Plan, entry: LogEntry) -> bool:
    return entry.pain >= spike_from(plan.profile.baseline_pain)


def severe_days(severe: SeverePain) -> str:
    """The days behind a severe hold, as a sentence lists them: 'Mon 30 Nov (9/10) and Tue 1 Dec (8/10)';
    a single 10 is just its day ('Tue 1 Dec'), since the sentence already says 10 out of 10."""
    if severe.kind == "worst":
        return when(severe.log_dates[-1])
    parts = [f"{when(d)} ({p}/10)" for d, p in zip(severe.log_dates, severe.pains, strict=True)]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


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
        self.severe_run: list[LogEntry] = []
        self.severe: SeverePain | None = None
        self.planned: list[PlannedDay] = []
        self.adjustments: list[Adjustment] = []
        self.stopped: TriageResult | None = None
        self.stopped_on: dt.date | None = None

    def _block(self, level: int, length: float | None = None) -> _Block:
        """A fresh run of a level: its own length from the table, or `length` days."""
        return _Block(level=level, length=self.table[level].days if length is None else length)

    def _name(self, level: int) -> str:
        """A level as a sentence names it: "Level 2", "Keep going", or "flare days"."""
        return "flare days" if level == FLARE else self.table[level].name

    def _does(self, level: int, one: str, many: str) -> str:
        """The level and a verb that agrees with it: "Level 2 starts", "flare days start"."""
        return f"{self._name(level)} {many if level == FLARE else one}"

    def _days_of(self, block: _Block) -> str:
        """A block's days in words: "7 days of Level 2", "7 flare days"."""
        if block.level == FLARE:
            return f"{block.length:g} flare days"
        return f"{block.length:g} days of {self._name(block.level)}"

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
            if not self._severe(entry):
                self._pain(entry)
        self._maybe_move_on(date)

    @property
    def _flare_minutes(self) -> int:
        """This person's flare-day walk (5 minutes, or less for a very short baseline walk)."""
        return flare_walks(self.plan.profile)[0]

    def _stop(self, entry: LogEntry) -> None:
        self.stopped = triage.recheck(entry.red_flags)
        self.stopped_on = entry.date
        signs = ", ".join(content.red_flags().item(i).sign.lower() for i in entry.red_flags)
        self._say(
            entry.date,
            "stop",
            f"On {when(entry.date)} you logged pain of {entry.pain}/10 and ticked a warning sign: {signs}. "
            "So the plan has stopped. Follow the advice shown with it.",
            [entry],
        )

    def _severe(self, entry: LogEntry) -> bool:
        """Severe pain: hold at flare days, or let the plan climb again. True when it decided the day."""
        rules = self.rules
        if entry.pain < rules.spike_pain_at_least:
            self.severe_run = []
            if self.severe is None:
                return False
            self._resume(entry)  # the level starts afresh tomorrow: no spike rule on top
            return True
        consecutive = self.severe_run and self.severe_run[-1].date == entry.date - ONE_DAY
        self.severe_run = [*self.severe_run, entry] if consecutive else [entry]
        if entry.pain >= rules.worst_pain:
            kind: SevereKind | None = "worst"
        elif len(self.severe_run) >= rules.severe_days:
            kind = "days"
        else:
            kind = None
        if kind is None:
            return self.severe is not None  # a hold already in force carries on
        entries = [entry] if kind == "worst" else self.severe_run
        if self.severe is not None and (self.severe.kind == "worst" or kind == "days"):
            # Still held: the record names the latest days, and nothing about the plan changes.
            if kind == self.severe.kind:
                self.severe = self.severe.model_copy(
                    update={"log_dates": [e.date for e in entries], "pains": [e.pain for e in entries]}
                )
            return True
        tomorrow = entry.date + ONE_DAY
        self.severe = SeverePain(
            kind=kind, log_dates=[e.date for e in entries], pains=[e.pain for e in entries]
        )
        self.block = _Block(level=FLARE, length=math.inf)
        self.spike_run = []
        wording = content.walking_plan().severe
        template = wording.worst_sentence if kind == "worst" else wording.days_sentence
        self._say(
            tomorrow, "severe", template.format(days=severe_days(self.severe), first=when(tomorrow)), entries
        )
        return True

    def _resume(self, entry: LogEntry) -> None:
        """A logged day below 8 after a severe hold: the plan starts again from Level 1."""
        self.severe = None
        tomorrow = entry.date + ONE_DAY
        self.block = self._block(1)  # after days of severe pain, the climb starts again from the bottom
        sentence = content.walking_plan().severe.resume_sentence.format(
            pain=entry.pain, day=when(entry.date), level=self._name(1), next=when(tomorrow)
        )
        self._say(tomorrow, "resume", sentence, [entry])

    def _rise(self, entry: LogEntry) -> str:
        """Why one logged day counts as a spike, in words that are true for this baseline."""
        start = self.plan.profile.baseline_pain
        if entry.pain >= start + self.rules.spike_rise:
            return f"Your pain was {entry.pain}/10 on {when(entry.date)}, up from {start} at the start."
        return (
            f"Your pain was {entry.pain}/10 on {when(entry.date)}. Pain of "
            f"{self.rules.spike_pain_at_least} or more counts as a big rise, whatever your starting score."
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
        if len(self.spike_run) == 1:
            self.block = self._block(
                self.block.level, self.block.length if self.block.level == FLARE else None
            )
            self._say(
                tomorrow,
                "repeat_level",
                f"{self._rise(entry)} "
                f"So {self._does(self.block.level, 'starts', 'start')} again on {when(tomorrow)}.",
                [entry],
            )
        elif len(self.spike_run) == 2:
            before = self.spike_run[0]
            lower = max(FLARE, self.block.level - 1)
            self.block = self._block(lower, self.rules.drop_back_days)
            how = f" Those days have short walks of {self._flare_minutes} minutes." if lower == FLARE else ""
            self._say(
                tomorrow,
                "drop_back",
                f"Your pain was {before.pain}/10 on {when(before.date)} and {entry.pain}/10 on "
                f"{when(entry.date)}. That is two days in a row of high pain "
                f"({self.rules.spike_pain_at_least} or more, or {self.rules.spike_rise} above the "
                f"{start} you started with). "
                f"So the plan goes back to {self._name(lower)} for {self.rules.drop_back_days} days "
                f"from {when(tomorrow)}.{how}",
                self.spike_run,
            )
        else:
            self.block = self._block(self.block.level, self.block.length)
            self._say(
                tomorrow,
                "repeat_level",
                f"Your pain was still {entry.pain}/10 on {when(entry.date)}. "
                f"So your {self._days_of(self.block)} start again on {when(tomorrow)}.",
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
            day_of = "a flare day" if block.level == FLARE else f"a day of {self._name(block.level)}"
            below = spike_from(self.plan.profile.baseline_pain)
            carries = self._does(block.level, "carries", "carry")
            self._say(
                date + ONE_DAY,
                "hold",
                f"{carries[0].upper()}{carries[1:]} on from {when(date + ONE_DAY)}. "
                f"The plan moves on once you log {day_of} with pain under {below}/10.",
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
        severe=engine.severe,
    )
