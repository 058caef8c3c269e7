"""Coverage-guided fuzzing of the readers with Atheris (`make fuzz`; issue 17).

Every input must give a value or the project's own error (ImportProblem, HandoffError,
RangeError); anything else is a crash that libFuzzer reports with the input that caused it.
Hypothesis covers the same readers in every `make test` (tests/unit/test_fuzz.py); this goes
deeper for as long as it is given: `python fuzz/readers.py -max_total_time=60`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys

import atheris

from backontrack import records
from backontrack.handoff import HandoffError, read_take_home
from backontrack.ui.forms import RangeError, whole_number

atheris.instrument_all()  # coverage of everything loaded, the project's readers and pydantic's Python

TODAY = dt.date(2026, 12, 1)  # a fixed day: a finding replays the same way on any day


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    which = fdp.ConsumeIntInRange(0, 2)
    rest = fdp.ConsumeBytes(fdp.remaining_bytes())
    with contextlib.suppress(records.ImportProblem, HandoffError, RangeError):  # the project's own errors
        if which == 0:
            records.read_export(rest, today=TODAY)
        elif which == 1:
            read_take_home(rest.decode("utf-8", "replace"), TODAY)
        else:
            whole_number(rest.decode("utf-8", "replace"), "Age", 16, 110)


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
