"""Coverage-guided fuzzing of the readers with Atheris (`make fuzz`; issue 17).

Every input must give a value or the project's own error (ImportProblem, HandoffError,
RangeError); anything else is a crash that libFuzzer reports with the input that caused it.
Hypothesis covers the same readers in every `make test` (tests/unit/test_fuzz.py); this goes
deeper for as long as it is given: `python fuzz/readers.py -max_total_time=60`.

The first byte picks the reader, the rest is its input. libFuzzer starts from a seed corpus of
real files (every demo persona's export and take-home text, written to fuzz/corpus/, git-ignored),
so its mutations begin inside valid JSON and valid QR text instead of having to find them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from backontrack import records
    from backontrack.demo import personas
    from backontrack.handoff import HandoffError, read_take_home, take_home_text
    from backontrack.instruction import for_result
    from backontrack.settings import Settings
    from backontrack.store import Store
    from backontrack.triage import assess
    from backontrack.ui.forms import RangeError, whole_number

TODAY = dt.date(2026, 12, 1)  # a fixed day: a finding replays the same way on any day
CORPUS = Path(__file__).parent / "corpus"
READERS = (b"\x00", b"\x01", b"\x02")  # export file, take-home text, number field


def one_input(data: bytes) -> None:
    if not data:
        return
    which, rest = data[0] % len(READERS), data[1:]
    with contextlib.suppress(records.ImportProblem, HandoffError, RangeError):  # the project's own errors
        if which == 0:
            records.read_export(rest, today=TODAY)
        elif which == 1:
            read_take_home(rest.decode("utf-8", "replace"), TODAY)
        else:
            whole_number(rest.decode("utf-8", "replace"), "Age", 16, 110)


def seeds() -> dict[str, bytes]:
    """Real inputs for each reader, made by the app's own writers from the demo personas."""
    found: dict[str, bytes] = {"number-36": READERS[2] + b"36", "number-empty": READERS[2]}
    start = TODAY - dt.timedelta(days=7)
    exported = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    for who in personas():
        store = Store.in_memory()
        profile_id = store.local_profile()
        answers = who.profile() or who.answers()
        check = store.save_check(profile_id, answers, assess(answers))
        plan = who.plan(start)
        if plan is not None:
            store.save_plan(profile_id, check.id, plan)
            for entry in who.log_entries(start):
                if entry.date <= TODAY:
                    store.upsert_log(profile_id, entry)
        found[f"export-{who.id}"] = READERS[0] + records.export_json(store.snapshot(profile_id), exported)
        said = for_result(assess(answers), Settings())
        found[f"take-home-{who.id}"] = (
            READERS[1] + take_home_text(answers, said, plan, start, Settings()).encode()
        )
    return found


def write_corpus() -> Path:
    """The seeds, plus a libFuzzer dictionary of every JSON key and QR word in them."""
    CORPUS.mkdir(exist_ok=True)
    words: set[str] = set()
    for name, data in seeds().items():
        (CORPUS / name).write_bytes(data)
        words.update(re.findall(r'"([a-z_]+)":', data.decode()))  # the export's keys
        words.update(re.findall(r"\b([A-Z0-9]+)[=:]", data.decode()))  # the take-home line's fields
    lines = [f'"{w}"' for w in sorted(words)] + ['"true"', '"false"', '"null"', '"9999-12-31"', '"BOT2"']
    (CORPUS.parent / "readers.dict").write_text("\n".join(lines) + "\n")
    return CORPUS


def main() -> None:
    argv = list(sys.argv)
    if not any(not a.startswith("-") for a in argv[1:]):  # no corpus folder given: use the seeds
        argv.append(str(write_corpus()))
        argv.append(f"-dict={CORPUS.parent / 'readers.dict'}")
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
