"""Row-level security in PostgreSQL itself (issue 18): people are kept apart by the database,
not only by a WHERE in our code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError, ProgrammingError

from backontrack.__main__ import main
from backontrack.store import StorageError, Store, migrations
from backontrack.store.security import set_profile
from deploy import postgres
from tests.conftest import log, saved_plan_for

ISSUER = "https://id.example.test"


def database_now(cluster: postgres.Cluster) -> dt.datetime:
    """The database's clock. Sign-outs are capped and cleared by it (migration 0006), so the tests
    of those take their times from it: in the run a year ahead (tests/clock) only Python travels,
    and PostgreSQL keeps the real clock."""
    seconds = cluster.psql("SELECT extract(epoch FROM now())", database=postgres.DATABASE)
    return dt.datetime.fromtimestamp(float(seconds), dt.UTC)


@pytest.fixture(scope="module")
def two_people(cluster: postgres.Cluster) -> tuple[Store, int, int]:
    """Two signed-in people, each with a check, a plan and three logs (through the app's role)."""
    store = Store.from_url(cluster.app_url)
    ann = store.sign_in(ISSUER, "ann")
    bob = store.sign_in(ISSUER, "bob")
    for person, pain in ((ann, 2), (bob, 6)):
        saved_plan_for(store, person)
        for day in (1, 2, 3):
            store.upsert_log(person, log(day, pain))
    return store, ann, bob


@pytest.fixture
def app_engine(cluster: postgres.Cluster) -> Iterator[Engine]:
    engine = create_engine(cluster.app_url)
    yield engine
    engine.dispose()


def test_the_app_role_with_no_profile_set_sees_no_rows_even_without_a_where(
    two_people: tuple[Store, int, int], app_engine: Engine
) -> None:
    with app_engine.connect() as conn:
        for table in ("profiles", "checks", "plans", "daily_logs", "accounts"):
            assert conn.scalar(text(f"SELECT count(*) FROM {table}")) == 0, table


def test_a_profile_set_sees_only_its_own_rows(two_people: tuple[Store, int, int], app_engine: Engine) -> None:
    _, ann, _ = two_people
    with app_engine.begin() as conn:
        set_profile(conn, ann)
        assert set(conn.scalars(text("SELECT profile_id FROM daily_logs"))) == {ann}
        assert conn.scalar(text("SELECT count(*) FROM daily_logs")) == 3


def test_a_write_for_another_persons_profile_is_refused_by_the_database(
    two_people: tuple[Store, int, int], app_engine: Engine
) -> None:
    _, ann, bob = two_people
    insert = text(
        "INSERT INTO daily_logs (profile_id, date, updated_at, entry, revision) "
        "VALUES (:p, :d, now(), '{}', 1)"
    )
    with app_engine.begin() as conn:
        set_profile(conn, ann)
        with pytest.raises(ProgrammingError, match="row-level security"):
            conn.execute(insert, {"p": bob, "d": dt.date(2026, 1, 1)})
    with app_engine.begin() as conn:
        set_profile(conn, ann)
        changed = conn.execute(text("UPDATE daily_logs SET revision = 99 WHERE profile_id = :p"), {"p": bob})
        assert changed.rowcount == 0
        gone = conn.execute(text("DELETE FROM checks WHERE profile_id = :p"), {"p": bob})
        assert gone.rowcount == 0
    store, _, _ = two_people
    assert len(store.logs(bob)) == 3


def test_the_profile_is_set_per_transaction_so_a_pooled_connection_forgets_it(
    two_people: tuple[Store, int, int], cluster: postgres.Cluster
) -> None:
    _, ann, _ = two_people
    engine = create_engine(cluster.app_url, pool_size=1, max_overflow=0)
    with engine.begin() as conn:
        set_profile(conn, ann)
        assert conn.scalar(text("SELECT count(*) FROM daily_logs")) == 3
    with engine.begin() as conn:  # the same pooled connection, the next person's transaction
        assert conn.scalar(text("SELECT count(*) FROM daily_logs")) == 0
    engine.dispose()


def test_the_app_role_owns_nothing_cannot_change_the_schema_nor_read_the_audit(
    two_people: tuple[Store, int, int], app_engine: Engine
) -> None:
    store, _, _ = two_people
    assert store.role_problems() == []
    for statement in (
        "CREATE TABLE sneaky (id int)",
        "ALTER TABLE daily_logs DISABLE ROW LEVEL SECURITY",
        "SELECT count(*) FROM audit",
        "INSERT INTO profiles (created_at) VALUES (now())",
    ):
        with pytest.raises(DBAPIError), app_engine.begin() as conn:
            conn.execute(text(statement))


def test_the_owner_role_is_not_ready_to_serve_people(cluster: postgres.Cluster) -> None:
    problems = Store.from_url(cluster.owner_url).role_problems()
    assert any("owns tables" in p for p in problems)


def test_every_personal_table_forces_row_level_security(cluster: postgres.Cluster) -> None:
    rows = cluster.psql(
        "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
        "WHERE relname IN ('profiles','checks','plans','daily_logs','accounts','audit') ORDER BY relname",
        database=postgres.DATABASE,
    ).split()
    assert rows == [
        f"{t}|t|t" for t in sorted(("profiles", "checks", "plans", "daily_logs", "accounts", "audit"))
    ]


def test_signing_in_again_finds_the_same_profile_keyed_on_issuer_and_subject(
    two_people: tuple[Store, int, int],
) -> None:
    store, ann, bob = two_people
    assert store.sign_in(ISSUER, "ann") == ann
    assert store.sign_in("https://other-issuer.test", "ann") not in (ann, bob)


def test_deleting_an_account_removes_every_row_and_keeps_the_others(cluster: postgres.Cluster) -> None:
    store = Store.from_url(cluster.app_url)
    cat = store.sign_in(ISSUER, "cat")
    dan = store.sign_in(ISSUER, "dan")
    for person in (cat, dan):
        saved_plan_for(store, person)
        store.upsert_log(person, log(1, 3))
    store.audit(cat, "export")
    store.delete_account(cat)
    assert store.count_rows(cat) == 0
    assert len(store.logs(dan)) == 1
    assert store.sign_in(ISSUER, "cat") != cat  # a new account, empty
    events = cluster.psql(
        f"SELECT event FROM audit WHERE profile_id = {cat} ORDER BY id", database=postgres.DATABASE
    )
    assert events.split() == ["sign-in", "export", "delete"]  # who and when, nothing they entered
    columns = cluster.psql(
        "SELECT string_agg(column_name, ',' ORDER BY column_name) FROM information_schema.columns "
        "WHERE table_name = 'audit'",
        database=postgres.DATABASE,
    )
    assert columns.strip() == "at,event,id,profile_id"


def test_ready_and_migrate_from_the_command_line(
    cluster: postgres.Cluster, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BACKONTRACK_MODE", "hosted")
    monkeypatch.setenv("BACKONTRACK_DATABASE_URL", cluster.app_url)
    monkeypatch.setenv("BACKONTRACK_MIGRATE_URL", cluster.owner_url)
    assert main(["migrate"]) == 0
    assert f"schema {migrations.head()}" in capsys.readouterr().out
    assert main(["ready"]) == 0
    monkeypatch.setenv("BACKONTRACK_DATABASE_URL", cluster.owner_url)
    assert main(["ready"]) == 1
    assert "owns tables" in capsys.readouterr().err
    monkeypatch.setenv("BACKONTRACK_MIGRATE_URL", cluster.app_url)
    assert main(["migrate"]) == 1
    assert "owner role" in capsys.readouterr().err


def test_an_app_on_an_unmigrated_database_says_to_run_migrate(cluster: postgres.Cluster) -> None:
    cluster.psql(f"CREATE DATABASE behind OWNER {postgres.OWNER}")
    with pytest.raises(StorageError, match="python -m backontrack migrate"):
        Store.from_url(cluster.url(postgres.APP, cluster.app_password, database="behind"))


def test_a_first_save_of_a_day_is_no_conflict_on_postgresql(cluster: postgres.Cluster) -> None:
    """psycopg reports rowcount -1 for an ORM insert: the first save of a day was taken for a clash."""
    store = Store.from_url(cluster.app_url)
    pid = saved_plan_for(store, store.sign_in(ISSUER, "first-save"))
    assert store.save_log(pid, log(1, 3), None) == 1
    assert store.save_log(pid, log(1, 4), 1) == 2


def test_a_copy_of_a_sign_in_from_before_signing_out_is_refused(cluster: postgres.Cluster) -> None:
    """Streamlit's cookie outlives its sign-out in any saved copy: the database refuses such copies."""
    store = Store.from_url(cluster.app_url)
    now = database_now(cluster)
    before = now - dt.timedelta(minutes=1)
    pid = store.sign_in(ISSUER, "hal", before)
    assert pid is not None
    store.sign_out(ISSUER, "hal", before)
    assert store.sign_in(ISSUER, "hal", before) is None
    assert store.sign_in(ISSUER, "hal", now + dt.timedelta(seconds=1)) == pid


def test_the_app_role_cannot_read_sign_outs_nor_skip_the_check(
    two_people: tuple[Store, int, int], app_engine: Engine
) -> None:
    for statement in ("SELECT count(*) FROM sign_outs", "SELECT backontrack_sign_in('x', 'y')"):
        with pytest.raises(DBAPIError), app_engine.begin() as conn:
            conn.execute(text(statement))


def test_each_sign_in_is_audited_once_however_many_browser_sessions_it_opens(
    cluster: postgres.Cluster,
) -> None:
    store = Store.from_url(cluster.app_url)
    first = dt.datetime.now(dt.UTC)
    pid = store.sign_in(ISSUER, "kim", first)
    for _ in range(3):  # reloads and new tabs: new sessions, the same sign-in
        assert store.sign_in(ISSUER, "kim", first) == pid
    assert store.sign_in(ISSUER, "kim", first + dt.timedelta(hours=1)) == pid  # signed in again
    events = cluster.psql(f"SELECT event FROM audit WHERE profile_id = {pid}", database=postgres.DATABASE)
    assert events.split() == ["sign-in", "sign-in"]


# -- Issue 25 ------------------------------------------------------------------------------------
def test_issue_25_every_open_tab_can_ask_whether_its_sign_in_was_ended(cluster: postgres.Cluster) -> None:
    """Signing out left other tabs of the sign-in exporting and saving: they ask on each action."""
    store = Store.from_url(cluster.app_url)
    now = database_now(cluster)
    at = now - dt.timedelta(minutes=2)
    store.sign_in(ISSUER, "tabs", at)
    assert not store.sign_in_ended(ISSUER, "tabs", at)
    store.sign_out(ISSUER, "tabs", at)
    assert store.sign_in_ended(ISSUER, "tabs", at)
    assert store.sign_in_ended(ISSUER, "tabs", None)
    assert not store.sign_in_ended(ISSUER, "tabs", now)


def test_issue_25_a_sign_out_in_the_future_is_capped_at_now_in_the_database(
    cluster: postgres.Cluster,
) -> None:
    """`backontrack_sign_out(..., now() + 100 years)` locked the account out for good."""
    store = Store.from_url(cluster.app_url)
    now = database_now(cluster)
    pid = store.sign_in(ISSUER, "future", now)
    store.sign_out(ISSUER, "future", now + dt.timedelta(days=36500))
    soon = now + dt.timedelta(minutes=10)
    assert store.sign_in(ISSUER, "future", soon) == pid
    kept = cluster.psql("SELECT at < now() + interval '6 minutes' FROM sign_outs WHERE subject = 'future'",
                        database=postgres.DATABASE)  # fmt: skip
    assert kept.strip() == "t"


def test_issue_25_sign_outs_older_than_the_longest_session_are_deleted(cluster: postgres.Cluster) -> None:
    """The plain subjects of deleted accounts were kept for ever: now only while they can matter."""
    store = Store.from_url(cluster.app_url)
    now = database_now(cluster)
    store.sign_out(ISSUER, "ancient", now - dt.timedelta(days=40))
    store.sign_out(ISSUER, "today", now)
    left = cluster.psql("SELECT subject FROM sign_outs WHERE subject IN ('ancient', 'today')",
                        database=postgres.DATABASE)  # fmt: skip
    assert left.split() == ["today"]
