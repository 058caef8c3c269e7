"""Export, import and CSV: a round trip keeps every record, a bad file changes nothing and says why."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backontrack import content, records
from backontrack.handoff import take_home_text
from backontrack.models import MAX_NOTE_CHARS, Answers, LogEntry
from backontrack.plan import build_plan
from backontrack.records import ImportProblem
from backontrack.settings import Settings
from backontrack.store import CheckRecord, PlanRecord, Snapshot, Store
from backontrack.triage import assess
from tests.conftest import REPO, START, answers_data, log, make_profile, said

EXPORTED = dt.datetime(2026, 12, 1, 18, 30, tzinfo=dt.UTC)
RECHECK_IDS = sorted(i.id for i in content.red_flags().recheck_items)


def seeded(logs: list[LogEntry] | None = None) -> Store:
    """A store holding one self-care check, its plan and some logs, as the app saves them."""
    store = Store.in_memory()
    profile = make_profile(baseline_minutes=6, baseline_pain=4, preferences={"walks_per_day": 3})
    person = store.local_profile()
    check = store.save_check(person, profile, assess(profile))
    store.save_plan(person, check.id, build_plan(profile, START))
    for entry in [log(1, 4), log(2, 6, note="sore after the hill"), log(4, 3)] if logs is None else logs:
        store.upsert_log(person, entry)
    return store


def snapshot(store: Store) -> Snapshot:
    person = store.find_local_profile()
    return store.snapshot(person) if person is not None else Snapshot([], [], [])


def exported(store: Store) -> bytes:
    return records.export_json(snapshot(store), EXPORTED)


def edited(data: bytes, change: Any) -> bytes:
    """The export with one change made to its parsed JSON."""
    document = json.loads(data)
    change(document)
    return json.dumps(document).encode()


# -- round trip ----------------------------------------------------------------
notes = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters=[chr(c) for c in range(32)]),
    max_size=40,
)


@st.composite
def daily_logs(draw: st.DrawFn) -> list[LogEntry]:
    offsets = draw(st.lists(st.integers(min_value=0, max_value=60), unique=True, max_size=25))
    out = []
    for offset in sorted(offsets):
        walks = draw(st.none() | st.lists(st.integers(min_value=1, max_value=60), min_size=1, max_size=6))
        minutes = sum(walks) if walks else draw(st.integers(min_value=0, max_value=600))
        out.append(
            LogEntry(
                date=START + dt.timedelta(days=offset),
                pain=draw(st.integers(min_value=0, max_value=10)),
                minutes=minutes,
                walks=walks,
                flare=draw(st.booleans()),
                red_flags=draw(st.lists(st.sampled_from(RECHECK_IDS), unique=True, max_size=2)),
                note=draw(notes | st.sampled_from(["=SUM(A1:A9)", "+1", "@home", 'a, b\nc "d"'])),
            )
        )
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(daily_logs())
def test_export_then_import_gives_identical_records_whatever_the_logs(logs: list[LogEntry]) -> None:
    before = seeded(logs)
    data = exported(before)
    contents = records.read_export(data)
    after = Store.in_memory()
    records.import_into(after, contents)
    assert records.same_records(snapshot(after), snapshot(before))
    assert snapshot(after).logs == snapshot(before).logs
    assert [p.plan for p in snapshot(after).plans] == [p.plan for p in snapshot(before).plans]
    assert exported(after) == data  # and the file it exports is the same file, byte for byte


def test_the_plan_comes_back_the_same_and_still_follows_its_check() -> None:
    before = seeded()
    after = Store.in_memory()
    records.import_into(after, records.read_export(exported(before)))
    person = after.find_local_profile()
    assert person is not None
    check = after.current_check(person)
    assert check is not None
    plan = after.current_plan(person, check.id)
    old = snapshot(before).plans[0].plan
    assert plan is not None
    assert plan.plan == old
    assert check.answers == snapshot(before).checks[0].answers


def test_importing_the_same_file_twice_changes_nothing() -> None:
    data = exported(seeded())
    store = Store.in_memory()
    records.import_into(store, records.read_export(data))
    once = snapshot(store)
    records.import_into(store, records.read_export(data))
    assert records.same_records(snapshot(store), once)
    assert records.same_records(once, records.read_export(data).snapshot)
    assert len(store.profile_ids()) == 1


def test_import_replaces_what_was_there_in_one_go() -> None:
    store = seeded([log(d, 7) for d in range(1, 10)])
    other = seeded([log(3, 2)])
    records.import_into(store, records.read_export(exported(other)))
    assert snapshot(store).logs == [log(3, 2)]
    assert len(snapshot(store).checks) == 1
    assert len(snapshot(store).plans) == 1


def test_imported_days_are_newer_than_any_form_loaded_before_the_import() -> None:
    store = seeded([log(1, 3)])
    person = store.find_local_profile()
    assert person is not None
    loaded = store.log_revision(person, log(1, 3).date)
    records.import_into(store, records.read_export(exported(seeded([log(1, 8)]))))
    assert store.log_revision(person, log(1, 3).date) != loaded


def test_a_failure_half_way_through_the_write_leaves_everything_as_it_was() -> None:
    store = seeded()
    before = snapshot(store)
    profile = make_profile()
    check = CheckRecord(id=1, created_at=EXPORTED, answers=profile, result=assess(profile))
    orphan = PlanRecord(id=1, check_id=99, created_at=EXPORTED, plan=build_plan(profile, START))
    with pytest.raises(KeyError):
        store.replace_local(Snapshot(checks=[check], plans=[orphan], logs=[log(9, 1)]))
    assert records.same_records(snapshot(store), before)
    assert snapshot(store).logs == before.logs


def test_the_store_refuses_to_import_a_plan_for_an_unsafe_result() -> None:
    store = seeded()
    before = snapshot(store)
    answers = Answers.model_validate(answers_data(fever="yes"))
    safe = build_plan(make_profile(), START)
    unsafe = safe.model_copy(update={"triage": assess(answers)})
    check = CheckRecord(id=1, created_at=EXPORTED, answers=answers, result=assess(answers))
    with pytest.raises(ValueError, match="urgent"):
        store.replace_local(
            Snapshot([check], [PlanRecord(id=1, check_id=1, created_at=EXPORTED, plan=unsafe)], [])
        )
    assert records.same_records(snapshot(store), before)


# -- bad files -----------------------------------------------------------------
def bad_files() -> list[Any]:
    good = exported(seeded())
    urgent = Answers.model_validate(answers_data(chest_pain="yes")).model_dump()

    def plan_after_emergency(doc: dict[str, Any]) -> None:
        doc["checks"][0]["answers"] = urgent
        doc["plans"][0]["profile"] |= urgent

    cases: list[tuple[str, bytes, str]] = [
        ("not JSON", b"Dear doctor, my back hurts.", "it is not JSON"),
        ("binary junk", bytes(range(256)) * 4, "it is not JSON"),
        ("twenty megabytes of junk", b"x" * (20 * 1024 * 1024), "too big"),
        ("other JSON", b'{"hello": "world"}', "format: must be 'backontrack-export'"),
        ("a JSON list", b"[1, 2, 3]", "format: must be 'backontrack-export'"),
        (
            "a newer version",
            edited(good, lambda d: d.update(version=2)),
            "newer version of Back on Track (export version 2)",
        ),
        ("version as text", edited(good, lambda d: d.update(version="1")), "version: "),
        (
            "a log with pain 11",
            edited(good, lambda d: d["logs"][2].update(pain=11)),
            "logs[2].pain: must be 10 or less (the file has 11)",
        ),
        (
            "a duplicate date",
            edited(good, lambda d: d["logs"][1].update(date=d["logs"][0]["date"])),
            "logs[1].date: 2026-11-23 is in the file twice",
        ),
        (
            "a log with no minutes",
            edited(good, lambda d: d["logs"][0].pop("minutes")),
            "logs[0].minutes: is missing",
        ),
        (
            "a log date that is not a date",
            edited(good, lambda d: d["logs"][0].update(date="yesterday")),
            "logs[0].date: must be a date like 2026-11-30 (the file has 'yesterday')",
        ),
        (
            "an unknown sign",
            edited(good, lambda d: d["logs"][0].update(red_flags=["dizzy"])),
            "logs[0].red_flags: unknown re-check sign dizzy",
        ),
        (
            "an unknown question id",
            edited(good, lambda d: d["checks"][0]["answers"]["answers"].update(gout="no")),
            "checks[0].answers.answers: unknown item id gout",
        ),
        (
            "a plan pointing at no check",
            edited(good, lambda d: d["plans"][0].update(check=3)),
            "plans[0].check: there is no check 3",
        ),
        ("a plan after an emergency result", edited(good, plan_after_emergency), "plans[0]: "),
        (
            "a time without its zone",
            edited(good, lambda d: d["checks"][0].update(made="2026-11-23T09:00:00")),
            "checks[0].made: must be a date and time with its zone",
        ),
        (
            "an extra field",
            edited(good, lambda d: d.update(password="hunter2")),
            "password: is not part of this file format",
        ),
        # Issue 17: files that parse but cannot be true.
        (
            "version true",
            edited(good, lambda d: d.update(version=True)),
            "version: must be the whole number 1",
        ),
        (
            "a plan from year 1",
            edited(good, lambda d: d["plans"][0].update(start="0001-01-01")),
            "plans[0].start: must be between 1 January 2000 and",
        ),
        (
            "a plan in year 9999",
            edited(good, lambda d: d["plans"][0].update(start="9999-12-25")),
            "plans[0].start: must be between",
        ),
        (
            "logs with no plan",
            edited(good, lambda d: d.update(plans=[])),
            "logs: daily logs need the walking plan they belong to",
        ),
        (
            "a log before the plan",
            edited(good, lambda d: d["logs"][0].update(date="2026-01-05")),
            "logs[0].date: 2026-01-05 is before the first plan in the file starts",
        ),
        ("nested a hundred thousand deep", b"[" * 100_000, "nested far too deeply"),
    ]
    return [pytest.param(data, message, id=name) for name, data, message in cases]


@pytest.mark.parametrize(("data", "message"), bad_files())
def test_a_bad_file_changes_nothing_and_names_the_problem(data: bytes, message: str) -> None:
    store = seeded([log(1, 2), log(2, 2)])
    before = snapshot(store)
    with pytest.raises(ImportProblem) as problem:
        records.import_into(store, records.read_export(data))
    assert message in str(problem.value)
    assert records.same_records(snapshot(store), before)
    assert snapshot(store).logs == before.logs


def test_a_plan_after_an_emergency_answer_is_refused_with_plain_words() -> None:
    good = exported(seeded())
    urgent = Answers.model_validate(answers_data(chest_pain="yes")).model_dump()

    def change(doc: dict[str, Any]) -> None:
        doc["checks"][0]["answers"] = urgent
        doc["plans"][0]["profile"] |= urgent

    with pytest.raises(ImportProblem, match=r"need a doctor first, so no walking plan can be kept"):
        records.read_export(edited(good, change))


def test_an_emergency_check_with_no_plan_imports_and_keeps_its_result() -> None:
    store = Store.in_memory()
    answers = Answers.model_validate(answers_data(chest_pain="yes"))
    store.save_check(store.local_profile(), answers, assess(answers))
    other = Store.in_memory()
    records.import_into(other, records.read_export(exported(store)))
    person = other.find_local_profile()
    assert person is not None
    check = other.current_check(person)
    assert check is not None
    assert check.result.tier == "emergency"
    assert other.current_plan(person, check.id) is None


def test_the_text_from_a_clinic_qr_code_is_pointed_to_continue_at_home() -> None:
    profile = make_profile()
    plan = build_plan(profile, START)
    text = take_home_text(profile, said(plan.triage), plan, START, Settings()).encode()
    with pytest.raises(ImportProblem, match="Continue at home"):
        records.read_export(text)


def test_the_summary_counts_what_the_file_holds() -> None:
    assert records.read_export(exported(seeded())).summary == "1 check, 1 plan and 3 daily logs"


# -- CSV -------------------------------------------------------------------------
def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_csv_has_a_header_and_one_row_a_day_in_date_order() -> None:
    logs = [log(3, 5, minutes=12, walks=[6, 6]), log(1, 4, flare=True), log(2, 8, red_flags=["fever"])]
    data = records.logs_csv(logs)
    assert data.startswith("\ufeff".encode())  # spreadsheets then read the file as UTF-8
    assert data.decode("utf-8-sig").splitlines()[0] == ",".join(records.CSV_COLUMNS)
    table = rows(data)
    assert [r["date"] for r in table] == ["2026-11-23", "2026-11-24", "2026-11-25"]
    assert table[0] == {
        "date": "2026-11-23",
        "pain": "4",
        "minutes": "20",
        "walks": "",
        "flare": "yes",
        "red_flags": "",
        "note": "",
    }
    assert table[1]["red_flags"] == "fever"
    assert table[2]["walks"] == "6+6"


@pytest.mark.parametrize("note", ['=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)"])
def test_a_note_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(note: str) -> None:
    assert rows(records.logs_csv([log(1, 3, note=note)]))[0]["note"] == "'" + note
    assert rows(records.logs_csv([log(1, 3, note="ok " + note)]))[0]["note"] == "ok " + note


def test_a_cell_starting_with_a_tab_or_return_is_kept_as_text_too() -> None:
    assert records.safe_cell("\t=1") == "'\t=1"
    assert records.safe_cell("\r=1") == "'\r=1"
    assert records.safe_cell("fine") == "fine"


def test_a_note_with_commas_quotes_and_lines_stays_in_its_own_cell() -> None:
    note = 'Walked to the shop, then "felt fine".\nLater: stiff.'
    assert rows(records.logs_csv([log(1, 3, note=note)]))[0]["note"] == note
    assert len(note) <= MAX_NOTE_CHARS


# -- the documented format -----------------------------------------------------------
def test_every_field_of_the_export_is_documented() -> None:
    doc = (REPO / "docs" / "export-format.md").read_text()
    models = (records.ExportFile, records.ExportedCheck, records.ExportedPlan, LogEntry)
    for model in models:
        for field in model.model_fields:
            assert f"`{field}`" in doc, f"{model.__name__}.{field} is not in docs/export-format.md"
    assert f"`{records.FORMAT}`" in doc
    assert f"version `{records.VERSION}`" in doc


def test_the_export_uses_the_clis_ids_and_formats() -> None:
    document = json.loads(exported(seeded()))
    assert document["format"] == "backontrack-export"
    assert document["version"] == 1
    # A check's answers are the CLI's triage input, a plan's profile the CLI's plan input.
    Answers.model_validate(document["checks"][0]["answers"])
    assert set(document["checks"][0]["answers"]["answers"]) == set(content.red_flags().item_ids)
    assert build_plan(make_profile(**_profile(document)), START) == snapshot(seeded()).plans[0].plan


def _profile(document: dict[str, Any]) -> dict[str, Any]:
    profile = dict(document["plans"][0]["profile"])
    return {k: profile[k] for k in ("baseline_minutes", "baseline_pain", "preferences")}


def test_issue_17_the_size_limit_fits_fifteen_years_of_the_longest_logs() -> None:
    """The limit comes from the format: seven years of 500-character Chinese notes used to be too big."""
    longest = LogEntry(
        date=START,
        pain=10,
        minutes=600,
        walks=[100] * 6,
        flare=True,
        red_flags=sorted(content.red_flags().recheck_ids),
        note="背" * 500,
    )
    one_log = len(longest.model_dump_json(indent=2).encode("utf-8")) + 8  # the list's own indent and comma
    assert one_log <= records.LONGEST_LOG_BYTES
    assert 15 * 366 * one_log < records.MAX_BYTES
