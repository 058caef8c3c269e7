"""A test run on another day: ``pytest --clock-shift=DAYS`` (or BACKONTRACK_TEST_CLOCK_SHIFT_DAYS=DAYS).

The suite must pass whatever the date, and this is how it proves it. With a shift, the pytest
process travels (time_machine, ticking) to midday DAYS days after today, so a run never crosses
midnight. Every Python process the tests start (``streamlit run`` for the browser tests, the
command line) travels with it: while the clock is moved, this folder is first on PYTHONPATH, so
Python runs sitecustomize.py here at start-up, and OFFSET_ENV holds the exact offset, so both
clocks agree to the second. Chromium, anything else that is not Python, and the benchmark's own
servers (it gives them a clean environment) keep the real clock.

tests/conftest.py starts and stops the shift. `make test` runs the suite a second time a year and a
month ahead (see the Makefile); tests/unit/test_clock.py and tests/browser/test_clock.py prove
that such a run really is on another day.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent
DAYS_ENV = "BACKONTRACK_TEST_CLOCK_SHIFT_DAYS"
#: Seconds to add to the real clock; read by sitecustomize.py, which spells the name out itself.
OFFSET_ENV = "BACKONTRACK_TEST_CLOCK_OFFSET_SECONDS"


@dataclass
class Shift:
    """The moved clock: `days` after `real_today`, starting at midday on `today`."""

    days: int
    real_today: dt.date
    today: dt.date
    offset: float
    _travel: Any = field(repr=False)
    _environ: dict[str, str | None] = field(repr=False)


_current: Shift | None = None


def current() -> Shift | None:
    """The shift this run is under, or None on the real clock."""
    return _current


def start(days: int) -> Shift:
    """Move this process's clock, and that of every Python process it starts, by `days` (to midday)."""
    global _current
    import time_machine  # only a shifted run needs it

    stop()
    real = time.time()
    real_today = dt.date.fromtimestamp(real)
    today = real_today + dt.timedelta(days=days)
    offset = dt.datetime.combine(today, dt.time(12)).timestamp() - real
    travel = time_machine.travel(real + offset, tick=True)
    travel.start()
    environ = {name: os.environ.get(name) for name in ("PYTHONPATH", OFFSET_ENV)}
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(FOLDER), environ["PYTHONPATH"]) if p)
    os.environ[OFFSET_ENV] = repr(offset)
    _current = Shift(days, real_today, today, offset, travel, environ)
    return _current


def stop() -> None:
    """Back to the real clock, and the environment as it was."""
    global _current
    if _current is None:
        return
    _current._travel.stop()
    for name, value in _current._environ.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    _current = None
