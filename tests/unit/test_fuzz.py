"""Fuzzing every way in (issue 17): each reader gives a value inside the contract or the project's
own error, never another exception.

Hypothesis draws unicode, huge numbers, nested values and damaged copies of real files. The
budget is short in `make test` and long in `make fuzz` (BACKONTRACK_FUZZ_EXAMPLES). How many
inputs each surface tried is printed at the end of the run (tests/conftest.py).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
from collections import Counter
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backontrack import records
from backontrack import settings as app_settings
from backontrack.__main__ import main
from backontrack.handoff import HandoffError, read_take_home, take_home_text
from backontrack.models import LogEntry
from backontrack.plan import build_plan
from backontrack.settings import Settings
from backontrack.store import Store
from tests.conftest import START, make_profile, said, saved_plan

#: Inputs tried per surface in this run (printed by tests/conftest.py's terminal summary).
TRIED: Counter[str] = Counter()

#: Examples per surface: a short budget in `make test`, a long one in `make fuzz` (BACKONTRACK_FUZZ_EXAMPLES).
EXAMPLES = int(os.environ.get("BACKONTRACK_FUZZ_EXAMPLES") or 150)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

leaves = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text()
json_values = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def good_export() -> dict[str, Any]:
    store = Store.in_memory()
    pid = saved_plan(store)
    for day in range(3):
        store.upsert_log(pid, LogEntry(date=START.replace(day=23 + day), pain=3, minutes=20, red_flags=[]))
    exported: dict[str, Any] = json.loads(
        records.export_json(
            store.snapshot(pid), records.utc(records.dt.datetime(2026, 11, 26, tzinfo=records.dt.UTC))
        )
    )
    return exported


GOOD_EXPORT = good_export()


def replace_at(document: Any, path: list[int], value: Any) -> Any:
    """The document with the leaf that `path` picks (each step an index into that level) replaced."""
    if not path or not isinstance(document, dict | list) or not document:
        return value
    keys = list(document) if isinstance(document, dict) else list(range(len(document)))
    key = keys[path[0] % len(keys)]
    copy = dict(document) if isinstance(document, dict) else list(document)
    copy[key] = replace_at(document[key], path[1:], value)  # type: ignore[index]
    return copy


def check_export(data: bytes) -> None:
    TRIED["export reader"] += 1
    try:
        contents = records.read_export(data, today=START)
    except records.ImportProblem:
        return
    for plan in contents.snapshot.plans:  # anything accepted is inside the contract
        assert plan.plan.triage.plan_allowed
        assert all(1 <= len(d.walks) <= 6 for d in plan.plan.days)


@FUZZ
@given(json_values)
def test_the_export_reader_takes_any_json(value: Any) -> None:
    check_export(json.dumps(value).encode())


@FUZZ
@given(st.lists(st.integers(0, 50), max_size=6), json_values)
def test_the_export_reader_takes_any_damage_to_a_real_file(path: list[int], value: Any) -> None:
    check_export(json.dumps(replace_at(GOOD_EXPORT, path, value)).encode())


@FUZZ
@given(st.binary(max_size=2000))
def test_the_export_reader_takes_any_bytes(data: bytes) -> None:
    check_export(data)


GOOD_LINE = take_home_text(
    make_profile(),
    said(build_plan(make_profile(), START).triage),
    build_plan(make_profile(), START),
    START,
    Settings(),
).splitlines()[-1]


def check_take_home(text: str) -> None:
    TRIED["take-home reader"] += 1
    try:
        back = read_take_home(text, START)
    except HandoffError:
        return
    if back.plan is not None:
        assert back.result.plan_allowed
        assert abs((back.plan.start - START).days) <= 366


@FUZZ
@given(st.text())
def test_the_take_home_reader_takes_any_text(text: str) -> None:
    check_take_home(text)


@FUZZ
@given(st.integers(0, 14), st.text(max_size=12))
def test_the_take_home_reader_takes_any_damage_to_a_real_line(place: int, value: str) -> None:
    parts = GOOD_LINE.split(";")
    parts[place % len(parts)] = value
    check_take_home(";".join(parts))


@FUZZ
@given(st.lists(st.text(max_size=500), min_size=1, max_size=5))
def test_the_csv_writer_keeps_every_note_in_its_own_cell(notes: list[str]) -> None:
    TRIED["CSV writer"] += 1
    logs = []
    for i, note in enumerate(notes):
        try:
            logs.append(LogEntry(date=START.replace(day=1 + i), pain=3, minutes=20, red_flags=[], note=note))
        except ValueError:
            continue  # a note the form refuses (control characters) never reaches the writer
    rows = list(csv.DictReader(io.StringIO(records.logs_csv(logs).decode("utf-8-sig"))))
    assert [r["note"] for r in rows] == [records.safe_cell(e.note) for e in logs]


SETTING_NAMES = [app_settings.PREFIX + name.upper() for name in app_settings.Settings.model_fields]


@FUZZ
@given(st.dictionaries(st.sampled_from(SETTING_NAMES), st.text(max_size=40), max_size=4))
def test_settings_from_the_environment_are_valid_or_name_the_variable(environ: dict[str, str]) -> None:
    TRIED["settings"] += 1
    problem = ""
    try:
        app_settings.load(environ)
    except app_settings.SettingsError as exc:
        problem = str(exc)
    assert not problem or problem.startswith(app_settings.PREFIX)


@FUZZ
@given(json_values | st.fixed_dictionaries({"age": leaves, "pain_weeks": leaves, "pain_now": leaves}))
def test_the_cli_takes_any_json_with_exit_0_or_2_and_one_line(value: Any) -> None:
    TRIED["CLI JSON"] += 1
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(value, file)
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["triage", file.name])
    finally:
        os.unlink(file.name)
    assert code in (0, 2)
    if code == 2:
        assert err.getvalue().count("\n") == 1
