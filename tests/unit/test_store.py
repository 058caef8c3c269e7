"""The SQLAlchemy repository: round trips, the (profile, date) upsert, atomic writes, deletion."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event, text

from backontrack.models import Answers
from backontrack.plan import build_plan
from backontrack.store import CheckRow, Store, engine_for, migrations
from backontrack.triage import assess
from tests.conftest import START, answers_data, log, make_profile


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.from_url(f"sqlite:///{tmp_path / 'data' / 'store.sqlite3'}")


def test_sqlite_file_is_created_with_wal_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nested' / 'folder' / 'db.sqlite3'}"
    engine = engine_for(url)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == migrations.head()
    assert (tmp_path / "nested" / "folder" / "db.sqlite3").exists()


def test_one_engine_per_process_and_url(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    assert engine_for(url) is engine_for(url)


def test_local_profile_is_made_once(store: Store) -> None:
    first = store.local_profile()
    assert store.local_profile() == first


def test_check_round_trip_and_the_latest_is_current(store: Store) -> None:
    pid = store.local_profile()
    calm = Answers.model_validate(answers_data())
    worried = Answers.model_validate(answers_data(fever="yes"))
    store.save_check(pid, calm, assess(calm))
    saved = store.save_check(pid, worried, assess(worried))
    current = store.current_check(pid)
    assert current is not None
    assert (current.id, current.answers, current.result) == (saved.id, worried, assess(worried))
    assert [c.result.tier for c in store.checks(pid)] == ["urgent", "self_care"]


def test_plan_round_trip_belongs_to_its_check(store: Store) -> None:
    pid = store.local_profile()
    profile = make_profile()
    check = store.save_check(pid, profile, assess(profile))
    plan = build_plan(profile, START)
    store.save_plan(pid, check.id, plan)
    record = store.current_plan(pid, check.id)
    assert record is not None
    assert record.plan == plan
    newer = store.save_check(pid, profile, assess(profile))
    assert store.current_plan(pid, newer.id) is None


def test_a_plan_for_an_unsafe_result_is_never_stored(store: Store) -> None:
    pid = store.local_profile()
    plan = build_plan(make_profile(), START)
    unsafe = plan.model_copy(
        update={"triage": assess(make_profile(answers=answers_data(fever="yes")["answers"]))}
    )
    with pytest.raises(ValueError, match="urgent"):
        store.save_plan(pid, 1, unsafe)


def test_log_round_trip(store: Store) -> None:
    pid = store.local_profile()
    entry = log(1, pain=4, minutes=22, walks=[12, 10], flare=True, note="windy", red_flags=["fever"])
    store.upsert_log(pid, entry)
    assert store.logs(pid) == [entry]
    assert store.log_on(pid, entry.date) == entry


def test_saving_the_same_date_again_updates_the_log(store: Store) -> None:
    pid = store.local_profile()
    store.upsert_log(pid, log(1, pain=4))
    store.upsert_log(pid, log(1, pain=2, minutes=30))
    store.upsert_log(pid, log(2, pain=3))
    assert [(e.date, e.pain, e.minutes) for e in store.logs(pid)] == [
        (log(1, 0).date, 2, 30),
        (log(2, 0).date, 3, 20),
    ]


def test_logs_are_kept_per_profile(store: Store) -> None:
    one, two = store.create_profile(), store.create_profile()
    store.upsert_log(one, log(1, pain=4))
    assert store.logs(two) == []


def test_a_failed_write_leaves_nothing_half_saved(store: Store) -> None:
    pid = store.local_profile()
    answers = Answers.model_validate(answers_data())
    engine = store._sessions.kw["bind"]

    def fail_after_insert(*_: object) -> None:
        raise RuntimeError("disk full")

    event.listen(CheckRow, "after_insert", fail_after_insert)
    try:
        with pytest.raises(RuntimeError, match="disk full"):
            store.save_check(pid, answers, assess(answers))
    finally:
        event.remove(CheckRow, "after_insert", fail_after_insert)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM checks")).scalar() == 0
    assert store.current_check(pid) is None


def test_delete_profile_removes_every_row(store: Store) -> None:
    pid = store.local_profile()
    keep = store.create_profile()
    profile = make_profile()
    check = store.save_check(pid, profile, assess(profile))
    store.save_plan(pid, check.id, build_plan(profile, START))
    store.upsert_log(pid, log(1, 3))
    store.upsert_log(keep, log(1, 3))
    assert store.count_rows(pid) == 4
    store.delete_profile(pid)
    assert store.count_rows(pid) == 0
    assert store.count_rows(keep) == 2


def test_a_check_from_before_new_questions_is_not_current_and_offers_its_answers(store: Store) -> None:
    pid = store.create_profile()
    answers = Answers.model_validate(answers_data())
    old = store.save_check(pid, answers, assess(answers))
    with store._sessions.begin() as session:  # as saved by a version without the three new items
        row = session.get_one(CheckRow, old.id)
        row.answers = {**row.answers, "answers": dict(row.answers["answers"])}
        for new_item in ("sexual_change", "injects_drugs", "spine_procedure"):
            del row.answers["answers"][new_item]
    assert store.current_check(pid) is None  # a missing answer is never read as "no"
    assert store.checks(pid) == []
    offered = store.outdated_answers(pid)
    assert offered is not None
    assert "sexual_change" not in offered["answers"]
    assert offered["age"] == 36


def test_a_stored_check_is_shown_with_todays_wording(store: Store) -> None:
    pid = store.create_profile()
    answers = Answers.model_validate(answers_data(saddle_numbness="unsure"))
    result = assess(answers)
    old_reason = result.reasons[0].model_copy(update={"why": "Needs checking in hospital at once."})
    store.save_check(pid, answers, result.model_copy(update={"reasons": [old_reason]}))
    current = store.current_check(pid)
    assert current is not None
    assert "hospital" not in current.result.reasons[0].why
    assert store.outdated_answers(pid) is None
