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
from backontrack.models import Answers, LogEntry
from backontrack.plan import build_plan, generated_days
from backontrack.reminders import (
    DAYS_AHEAD,
    ReminderTimes,
    days_ahead,
    default_walk_times,
    reminders_ics,
    zone_named,
)
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


def test_every_walk_of_the_next_14_days_and_an_evening_log_reminder_each_day() -> None:
    plan = build_plan(make_profile(preferences={"walks_per_day": 3}), START)
    days = days_ahead(adapt(plan, [], today=START), START)
    times = ReminderTimes(walks=[t("08:00"), t("12:30"), t("17:45")], log=t("20:15"))
    cal = parsed(reminders_ics(days, times, LONDON, MADE, plan.start))
    assert [d.date for d in days] == [on_day(n) for n in range(1, DAYS_AHEAD + 1)]
    assert len(walks_of(cal)) == sum(len(d.walks) for d in days)
    logs = [e for e in events(cal) if str(e["summary"]) == "Log today in Back on Track"]
    assert [e.decoded("dtstart") for e in logs] == [
        dt.datetime.combine(d.date, t("20:15"), tzinfo=LONDON) for d in days
    ]
    for day in days:
        starts = sorted(
            e.decoded("dtstart") for e in walks_of(cal) if e.decoded("dtstart").date() == day.date
        )
        assert [s.time() for s in starts] == times.for_day(len(day.walks))


def test_each_walk_lasts_its_minutes_and_carries_its_planned_minutes_and_guidance() -> None:
    plan = build_plan(make_profile(), START)
    days = days_ahead(adapt(plan, [], today=START), START)
    cal = parsed(reminders_ics(days, ReminderTimes(walks=default_walk_times(2)), LONDON, MADE, plan.start))
    first_day = [e for e in walks_of(cal) if e.decoded("dtstart").date() == START]
    assert [e.decoded("duration") for e in first_day] == [dt.timedelta(minutes=m) for m in days[0].walks]
    for event, minutes in zip(first_day, days[0].walks, strict=True):
        assert f"Planned when this file was saved: {minutes} minutes. {days[0].notes[0]}" in str(
            event["description"]
        )


def test_fault_5_every_calendar_event_says_to_check_todays_plan_first_and_never_calls_the_check_trivial() -> (
    None
):
    """Issue 16, fault 5: a calendar file cannot change, so every event points back to the app."""
    plan = build_plan(make_profile(), START)
    days = days_ahead(adapt(plan, [], today=START), START)
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
    days = days_ahead(adapt(plan, [], today=START), START)
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
    days = days_ahead(adapt(plan, [], today=start), start)
    cal = parsed(reminders_ics(days, ReminderTimes(walks=[t("09:00"), t("18:00")]), NEW_YORK, MADE, start))
    mornings = [e.decoded("dtstart") for e in walks_of(cal) if e.decoded("dtstart").hour == 9]
    assert len(mornings) == len(days)
    assert {m.utcoffset() for m in mornings} == {dt.timedelta(hours=-4), dt.timedelta(hours=-5)}


def test_utc_is_written_as_utc_with_no_time_zone_block() -> None:
    plan = build_plan(make_profile(), START)
    days = days_ahead(adapt(plan, [], today=START), START)
    data = reminders_ics(days, ReminderTimes(walks=default_walk_times(2)), zone_named("Etc/UTC"), MADE, START)
    cal = parsed(data)
    assert not list(cal.walk("VTIMEZONE"))
    assert b"DTSTART:20261123T090000Z" in data
    assert all(e.decoded("dtstart").utcoffset() == dt.timedelta(0) for e in events(cal))


def test_a_plan_under_way_carries_on_past_day_14_as_the_plan_would() -> None:
    profile = make_profile(baseline_minutes=4, preferences={"walks_per_day": 3})
    plan = build_plan(profile, START)
    today = on_day(10)
    logs = [log(d, 3) for d in range(1, 10)]  # every past day logged without a rise in pain
    ahead = days_ahead(adapt(plan, logs, today=today), today)
    assert [d.day for d in ahead] == list(range(10, 10 + DAYS_AHEAD))
    expected = generated_days(profile, plan.triage, START, 9 + DAYS_AHEAD)[9:]
    assert [(d.date, d.level_name, d.walks) for d in ahead] == [
        (d.date, d.level_name, d.walks) for d in expected
    ]


def test_a_plan_at_keep_going_keeps_going() -> None:
    plan = build_plan(make_profile(), START)
    today = on_day(40)
    logs = [log(d, 3) for d in range(1, 40)]
    ahead = days_ahead(adapt(plan, logs, today=today), today)
    assert len(ahead) == DAYS_AHEAD
    assert {d.level_name for d in ahead} == {"Keep going"}


def test_a_plan_that_starts_tomorrow_reminds_from_tomorrow() -> None:
    plan = build_plan(make_profile(), START)
    ahead = days_ahead(adapt(plan, [], today=START - dt.timedelta(days=1)), START - dt.timedelta(days=1))
    assert ahead[0].date == START
    assert len(ahead) == DAYS_AHEAD - 1


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
