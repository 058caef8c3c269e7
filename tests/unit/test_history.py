"""Flat cost in the length of history: the store reads only the days asked for, every write
bumps the profile's data version (what sessions key their derived data on), and a journey
holds only the current plan's logs."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from backontrack.journey import PLAN_DAYS, Journey
from backontrack.models import AdaptedPlan, LogEntry
from backontrack.plan import build_plan
from backontrack.store import ProfileGone, Store, engine_for, migrations
from backontrack.triage import assess
from tests.conftest import PERSONAL_V3_FILE as V3_FILE
from tests.conftest import START, log, make_profile, on_day, saved_plan


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.from_url(f"sqlite:///{tmp_path / 'h.sqlite3'}")


def test_every_kind_of_write_bumps_the_data_version_and_a_read_does_not(store: Store) -> None:
    pid = store.local_profile()
    seen = [store.data_version(pid)]
    profile = make_profile()
    check = store.save_check(pid, profile, assess(profile))
    seen.append(store.data_version(pid))
    store.save_plan(pid, check.id, build_plan(profile, START))
    seen.append(store.data_version(pid))
    store.upsert_log(pid, log(1, 3))
    seen.append(store.data_version(pid))
    revision = store.save_log(pid, log(1, 4), store.log_revision(pid, on_day(1)))
    seen.append(store.data_version(pid))
    store.logs(pid)
    store.current_check(pid)
    seen.append(store.data_version(pid))
    assert revision == 2
    assert seen == [0, 1, 2, 3, 4, 4]


def test_a_write_that_fails_rolls_its_version_bump_back(store: Store) -> None:
    pid = saved_plan(store, START)
    before = store.data_version(pid)
    with pytest.raises(RuntimeError), store._write(pid):
        raise RuntimeError("the write failed half way")
    assert store.data_version(pid) == before


def test_a_deleted_profile_has_no_data_version_and_takes_no_write(store: Store) -> None:
    pid = saved_plan(store, START)
    store.delete_everything()
    assert store.data_version(pid) is None
    with pytest.raises(ProfileGone):
        store.upsert_log(pid, log(1, 3))


def test_logs_reads_only_the_days_asked_for(store: Store) -> None:
    pid = saved_plan(store, START)
    for day in range(1, 11):
        store.upsert_log(pid, log(day, 3))
    assert [e.date for e in store.logs(pid, since=on_day(4), until=on_day(6))] == [
        on_day(4),
        on_day(5),
        on_day(6),
    ]
    assert len(store.logs(pid)) == 10
    assert store.logs(pid, since=on_day(11)) == []


def test_a_stored_log_reads_back_exactly_as_saved(store: Store) -> None:
    pid = saved_plan(store, START)
    entry = log(2, 6, minutes=17, walks=[9, 8], flare=True, note='Hills, "steep"\nand wet')
    store.upsert_log(pid, entry)
    assert store.logs(pid) == [entry]
    assert store.log_on(pid, entry.date) == entry


def test_a_journey_holds_only_the_current_plans_logs_up_to_today(store: Store) -> None:
    pid = saved_plan(store, START)
    for day in range(1, 6):
        store.upsert_log(pid, log(day, 3))
    newer = on_day(4)
    profile = make_profile()
    check = store.save_check(pid, profile, assess(profile))
    store.save_plan(pid, check.id, build_plan(profile, newer))
    journey = Journey.load(store, pid, on_day(5))
    assert [e.date for e in journey.logs] == [on_day(4), on_day(5)]
    assert journey.log_on(on_day(2)) is None  # an earlier plan's day is not this plan's
    assert journey.log_on(on_day(5)) == log(5, 3)


def test_a_journey_without_a_plan_reads_only_todays_log(store: Store) -> None:
    pid = store.local_profile()
    store.upsert_log(pid, log(1, 3))
    store.upsert_log(pid, log(2, 4, red_flags=["saddle_numbness"]))
    journey = Journey.load(store, pid, on_day(2))
    assert journey.logs == [log(2, 4, red_flags=["saddle_numbness"])]
    assert journey.next_plan_start() == on_day(3)  # today's tick still moves a new plan's start


def test_the_log_page_offers_the_last_two_weeks_after_a_long_plan(store: Store) -> None:
    pid = saved_plan(store, START)
    today = START + dt.timedelta(days=400)
    days = Journey.load(store, pid, today).loggable_days()
    assert len(days) == PLAN_DAYS
    assert days[0] == today
    assert days[-1] == today - dt.timedelta(days=PLAN_DAYS - 1)


def test_day_on_finds_every_day_of_a_long_adapted_plan(store: Store) -> None:
    pid = saved_plan(store, START)
    today = START + dt.timedelta(days=60)
    adapted = Journey.load(store, pid, today).adapted
    assert isinstance(adapted, AdaptedPlan)
    assert all(adapted.day_on(d.date) is d for d in adapted.days)
    assert adapted.day_on(START - dt.timedelta(days=1)) is None
    assert adapted.day_on(adapted.days[-1].date + dt.timedelta(days=1)) is None


def test_a_v2_database_gains_a_data_version_and_keeps_its_logs(tmp_path: Path) -> None:
    path = tmp_path / "v2.sqlite3"
    shutil.copy(V3_FILE, path)
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE profiles DROP COLUMN data_version")  # back to how version 2 left it
        db.execute("UPDATE schema_version SET version = 2")
    upgraded = Store.from_url(f"sqlite:///{path}")
    pid = upgraded.local_profile()
    assert upgraded.data_version(pid) == 0
    assert [(e.date, e.minutes) for e in upgraded.logs(pid)][-1] == (dt.date(2026, 11, 23), 18)
    upgraded.upsert_log(pid, log(2, 4, start=dt.date(2026, 11, 20)))
    assert upgraded.data_version(pid) == 1
    with engine_for(f"sqlite:///{path}").connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == migrations.head()


def test_log_entries_with_every_field_survive_the_json_text_path(store: Store) -> None:
    pid = saved_plan(store, START)
    entries = [
        LogEntry(date=on_day(1), pain=0, minutes=0, red_flags=[]),
        LogEntry(
            date=on_day(2),
            pain=10,
            minutes=600,
            walks=[300, 300],
            red_flags=["sharp_spreading_pain"],
            note="é ✓",
        ),
    ]
    for entry in entries:
        store.upsert_log(pid, entry)
    assert store.logs(pid) == entries


def test_a_kept_journey_holds_four_weeks_and_every_figure_over_the_whole_plan(store: Store) -> None:
    pid = saved_plan(store, START)
    for day in range(1, 101):
        store.upsert_log(pid, log(day, 3))
    whole = Journey.load(store, pid, on_day(100))
    kept = whole.recent()
    assert kept.trimmed
    assert kept.adapted is not None
    assert whole.adapted is not None
    assert [d.date for d in kept.adapted.days] == [on_day(d) for d in range(73, 101)]
    assert [e.date for e in kept.logs] == [on_day(d) for d in range(73, 101)]
    assert kept.adapted.adjustments == whole.adapted.adjustments
    assert kept.governing_result == whole.governing_result
    frame = kept.progress_frame()
    assert frame is not None
    assert len(frame) == 100
    assert int(frame["logged"].sum()) == 100
    assert kept.logged_days() == [on_day(d) for d in range(1, 101)]
    assert kept.log_on(on_day(100)) == log(100, 3)
