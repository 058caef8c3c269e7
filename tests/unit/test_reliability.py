"""Issue 25 without a server: sessions that start together, sign-outs that end every tab and never
lie in the future, identities no account can be keyed on, and one date format everywhere."""

from __future__ import annotations

import datetime as dt
import os
import threading

import pytest

from backontrack import accounts, dates
from backontrack.store import Store
from backontrack.store.repository import SIGN_OUT_KEPT
from deploy import postgres
from tests.conftest import saved_plan

ISSUER = "https://id.example.org"
SESSIONS_AT_ONCE = 20


@pytest.fixture
def store() -> Store:
    """A private store: the SQLite path of the sign-out rules (tests/db holds PostgreSQL's)."""
    return Store.in_memory()


def test_issue_25_twenty_private_stores_made_at_the_same_moment_all_work() -> None:
    """Each session ran Alembic on its own database at once: "table profiles already exists",
    KeyError('script') and SystemError, 20 of 20 here before the schema was built once a process."""
    barrier = threading.Barrier(SESSIONS_AT_ONCE)
    problems: list[str] = []
    stores: list[Store] = []

    def start_a_session() -> None:
        try:
            barrier.wait()
            store = Store.in_memory()
            pid = saved_plan(store)
            assert store.current_plan(pid, store.checks(pid)[0].id) is not None
            stores.append(store)
        except Exception as exc:  # every failure is reported, none is lost in a thread
            problems.append(repr(exc))

    threads = [threading.Thread(target=start_a_session) for _ in range(SESSIONS_AT_ONCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert problems == []
    assert len({s.identity for s in stores}) == SESSIONS_AT_ONCE  # each its own database
    assert all(len(s.profile_ids()) == 1 for s in stores)  # nobody sees anybody else's rows


def test_issue_25_a_sign_out_ends_every_copy_of_the_sign_in_and_not_a_later_one(store: Store) -> None:
    signed_in = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    assert store.sign_in(ISSUER, "alice", signed_in) is not None
    assert not store.sign_in_ended(ISSUER, "alice", signed_in)
    store.sign_out(ISSUER, "alice", signed_in)
    assert store.sign_in_ended(ISSUER, "alice", signed_in)  # every open tab of it
    assert store.sign_in_ended(ISSUER, "alice", None)  # a sign-in with no time is never trusted
    later = signed_in + dt.timedelta(minutes=5)
    assert not store.sign_in_ended(ISSUER, "alice", later)  # signing in again works
    assert not store.sign_in_ended(ISSUER, "bob", signed_in)


def test_issue_25_a_sign_out_in_the_future_is_capped_at_now(store: Store) -> None:
    """`now() + 100 years` locked an account out for good."""
    store.sign_in(ISSUER, "alice")
    store.sign_out(ISSUER, "alice", dt.datetime.now(dt.UTC) + dt.timedelta(days=36500))
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    assert not store.sign_in_ended(ISSUER, "alice", tomorrow)
    assert store.sign_in(ISSUER, "alice", tomorrow) is not None


def test_issue_25_sign_outs_are_kept_only_as_long_as_they_can_refuse_anything(store: Store) -> None:
    """The plain subjects of deleted accounts were kept for ever."""
    old = dt.datetime.now(dt.UTC) - SIGN_OUT_KEPT - dt.timedelta(days=1)
    store.sign_out(ISSUER, "long-gone", old)
    store.sign_out(ISSUER, "recent", dt.datetime.now(dt.UTC))  # any later sign-out clears the old ones
    assert not store.sign_in_ended(ISSUER, "long-gone", old)
    assert store.sign_in_ended(ISSUER, "recent", dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))


@pytest.mark.parametrize("subject", ["ali\x00ce", "bob\n", "x" * 256, "tab\tbed"])
def test_issue_25_an_identity_no_account_can_be_keyed_on_is_refused_in_words(subject: str) -> None:
    """A NUL byte gave a database error on every screen; 256 characters went to the provider's page."""
    claims = {"iss": ISSUER, "sub": subject, "auth_time": 1_800_000_000}
    assert not accounts.usable(claims)
    with pytest.raises(accounts.AccountError, match="The sign-in service gave a name"):
        accounts.identity(claims)


def test_issue_25_one_date_format_everywhere_with_no_leading_zero() -> None:
    day = dt.date(2026, 12, 6)
    assert dates.day_long(day) == "Sunday 6 December"
    assert dates.day_short(day) == "Sun 6 Dec"
    assert dates.date_long(day) == "6 December 2026"
    assert dates.date_short(day) == "Sun 6 Dec 2026"


def test_issue_25_postgres_failing_as_root_says_what_is_wrong_and_how_to_fix_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`make hosted` as root under a 0700 folder failed with a bare CalledProcessError."""
    said = ['initdb: error: could not create directory "/root/work/pg/data": Permission denied']
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    message = postgres._explained(said)
    assert message.startswith("PostgreSQL could not start the test database: initdb: error:")
    assert "Permission denied" in message
    assert "chmod o+x" in message
