"""Calendar reminders (.ics): each planned walk of the next 14 days, and an evening "log today".

Times carry the machine's own time zone as a TZID with its VTIMEZONE (UTC is
written as UTC). Personal mode runs on the person's own computer, so that is
their zone; Google Calendar, Apple Calendar and Outlook all place a TZID event
at the right hour, and keep it right across a clock change, which a fixed UTC
time would not. UIDs are stable (plan start, date, walk), so a calendar that
imports a newer file updates those events instead of adding them twice.

A calendar file cannot change once it is saved, but the plan does (a spike,
a drop-back, a stopped plan). So every event is worded as a projection: it
says to check today's plan in the app before walking, to skip the walk and do
the daily check if a warning sign appears, and what the advice was when the
file was made (walking-plan contract, "Calendar files are a projection").
While severe pain holds the plan, the file shows at most the next 7 days, as
the flare days they are, never the climb after them; after a stop it holds no
walk at all, only the instruction (revision 4). `calendar` builds the file from
the person's journey as saved at the moment it is asked for.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import zoneinfo
from pathlib import Path
from typing import Annotated

from icalendar import Alarm, Calendar, Event
from pydantic import BaseModel, ConfigDict, Field, field_validator

from backontrack.i18n import N_, _
from backontrack.instruction import Instruction, governing
from backontrack.journey import Journey
from backontrack.models import AdaptedPlan, PlanDay
from backontrack.settings import Settings

DAYS_AHEAD = 14
#: While severe pain holds the plan, no further than this (revision 4: "at most the next 7 days").
HOLD_DAYS_AHEAD = 7
#: Walk times by the number of walks in a day, when the person has not chosen their own.
DEFAULT_WALK_TIMES: dict[int, tuple[str, ...]] = {
    1: ("10:00",),
    2: ("09:00", "18:00"),
    3: ("09:00", "13:00", "18:00"),
    4: ("09:00", "12:00", "15:00", "18:00"),
    5: ("08:30", "11:00", "13:30", "16:00", "18:30"),
    6: ("08:00", "10:00", "12:00", "14:00", "16:00", "18:00"),
}
DEFAULT_LOG_TIME = dt.time(20, 0)
LOG_MINUTES = 5
PRODID = "-//Back on Track//Walking reminders//EN"
UID_DOMAIN = "backontrack.local"


def default_walk_times(count: int) -> list[dt.time]:
    """A sensible time for each of `count` walks, spread over the day."""
    wanted = DEFAULT_WALK_TIMES[max(1, min(count, max(DEFAULT_WALK_TIMES)))]
    return [dt.time.fromisoformat(t) for t in wanted]


class ReminderTimes(BaseModel):
    """The person's times: one for each walk (earliest first) and one for the log reminder."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    walks: Annotated[list[dt.time], Field(min_length=1, max_length=max(DEFAULT_WALK_TIMES))]
    log: dt.time = DEFAULT_LOG_TIME

    @field_validator("walks")
    @classmethod
    def _in_order(cls, walks: list[dt.time]) -> list[dt.time]:
        for number, (before, after) in enumerate(itertools.pairwise(walks), start=2):
            if after <= before:
                raise ValueError(
                    _("walk {later} must be later than walk {earlier}").format(
                        later=number, earlier=number - 1
                    )
                )
        return walks

    def for_day(self, count: int) -> list[dt.time]:
        """Times for a day of `count` walks: spread over the chosen ones, first and last kept."""
        chosen = self.walks
        if count > len(chosen):  # more walks than times chosen: the usual times for that many
            return default_walk_times(count)
        if count == 1:
            return [chosen[0]]
        return [chosen[round(i * (len(chosen) - 1) / (count - 1))] for i in range(count)]


def days_ahead(adapted: AdaptedPlan, today: dt.date, count: int = DAYS_AHEAD) -> list[PlanDay]:
    """The plan's days from today for `count` days, as adapted and projected (adapt's `through`).

    While severe pain holds the plan, only the next 7 days at most, all flare days: the
    climb after a hold depends on a log below 8 that nobody can foresee.
    """
    if adapted.severe is not None:
        count = min(count, HOLD_DAYS_AHEAD)
    last = today + dt.timedelta(days=count - 1)
    return [d for d in adapted.days if today <= d.date <= last]


def horizon(today: dt.date) -> dt.date:
    """The last day a calendar file made today covers (what Journey.load must project to)."""
    return today + dt.timedelta(days=DAYS_AHEAD - 1)


def local_zone() -> dt.tzinfo:
    """This machine's time zone: TZ, then /etc/localtime, then /etc/timezone; UTC if none is known."""
    names = [os.environ.get("TZ", "").lstrip(":")]
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        names.append(str(localtime.resolve()).partition("zoneinfo/")[2])
    timezone_file = Path("/etc/timezone")
    if timezone_file.is_file():
        names.append(timezone_file.read_text(encoding="utf-8").strip())
    for name in names:
        if name:
            try:
                return zone_named(name)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                continue
    return dt.UTC


def zone_named(name: str) -> dt.tzinfo:
    """A zone by its IANA name; the names of UTC itself give UTC (written with a Z)."""
    if name in ("UTC", "Etc/UTC", "Etc/Universal", "Etc/Zulu", "Universal", "Zulu", "Etc/GMT"):
        return dt.UTC
    return zoneinfo.ZoneInfo(name)


