"""Storage: a small SQLAlchemy 2 repository for profiles, checks, plans and daily logs.

What is stored is only what the person entered plus the plan as first
generated; adjustments are re-derived from the logs every time (design.md).
SQLite by default (WAL, busy timeout, foreign keys on); any SQLAlchemy URL via
BACKONTRACK_DATABASE_URL. Every write is one transaction.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from pydantic import ValidationError
from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    func,
    select,
    text,
    update,
)
from sqlalchemy import cast as cast_sql
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, CursorResult, Result, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.pool import StaticPool

from backontrack import triage
from backontrack.models import Answers, LogEntry, Plan, TriageResult

SCHEMA_VERSION = 3
SQLITE_BUSY_TIMEOUT_MS = 5000
#: Personal mode's one profile carries this key; a unique index makes "create it once" race-free.
LOCAL_KEY = "local"
#: How to point the app at another database, for messages about a broken one.
SETTINGS_HINT = "BACKONTRACK_DATA_DIR or BACKONTRACK_DATABASE_URL"


class StorageError(RuntimeError):
    """The database cannot be used; the message says what is wrong and which setting to change."""


class ProfileGone(StorageError):
    """A write for a profile that was deleted meanwhile (for example from another tab)."""


class LogConflict(Exception):
    """The day was saved elsewhere since this form loaded it; nothing was overwritten."""

    def __init__(self, theirs: LogEntry, revision: int) -> None:
        super().__init__(f"the log for {theirs.date} changed since it was loaded")
        self.theirs = theirs
        self.revision = revision


class Base(DeclarativeBase):
    pass


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ProfileRow(Base):
    __tablename__ = "profiles"
    # Never reuse an id: a tab still holding a deleted profile's id must not write into a new one.
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012 (SQLAlchemy's declarative form)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    local_key: Mapped[str | None] = mapped_column(String(16), unique=True, default=None)
    #: Goes up by one in every write for the profile, so a session can reuse what it derived
    #: from the data (the adapted plan, the progress frame) until something changes.
    data_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class CheckRow(Base):
    """One completed questionnaire and its result; the latest is the current one."""

    __tablename__ = "checks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    tier: Mapped[str] = mapped_column(String(16))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)


class PlanRow(Base):
    """A plan as first generated, tied to the check it was built after."""

    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("checks.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    start: Mapped[dt.date] = mapped_column(Date)
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)


class LogRow(Base):
    """One day's log; saving the same date again updates it."""

    __tablename__ = "daily_logs"
    __table_args__ = (UniqueConstraint("profile_id", "date", name="uq_log_profile_date"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now, onupdate=_now)
    entry: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: Goes up by one on every save, so a tab can tell that the day changed since it loaded it.
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class SchemaVersion(Base):
    __tablename__ = "schema_version"
    version: Mapped[int] = mapped_column(Integer, primary_key=True)


#: Upgrades from version N to N+1, run in order on start. Add one per schema change.
def _v1_to_v2(session: Session) -> None:
    """One local profile by a unique key (the oldest one); a revision number on each daily log."""
    session.execute(text("ALTER TABLE profiles ADD COLUMN local_key VARCHAR(16)"))
    session.execute(text("CREATE UNIQUE INDEX uq_profiles_local_key ON profiles (local_key)"))
    session.execute(
        text("UPDATE profiles SET local_key = :key WHERE id = (SELECT min(id) FROM profiles)"),
        {"key": LOCAL_KEY},
    )
    session.execute(text("ALTER TABLE daily_logs ADD COLUMN revision INTEGER NOT NULL DEFAULT 1"))


def _v2_to_v3(session: Session) -> None:
    """A data version on each profile, bumped by every write (sessions key derived data on it)."""
    session.execute(text("ALTER TABLE profiles ADD COLUMN data_version INTEGER NOT NULL DEFAULT 0"))


#: Schema upgrades: MIGRATIONS[n] takes a version-n database to n + 1.
MIGRATIONS: dict[int, Callable[[Session], None]] = {1: _v1_to_v2, 2: _v2_to_v3}


@dataclass(frozen=True)
class CheckRecord:
    id: int
    created_at: dt.datetime
    answers: Answers
    result: TriageResult


@dataclass(frozen=True)
class PlanRecord:
    id: int
    check_id: int
    created_at: dt.datetime
    plan: Plan


@dataclass(frozen=True)
class Snapshot:
    """Everything one person entered, oldest first: what an export holds and an import writes.

    Each plan's `check_id` is the id of one of `checks` (database ids when read,
    any distinct numbers when written: `replace_local` maps them to new rows).
    """

    checks: list[CheckRecord]
    plans: list[PlanRecord]
    logs: list[LogEntry]

    @property
    def empty(self) -> bool:
        return not (self.checks or self.plans or self.logs)


#: Execution option that makes a SQLite transaction take the write lock when it begins.
WRITE = {"backontrack_write": True}


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
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
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


_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def engine_for(url: str) -> Engine:
    """One engine per process and URL, made and upgraded once even when sessions start together.

    Raises StorageError, naming the setting to change, when the URL, folder or
    file cannot be used.
    """
    with _ENGINES_LOCK:
        if url not in _ENGINES:
            _ENGINES[url] = _open(url)
        return _ENGINES[url]


def _open(url: str) -> Engine:
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            _sqlite_folder(Path(parsed.database).expanduser().parent)
        # hide_parameters: an error must never print answers or notes into the server log.
        engine = create_engine(url, hide_parameters=True)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise StorageError(
            f"The database address is not one this app can use ({type(exc).__name__}). "
            "Check BACKONTRACK_DATABASE_URL, or unset it to use the built-in SQLite file."
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    try:
        upgrade(engine)
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
    elif "unable to open" in detail or "permission" in detail:
        what = f"The database file cannot be opened. Check its folder, or change {SETTINGS_HINT}."
    else:
        what = f"The database cannot be used ({type(exc).__name__}). Check {SETTINGS_HINT}."
    return StorageError(what)


def upgrade(engine: Engine) -> None:
    """Create missing tables, then run any migrations past the stored version.

    Safe when two processes start on a new database together: each step runs
    in one transaction, and a step that lost the race (the table or version
    row already made by the other) is simply tried again.
    """
    for attempt in range(5):
        try:
            _upgrade_once(engine)
            return
        except (IntegrityError, DBAPIError) as exc:
            lost_race = "already exists" in str(exc) or isinstance(exc, IntegrityError)
            if not lost_race or attempt == 4:
                raise


def _upgrade_once(engine: Engine) -> None:
    with engine.connect().execution_options(**WRITE) as conn, conn.begin():
        Base.metadata.create_all(conn)
    with Session(engine.execution_options(**WRITE)) as session, session.begin():
        current = session.scalar(select(func.max(SchemaVersion.version)))
        if current is None:
            session.add(SchemaVersion(version=SCHEMA_VERSION))
            return
        if current > SCHEMA_VERSION:
            raise StorageError(
                f"The database was written by a newer version of Back on Track (schema {current}; "
                f"this app knows {SCHEMA_VERSION}). Update the app, or change {SETTINGS_HINT}."
            )
        for version in range(current, SCHEMA_VERSION):
            MIGRATIONS[version](session)
            session.add(SchemaVersion(version=version + 1))


class Store:
    """The repository the pages call; hides SQL and speaks in domain models."""

    def __init__(self, engine: Engine, identity: str | None = None) -> None:
        #: Which database this is, for keys of what a session derives from it: the URL (password
        #: hidden) for a file or server, a random token for a private in-memory database.
        self.identity = identity or engine.url.render_as_string(hide_password=True)
        self._engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._writes = sessionmaker(engine.execution_options(**WRITE), expire_on_commit=False)

    def database_path(self) -> str | None:
        """The SQLite file behind this store (None for a server database or memory)."""
        database = self._sessions.kw["bind"].url.database
        return str(database) if database and database != ":memory:" else None

    @classmethod
    def in_memory(cls) -> Store:
        """A private database held in memory (kiosk and demo sessions): gone when the session is.

        The same tables and SQL as the file store, so no second storage code
        exists; one connection (StaticPool) keeps the memory database alive.
        """
        engine = create_engine(
            "sqlite://",
            poolclass=StaticPool,
            connect_args={"check_same_thread": False},
            hide_parameters=True,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        upgrade(engine)
        return cls(engine, identity=f"memory:{uuid.uuid4().hex}")

    @classmethod
    def from_url(cls, url: str) -> Store:
        return cls(engine_for(url))

    @contextmanager
    def _write(self, profile_id: int | None = None) -> Iterator[Session]:
        """One transaction: commits on success, rolls everything back on any error.

        A write for a profile that no longer exists raises ProfileGone; other
        database failures raise StorageError with a sentence a person can act on.
        """
        try:
            with self._writes.begin() as session:
                if profile_id is not None:
                    bumped = session.execute(
                        update(ProfileRow)
                        .where(ProfileRow.id == profile_id)
                        .values(data_version=ProfileRow.data_version + 1)
                    )
                    if _rowcount(bumped) == 0:
                        raise ProfileGone("Your data was deleted, perhaps in another tab. Nothing was saved.")
                yield session
        except IntegrityError as exc:
            if profile_id is not None and not self.profile_exists(profile_id):
                raise ProfileGone(
                    "Your data was deleted, perhaps in another tab. Nothing was saved."
                ) from exc
            raise storage_error(exc) from exc
        except SQLAlchemyError as exc:
            raise storage_error(exc) from exc

    @contextmanager
    def _read(self) -> Iterator[Session]:
        """A read-only session; database failures become a StorageError a person can act on."""
        try:
            with self._sessions() as session:
                yield session
        except SQLAlchemyError as exc:
            raise storage_error(exc) from exc

    def data_version(self, profile_id: int) -> int | None:
        """The profile's data version (None when it is gone): one indexed read, whatever the history."""
        # Asked several times on every screen: a plain connection, not an ORM session.
        try:
            with self._engine.connect() as conn:
                return conn.scalar(select(ProfileRow.data_version).where(ProfileRow.id == profile_id))
        except SQLAlchemyError as exc:
            raise storage_error(exc) from exc

    def profile_exists(self, profile_id: int) -> bool:
        with self._read() as session:
            return session.get(ProfileRow, profile_id) is not None

    # -- profiles ---------------------------------------------------------
    def create_profile(self) -> int:
        with self._write() as session:
            row = ProfileRow()
            session.add(row)
            session.flush()
            return row.id

    def first_profile(self) -> int | None:
        with self._read() as session:
            return session.scalar(select(ProfileRow.id).order_by(ProfileRow.id).limit(1))

    def profile_ids(self) -> list[int]:
        with self._read() as session:
            return list(session.scalars(select(ProfileRow.id).order_by(ProfileRow.id)))

    def find_local_profile(self) -> int | None:
        """Personal mode's one profile, if it has been made (looking creates nothing)."""
        with self._read() as session:
            return session.scalar(select(ProfileRow.id).where(ProfileRow.local_key == LOCAL_KEY))

    def local_profile(self) -> int:
        """Personal mode's one profile, made on first use; race-free (insert-or-ignore on a fixed key)."""
        with self._write() as session:
            insert = _dialect_insert(session)
            session.execute(
                insert(ProfileRow).values(local_key=LOCAL_KEY, created_at=_now()).on_conflict_do_nothing()
            )
            return session.execute(
                select(ProfileRow.id).where(ProfileRow.local_key == LOCAL_KEY)
            ).scalar_one()

    def delete_everything(self) -> None:
        """Personal mode: every row in the database belongs to the person, so all of it goes."""
        with self._write() as session:
            for table in (LogRow, PlanRow, CheckRow, ProfileRow):
                session.execute(delete(table))

    def delete_profile(self, profile_id: int) -> None:
        """Remove every row that belongs to the profile, in one transaction."""
        with self._write() as session:
            for table in (LogRow, PlanRow, CheckRow):
                session.execute(delete(table).where(table.profile_id == profile_id))
            session.execute(delete(ProfileRow).where(ProfileRow.id == profile_id))

    def count_rows(self, profile_id: int) -> int:
        """How many rows anywhere still belong to the profile (0 after deletion)."""
        with self._read() as session:
            total = session.scalar(select(func.count()).where(ProfileRow.id == profile_id)) or 0
            for table in (CheckRow, PlanRow, LogRow):
                total += session.scalar(select(func.count()).where(table.profile_id == profile_id)) or 0
            return total

    # -- checks -----------------------------------------------------------
    def save_check(self, profile_id: int, answers: Answers, result: TriageResult) -> CheckRecord:
        with self._write(profile_id) as session:
            row = CheckRow(
                profile_id=profile_id,
                tier=result.tier,
                # Only the questionnaire: a Profile's baseline belongs to its plan.
                answers=answers.model_dump(mode="json", include=set(Answers.model_fields)),
                result=result.model_dump(mode="json"),
            )
            session.add(row)
            session.flush()
            record = _check(row)
            assert record is not None  # the answers were validated before they were saved
            return record

    def checks(self, profile_id: int) -> list[CheckRecord]:
        """Every check, newest first."""
        with self._read() as session:
            rows = session.scalars(
                select(CheckRow).where(CheckRow.profile_id == profile_id).order_by(CheckRow.id.desc())
            )
            return [record for r in rows if (record := _check(r)) is not None]

    def _latest_check_row(self, session: Session, profile_id: int) -> CheckRow | None:
        return session.scalar(
            select(CheckRow).where(CheckRow.profile_id == profile_id).order_by(CheckRow.id.desc()).limit(1)
        )

    def current_check(self, profile_id: int) -> CheckRecord | None:
        """The latest check: a new one replaces the current result.

        None when the latest check was made before the questionnaire gained
        questions: its result cannot stand, and no older check may stand in
        for it (see `outdated_answers`).
        """
        with self._read() as session:
            row = self._latest_check_row(session, profile_id)
            return _check(row) if row else None

    def outdated_answers(self, profile_id: int) -> dict[str, Any] | None:
        """The latest check's answers when they no longer fit the questionnaire, to pre-fill a new one."""
        with self._read() as session:
            row = self._latest_check_row(session, profile_id)
            if row is None or _check(row) is not None:
                return None
            return dict(row.answers)

    # -- plans ------------------------------------------------------------
    def save_plan(self, profile_id: int, check_id: int, plan: Plan) -> PlanRecord:
        if not plan.triage.plan_allowed:
            raise ValueError(f"refusing to store a plan for a {plan.triage.tier} result")
        with self._write(profile_id) as session:
            row = PlanRow(
                profile_id=profile_id, check_id=check_id, start=plan.start, plan=plan.model_dump(mode="json")
            )
            session.add(row)
            session.flush()
            return _plan(row)

    def current_plan(self, profile_id: int, check_id: int) -> PlanRecord | None:
        """The latest plan built after this check (a plan never outlives its check)."""
        with self._read() as session:
            row = session.scalar(
                select(PlanRow)
                .where(PlanRow.profile_id == profile_id, PlanRow.check_id == check_id)
                .order_by(PlanRow.id.desc())
                .limit(1)
            )
            return _plan(row) if row else None

    # -- daily logs -------------------------------------------------------
    def upsert_log(self, profile_id: int, entry: LogEntry) -> int:
        """Save a day's log whatever is stored for it (an atomic insert-or-update); returns its revision."""
        data = entry.model_dump(mode="json")
        with self._write(profile_id) as session:
            insert = _dialect_insert(session)
            stmt = insert(LogRow).values(profile_id=profile_id, date=entry.date, entry=data, revision=1)
            stmt = stmt.on_conflict_do_update(
                index_elements=[LogRow.profile_id, LogRow.date],
                set_={"entry": data, "updated_at": _now(), "revision": LogRow.revision + 1},
            )
            session.execute(stmt)
            return self._revision(session, profile_id, entry.date) or 1

    def save_log(self, profile_id: int, entry: LogEntry, loaded: int | None) -> int:
        """Save a day's log only if it is still as this form loaded it (`loaded`: its revision, or None).

        Raises LogConflict with the stored entry when another tab saved the day
        in between, so nothing is overwritten silently. Returns the new revision.
        """
        data = entry.model_dump(mode="json")
        with self._write(profile_id) as session:
            if loaded is None:
                insert = _dialect_insert(session)
                stmt = insert(LogRow).values(profile_id=profile_id, date=entry.date, entry=data, revision=1)
                done = _rowcount(session.execute(stmt.on_conflict_do_nothing()))
                revision = 1
            else:
                stmt = (
                    update(LogRow)
                    .where(
                        LogRow.profile_id == profile_id, LogRow.date == entry.date, LogRow.revision == loaded
                    )
                    .values(entry=data, updated_at=_now(), revision=loaded + 1)
                )
                done = _rowcount(session.execute(stmt))
                revision = loaded + 1
            if done == 1:
                return revision
            row = session.scalar(
                select(LogRow).where(LogRow.profile_id == profile_id, LogRow.date == entry.date)
            )
        if row is None:  # loaded once, deleted since: nothing of theirs to lose
            return self.save_log(profile_id, entry, None)
        raise LogConflict(_log(row), row.revision)

    def log_revision(self, profile_id: int, date: dt.date) -> int | None:
        """The day's revision now (None when it has no log), to pass back to save_log."""
        with self._read() as session:
            return self._revision(session, profile_id, date)

    @staticmethod
    def _revision(session: Session, profile_id: int, date: dt.date) -> int | None:
        return session.scalar(
            select(LogRow.revision).where(LogRow.profile_id == profile_id, LogRow.date == date)
        )

    def logs(
        self, profile_id: int, since: dt.date | None = None, until: dt.date | None = None
    ) -> list[LogEntry]:
        """The profile's logs, oldest first; `since`/`until` (inclusive) bound the days read.

        Screens ask only for the current plan's days, so a page costs the same
        after five years of history as after two weeks.
        """
        # The stored JSON as text, parsed and validated in one step by pydantic's JSON mode.
        query = select(cast_sql(LogRow.entry, Text)).where(LogRow.profile_id == profile_id)
        if since is not None:
            query = query.where(LogRow.date >= since)
        if until is not None:
            query = query.where(LogRow.date <= until)
        with self._read() as session:
            return [LogEntry.model_validate_json(e) for e in session.scalars(query.order_by(LogRow.date))]

    def log_on(self, profile_id: int, date: dt.date) -> LogEntry | None:
        with self._read() as session:
            row = session.scalar(select(LogRow).where(LogRow.profile_id == profile_id, LogRow.date == date))
            return _log(row) if row else None

    # -- export and import ------------------------------------------------
    def snapshot(self, profile_id: int) -> Snapshot:
        """Every check, plan and log of the profile, read in one transaction (so an export is whole).

        A check made before the questionnaire gained questions is left out, with
        its plans: its answers no longer fit, and the app asks them again anyway.
        """
        with self._read() as session, session.begin():
            checks = [
                record
                for row in session.scalars(
                    select(CheckRow).where(CheckRow.profile_id == profile_id).order_by(CheckRow.id)
                )
                if (record := _check(row)) is not None
            ]
            kept = {c.id for c in checks}
            plans = [
                _plan(row)
                for row in session.scalars(
                    select(PlanRow).where(PlanRow.profile_id == profile_id).order_by(PlanRow.id)
                )
                if row.check_id in kept
            ]
            logs = [
                _log(row)
                for row in session.scalars(
                    select(LogRow).where(LogRow.profile_id == profile_id).order_by(LogRow.date)
                )
            ]
        return Snapshot(checks=checks, plans=plans, logs=logs)

    def replace_local(self, snapshot: Snapshot) -> int:
        """Personal mode's import: the local profile's checks, plans and logs become `snapshot`'s.

        One transaction for the records: any failure leaves them all as they
        were. The profile itself stays (made first if this is an empty app), so
        other tabs keep working and see the new data; every log's revision goes
        past any a tab may hold, so no form loaded before the import can
        overwrite an imported day. Returns the profile id.
        """
        refused = [p for p in snapshot.plans if not p.plan.triage.plan_allowed]
        if refused:
            raise ValueError(f"refusing to store a plan for a {refused[0].plan.triage.tier} result")
        profile_id = self.local_profile()
        with self._write(profile_id) as session:
            revision = 1 + (
                session.scalar(select(func.max(LogRow.revision)).where(LogRow.profile_id == profile_id)) or 0
            )
            for table in (LogRow, PlanRow, CheckRow):
                session.execute(delete(table).where(table.profile_id == profile_id))
            check_rows: dict[int, int] = {}
            for check in snapshot.checks:
                row = CheckRow(
                    profile_id=profile_id,
                    created_at=_as_utc(check.created_at),
                    tier=check.result.tier,
                    answers=check.answers.model_dump(mode="json", include=set(Answers.model_fields)),
                    result=check.result.model_dump(mode="json"),
                )
                session.add(row)
                session.flush()
                check_rows[check.id] = row.id
            for plan in snapshot.plans:
                session.add(
                    PlanRow(
                        profile_id=profile_id,
                        check_id=check_rows[plan.check_id],
                        created_at=_as_utc(plan.created_at),
                        start=plan.plan.start,
                        plan=plan.plan.model_dump(mode="json"),
                    )
                )
            for entry in snapshot.logs:
                session.add(
                    LogRow(
                        profile_id=profile_id,
                        date=entry.date,
                        entry=entry.model_dump(mode="json"),
                        revision=revision,
                    )
                )
            session.flush()
            return profile_id


def _rowcount(result: Result[Any]) -> int:
    """Rows an INSERT or UPDATE touched (a cursor result's count)."""
    return int(cast("CursorResult[Any]", result).rowcount)


def _as_utc(moment: dt.datetime) -> dt.datetime:
    """A time as UTC (SQLite keeps no offset, so every stored time is UTC; a naive one already is)."""
    return moment if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _dialect_insert(session: Session) -> Any:
    """INSERT ... ON CONFLICT for the database in use (SQLite and PostgreSQL both have it)."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert
    if name == "sqlite":
        return sqlite.insert
    raise StorageError(f"The {name} database is not supported. Use SQLite or PostgreSQL.")


def _log(row: LogRow) -> LogEntry:
    return _entry(row.entry)


def _entry(stored: dict[str, Any]) -> LogEntry:
    # Strict fields need real dates in Python mode; the stored ISO date is parsed here.
    return LogEntry.model_validate({**stored, "date": dt.date.fromisoformat(stored["date"])})


def _check(row: CheckRow) -> CheckRecord | None:
    """The check with its result re-derived from the answers by today's rules and wording.

    The stored result stays in the row as the record of what was shown then.
    None when the answers no longer fit the questionnaire (questions were added
    since): a missing answer is never read as "no".
    """
    try:
        answers = Answers.model_validate(row.answers)
    except ValidationError:
        return None
    return CheckRecord(id=row.id, created_at=row.created_at, answers=answers, result=triage.assess(answers))


def _plan(row: PlanRow) -> PlanRecord:
    return PlanRecord(
        id=row.id, check_id=row.check_id, created_at=row.created_at, plan=Plan.model_validate(row.plan)
    )
