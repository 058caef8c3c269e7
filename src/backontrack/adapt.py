"""Adapt the plan to the daily log, and explain every change in plain words.

A pure function of (plan, logs, today): nothing is stored, so editing a past
log re-derives the whole plan and its explanations. Rules from
shared/clinical/walking-plan.md, "Adapting to the daily log", revision 4:

- a spike is pain at least 2 above baseline_pain, or any pain of 8 or more;
- severe pain: each log of 8 or more that makes three such logs within the
  seven days ending on it holds the plan at flare days from that log's own day
  (logs from the week before the plan began count too), and says to see a GP
  or physio, naming those days; a logged day below 8 lifts the hold;
- a logged 10, or any red-flag tick in the daily re-check, stops the plan with
  its triage result (a 10 gets the same instruction as a 10 at the check);
- a level ends, and the next begins, only once one of its days was logged
  without a spike; past days with no log hold the level;
- one spike day repeats the current level; spikes two or more days in a row
  drop back one level for seven days, from the day of the second (flare days
  below level 1);
- a day marked as a flare becomes short, frequent walks;
- easing off (a repeat, a drop back, a flare day, a severe-pain hold) never
  asks for more minutes in a day than that day's plan before it, nor than the
  day whose log set it off: such days carry a cap (`PlannedDay.cap`);
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
from dataclasses import dataclass, replace

from backontrack import content, triage
from backontrack.dates import day_short
from backontrack.i18n import _
from backontrack.models import (
    AdaptedPlan,
    Adjustment,
    AdjustmentKind,
    LogEntry,
    Plan,
    SeverePain,
    TriageResult,
)
from backontrack.plan import FLARE, PlannedDay, flare_walks, lay_out, level_table, shortest_walk

ONE_DAY = dt.timedelta(days=1)


def when(date: dt.date) -> str:
    """A date as people say it in a sentence: 'Tue 24 Nov' (dates.day_short)."""
    return day_short(date)


def spike_from(baseline_pain: int) -> int:
    """The lowest logged pain that is a spike: 2 above the baseline, or 8 whatever the baseline."""
    rules = content.walking_plan().rules
    return min(baseline_pain + rules.spike_rise, rules.spike_pain_at_least)


def is_spike(plan: Plan, entry: LogEntry) -> bool:
    return entry.pain >= spike_from(plan.profile.baseline_pain)


def severe_days(severe: SeverePain) -> str:
    """The logs behind a severe hold, as a sentence lists them: 'Mon 30 Nov (9/10) and Tue 1 Dec (8/10)'."""
    parts = [
        _("{day} ({pain}/10)").format(day=when(d), pain=p)
        for d, p in zip(severe.log_dates, severe.pains, strict=True)
    ]
    if len(parts) == 1:
        return parts[0]
    # The last two of a list of days joined as a sentence joins them ("A, B and C").
    return _("{earlier} and {last}").format(earlier=", ".join(parts[:-1]), last=parts[-1])


def stops_plan(entry: LogEntry) -> bool:
    """A log that stops the plan: a warning sign ticked, or pain of 10 (red-flag contract, revision 4)."""
    return bool(entry.red_flags) or entry.pain >= content.red_flags().worst_pain


@dataclass
class _Block:
    """The level being walked now and how far through it the person is."""

    level: int
    length: float  # days; infinite for maintenance
    done: int = 0
    cleared: bool = False  # one of its days was logged without a spike
    held_since: dt.date | None = None
    cap: int | None = None  # the most minutes a day of it may ask for (easing off, revision 4)
    eased: bool = False  # a repeat, a drop back or a hold: its days say the plan is easing off
    severe: bool = False  # held at flare days by severe pain: its days say what lifts the hold

    @property
    def finished(self) -> bool:
        return self.done >= self.length


class _Engine:
    """Walks through the plan's dates one at a time, applying the rules in order."""

    def __init__(
        self, plan: Plan, logs: dict[dt.date, LogEntry], today: dt.date, before: Iterable[LogEntry] = ()
    ) -> None:
        self.plan = plan
        self.table = level_table(plan.profile)
        self.logs = logs
        self.today = today
        self.rules = content.walking_plan().rules
        # Minutes a day of each level asks for, and the least any level from it upwards asks for:
        # the plan before an ease-off could only have gone on to those, so an ease-off keeps below.
        self.totals = [sum(step.walks) for step in self.table]
        self.least_from = [min(self.totals[level:]) for level in range(len(self.totals))]
        first = plan.flare_start_days
        self.block = self._block(FLARE, first) if first else self._block(1)
        self.spike_run: list[LogEntry] = []
        # Logs of 8 or more, oldest first: the severe-pain rule looks back over a week of them,
        # including the week before the plan began (a new plan after a stop keeps counting).
        self.high: list[LogEntry] = [e for e in before if e.pain >= self.rules.spike_pain_at_least]
        self.severe: SeverePain | None = None
        self.planned: list[PlannedDay] = []
        #: The minutes each day asked for once laid out (a day marked as a flare: its flare walks).
        self.asked: dict[dt.date, int] = {}
        self.flare_total = sum(flare_walks(plan.profile))
        self.shortest = shortest_walk(plan.profile)
        self.adjustments: list[Adjustment] = []
        self.stopped: TriageResult | None = None
        self.stopped_on: dt.date | None = None

    def _block(self, level: int, length: float | None = None) -> _Block:
        """A fresh run of a level: its own length from the table, or `length` days."""
        return _Block(level=level, length=self.table[level].days if length is None else length)

    def _name(self, level: int) -> str:
        """A level as a sentence names it: "Level 2", "Keep going" (its name in the content).
        Flare days have sentences of their own (their words agree with a plural)."""
        return self.table[level].name

    def _planned_total(self, block: _Block) -> int:
        """The minutes a day of this block asks for, before any flare mark of the day itself."""
        total = self.totals[block.level]
        return total if block.cap is None else min(total, block.cap)

    def _flare_within_yesterday(self, date: dt.date) -> None:
        """A day marked as a flare asks for no more than the day before it did (a capped day of an
        ease-off may have asked for less than a flare day)."""
        yesterday = self.asked.get(date - ONE_DAY)
        today = self.planned[-1]
        if (
            yesterday is not None
            and yesterday < self.flare_total
            and yesterday < (today.cap or self.flare_total)
        ):
            self.planned[-1] = replace(today, cap=yesterday)
            self.asked[date] = min(self.asked[date], yesterday // self.shortest * self.shortest)

    def _asked(self, block: _Block, flared: bool) -> int:
        """The least a day of this block can ask for once laid out (plan.lay_out): a cap is kept by
        shortening walks, or by leaving one out when all are as short as they may be, which can ask
        for less than the cap (never more); a flare mark asks for its flare walks within that."""
        asked = self._planned_total(block)
        if block.cap is not None and block.cap < self.totals[block.level]:
            asked = asked // self.shortest * self.shortest
        if flared and block.level != FLARE and self.flare_total > asked:
            return asked // self.shortest * self.shortest
        return min(self.flare_total, asked) if flared else asked

    def _eased(
        self, level: int, length: float, was: _Block, causes: Iterable[LogEntry], done: int = 0
    ) -> _Block:
        """A block that eases off from `was`: no day of it asks for more than the days whose logs set
        it off asked for (a day marked as a flare counts as the flare day it became), nor than any
        level `was` could have moved on to (walking-plan contract, revision 4)."""
        ceiling = min(self.least_from[was.level], *(self.asked[e.date] for e in causes))
        cap = ceiling if ceiling < self.totals[level] else None
        return _Block(level=level, length=length, done=done, cap=cap, eased=True)

    def _cap_words(self, block: _Block) -> str:
        """What a cap means, in a sentence that can follow the change ('' when there is none)."""
        if block.cap is None:
            return ""
        return " " + _(
            "On each of those days, walk no more than {minutes} minutes in all. That is no more than before."
        ).format(minutes=block.cap)

    def _start_today(self, block: _Block) -> None:
        """A hold starts on the day its log is saved (revision 4): that day is its first, and it asks
        for no more than the day before it did."""
        yesterday = self.asked.get(self.planned[-1].date - ONE_DAY)
        if yesterday is not None and yesterday < min(self.totals[block.level], block.cap or yesterday + 1):
            block.cap = yesterday
        self.block = block
        self.planned[-1] = replace(
            self.planned[-1],
            level=block.level,
            held=False,
            cap=block.cap,
            eased=block.eased,
            severe=block.severe,
        )
        today = self.planned[-1]
        self.asked[today.date] = self._asked(block, today.flare or block.level == FLARE)

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
            PlannedDay(
                date=date,
                level=self.block.level,
                flare=bool(entry and entry.flare),
                held=held,
                cap=self.block.cap,
                eased=self.block.eased,
                severe=self.block.severe,
            )
        )
        flared = bool(entry and entry.flare) or self.block.level == FLARE
        self.asked[date] = self._asked(self.block, flared)
        self.block.done += 1
        if entry is None:
            self.spike_run = []
        else:
            if stops_plan(entry):
                self._stop(entry)
                return
            if entry.flare and self.block.level != FLARE:
                self._flare_within_yesterday(date)
                self._say(
                    date,
                    "flare_day",
                    _(
                        "You marked {day} as a flare, with pain at {pain}/10. So that day became "
                        "short walks of {minutes} minutes, {total} minutes at most in all."
                    ).format(
                        day=when(date),
                        pain=entry.pain,
                        minutes=self._flare_minutes,
                        total=sum(flare_walks(self.plan.profile)),
                    ),
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
        self.stopped = triage.recheck(entry.red_flags, entry.pain)
        self.stopped_on = entry.date
        worst = entry.pain >= content.red_flags().worst_pain
        signs = ", ".join(content.red_flags().item(i).sign.lower() for i in entry.red_flags)
        if worst and signs:
            logged = _(
                "On {day} you logged pain of 10 out of 10, the worst you can imagine "
                "and ticked a warning sign: {signs}."
            )
        elif worst:
            logged = _("On {day} you logged pain of 10 out of 10, the worst you can imagine.")
        elif signs:
            logged = _("On {day} you logged pain of {pain}/10 and ticked a warning sign: {signs}.")
        else:
            logged = _("On {day} you logged pain of {pain}/10.")
        self._say(
            entry.date,
            "stop",
            logged.format(day=when(entry.date), pain=entry.pain, signs=signs)
            + " "
            + _("So the plan has stopped from that day. Follow the advice shown with it."),
            [entry],
        )

    def _severe(self, entry: LogEntry) -> bool:
        """Severe pain: hold at flare days, or let the plan climb again. True when it decided the day."""
        rules = self.rules
        if entry.pain < rules.spike_pain_at_least:
            if self.severe is None:
                return False
            self._resume(entry)  # the level starts afresh tomorrow: no spike rule on top
            return True
        self.high.append(entry)
        since = entry.date - dt.timedelta(days=rules.severe_window_days - 1)
        window = [e for e in self.high if since <= e.date <= entry.date]
        if len(window) < rules.severe_logs:
            return self.severe is not None  # a hold already in force carries on
        record = SeverePain(log_dates=[e.date for e in window], pains=[e.pain for e in window])
        if self.severe is not None:
            # Still held: the record names the latest logs, and nothing about the plan changes.
            self.severe = record
            return True
        self.severe = record
        held = self._eased(FLARE, math.inf, self.block, [entry], done=1)
        held.severe = True
        self._start_today(held)
        self.spike_run = []
        wording = content.walking_plan().severe
        self._say(
            entry.date,
            "severe",
            wording.days_sentence.format(days=severe_days(record), first=when(entry.date)),
            window,
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
            return _("Your pain was {pain}/10 on {day}, up from {start} at the start.").format(
                pain=entry.pain, day=when(entry.date), start=start
            )
        return _(
            "Your pain was {pain}/10 on {day}. "
            "Pain of {high} or more counts as a big rise, whatever your starting score."
        ).format(pain=entry.pain, day=when(entry.date), high=self.rules.spike_pain_at_least)

    def _pain(self, entry: LogEntry) -> None:
        """The spike rules: repeat the level, or drop back, never asking for more walking."""
        start = self.plan.profile.baseline_pain
        if not is_spike(self.plan, entry):
            self.spike_run = []
            if not entry.flare:
                self.block.cleared = True
            return
        consecutive = self.spike_run and self.spike_run[-1].date == entry.date - ONE_DAY
        self.spike_run = [*self.spike_run, entry] if consecutive else [entry]
        tomorrow = entry.date + ONE_DAY
        was = self.block
        if len(self.spike_run) == 1:
            length = self.block.length if self.block.level == FLARE else self.table[self.block.level].days
            self.block = self._eased(self.block.level, length, was, [entry])
            if self.block.level == FLARE:
                again = _("So flare days start again on {day}.").format(day=when(tomorrow))
            else:
                again = _("So {level} starts again on {day}.").format(
                    level=self._name(self.block.level), day=when(tomorrow)
                )
            self._say(
                tomorrow,
                "repeat_level",
                f"{self._rise(entry)} {again}{self._cap_words(self.block)}",
                [entry],
            )
        elif len(self.spike_run) == 2:
            first = self.spike_run[0]
            lower = max(FLARE, self.block.level - 1)
            # A drop back starts on the day of the second spike (revision 4: a hold starts when its
            # log is saved), so that day never shows the higher level beside it.
            self._start_today(self._eased(lower, self.rules.drop_back_days, was, self.spike_run, done=1))
            why = _(
                "Your pain was {first_pain}/10 on {first_day} and {pain}/10 on {day}. "
                "That is two days in a row of high pain "
                "({high} or more, or {rise} above the {start} you started with)."
            ).format(
                first_pain=first.pain,
                first_day=when(first.date),
                pain=entry.pain,
                day=when(entry.date),
                high=self.rules.spike_pain_at_least,
                rise=self.rules.spike_rise,
                start=start,
            )
            if lower == FLARE:
                back = _(
                    "So the plan goes back to flare days for {days} days, starting on {day}. "
                    "Those days have short walks of {minutes} minutes."
                ).format(days=self.rules.drop_back_days, day=when(entry.date), minutes=self._flare_minutes)
            else:
                back = _("So the plan goes back to {level} for {days} days, starting on {day}.").format(
                    level=self._name(lower), days=self.rules.drop_back_days, day=when(entry.date)
                )
            self._say(
                entry.date,
                "drop_back",
                f"{why} {back}{self._cap_words(self.block)}",
                self.spike_run,
            )
        else:
            self.block = self._eased(self.block.level, self.block.length, was, [entry])
            still = _("Your pain was still {pain}/10 on {day}.").format(pain=entry.pain, day=when(entry.date))
            days = f"{self.block.length:g}"
            if self.block.level == FLARE:
                again = _("So your {days} flare days start again on {day}.").format(
                    days=days, day=when(tomorrow)
                )
            else:
                again = _("So your {days} days of {level} start again on {day}.").format(
                    days=days, level=self._name(self.block.level), day=when(tomorrow)
                )
            self._say(
                tomorrow,
                "repeat_level",
                f"{still} {again}{self._cap_words(self.block)}",
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
            below = spike_from(self.plan.profile.baseline_pain)
            if block.level == FLARE:
                carries = _("Flare days carry on from {day}.").format(day=when(date + ONE_DAY))
                moves = _("The plan moves on once you log a flare day with pain under {pain}/10.").format(
                    pain=below
                )
            else:
                name = self._name(block.level)
                carries = _("{level} carries on from {day}.").format(level=name, day=when(date + ONE_DAY))
                moves = _(
                    "The plan moves on once you log a day of {level} with pain under {pain}/10."
                ).format(level=name, pain=below)
            # A sentence starts with a capital, whatever the level's name starts with.
            self._say(date + ONE_DAY, "hold", f"{carries[0].upper()}{carries[1:]} {moves}")


def adapt(
    plan: Plan, logs: Iterable[LogEntry], today: dt.date | None = None, through: dt.date | None = None
) -> AdaptedPlan:
    """The plan as it now stands after the logs, with one Adjustment per change.

    `today` separates the past (where missing logs hold a level) from the
    projection; it defaults to the latest log date, or the plan start. The days
    run to the plan's end, today or the last log, or to `through` when that is
    later (a calendar file projects two weeks ahead). Logs from the week before
    the plan began count for the severe-pain rule only.
    """
    entries = list(logs)
    by_date = {entry.date: entry for entry in entries if entry.date >= plan.start}
    window = content.walking_plan().rules.severe_window_days
    before = sorted(
        (e for e in entries if plan.start - dt.timedelta(days=window - 1) <= e.date < plan.start),
        key=lambda e: e.date,
    )
    if today is None:
        today = max(by_date, default=plan.start)
    last = max([plan.end, today, *by_date, *([through] if through else [])])
    engine = _Engine(plan, by_date, today, before)
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
