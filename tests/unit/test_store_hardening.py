"""The store under pressure: sessions racing on a new database, two tabs saving one day,
deletion while another tab works, and a database that cannot be used."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from backontrack.models import Answers
from backontrack.plan import build_plan
from backontrack.store import (
    LogConflict,
    ProfileGone,
    StorageError,
    Store,
    engine_for,
    migrations,
)
from backontrack.store import database as store_database
from backontrack.triage import assess
from tests.conftest import START, answers_data, log, make_profile, unusable_database


def url_for(path: Path) -> str:
    return f"sqlite:///{path}"


def at_once(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run `work(i)` in `count` threads released together; return results or the exceptions raised."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as exc:  # collected, then asserted on
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _open_and_make_profile(url: str, barrier: Any, out: Any) -> None:
    barrier.wait()
    try:
        out.put(Store.from_url(url).local_profile())
    except Exception as exc:  # reported to the parent
        out.put(f"{type(exc).__name__}: {exc} <- {exc.__cause__!r} at {traceback.format_exc()[-900:]}")


@pytest.mark.parametrize("trial", range(3))
def test_six_processes_starting_on_a_new_database_make_one_schema_and_one_profile(
    tmp_path: Path, trial: int
) -> None:
    url = url_for(tmp_path / f"new{trial}.sqlite3")
    ctx = multiprocessing.get_context("fork")
    barrier, out = ctx.Barrier(6), ctx.Queue()
    workers = [ctx.Process(target=_open_and_make_profile, args=(url, barrier, out)) for _ in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    results = [out.get(timeout=5) for _ in workers]
    assert all(isinstance(r, int) for r in results), results
    assert len(set(results)) == 1
    assert Store.from_url(url).profile_ids() == [results[0]]


def test_six_sessions_in_one_process_make_one_profile(tmp_path: Path) -> None:
    url = url_for(tmp_path / "threads.sqlite3")
    results = at_once(6, lambda _: Store.from_url(url).local_profile())
    assert len(set(results)) == 1, results
    assert Store.from_url(url).profile_ids() == [results[0]]


def test_delete_everything_leaves_no_row_of_any_profile(tmp_path: Path) -> None:
    store = Store.from_url(url_for(tmp_path / "d.sqlite3"))
    extra = store.create_profile()  # e.g. left by an older version's race
    answers = Answers.model_validate(answers_data())
    for pid in (store.local_profile(), extra):
        store.save_check(pid, answers, assess(answers))
        store.upsert_log(pid, log(1, 3))
    store.delete_everything()
    assert store.profile_ids() == []
    with engine_for(url_for(tmp_path / "d.sqlite3")).connect() as conn:
        for table in ("profiles", "checks", "plans", "daily_logs"):
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0


@pytest.mark.parametrize("trial", range(20))
def test_two_tabs_saving_the_same_new_day_at_once_never_overwrite_silently(
    tmp_path: Path, trial: int
) -> None:
    store = Store.from_url(url_for(tmp_path / "race.sqlite3"))
    pid = store.local_profile()
    entries = [log(1, 4, minutes=12), log(1, 7, minutes=77)]
    results = at_once(2, lambda i: store.save_log(pid, entries[i], None))
    saved = [i for i, r in enumerate(results) if r == 1]
    conflicts = [r for r in results if isinstance(r, LogConflict)]
    assert len(saved) == 1, results
    assert len(conflicts) == 1, results
    kept = store.logs(pid)[0]
    assert kept == entries[saved[0]]
    assert conflicts[0].theirs == kept  # the losing tab is shown what was saved


def test_an_edit_of_a_day_changed_since_it_loaded_is_refused_with_both_versions(tmp_path: Path) -> None:
    store = Store.from_url(url_for(tmp_path / "edit.sqlite3"))
    pid = store.local_profile()
    first = store.save_log(pid, log(1, 4, minutes=12), None)
    store.save_log(pid, log(1, 5, minutes=30), first)  # tab A saves an edit
    with pytest.raises(LogConflict) as conflict:
        store.save_log(pid, log(1, 7, minutes=77), first)  # tab B still holds revision 1
    assert conflict.value.theirs.minutes == 30
    assert store.logs(pid)[0].minutes == 30
    store.save_log(pid, log(1, 7, minutes=77), conflict.value.revision)  # "save mine instead"
    assert store.logs(pid)[0].minutes == 77


def test_writes_for_a_deleted_profile_raise_profile_gone_and_change_nothing(tmp_path: Path) -> None:
    store = Store.from_url(url_for(tmp_path / "gone.sqlite3"))
    pid = store.local_profile()
    answers = Answers.model_validate(answers_data())
    check = store.save_check(pid, answers, assess(answers))
    store.delete_everything()
    with pytest.raises(ProfileGone, match="deleted"):
        store.save_check(pid, answers, assess(answers))
    with pytest.raises(ProfileGone):
        store.save_plan(pid, check.id, build_plan(make_profile(), START))
    with pytest.raises(ProfileGone):
        store.save_log(pid, log(1, 3), None)
    assert store.profile_ids() == []


def test_an_error_never_prints_what_the_person_wrote(tmp_path: Path) -> None:
    store = Store.from_url(url_for(tmp_path / "quiet.sqlite3"))
    pid = store.local_profile()
    secret = "my private note about my bladder"
    with engine_for(url_for(tmp_path / "quiet.sqlite3")).begin() as conn:
        conn.execute(
            text("CREATE TRIGGER no_logs BEFORE INSERT ON daily_logs BEGIN SELECT RAISE(ABORT, 'x'); END")
        )
    with pytest.raises(StorageError) as failure:
        store.save_log(pid, log(1, 3, note=secret), None)
    chain = f"{failure.value} {failure.value.__cause__}"
    assert secret not in chain
    assert "hidden due to hide_parameters" in str(failure.value.__cause__)


def test_a_v1_database_is_upgraded_keeping_its_first_profile_as_the_local_one(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(
            """
            CREATE TABLE profiles (id INTEGER PRIMARY KEY, created_at DATETIME);
            CREATE TABLE checks (id INTEGER PRIMARY KEY, profile_id INTEGER, created_at DATETIME,
                tier VARCHAR(16), answers JSON, result JSON);
            CREATE TABLE plans (id INTEGER PRIMARY KEY, profile_id INTEGER, check_id INTEGER,
                created_at DATETIME, start DATE, plan JSON);
            CREATE TABLE daily_logs (id INTEGER PRIMARY KEY, profile_id INTEGER, date DATE,
                updated_at DATETIME, entry JSON, CONSTRAINT uq_log_profile_date UNIQUE (profile_id, date));
            CREATE TABLE schema_version (version INTEGER PRIMARY KEY);
            INSERT INTO schema_version VALUES (1);
            INSERT INTO profiles VALUES (3, '2026-11-01'), (5, '2026-11-01');
            """
        )
    store = Store.from_url(url_for(path))
    assert store.local_profile() == 3
    with engine_for(url_for(path)).connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == migrations.head()
    assert store.save_log(3, log(1, 3), None) == 1


@pytest.mark.parametrize(
    ("setup", "says"),
    [
        ("garbage", "damaged or is not a Back on Track database"),
        ("newer", "newer version of Back on Track"),
        ("folder_is_a_file", "BACKONTRACK_DATA_DIR"),
        ("no_driver", "BACKONTRACK_DATABASE_URL"),
        ("nonsense", "BACKONTRACK_DATABASE_URL"),
    ],
)
def test_a_database_that_cannot_be_used_gives_one_sentence_naming_the_setting(
    tmp_path: Path, setup: str, says: str
) -> None:
    url = unusable_database(tmp_path, setup)
    with pytest.raises(StorageError) as failure:
        Store.from_url(url).local_profile()
    message = str(failure.value)
    assert says in message
    assert "\n" not in message
    assert "Traceback" not in message


def test_a_locked_database_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_database, "SQLITE_BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "locked.sqlite3"
    store = Store.from_url(url_for(path))
    pid = store.local_profile()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StorageError, match="busy: another program is using it"):
            store.save_log(pid, log(1, 3), None)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
