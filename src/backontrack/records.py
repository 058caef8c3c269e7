"""Your data as files: the JSON export (and reading it back), and the daily logs as CSV.

The export holds what the person entered, with the ids of the CLI's contract
(docs/export-format.md): each check's answers, each plan's test walk,
preferences and start day, and every daily log. Results and plans are not
copied from the file: they are worked out again from the answers with this
app's rules, so a file can never carry a plan the rules would not give.

Reading is all-or-nothing: the whole file is checked before anything is
written, and a problem is named by its place in the file ("logs[3].pain").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from backontrack.handoff import MARKS as TAKE_HOME_MARKS
from backontrack.i18n import _, ngettext, write_number
from backontrack.models import Answers, LogEntry, Profile, date_problem
from backontrack.plan import PlanRefused, build_plan
from backontrack.store import CheckRecord, PlanRecord, Snapshot, Store
from backontrack.triage import assess

FORMAT = "backontrack-export"
VERSION = 1
#: The most one daily log takes in the export: a 500-character note of 3-byte characters (Chinese,
#: say), every sign ticked and six walks, as indented JSON (tests/unit/test_records.py measures it).
LONGEST_LOG_BYTES = 3 * 1024
#: Sized from the format: 15 years of the longest daily logs, plus a megabyte for checks and plans.
MAX_BYTES = 15 * 366 * LONGEST_LOG_BYTES + 1024 * 1024
#: The CSV's header: column names of a documented format (docs/export-format.md), read back by name
#: (csv.DictReader in the tests), so the same in every language, like the JSON export's keys.
CSV_COLUMNS = ("date", "pain", "minutes", "walks", "flare", "red_flags", "note")
#: A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ImportProblem(ValueError):
    """A file that cannot be imported; the message says what is wrong and where, in plain words."""


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExportedCheck(_File):
    """One completed check: when it was made and the answers (the CLI's triage input)."""

    made: AwareDatetime
    answers: Answers


class ExportedPlan(_File):
    """One plan: the check it followed (its place in `checks`), its start day and its profile."""

    made: AwareDatetime
    check: StrictInt = Field(ge=0, description="Index into `checks`, counting from 0.")
    start: dt.date
    profile: Profile = Field(description="The CLI's plan input: the check's answers, test walk, preferences.")


class ExportFile(_File):
    """The whole export, version 1 (docs/export-format.md)."""

    format: Literal["backontrack-export"]
    version: Literal[1]

    @field_validator("version", mode="before")
    @classmethod
    def _not_a_boolean(cls, version: Any) -> Any:
        if isinstance(version, bool):  # true == 1 in Python, but not in this format
            raise ValueError(
                _("must be the whole number {version}, not {value}").format(
                    version=VERSION, value=str(version).lower()
                )
            )
        return version

    exported: AwareDatetime
    checks: list[ExportedCheck]
    plans: list[ExportedPlan]
    logs: list[LogEntry]

    @model_validator(mode="after")
    def _fits_together(self) -> ExportFile:
        seen: set[dt.date] = set()
        for i, entry in enumerate(self.logs):
            if entry.date in seen:
                problem = _("{date} is in the file twice (one log a day)").format(date=entry.date)
                raise ValueError(f"logs[{i}].date: {problem}")
            seen.add(entry.date)
        for i, plan in enumerate(self.plans):
            if plan.check >= len(self.checks):
                problem = _("there is no check {number} in this file").format(number=plan.check)
                raise ValueError(f"plans[{i}].check: {problem}")
            asked = plan.profile.model_dump(include=set(Answers.model_fields))
            if asked != self.checks[plan.check].answers.model_dump():
                problem = _("its answers are not those of {check}").format(check=f"checks[{plan.check}]")
                raise ValueError(f"plans[{i}].profile: {problem}")
        return self


@dataclass(frozen=True)
class Contents:
    """A file that passed every check, ready to write, with a count a person can read."""

    snapshot: Snapshot
    exported: dt.datetime

    @property
    def summary(self) -> str:
        s = self.snapshot
        checks, plans, logs = len(s.checks), len(s.plans), len(s.logs)
        return _("{checks}, {plans} and {logs}").format(
            checks=ngettext("{count} check", "{count} checks", checks).format(count=checks),
            plans=ngettext("{count} plan", "{count} plans", plans).format(count=plans),
            logs=ngettext("{count} daily log", "{count} daily logs", logs).format(count=logs),
        )


def utc(moment: dt.datetime) -> dt.datetime:
    """A stored time as an aware UTC time (SQLite gives times back without their zone)."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


# -- export -----------------------------------------------------------------
def export_file(snapshot: Snapshot, exported: dt.datetime) -> ExportFile:
    """The export document for a snapshot (checks, plans and logs oldest first)."""
    place = {check.id: i for i, check in enumerate(snapshot.checks)}
    return ExportFile(
        format=FORMAT,
        version=VERSION,
        exported=utc(exported),
        checks=[ExportedCheck(made=utc(c.created_at), answers=c.answers) for c in snapshot.checks],
        plans=[
            ExportedPlan(
                made=utc(p.created_at), check=place[p.check_id], start=p.plan.start, profile=p.plan.profile
            )
            for p in snapshot.plans
        ],
        logs=sorted(snapshot.logs, key=lambda e: e.date),
    )


def export_json(snapshot: Snapshot, exported: dt.datetime) -> bytes:
    """The export as UTF-8 JSON, indented so a person can read it."""
    return export_file(snapshot, exported).model_dump_json(indent=2).encode("utf-8") + b"\n"


def logs_csv(logs: list[LogEntry]) -> bytes:
    """The daily logs, one row a day with a header, for a spreadsheet (UTF-8 with a BOM for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in sorted(logs, key=lambda e: e.date):
        writer.writerow(
            [
                entry.date.isoformat(),
                entry.pain,
                entry.minutes,
                "+".join(str(m) for m in entry.walks or []),
                "yes" if entry.flare else "no",
                " ".join(entry.red_flags),
                safe_cell(entry.note),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def safe_cell(text: str) -> str:
    """Text a spreadsheet shows as text: a leading quote stops it being read as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# -- import -----------------------------------------------------------------
def read_export(data: bytes, today: dt.date | None = None) -> Contents:
    """Check a whole export file and turn it into records; raises ImportProblem naming the first problem.

    Dates must be ones a record can really have (models.date_problem, around `today`), and
    every daily log must belong to a plan in the file.
    """
    if len(data) > MAX_BYTES:
        raise ImportProblem(
            _(
                "This file is too big ({size} MB). "
                "A Back on Track export is under {most} MB, so this is not one."
            ).format(size=write_number(len(data) / 1024 / 1024), most=MAX_BYTES // 1024 // 1024)
        )
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except RecursionError as exc:  # '[' x 100,000: no export nests more than a few levels
        raise ImportProblem(
            _(
                "This file is not a Back on Track export: it is nested far too deeply. "
                "Choose the .json file that 'Save all my data' gave you."
            )
        ) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        if any(f"{mark};".encode() in data for mark in TAKE_HOME_MARKS):
            raise ImportProblem(
                _(
                    "This is the text from a clinic's QR code. "
                    "Paste it on the Plan page, under 'Continue at home'."
                )
            ) from exc
        raise ImportProblem(
            _(
                "This file is not a Back on Track export: it is not JSON. "
                "Choose the .json file that 'Save all my data' gave you."
            )
        ) from exc
    _check_kind(parsed)
    try:
        document = ExportFile.model_validate_json(data.decode("utf-8-sig"))
    except ValidationError as exc:
        raise ImportProblem(first_problem(exc)) from exc
    _check_dates(document, dt.date.today() if today is None else today)
    return Contents(snapshot=_snapshot(document), exported=document.exported)


def _check_dates(document: ExportFile, today: dt.date) -> None:
    """Refuse dates no record can have, and daily logs with no plan to belong to."""
    dated: list[tuple[str, dt.date]] = [("exported", document.exported.date())]
    dated += [(f"checks[{i}].made", c.made.date()) for i, c in enumerate(document.checks)]
    for i, p in enumerate(document.plans):
        dated += [(f"plans[{i}].made", p.made.date()), (f"plans[{i}].start", p.start)]
    dated += [(f"logs[{i}].date", e.date) for i, e in enumerate(document.logs)]
    for where, date in dated:
        problem = date_problem(date, today)
        if problem:
            raise ImportProblem(f"{where}: {problem}")
    if document.logs and not document.plans:
        problem = _("daily logs need the walking plan they belong to, and this file has no plan")
        raise ImportProblem(f"logs: {problem}")
    first = min((p.start for p in document.plans), default=None)
    for i, entry in enumerate(document.logs):
        if first is not None and entry.date < first:
            problem = _("{date} is before the first plan in the file starts").format(date=entry.date)
            raise ImportProblem(f"logs[{i}].date: {problem}")


def _check_kind(parsed: Any) -> None:
    """Say plainly when the file is some other JSON, or from a newer app, before the details."""
    if not isinstance(parsed, dict) or parsed.get("format") != FORMAT:
        raise ImportProblem(
            _(
                "This file is not a Back on Track export: format: must be {format}. "
                "Choose the .json file that 'Save all my data' gave you."
            ).format(format=repr(FORMAT))
        )
    version = parsed.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise ImportProblem(
            _(
                "This file was made by a newer version of Back on Track (export version {version}). "
                "This app reads version {supported}. Update the app, then import the file again."
            ).format(version=version, supported=VERSION)
        )


def _snapshot(document: ExportFile) -> Snapshot:
    """Records from a checked file; results and plans are worked out again with this app's rules."""
    checks = [
        CheckRecord(id=i, created_at=c.made, answers=c.answers, result=assess(c.answers))
        for i, c in enumerate(document.checks)
    ]
    plans = []
    for i, p in enumerate(document.plans):
        try:
            plan = build_plan(p.profile, p.start)
        except PlanRefused as exc:
            problem = _(
                "the answers it was made with need a doctor first, so no walking plan can be kept for them."
            )
            raise ImportProblem(f"plans[{i}]: {problem}") from exc
        plans.append(PlanRecord(id=i, check_id=p.check, created_at=p.made, plan=plan))
    return Snapshot(checks=checks, plans=plans, logs=list(document.logs))


def first_problem(exc: ValidationError) -> str:
    """The first bad field, by its place in the file, and what it must be: 'logs[3].pain: must be ...'."""
    error = exc.errors()[0]
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error["loc"]).lstrip(".")
    what = _plain(error)
    return f"{where}: {what}" if where else what


def _plain(error: ErrorDetails) -> str:
    """A validation message in plain words, with the value the file has when it is short."""
    ctx = error.get("ctx") or {}
    value = error.get("input")
    shown = repr(value) if isinstance(value, int | float | str) and len(str(value)) <= 20 else None
    kind = error["type"]
    if kind == "missing":
        return _("is missing")
    if kind == "extra_forbidden":
        return _("is not part of this file format")
    if kind == "less_than_equal":
        said = _("must be {limit} or less (the file has {value})") if shown else _("must be {limit} or less")
        return said.format(limit=ctx.get("le"), value=shown)
    if kind == "greater_than_equal":
        said = _("must be {limit} or more (the file has {value})") if shown else _("must be {limit} or more")
        return said.format(limit=ctx.get("ge"), value=shown)
    if kind in ("int_type", "int_parsing", "int_from_float"):
        said = _("must be a whole number (the file has {value})") if shown else _("must be a whole number")
        return said.format(value=shown)
    if kind.startswith("date"):
        said = (
            _("must be a date like 2026-11-30 (the file has {value})")
            if shown
            else _("must be a date like 2026-11-30")
        )
        return said.format(value=shown)
    if kind.startswith("datetime") or kind == "timezone_aware":
        said = (
            _("must be a date and time with its zone, like 2026-11-30T09:00:00+00:00 (the file has {value})")
            if shown
            else _("must be a date and time with its zone, like 2026-11-30T09:00:00+00:00")
        )
        return said.format(value=shown)
    message = error["msg"].removeprefix("Value error, ")
    return _("{message} (the file has {value})").format(message=message, value=shown) if shown else message


# -- writing ------------------------------------------------------------------
def same_records(a: Snapshot, b: Snapshot) -> bool:
    """True when two snapshots hold the same records (database ids aside): importing changes nothing."""
    return _comparable(a) == _comparable(b)


def _comparable(s: Snapshot) -> tuple[Any, ...]:
    place = {check.id: i for i, check in enumerate(s.checks)}
    return (
        [(utc(c.created_at), c.answers) for c in s.checks],
        [(utc(p.created_at), place.get(p.check_id), p.plan) for p in s.plans],
        sorted(s.logs, key=lambda e: e.date),
    )


def import_into(store: Store, contents: Contents, profile_id: int | None = None) -> int:
    """Replace the person's records (the profile's, else the local one) with the file's, in one
    transaction; returns the profile id."""
    return store.replace(profile_id if profile_id is not None else store.local_profile(), contents.snapshot)
