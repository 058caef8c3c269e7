"""Shared builders for answers, profiles and logs (the whole suite uses these), and --clock-shift."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

from backontrack import content
from backontrack.instruction import Instruction, for_result
from backontrack.models import LogEntry, Profile, TriageResult
from backontrack.plan import build_plan
from backontrack.settings import Settings
from backontrack.store import Store
from backontrack.triage import assess
from tests import clock

REPO = Path(__file__).resolve().parents[1]
#: Copies of shared/clinical/examples/, so the suite runs from any checkout;
#: test_content checks they still match the shared originals when those are beside the repo.
EXAMPLES = Path(__file__).resolve().parent / "fixtures" / "examples"
SHARED_EXAMPLES = REPO.parent / "shared" / "clinical" / "examples"
START = dt.date(2026, 11, 23)  # a Monday


#: A personal SQLite file made by the hand-written store before Alembic (schema version 3, commit
#: 3d6eb54): one check, a plan from 20 Nov 2026 and four logs, one of them saved twice.
PERSONAL_V3_FILE = Path(__file__).parent / "fixtures" / "personal-v3.sqlite3"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--clock-shift",
        type=int,
        metavar="DAYS",
        help=f"run with the clock moved by DAYS days (to midday), here and in every Python process "
        f"the tests start; default ${clock.DAYS_ENV}, else the real clock (tests/clock/__init__.py)",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Move the clock for the whole run (collection included) when asked; see tests/clock."""
    days = config.getoption("clock_shift")
    if days is None:
        days = int(os.environ.get(clock.DAYS_ENV) or 0)
    if days:
        clock.start(days)


def pytest_unconfigure(config: pytest.Config) -> None:
    clock.stop()


def pytest_report_header(config: pytest.Config) -> str | None:
    shift = clock.current()
    if shift is None:
        return None
    return f"clock moved {shift.days:+d} days: today is {shift.today} (really {shift.real_today})"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """How many inputs each fuzzed surface (tests/unit/test_fuzz.py) and each engine property
    (tests/unit/test_engine_invariants.py) tried, when they ran."""
    for module, what in (
        ("test_fuzz", "fuzzed inputs per surface"),
        ("test_engine_invariants", "cases per property"),
    ):
        tried = getattr(sys.modules.get(f"tests.unit.{module}"), "TRIED", None)
        if tried:
            counts = ", ".join(f"{name} {n}" for name, n in sorted(tried.items()))
            terminalreporter.write_line(f"{what}: {counts}")


def answers_data(**answers: str) -> dict[str, Any]:
    """A complete, all-"no" questionnaire for a 36-year-old, one week in, pain 3; override items."""
    all_no = dict.fromkeys(content.red_flags().item_ids, "no")
    unknown = set(answers) - set(all_no)
    assert not unknown, f"test asked for unknown items {unknown}"
    return {"age": 36, "pain_weeks": 1, "pain_now": 3, "answers": {**all_no, **answers}}


def profile_data(baseline_minutes: int = 10, baseline_pain: int = 3, **fields: Any) -> dict[str, Any]:
    data = answers_data()
    data.update(baseline_minutes=baseline_minutes, baseline_pain=baseline_pain)
    data.update(fields)
    return data


def make_profile(**fields: Any) -> Profile:
    return Profile.model_validate(profile_data(**fields))


def log(day: int, pain: int, minutes: int = 20, *, start: dt.date = START, **fields: Any) -> LogEntry:
    """A log for plan day `day` (1-based) of a plan that starts on `start`.

    A test whose plan starts on a day worked out from the clock must pass that start here:
    logs dated from the fixed START fall outside such a plan once the calendar moves on.
    """
    fields.setdefault("red_flags", [])
    return LogEntry(date=start + dt.timedelta(days=day - 1), pain=pain, minutes=minutes, **fields)


def saved_plan(store: Store, start: dt.date = START) -> int:
    """The local profile with a self-care check and a standard plan from `start`; returns its id."""
    return saved_plan_for(store, store.local_profile(), start)


def saved_plan_for(store: Store, pid: int, start: dt.date = START) -> int:
    """A self-care check and a standard plan from `start` for the profile `pid`; returns `pid`."""
    profile = make_profile()
    check = store.save_check(pid, profile, assess(profile))
    store.save_plan(pid, check.id, build_plan(profile, start))
    return pid


def on_day(day: int) -> dt.date:
    return START + dt.timedelta(days=day - 1)


@pytest.fixture
def standard_profile() -> Profile:
    return make_profile()


#: Databases the app cannot use, by name (see unusable_database).
UNUSABLE = ("garbage", "newer", "folder_is_a_file", "no_driver", "nonsense")


def unusable_database(folder: Path, problem: str) -> str:
    """The URL of a database the app cannot use, made in `folder` for one of UNUSABLE."""
    path = folder / "db.sqlite3"
    if problem == "garbage":
        path.write_bytes(b"this is not a database at all " * 100)
    elif problem == "newer":
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY)")
            db.execute("INSERT INTO schema_version VALUES (99)")
    elif problem == "folder_is_a_file":
        (folder / "afile").write_text("x")
        return f"sqlite:///{folder / 'afile' / 'db.sqlite3'}"
    elif problem == "no_driver":
        return "postgresql+nosuchdriver://user@localhost/backontrack"
    elif problem == "nonsense":
        return "not a url at all"
    return f"sqlite:///{path}"


def said(result: TriageResult) -> Instruction:
    """A check result as every output words it (instruction.for_result), with default settings."""
    return for_result(result, Settings())
