"""Moving the clock for a whole run (tests/clock) really moves it, here and in the processes tests start.

`make test` runs the suite a second time with --clock-shift; these tests make sure that run really
is on another day, so it can never pass by doing nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from time_machine import escape_hatch

from tests import clock

DAY = 24 * 60 * 60


def child_today(env: dict[str, str] | None = None) -> dt.date:
    """Today, as a new Python process started by a test sees it."""
    done = subprocess.run(
        [sys.executable, "-c", "import datetime; print(datetime.date.today())"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env=env,
    )
    return dt.date.fromisoformat(done.stdout.strip())


def real_today() -> dt.date:
    """The real date, under a shift or not."""
    return escape_hatch.datetime.date.today() if escape_hatch.is_travelling() else dt.date.today()


def test_the_run_is_on_the_day_asked_for(request: pytest.FixtureRequest) -> None:
    days = request.config.getoption("clock_shift")
    if days is None:
        days = int(os.environ.get(clock.DAYS_ENV) or 0)
    shift = clock.current()
    if not days:
        assert shift is None
        assert not escape_hatch.is_travelling()
        return
    assert shift is not None
    assert shift.days == days
    assert dt.date.today() == shift.today == shift.real_today + dt.timedelta(days=days)
    assert dt.date.today() != real_today()
    assert dt.datetime.now().hour >= 12  # from midday: a run never crosses midnight


def test_a_python_process_started_by_a_test_is_on_the_same_day() -> None:
    before = dt.date.today()
    seen = child_today()
    assert seen in {before, dt.date.today()}


def test_the_start_up_hook_moves_a_new_python_process_by_the_offset_given() -> None:
    env = dict(os.environ) | {"PYTHONPATH": str(clock.FOLDER), clock.OFFSET_ENV: str(400 * DAY)}
    before = real_today()
    seen = child_today(env)
    assert seen - dt.timedelta(days=400) in {before, real_today()}
