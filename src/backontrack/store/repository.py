"""The repository the pages call: profiles, checks, plans and daily logs, in domain models.

Every write is one transaction. Every transaction about one person is scoped to that person
(security.set_profile), so on PostgreSQL the database itself keeps people apart.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from pydantic import ValidationError
from sqlalchemy import Engine, Text, delete, func, select, text, update
from sqlalchemy import cast as cast_sql
from sqlalchemy import insert as plain_insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult, Result
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from backontrack import triage
from backontrack.models import Answers, LogEntry, Plan, TriageResult
from backontrack.store import migrations, security
from backontrack.store.database import WRITE, StorageError, engine_for, memory_engine, storage_error
from backontrack.store.schema import (
    LOCAL_KEY,
    AccountRow,
    AuditRow,
    CheckRow,
    LogRow,
    PlanRow,
    ProfileRow,
    SignOutRow,
)
from backontrack.store.schema import now as _now

#: As migration 0006 does on PostgreSQL (security.SIGN_OUT_SKEW, SIGN_OUT_KEPT).
SIGN_OUT_SKEW = dt.timedelta(minutes=5)
SIGN_OUT_KEPT = dt.timedelta(days=30)


class ProfileGone(StorageError):
    """A write for a profile that was deleted meanwhile (for example from another tab)."""


class LogConflict(Exception):
    """The day was saved elsewhere since this form loaded it; nothing was overwritten."""

    def __init__(self, theirs: LogEntry, revision: int) -> None:
        super().__init__(f"the log for {theirs.date} changed since it was loaded")
        self.theirs = theirs
        self.revision = revision


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
        """A private database held in memory (kiosk, demo and signed-out sessions): gone with the session.

        The same tables, migrations and SQL as the file store, so no second storage code exists.
        """
        engine = memory_engine(migrations.fresh_schema())
        return cls(engine, identity=f"memory:{uuid.uuid4().hex}")

    @classmethod
    def from_url(cls, url: str) -> Store:
        return cls(engine_for(url))

    @contextmanager
    def _write(self, profile_id: int | None = None) -> Iterator[Session]:
        """One transaction, scoped to the profile: commits on success, rolls everything back on any error.

        A write for a profile that no longer exists raises ProfileGone; other
        database failures raise StorageError with a sentence a person can act on.
        """
        try:
            with self._writes.begin() as session:
                if profile_id is not None:
                    security.set_profile(session.connection(), profile_id)
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
    def _read(self, profile_id: int | None = None) -> Iterator[Session]:
        """A read-only transaction that sees only the profile's rows (on PostgreSQL, by the
        database's own row security); failures become a StorageError a person can act on."""
        try:
            with self._sessions() as session, session.begin():
                if profile_id is not None:
                    security.set_profile(session.connection(), profile_id)
                yield session
        except SQLAlchemyError as exc:
            raise storage_error(exc) from exc

    def data_version(self, profile_id: int) -> int | None:
        """The profile's data version (None when it is gone): one indexed read, whatever the history."""
        # Asked several times on every screen: a plain connection, not an ORM session.
        try:
            with self._engine.connect() as conn, conn.begin():
                security.set_profile(conn, profile_id)
                return conn.scalar(select(ProfileRow.data_version).where(ProfileRow.id == profile_id))
        except SQLAlchemyError as exc:
            raise storage_error(exc) from exc

    def language(self, profile_id: int) -> str | None:
        """The language the person chose, or None (they have not chosen, or the profile is gone)."""
        with self._read(profile_id) as session:
            return session.scalar(select(ProfileRow.language).where(ProfileRow.id == profile_id))

    def set_language(self, profile_id: int, language: str) -> None:
        """Keep the person's choice of language with their data."""
        with self._write(profile_id) as session:
            session.execute(update(ProfileRow).where(ProfileRow.id == profile_id).values(language=language))

    def role_problems(self) -> list[str]:
        """Why this connection's role must not serve people (PostgreSQL; empty when all is well)."""
        try:
            with self._engine.connect() as conn:
                return security.role_problems(conn)
        except SQLAlchemyError as exc:
            raise storage_error(exc) from exc

    def profile_exists(self, profile_id: int) -> bool:
        with self._read(profile_id) as session:
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
            security.set_profile(session.connection(), profile_id)
            for table in (LogRow, PlanRow, CheckRow):
                session.execute(delete(table).where(table.profile_id == profile_id))
            session.execute(delete(ProfileRow).where(ProfileRow.id == profile_id))

    # -- accounts (hosted mode) --------------------------------------------
    def sign_in(self, issuer: str, subject: str, since: dt.datetime | None = None) -> int | None:
        """The profile of the account with this identity, made with it on first sign-in; audited.

        `since` is when the person signed in (the token's claim). None comes back when the
        identity signed out or deleted its account at or after that moment: the sign-in is a
        copy of one that was ended. On PostgreSQL this is a SECURITY DEFINER function
        (security.py): the app's role cannot look an account up by identity itself.
        """
        since = since or _now()
        with self._write() as session:
            if session.get_bind().dialect.name == "postgresql":
                found = session.scalar(
                    text("SELECT backontrack_sign_in_since(:issuer, :subject, :since)"),
                    {"issuer": issuer, "subject": subject, "since": since},
                )
                return None if found is None else int(found)
            ended = session.scalar(
                select(SignOutRow.at).where(SignOutRow.issuer == issuer, SignOutRow.subject == subject)
            )
            if ended is not None and _aware(ended) >= _aware(since):
                return None
            account = session.scalar(
                select(AccountRow).where(AccountRow.issuer == issuer, AccountRow.subject == subject)
            )
            if account is None:
                profile = ProfileRow()
                session.add(profile)
                session.flush()
                account = AccountRow(
                    issuer=issuer, subject=subject, profile_id=profile.id, signed_in_at=since
                )
                session.add(account)
            elif _aware(since) > _aware(account.signed_in_at):
                account.signed_in_at = since
            else:
                return account.profile_id  # another browser session of the same sign-in: not audited
            session.flush()
            _audit(session, account.profile_id, "sign-in")
            return account.profile_id

    def sign_out(self, issuer: str, subject: str, signed_in_at: dt.datetime) -> None:
        """End the sign-in made at `signed_in_at` (the token's own time) and every earlier one:
        any copy of them is refused from now on (sign-out, and deletion of the account).

        The time is capped at now (give or take the provider's clock), so no time in the future
        can lock an account out; sign-outs older than the longest session are deleted on the way,
        as they can refuse nothing any more (migration 0006).
        """
        with self._write() as session:
            if session.get_bind().dialect.name == "postgresql":
                session.execute(
                    text("SELECT backontrack_sign_out(:issuer, :subject, :at)"),
                    {"issuer": issuer, "subject": subject, "at": signed_in_at},
                )
                return
            now = _aware(_now())
            at = min(_aware(signed_in_at), now + SIGN_OUT_SKEW)
            session.execute(delete(SignOutRow).where(SignOutRow.at < now - SIGN_OUT_KEPT))
            row = session.get(SignOutRow, (issuer, subject))
            if row is None:
                session.add(SignOutRow(issuer=issuer, subject=subject, at=at))
            elif at > _aware(row.at):
                row.at = at

    def sign_in_ended(self, issuer: str, subject: str, since: dt.datetime | None) -> bool:
        """Whether the sign-in made at `since` was ended since (signed out, or the account deleted):
        every open tab of it asks on each action (issue 25), and so does each download."""
        with self._read() as session:
            if session.get_bind().dialect.name == "postgresql":
                ended = session.scalar(
                    text("SELECT backontrack_signed_out_since(:issuer, :subject, :since)"),
                    {"issuer": issuer, "subject": subject, "since": since},
                )
                return bool(ended)
            if since is None:
                return True
            at = session.scalar(
                select(SignOutRow.at).where(SignOutRow.issuer == issuer, SignOutRow.subject == subject)
            )
            return at is not None and _aware(at) >= _aware(since)

    def audit(self, profile_id: int, event: str) -> None:
        """Record that the person exported, imported or deleted (no health data, no details)."""
        if event not in security.AUDIT_EVENTS:
            raise ValueError(f"unknown audit event {event!r}")
        with self._write() as session:
            security.set_profile(session.connection(), profile_id)
            _audit(session, profile_id, event)

    def audit_events(self, profile_id: int) -> list[str]:
        """The profile's audit trail, oldest first (the owner's view; the app role cannot read it)."""
        with self._read(profile_id) as session:
            return list(
                session.scalars(
                    select(AuditRow.event).where(AuditRow.profile_id == profile_id).order_by(AuditRow.id)
                )
            )

    def delete_account(self, profile_id: int) -> None:
        """Remove the account, its profile and every check, plan and log, in one transaction.

        The audit keeps one line saying that the profile was deleted, and when.
        """
        with self._write() as session:
            security.set_profile(session.connection(), profile_id)
            _audit(session, profile_id, "delete")
            for table in (LogRow, PlanRow, CheckRow, AccountRow):
                session.execute(delete(table).where(table.profile_id == profile_id))
            session.execute(delete(ProfileRow).where(ProfileRow.id == profile_id))

    def count_rows(self, profile_id: int) -> int:
        """How many rows anywhere still belong to the profile (0 after deletion)."""
        with self._read(profile_id) as session:
            total = session.scalar(select(func.count()).where(ProfileRow.id == profile_id)) or 0
            for table in (CheckRow, PlanRow, LogRow, AccountRow):
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
        with self._read(profile_id) as session:
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
        with self._read(profile_id) as session:
            row = self._latest_check_row(session, profile_id)
            return _check(row) if row else None

    def previous_check(self, profile_id: int) -> CheckRecord | None:
        """The check before the latest one (what a newer check replaced), if any."""
        with self._read(profile_id) as session:
            row = session.scalar(
                select(CheckRow)
                .where(CheckRow.profile_id == profile_id)
                .order_by(CheckRow.id.desc())
                .offset(1)
                .limit(1)
            )
            return _check(row) if row else None

    def outdated_answers(self, profile_id: int) -> dict[str, Any] | None:
        """The latest check's answers when they no longer fit the questionnaire, to pre-fill a new one."""
        with self._read(profile_id) as session:
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
        with self._read(profile_id) as session:
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
                # Rows returned, not rowcount: psycopg reports -1 for an ORM insert's rowcount.
                done = len(session.execute(stmt.on_conflict_do_nothing().returning(LogRow.id)).all())
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
        with self._read(profile_id) as session:
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
        with self._read(profile_id) as session:
            return [LogEntry.model_validate_json(e) for e in session.scalars(query.order_by(LogRow.date))]

    def log_on(self, profile_id: int, date: dt.date) -> LogEntry | None:
        with self._read(profile_id) as session:
            row = session.scalar(select(LogRow).where(LogRow.profile_id == profile_id, LogRow.date == date))
            return _log(row) if row else None

    # -- export and import ------------------------------------------------
    def snapshot(self, profile_id: int) -> Snapshot:
        """Every check, plan and log of the profile, read in one transaction (so an export is whole).

        A check made before the questionnaire gained questions is left out, with
        its plans: its answers no longer fit, and the app asks them again anyway.
        """
        with self._read(profile_id) as session:
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
        """Personal mode's import into its one local profile (made first if this is an empty app)."""
        return self.replace(self.local_profile(), snapshot)

    def replace(self, profile_id: int, snapshot: Snapshot) -> int:
        """An import: the profile's checks, plans and logs become `snapshot`'s.

        One transaction for the records: any failure leaves them all as they
        were. The profile itself stays, so
        other tabs keep working and see the new data; every log's revision goes
        past any a tab may hold, so no form loaded before the import can
        overwrite an imported day. Returns the profile id.
        """
        refused = [p for p in snapshot.plans if not p.plan.triage.plan_allowed]
        if refused:
            raise ValueError(f"refusing to store a plan for a {refused[0].plan.triage.tier} result")
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


def _audit(session: Session, profile_id: int, event: str) -> None:
    session.execute(plain_insert(AuditRow).values(profile_id=profile_id, event=event, at=_now()))


def _rowcount(result: Result[Any]) -> int:
    """Rows an INSERT or UPDATE touched (a cursor result's count)."""
    return int(cast("CursorResult[Any]", result).rowcount)


def _aware(moment: dt.datetime) -> dt.datetime:
    """A time in UTC with its zone (SQLite gives stored times back without one; they are UTC)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)


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
