"""Storage: a small SQLAlchemy 2 repository for profiles, checks, plans and daily logs.

What is stored is only what the person entered plus the plan as first
generated; adjustments are re-derived from the logs every time (design.md).
SQLite by default (WAL, busy timeout, foreign keys on); any SQLAlchemy URL via
BACKONTRACK_DATABASE_URL. Every write is one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    func,
    select,
)
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from backontrack import triage
from backontrack.models import Answers, LogEntry, Plan, TriageResult

SCHEMA_VERSION = 1
SQLITE_BUSY_TIMEOUT_MS = 5000


class Base(DeclarativeBase):
    pass


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ProfileRow(Base):
    __tablename__ = "profiles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


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


class SchemaVersion(Base):
    __tablename__ = "schema_version"
    version: Mapped[int] = mapped_column(Integer, primary_key=True)


#: Upgrades from version N to N+1, run in order on start. Add one per schema change.
MIGRATIONS: dict[int, Callable[[Session], None]] = {}


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


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


@cache
def engine_for(url: str) -> Engine:
    """One engine per process and URL; creates the SQLite folder and upgrades the schema."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    upgrade(engine)
    return engine


def upgrade(engine: Engine) -> None:
    """Create missing tables, then run any migrations past the stored version."""
    Base.metadata.create_all(engine)
    with Session(engine) as session, session.begin():
        current = session.scalar(select(func.max(SchemaVersion.version)))
        if current is None:
            session.add(SchemaVersion(version=SCHEMA_VERSION))
            return
        for version in range(current, SCHEMA_VERSION):
            MIGRATIONS[version](session)
            session.add(SchemaVersion(version=version + 1))


class Store:
    """The repository the pages call; hides SQL and speaks in domain models."""

    def __init__(self, engine: Engine) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def from_url(cls, url: str) -> Store:
        return cls(engine_for(url))

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One transaction: commits on success, rolls everything back on any error."""
        with self._sessions.begin() as session:
            yield session

    # -- profiles ---------------------------------------------------------
    def create_profile(self) -> int:
        with self._write() as session:
            row = ProfileRow()
            session.add(row)
            session.flush()
            return row.id

    def first_profile(self) -> int | None:
        with self._sessions() as session:
            return session.scalar(select(ProfileRow.id).order_by(ProfileRow.id).limit(1))

    def profile_ids(self) -> list[int]:
        with self._sessions() as session:
            return list(session.scalars(select(ProfileRow.id).order_by(ProfileRow.id)))

    def local_profile(self) -> int:
        """Personal mode keeps one profile on the machine: the first, made on first use."""
        return self.first_profile() or self.create_profile()

    def delete_profile(self, profile_id: int) -> None:
        """Remove every row that belongs to the profile, in one transaction."""
        with self._write() as session:
            for table in (LogRow, PlanRow, CheckRow):
                session.execute(delete(table).where(table.profile_id == profile_id))
            session.execute(delete(ProfileRow).where(ProfileRow.id == profile_id))

    def count_rows(self, profile_id: int) -> int:
        """How many rows anywhere still belong to the profile (0 after deletion)."""
        with self._sessions() as session:
            total = session.scalar(select(func.count()).where(ProfileRow.id == profile_id)) or 0
            for table in (CheckRow, PlanRow, LogRow):
                total += session.scalar(select(func.count()).where(table.profile_id == profile_id)) or 0
            return total

    # -- checks -----------------------------------------------------------
    def save_check(self, profile_id: int, answers: Answers, result: TriageResult) -> CheckRecord:
        with self._write() as session:
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
        with self._sessions() as session:
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
        with self._sessions() as session:
            row = self._latest_check_row(session, profile_id)
            return _check(row) if row else None

    def outdated_answers(self, profile_id: int) -> dict[str, Any] | None:
        """The latest check's answers when they no longer fit the questionnaire, to pre-fill a new one."""
        with self._sessions() as session:
            row = self._latest_check_row(session, profile_id)
            if row is None or _check(row) is not None:
                return None
            return dict(row.answers)

    # -- plans ------------------------------------------------------------
    def save_plan(self, profile_id: int, check_id: int, plan: Plan) -> PlanRecord:
        if not plan.triage.plan_allowed:
            raise ValueError(f"refusing to store a plan for a {plan.triage.tier} result")
        with self._write() as session:
            row = PlanRow(
                profile_id=profile_id, check_id=check_id, start=plan.start, plan=plan.model_dump(mode="json")
            )
            session.add(row)
            session.flush()
            return _plan(row)

    def current_plan(self, profile_id: int, check_id: int) -> PlanRecord | None:
        """The latest plan built after this check (a plan never outlives its check)."""
        with self._sessions() as session:
            row = session.scalar(
                select(PlanRow)
                .where(PlanRow.profile_id == profile_id, PlanRow.check_id == check_id)
                .order_by(PlanRow.id.desc())
                .limit(1)
            )
            return _plan(row) if row else None

    # -- daily logs -------------------------------------------------------
    def upsert_log(self, profile_id: int, entry: LogEntry) -> None:
        """Save a day's log; a second save for the same date replaces the first."""
        with self._write() as session:
            row = session.scalar(
                select(LogRow).where(LogRow.profile_id == profile_id, LogRow.date == entry.date)
            )
            data = entry.model_dump(mode="json")
            if row is None:
                session.add(LogRow(profile_id=profile_id, date=entry.date, entry=data))
            else:
                row.entry = data
                row.updated_at = _now()

    def logs(self, profile_id: int) -> list[LogEntry]:
        """Every log of the profile, oldest first."""
        with self._sessions() as session:
            rows = session.scalars(
                select(LogRow).where(LogRow.profile_id == profile_id).order_by(LogRow.date)
            )
            return [_log(r) for r in rows]

    def log_on(self, profile_id: int, date: dt.date) -> LogEntry | None:
        with self._sessions() as session:
            row = session.scalar(select(LogRow).where(LogRow.profile_id == profile_id, LogRow.date == date))
            return _log(row) if row else None


def _log(row: LogRow) -> LogEntry:
    # Through JSON: LogEntry's date is strict in Python mode, and JSON mode parses ISO dates.
    return LogEntry.model_validate_json(json.dumps(row.entry))


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
