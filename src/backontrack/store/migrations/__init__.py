"""Schema migrations with Alembic, for SQLite and PostgreSQL alike (versions/ holds the steps).

A personal SQLite file is brought up to date when the app opens it. A PostgreSQL database is
migrated only by `python -m backontrack migrate`, as the owner role; the app checks its level.
Files written by the hand-written steps before Alembic (a `schema_version` table, versions
1 to 3) are stamped with the matching revision first, then upgraded like any other.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from backontrack.store.database import (
    SETTINGS_HINT,
    WRITE,
    StorageError,
    memory_engine,
    new_engine,
    storage_error,
)
from backontrack.store.security import DEFAULT_APP_ROLE

FOLDER = Path(__file__).parent
#: The hand-written store's schema versions, and the Alembic revision each one matches.
LEGACY = {1: "0001", 2: "0002", 3: "0003"}
#: Alembic's command context is process-wide and not thread-safe: one migration at a time (issue 25:
#: sessions that started together each migrated their own database, and crashed one another).
_MIGRATING = threading.Lock()
#: The schema at head, in memory, built once per process (its engine kept with it, so the connection
#: stays open): every private database is a copy of it.
_TEMPLATE: list[tuple[sqlite3.Connection, Engine]] = []


def _config(conn: Connection, app_role: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(FOLDER))
    config.attributes["connection"] = conn
    config.attributes["app_role"] = app_role
    return config


def head() -> str:
    """The newest revision this code knows."""
    found = ScriptDirectory(str(FOLDER)).get_current_head()
    assert found is not None
    return found


def current(conn: Connection) -> str | None:
    """The database's revision (None for an empty database or one from before Alembic)."""
    return MigrationContext.configure(conn).get_current_revision()


def _newer(revision: str) -> StorageError:
    return StorageError(
        f"The database was written by a newer version of Back on Track (schema {revision}; "
        f"this app knows {head()}). Update the app, or change {SETTINGS_HINT}."
    )


def upgrade(engine: Engine, app_role: str = DEFAULT_APP_ROLE) -> None:
    """Bring the database to the newest revision in one transaction (the first process to start
    takes SQLite's write lock; a second waits, then finds nothing left to do). One at a time in a
    process: Alembic's context is shared by its threads."""
    with _MIGRATING:
        _upgrade(engine, app_role)


def fresh_schema() -> sqlite3.Connection:
    """A new private database in memory, already at head: a copy of a template migrated once per
    process, so any number of sessions can start at the same moment (SQLite's backup API)."""
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    with _MIGRATING:
        if not _TEMPLATE:
            template = sqlite3.connect(":memory:", check_same_thread=False)
            engine = memory_engine(template)
            _upgrade(engine, DEFAULT_APP_ROLE)
            _TEMPLATE.append((template, engine))
        _TEMPLATE[0][0].backup(copy)
    return copy


def _upgrade(engine: Engine, app_role: str) -> None:
    with engine.connect().execution_options(**WRITE) as conn, conn.begin():
        tables = set(inspect(conn).get_table_names())
        revision = current(conn)
        scripts = ScriptDirectory(str(FOLDER))
        if revision is not None and revision not in {s.revision for s in scripts.walk_revisions()}:
            raise _newer(revision)
        config = _config(conn, app_role)
        if revision is None and "schema_version" in tables:
            legacy = conn.scalar(text("SELECT max(version) FROM schema_version"))
            if legacy not in LEGACY:
                raise _newer(str(legacy))
            command.stamp(config, LEGACY[legacy])
        command.upgrade(config, "head")


def require_current(engine: Engine) -> None:
    """Refuse a database that `migrate` has not brought to this code's revision."""
    with engine.connect() as conn:
        revision = current(conn)
    if revision == head():
        return
    if revision is not None and revision not in {
        s.revision for s in ScriptDirectory(str(FOLDER)).walk_revisions()
    }:
        raise _newer(revision)
    raise StorageError(
        f"The database is at schema {revision or 'none'}, and this app needs {head()}. "
        "Run `python -m backontrack migrate` with BACKONTRACK_MIGRATE_URL set to the owner role."
    )


def migrate(url: str, app_role: str = DEFAULT_APP_ROLE) -> str:
    """`python -m backontrack migrate`: upgrade the database at `url` (PostgreSQL: as the owner role,
    after checking that the app's role exists). Returns the revision reached."""
    engine = new_engine(url)
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                if not conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": app_role}):
                    raise StorageError(
                        f"The app's database role {app_role} does not exist: create it (LOGIN, no "
                        "superuser) or set BACKONTRACK_APP_ROLE to its name, then migrate again."
                    )
                if app_role == conn.scalar(text("SELECT current_user")):
                    raise StorageError(
                        "Migrations must run as the owner role, not as the app's role: "
                        "set BACKONTRACK_MIGRATE_URL to the owner's address."
                    )
        upgrade(engine, app_role)
        with engine.connect() as conn:
            reached = current(conn)
    except SQLAlchemyError as exc:
        raise storage_error(exc) from exc
    finally:
        engine.dispose()
    assert reached is not None
    return reached
