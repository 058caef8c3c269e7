"""The tables, as SQLAlchemy models: what is stored for each person, and for each account.

Only what the person entered is stored, plus each plan as first generated; adjustments are
re-derived from the logs every time (design.md). The migrations (store/migrations) create and
change these tables; this module is how the repository reads and writes them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Personal mode's one profile carries this key; a unique index makes "create it once" race-free.
LOCAL_KEY = "local"

#: Tables that hold one person's health data: each has row-level security on its profile.
PERSONAL_TABLES = ("profiles", "checks", "plans", "daily_logs")


class Base(DeclarativeBase):
    pass


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ProfileRow(Base):
    __tablename__ = "profiles"
    # Never reuse an id: a tab still holding a deleted profile's id must not write into a new one.
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012 (SQLAlchemy's declarative form)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    local_key: Mapped[str | None] = mapped_column(String(16), unique=True, default=None)
    #: Goes up by one in every write for the profile, so a session can reuse what it derived
    #: from the data (the adapted plan, the progress frame) until something changes.
    data_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: The language the person chose (issue 27); None until they choose one.
    language: Mapped[str | None] = mapped_column(String(8), default=None)


class CheckRow(Base):
    """One completed questionnaire and its result; the latest is the current one."""

    __tablename__ = "checks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    tier: Mapped[str] = mapped_column(String(16))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)


class PlanRow(Base):
    """A plan as first generated, tied to the check it was built after."""

    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("checks.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    start: Mapped[dt.date] = mapped_column(Date)
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)


class LogRow(Base):
    """One day's log; saving the same date again updates it."""

    __tablename__ = "daily_logs"
    __table_args__ = (UniqueConstraint("profile_id", "date", name="uq_log_profile_date"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now, onupdate=now)
    entry: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: Goes up by one on every save, so a tab can tell that the day changed since it loaded it.
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class AccountRow(Base):
    """A hosted-mode sign-in: the provider's (issuer, subject), never an email; it owns one profile."""

    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("issuer", "subject", name="uq_account_identity"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    issuer: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(255))
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    signed_in_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)


class AuditRow(Base):
    """Who did what to their account and when: sign-in, export, import, deletion. No health data.

    No foreign key: the record of a deletion outlives the account it was about.
    """

    __tablename__ = "audit"
    # Never ask for the new id back (RETURNING): that needs the right to read the audit,
    # which the app's role does not have.
    __table_args__ = {"implicit_returning": False}  # noqa: RUF012 (SQLAlchemy's declarative form)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    profile_id: Mapped[int] = mapped_column(Integer, index=True)
    event: Mapped[str] = mapped_column(String(16))


class SignOutRow(Base):
    """When an identity last signed out or deleted its account: sign-ins from before are refused."""

    __tablename__ = "sign_outs"
    issuer: Mapped[str] = mapped_column(String(255), primary_key=True)
    subject: Mapped[str] = mapped_column(String(255), primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
