"""Calendar reminders: icalendar reads the file back with one event per planned walk at the chosen
times, a "log today" each evening, and the RFC 5545 essentials calendars need."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from icalendar import Calendar
from pydantic import ValidationError

from backontrack.adapt import adapt
from backontrack.journey import Journey
from backontrack.models import Answers, LogEntry, Plan, PlanDay
from backontrack.plan import build_plan, generated_days
from backontrack.reminders import (
    DAYS_AHEAD,
    HOLD_DAYS_AHEAD,
    HOLD_NOTE,
    ReminderTimes,
    calendar,
    days_ahead,
    default_walk_times,
    horizon,
    reminders_ics,
    walked_already,
    zone_named,
)
from backontrack.settings import Settings
from backontrack.store import CheckRecord, PlanRecord
from backontrack.triage import assess
from tests.conftest import START, answers_data, log, make_profile, on_day

MADE = dt.datetime(2026, 11, 23, 7, 0, tzinfo=dt.UTC)
LONDON = zoneinfo.ZoneInfo("Europe/London")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def t(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def parsed(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def events(cal: Calendar) -> list[Calendar]:
    return list(cal.walk("VEVENT"))


def walks_of(cal: Calendar) -> list[Calendar]:
    return [e for e in events(cal) if str(e["summary"]).startswith("Walk")]


def ahead(plan: Plan, today: dt.date, logs: list[LogEntry] | None = None) -> list[PlanDay]:
    """The days a file made today covers: adapt projects them to the horizon, as Journey.load does."""
    return days_ahead(adapt(plan, logs or [], today=today, through=horizon(today)), today)


def walk_events_planned(days: list[PlanDay]) -> int:
    """One event per walk, less those the test walk stands for on day 1 (revision 4)."""
    return sum(len(d.walks) - walked_already(d) for d in days)


def test_every_walk_of_the_next_14_days_and_an_evening_log_reminder_each_day() -> None:
    plan = build_plan(make_profile(preferences={"walks_per_day": 3}), START)
    days = ahead(plan, START)
    times = ReminderTimes(walks=[t("08:00"), t("12:30"), t("17:45")], log=t("20:15"))
    cal = parsed(reminders_ics(days, times, LONDON, MADE, plan.start))
    assert [d.date for d in days] == [on_day(n) for n in range(1, DAYS_AHEAD + 1)]
    assert len(walks_of(cal)) == walk_events_planned(days)
    logs = [e for e in events(cal) if str(e["summary"]) == "Log today in Back on Track"]
    assert [e.decoded("dtstart") for e in logs] == [
        dt.datetime.combine(d.date, t("20:15"), tzinfo=LONDON) for d in days
    ]
    for day in days:
        starts = sorted(
            e.decoded("dtstart") for e in walks_of(cal) if e.decoded("dtstart").date() == day.date
        )
        expected = times.for_day(len(day.walks))
        assert [s.time() for s in starts] == expected[walked_already(day) :]


def test_each_walk_lasts_its_minutes_and_carries_its_planned_minutes_and_guidance() -> None:
    plan = build_plan(make_profile(), START)
    days = ahead(plan, START)
    cal = parsed(reminders_ics(days, ReminderTimes(walks=default_walk_times(2)), LONDON, MADE, plan.start))
    second_day = [e for e in walks_of(cal) if e.decoded("dtstart").date() == on_day(2)]
    assert [e.decoded("duration") for e in second_day] == [dt.timedelta(minutes=m) for m in days[1].walks]
    for event, minutes in zip(second_day, days[1].walks, strict=True):
        assert f"Planned when this file was saved: {minutes} minutes. {days[1].notes[0]}" in str(
            event["description"]
        )


def test_fault_5_every_calendar_event_says_to_check_todays_plan_first_and_never_calls_the_check_trivial() -> (
    None
):
    """Issue 16, fault 5: a calendar file cannot change, so every event points back to the app."""
    plan = build_plan(make_profile(), START)
    days = ahead(plan, START)
    advice = "See a GP or physio within two weeks. Book a visit."
    cal = parsed(
        reminders_ics(days, ReminderTimes(walks=default_walk_times(2)), LONDON, MADE, plan.start, advice)
    )
    events = list(cal.walk("VEVENT"))
    for event in walks_of(cal):
        description = str(event["description"])
        assert "check today's plan" in description
        assert "skip the walk and do the daily check" in description
        assert advice in description
        assert "minutes" not in str(event["summary"])  # the minutes may change: they are in the text
    for event in events:
        assert "ten seconds" not in str(event["description"]).lower()


def test_the_rfc_5545_essentials_unique_uids_a_stamp_and_starts_with_a_time_zone() -> None:
    plan = build_plan(make_profile(preferences={"walks_per_day": 4}), START)
    days = ahead(plan, START)
    data = reminders_ics(days, ReminderTimes(walks=default_walk_times(4)), LONDON, MADE, plan.start)
    cal = parsed(data)
    assert str(cal["version"]) == "2.0"
    assert str(cal["prodid"])
    uids = [str(e["uid"]) for e in events(cal)]
    assert len(uids) == len(set(uids))
    for event in events(cal):
        assert event.decoded("dtstamp") == MADE
        assert event["dtstart"].params["TZID"] == "Europe/London"
        assert event.decoded("dtstart").tzinfo is not None
        assert [a["action"] for a in event.walk("VALARM")] == ["DISPLAY"]
    assert [str(z["tzid"]) for z in cal.walk("VTIMEZONE")] == ["Europe/London"]
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded as RFC 5545 asks


def test_times_stay_at_the_chosen_hour_across_a_clock_change() -> None:
    start = dt.date(2026, 10, 20)  # New York's clocks go back on Sunday 1 November 2026
    plan = build_plan(make_profile(), start)
    days = ahead(plan, start)
    cal = parsed(reminders_ics(days, ReminderTimes(walks=[t("09:00"), t("18:00")]), NEW_YORK, MADE, start))
    mornings = [e.decoded("dtstart") for e in walks_of(cal) if e.decoded("dtstart").hour == 9]
    assert len(mornings) == len(days) - 1  # day 1's morning walk is the test walk, already done
    assert {m.utcoffset() for m in mornings} == {dt.timedelta(hours=-4), dt.timedelta(hours=-5)}


def test_utc_is_written_as_utc_with_no_time_zone_block() -> None:
    plan = build_plan(make_profile(), START)
    days = ahead(plan, START)
    data = reminders_ics(days, ReminderTimes(walks=default_walk_times(2)), zone_named("Etc/UTC"), MADE, START)
    cal = parsed(data)
    assert not list(cal.walk("VTIMEZONE"))
    assert b"DTSTART:20261124T090000Z" in data  # day 2 (day 1's first walk is the test walk)
    assert all(e.decoded("dtstart").utcoffset() == dt.timedelta(0) for e in events(cal))


def test_a_plan_under_way_carries_on_past_day_14_as_the_plan_would() -> None:
    profile = make_profile(baseline_minutes=4, preferences={"walks_per_day": 3})
    plan = build_plan(profile, START)
    today = on_day(10)
    logs = [log(d, 3) for d in range(1, 10)]  # every past day logged without a rise in pain
    ahead_days = ahead(plan, today, logs)
    assert [d.day for d in ahead_days] == list(range(10, 10 + DAYS_AHEAD))
    expected = generated_days(profile, plan.triage, START, 9 + DAYS_AHEAD)[9:]
    assert [(d.date, d.level_name, d.walks) for d in ahead_days] == [
        (d.date, d.level_name, d.walks) for d in expected
    ]


def test_a_plan_at_keep_going_keeps_going() -> None:
    plan = build_plan(make_profile(), START)
    today = on_day(40)
    logs = [log(d, 3) for d in range(1, 40)]
    ahead_days = ahead(plan, today, logs)
    assert len(ahead_days) == DAYS_AHEAD
    assert {d.level_name for d in ahead_days} == {"Keep going"}


def test_a_plan_that_starts_tomorrow_reminds_from_tomorrow() -> None:
    plan = build_plan(make_profile(), START)
    ahead_days = ahead(plan, START - dt.timedelta(days=1))
    assert ahead_days[0].date == START
    assert len(ahead_days) == DAYS_AHEAD - 1


def journey(answers: Answers, logs: list[LogEntry] | None = None) -> Journey:
    result = assess(answers)
    check = CheckRecord(id=1, created_at=MADE, answers=answers, result=result)
    if not result.plan_allowed:
        return Journey(today=START, check=check, plan=None, logs=[], adapted=None)
    plan = build_plan(make_profile(), START)
    adapted = adapt(plan, logs or [], today=on_day(3))
    record = PlanRecord(id=1, check_id=1, created_at=MADE, plan=plan)
    return Journey(today=on_day(3), check=check, plan=record, logs=logs or [], adapted=adapted)


@pytest.mark.parametrize(
    ("answers", "logs"),
    [
        pytest.param(answers_data(chest_pain="yes"), None, id="emergency"),
        pytest.param(answers_data(fever="yes"), None, id="urgent"),
        pytest.param(answers_data(), [log(2, 4, red_flags=["fever"])], id="stopped-by-a-tick"),
    ],
)
def test_no_walks_to_remind_of_when_no_plan_may_be_shown(
    answers: dict[str, object], logs: list[LogEntry] | None
) -> None:
    assert journey(Answers.model_validate(answers), logs).showable is None


def test_walk_times_must_run_in_order_and_the_message_names_the_walk() -> None:
    with pytest.raises(ValidationError, match="walk 3 must be later than walk 2"):
        ReminderTimes(walks=[t("09:00"), t("13:00"), t("12:00")])


def test_a_day_with_fewer_walks_uses_the_first_and_last_times() -> None:
    times = ReminderTimes(walks=[t("08:00"), t("11:00"), t("14:00"), t("17:00")])
    assert times.for_day(2) == [t("08:00"), t("17:00")]
    assert times.for_day(1) == [t("08:00")]
    assert times.for_day(4) == times.walks
    assert times.for_day(6) == default_walk_times(6)  # more walks than times chosen


@pytest.mark.parametrize("count", range(1, 7))
def test_default_times_are_spread_over_the_day_in_order(count: int) -> None:
    times = default_walk_times(count)
    assert len(times) == count
    assert times == sorted(set(times))
    assert t("08:00") <= times[0]
    assert times[-1] <= t("19:00")
    assert ReminderTimes(walks=times).walks == times


# -- Revision 4 ------------------------------------------------------------------------------------
def test_revision4_5_day_1_has_no_event_for_the_test_walk_so_it_is_never_walked_twice() -> None:
    plan = build_plan(make_profile(), START)
    days = ahead(plan, START)
    assert days[0].test_walk == 10
    cal = parsed(reminders_ics(days, ReminderTimes(walks=default_walk_times(2)), LONDON, MADE, plan.start))
    day_1 = [e for e in walks_of(cal) if e.decoded("dtstart").date() == START]
    assert [e.decoded("duration") for e in day_1] == [dt.timedelta(minutes=days[0].walks[1])]
    guessed = build_plan(make_profile(baseline_is_guess=True), START)
    assert ahead(guessed, START)[0].test_walk == 0  # no test walk was done: both walks stay


def test_revision4_5_a_test_walk_longer_than_a_flare_walk_stands_for_as_many_as_it_covers() -> None:
    """A 10-minute test walk on a flare-start day of 5 + 5 + 5 + 5: two walks are done already."""
    plan = build_plan(make_profile(pain_now=7), START)
    day = ahead(plan, START)[0]
    assert (day.walks, day.test_walk, walked_already(day)) == ([5, 5, 5, 5], 10, 2)


def journey_with(logs: list[LogEntry], today: dt.date, **answers: str) -> Journey:
    data = answers_data(**answers)
    result = assess(Answers.model_validate(data))
    check = CheckRecord(id=1, created_at=MADE, answers=Answers.model_validate(data), result=result)
    plan = build_plan(make_profile(**answers), START)
    record = PlanRecord(id=1, check_id=1, created_at=MADE, plan=plan)
    adapted = adapt(plan, logs, today=today, through=horizon(today))
    return Journey(today=today, check=check, plan=record, logs=logs, adapted=adapted)


def test_revision4_4_a_file_saved_during_a_severe_hold_shows_at_most_7_flare_days_and_what_lifts_it() -> None:
    """Issue 24, fault 6: saved during a hold, events climbed from Level 1 to 20 + 10 minutes."""
    logs = [log(d, p) for d, p in enumerate([3, 3, 3, 9, 8, 9], start=1)]
    today = on_day(6)
    journey = journey_with(logs, today)
    assert journey.adapted is not None
    assert journey.adapted.severe is not None
    cal = parsed(calendar(journey, ReminderTimes(walks=default_walk_times(2)), LONDON, MADE, Settings()))
    walk_days = {e.decoded("dtstart").date() for e in walks_of(cal)}
    assert walk_days == {today + dt.timedelta(days=i) for i in range(HOLD_DAYS_AHEAD)}
    flare_total = sum(journey.adapted.days[-1].walks)
    for event in walks_of(cal):
        assert "flare day" in str(event["summary"])
        assert event.decoded("duration") <= dt.timedelta(minutes=max(journey.adapted.days[-1].walks))
        assert HOLD_NOTE in str(event["description"])
        assert "until you log a day below 8" in str(event["description"])
    per_day: dict[dt.date, int] = {}
    for event in walks_of(cal):
        day = event.decoded("dtstart").date()
        per_day[day] = per_day.get(day, 0) + int(event.decoded("duration").total_seconds() // 60)
    assert set(per_day.values()) == {flare_total}


@pytest.mark.parametrize(
    ("tick", "pain"),
    [(["chest_pain"], 3), (["fever"], 3), (["sharp_spreading_pain"], 3), ([], 10)],
    ids=["emergency sign", "urgent sign", "sharp pain", "a logged 10"],
)
def test_revision4_4_after_a_stop_the_file_has_no_walk_events_only_the_instruction(
    tick: list[str], pain: int
) -> None:
    logs = [log(1, 3), log(2, pain, red_flags=tick)]
    journey = journey_with(logs, on_day(2))
    assert journey.stopped
    cal = parsed(calendar(journey, ReminderTimes(walks=default_walk_times(2)), LONDON, MADE, Settings()))
    assert walks_of(cal) == []
    assert not [e for e in events(cal) if "Log today" in str(e["summary"])]
    [advice] = events(cal)
    assert "This file has no walks in it." in str(advice["description"])
    assert "Walking is a good place to start" not in str(advice["description"])