#: Said by every event: the file is a projection, and the app has the plan as it stands today.
#: These three are written into a file as `_(CONSTANT)`, in the language of the person saving it.
CHECK_FIRST = N_(
    "Before you walk, open Back on Track and check today's plan: it may have changed since this "
    "reminder was saved. If a warning sign appears, skip the walk and do the daily check in your log."
)
LOG_DESCRIPTION = N_(
    "Log your usual back pain today and the minutes you walked, and answer the daily check of "
    "warning signs. Take the time to read each sign."
)


#: In a file made while severe pain holds the plan: what lifts it, in every walk's description.
HOLD_NOTE = N_(
    "Your plan is held at short walks because your pain has been severe. It stays like this until you "
    "log a day with pain below 8. This file shows only the next 7 days."
)


def walked_already(day: PlanDay) -> int:
    """How many of the day's first walks the test walk stands for: enough to cover its minutes."""
    covered, count = 0, 0
    while covered < day.test_walk and count < len(day.walks):
        covered += day.walks[count]
        count += 1
    return count


def walk_guidance(day: PlanDay) -> str:
    """One line for the walk's description: the day's own note (its level's advice, or a flare day's)."""
    return day.notes[0]


def walk_description(day: PlanDay, minutes: int, advice: str | None, held: bool = False) -> str:
    """A walk event's text: check the app first, the walk as planned when saved, and the advice then."""
    planned = _("Planned when this file was saved: {minutes} minutes. {guidance}").format(
        minutes=minutes, guidance=walk_guidance(day)
    )
    parts = [_(CHECK_FIRST), planned]
    if held:
        parts.append(_(HOLD_NOTE))
    if advice:
        parts.append(_("Your advice when this file was saved: {advice}").format(advice=advice))
    return "\n\n".join(parts)


def advice_text(instr: Instruction) -> str:
    """The governing instruction as one paragraph for an event (on paper: the words for home)."""
    paper = instr.on_paper()
    return " ".join([f"{paper.title}. {paper.action}", *paper.conditions])


def calendar(
    journey: Journey, times: ReminderTimes, zone: dt.tzinfo, made: dt.datetime, settings: Settings
) -> bytes:
    """The calendar file for this person as saved now (`journey` loaded through `horizon(today)`).

    No walk events at all when no plan may be shown (an emergency or urgent result, a stopped
    plan): the file then holds one event today that carries the instruction instead.
    """
    instr = governing(journey, settings)
    adapted = journey.showable
    if adapted is None or instr is None:
        return stop_ics(instr, journey.today, made)
    days = days_ahead(adapted, journey.today)
    held = adapted.severe is not None
    return reminders_ics(days, times, zone, made, adapted.plan.start, advice_text(instr), held=held)


def stop_ics(instr: Instruction | None, today: dt.date, made: dt.datetime) -> bytes:
    """A calendar file with no walk in it: what to do now, on today, and nothing else."""
    cal = _calendar()
    if instr is not None:
        event = Event()
        event.add("uid", f"{today}-advice@{UID_DOMAIN}")
        event.add("dtstamp", made.astimezone(dt.UTC))
        event.add("dtstart", today)
        event.add("summary", _("Back on Track: {title}").format(title=instr.on_paper().title))
        no_walks = _("This file has no walks in it. Open Back on Track for what to do next.")
        event.add("description", f"{advice_text(instr)}\n\n{no_walks}")
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return bytes(cal.to_ical())


def _calendar() -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _("Back on Track walks"))
    return cal


def reminders_ics(
    days: list[PlanDay],
    times: ReminderTimes,
    zone: dt.tzinfo,
    made: dt.datetime,
    plan_start: dt.date,
    advice: str | None = None,
    held: bool = False,
) -> bytes:
    """The calendar file: one event per planned walk, and a "log today" reminder each evening.

    `advice` is the governing instruction in words, carried in every walk's description;
    `held` says severe pain holds the plan (each walk then says what lifts the hold). Day 1's
    first walk is the test walk, already done, so it has no event (revision 4).
    """
    cal = _calendar()
    stamp = made.astimezone(dt.UTC)
    for day in days:
        for number, (minutes, at) in enumerate(zip(day.walks, times.for_day(len(day.walks)), strict=True), 1):
            if number <= walked_already(day):
                continue  # the test walk, done that morning, counts toward day 1: never walked twice
            title = (
                _("Walk: check today's plan first (flare day, go gently)")
                if day.flare
                else _("Walk: check today's plan first")
            )
            cal.add_component(
                _event(
                    uid=f"{plan_start}-{day.date}-walk-{number}",
                    start=dt.datetime.combine(day.date, at, tzinfo=zone),
                    minutes=minutes,
                    title=title,
                    description=walk_description(day, minutes, advice, held),
                    stamp=stamp,
                )
            )
        cal.add_component(
            _event(
                uid=f"{plan_start}-{day.date}-log",
                start=dt.datetime.combine(day.date, times.log, tzinfo=zone),
                minutes=LOG_MINUTES,
                title=_("Log today in Back on Track"),
                description=_(LOG_DESCRIPTION),
                stamp=stamp,
            )
        )
    if days and zone is not dt.UTC:
        cal.add_missing_timezones(
            first_date=days[0].date - dt.timedelta(days=7), last_date=days[-1].date + dt.timedelta(days=7)
        )
    return bytes(cal.to_ical())


def _event(
    uid: str, start: dt.datetime, minutes: int, title: str, description: str, stamp: dt.datetime
) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("duration", dt.timedelta(minutes=minutes))
    event.add("summary", title)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot in the person's diary
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", title)
    alarm.add("trigger", dt.timedelta(0))
    event.add_component(alarm)
    return event
