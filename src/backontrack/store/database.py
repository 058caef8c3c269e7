"""Opening a database: one engine per process and URL, SQLite set up for safe concurrent use,
and every failure turned into one sentence that names the setting to change."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

SQLITE_BUSY_TIMEOUT_MS = 5000
#: How to point the app at another database, for messages about a broken one.
SETTINGS_HINT = "BACKONTRACK_DATA_DIR or BACKONTRACK_DATABASE_URL"
#: Execution option that makes a SQLite transaction take the write lock when it begins.
WRITE = {"backontrack_write": True}


class StorageError(RuntimeError):
    """The database cannot be used; the message says what is wrong and which setting to change."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy, not the driver, says when a transaction begins (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    _wal(cursor)
    cursor.close()


def _wal(cursor: Any) -> None:
    """Switch a new database to WAL (it stays so); retry while another process does the same.

    Changing the journal mode needs a moment of exclusive access, and SQLite
    answers "database is locked" at once rather than waiting on the busy timeout.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] not in ("wal", "memory"):
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _sqlite_begin(conn: Connection) -> None:
    """Writes begin IMMEDIATE: they wait (busy timeout) for the write lock instead of failing.

    A deferred transaction that reads and then writes gets "database is locked"
    at once when another writer got in between; reads stay deferred, so they
    never wait on each other.
    """
    immediate = conn.get_execution_options().get("backontrack_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _sqlite_events(engine: Engine) -> None:
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _sqlite_begin)


_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def engine_for(url: str) -> Engine:
    """One engine per process and URL, made and brought to the current schema once.

    A SQLite file is upgraded in place on first use (personal mode). A PostgreSQL
    database is only checked: `python -m backontrack migrate` upgrades it, as the
    owner role, because the app's own role may not change the schema.
    Raises StorageError, naming the setting to change, when it cannot be used.
    """
    with _ENGINES_LOCK:
        if url not in _ENGINES:
            _ENGINES[url] = _open(url)
        return _ENGINES[url]


def new_engine(url: str) -> Engine:
    """An engine for `url` (no schema step): what `migrate` and `ready` use, and _open below."""
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            _sqlite_folder(Path(parsed.database).expanduser().parent)
        # hide_parameters: an error must never print answers or notes into the server log.
        # pool_pre_ping: a pooled PostgreSQL connection the server closed is replaced, not used.
        options: dict[str, Any] = {"hide_parameters": True}
        if parsed.get_backend_name() == "postgresql":
            options |= {"pool_pre_ping": True, "pool_size": 10, "max_overflow": 10}
        engine = create_engine(url, **options)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise StorageError(
            f"The database address is not one this app can use ({type(exc).__name__}). "
            "Check BACKONTRACK_DATABASE_URL, or unset it to use the built-in SQLite file."
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        _sqlite_events(engine)
    return engine


def memory_engine(connection: sqlite3.Connection | None = None) -> Engine:
    """A private SQLite database in memory, alive as long as its one connection (StaticPool);
    `connection` is that database when it was made already (a copy of the schema, Store.in_memory)."""
    conn = connection or sqlite3.connect(":memory:", check_same_thread=False)
    engine = create_engine("sqlite://", poolclass=StaticPool, creator=lambda: conn, hide_parameters=True)
    _sqlite_events(engine)
    return engine


def _open(url: str) -> Engine:
    from backontrack.store import migrations  # the migrations use this module's engines

    engine = new_engine(url)
    try:
        if engine.dialect.name == "sqlite":
            migrations.upgrade(engine)
        else:
            migrations.require_current(engine)
    except StorageError:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:
        engine.dispose()
        raise storage_error(exc) from exc
    return engine


def _sqlite_folder(folder: Path) -> None:
    """Create the data folder, or say which setting to change when it cannot be used."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        raise StorageError(
            f"The data folder {folder} is a file, not a folder. Set BACKONTRACK_DATA_DIR to a folder."
        ) from exc
    except OSError as exc:
        raise StorageError(
            f"The data folder {folder} cannot be created ({exc.strerror}). "
            "Set BACKONTRACK_DATA_DIR to a folder you can write to."
        ) from exc


def storage_error(exc: SQLAlchemyError) -> StorageError:
    """One plain sentence for a database failure: what is wrong and what to do."""
    detail = str(exc.orig if isinstance(exc, DBAPIError) else exc).lower()
    if "locked" in detail or "busy" in detail:
        what = "The database is busy: another program is using it. Close it, then reload this page."
    elif "readonly" in detail or "read-only" in detail:
        what = f"The database file is read-only. Make it writable, or change {SETTINGS_HINT}."
    elif "not a database" in detail or "malformed" in detail or "file is encrypted" in detail:
        what = (
            "The database file is damaged or is not a Back on Track database. "
            f"Move it aside, or change {SETTINGS_HINT}."
        )
    elif "permission denied for" in detail:  # PostgreSQL: a right the migrations did not grant
        what = "The app's database role may not do this. Run `python -m backontrack migrate` as the owner."
    elif "unable to open" in detail or "permission" in detail:
        what = f"The database file cannot be opened. Check its folder, or change {SETTINGS_HINT}."
    elif "row-level security" in detail:
        what = "The database refused a write that does not belong to this account. Nothing was saved."
    elif "connection" in detail or "could not connect" in detail:
        what = "The database server cannot be reached. Try again in a minute."
    else:
        what = f"The database cannot be used ({type(exc).__name__}). Check {SETTINGS_HINT}."
    return StorageError(what)
