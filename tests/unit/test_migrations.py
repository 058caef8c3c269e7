"""Alembic migrations (issue 18): a personal file made before Alembic upgrades in place, keeping
everything; the migrated schema is exactly the tables the code reads and writes."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from backontrack.store import StorageError, Store, engine_for, migrations
from backontrack.store.schema import Base
from tests.conftest import PERSONAL_V3_FILE, log


def copy_of_v3(tmp_path: Path) -> str:
    path = tmp_path / "personal.sqlite3"
    shutil.copy(PERSONAL_V3_FILE, path)
    return f"sqlite:///{path}"


def test_a_personal_file_from_before_alembic_upgrades_in_place_keeping_every_record(tmp_path: Path) -> None:
    url = copy_of_v3(tmp_path)
    store = Store.from_url(url)
    pid = store.find_local_profile()
    assert pid == 1
    snapshot = store.snapshot(pid)
    assert len(snapshot.checks) == 1
    assert [p.plan.start for p in snapshot.plans] == [dt.date(2026, 11, 20)]
    assert [(e.date.day, e.pain, e.minutes, e.note) for e in snapshot.logs] == [
        (20, 3, 10, ""),
        (21, 4, 12, ""),
        (22, 3, 15, "walked by the canal"),
        (23, 2, 18, ""),
    ]
    assert store.data_version(pid) == 7
    assert store.log_revision(pid, dt.date(2026, 11, 23)) == 2
    with engine_for(url).connect() as conn:
        assert conn.scalar(text("SELECT version_num FROM alembic_version")) == migrations.head()
        tables = set(inspect(conn).get_table_names())
    assert "schema_version" not in tables
    assert {"accounts", "audit"} <= tables
    store.upsert_log(pid, log(6, 2, start=dt.date(2026, 11, 20)))  # and it keeps working
    assert len(store.logs(pid)) == 5


def test_upgrading_twice_changes_nothing(tmp_path: Path) -> None:
    url = copy_of_v3(tmp_path)
    engine = engine_for(url)
    migrations.upgrade(engine)
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM alembic_version")) == 1
        assert conn.scalar(text("SELECT count(*) FROM daily_logs")) == 4


@pytest.mark.parametrize("dialect_file", ["new", "v3"])
def test_the_migrated_schema_is_the_one_the_code_uses(tmp_path: Path, dialect_file: str) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}" if dialect_file == "new" else copy_of_v3(tmp_path)
    with engine_for(url).connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # Unique constraints and indexes differ in name only between SQLite's old and new files.
    assert [
        d
        for d in differences
        if d[0] not in ("add_index", "remove_index", "add_constraint", "remove_constraint")
    ] == []


def test_a_file_from_a_newer_app_is_refused_with_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    Store.from_url(f"sqlite:///{path}")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
    other = f"sqlite:///{tmp_path}/./newer.sqlite3"  # a new URL: a new engine, as after a restart
    with pytest.raises(StorageError, match="newer version of Back on Track"):
        Store.from_url(other)


def test_a_sign_in_from_before_signing_out_is_refused_on_sqlite_too() -> None:
    import datetime as dt

    store = Store.in_memory()
    before = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    pid = store.sign_in("https://id.test", "ivy", before)
    store.sign_out("https://id.test", "ivy", before)
    assert store.sign_in("https://id.test", "ivy", before) is None
    assert store.sign_in("https://id.test", "ivy", dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)) == pid


def test_each_sign_in_is_audited_once_on_sqlite_too() -> None:
    import datetime as dt

    store = Store.in_memory()
    first = dt.datetime.now(dt.UTC)
    pid = store.sign_in("https://id.test", "kim", first)
    assert pid is not None
    for _ in range(3):
        assert store.sign_in("https://id.test", "kim", first) == pid
    store.sign_in("https://id.test", "kim", first + dt.timedelta(hours=1))
    assert store.audit_events(pid) == ["sign-in", "sign-in"]
