"""Long histories: each session derives the journey once per change of the data (a write from
any tab makes it fresh), and the plan and progress screens open on recent weeks with the
rest on demand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from backontrack.journey import Journey
from backontrack.models import LogEntry
from backontrack.plan import build_plan
from backontrack.store import Store
from backontrack.triage import assess
from tests.app.journeys import interactive_chart, tables
from tests.conftest import make_profile

DAYS = 100


def seed(store: Store, days: int = DAYS) -> int:
    """A plan started `days - 1` days ago, logged every day since (pain 4, 20 minutes)."""
    today = dt.date.today()
    start = today - dt.timedelta(days=days - 1)
    pid = store.local_profile()
    profile = make_profile(baseline_pain=4)
    check = store.save_check(pid, profile, assess(profile))
    store.save_plan(pid, check.id, build_plan(profile, start))
    for i in range(days):
        store.upsert_log(pid, LogEntry(date=start + dt.timedelta(days=i), pain=4, minutes=20, red_flags=[]))
    return pid


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[dt.date]:
    """Every Journey.load call, by its today."""
    calls: list[dt.date] = []
    real = Journey.load.__func__  # type: ignore[attr-defined]

    def counted(cls: type[Journey], store: Store, profile_id: int, today: dt.date) -> Journey:
        calls.append(today)
        return real(cls, store, profile_id, today)  # type: ignore[no-any-return]

    monkeypatch.setattr(Journey, "load", classmethod(counted))
    return calls


def open_page(app: Callable[[], AppTest], page: str) -> AppTest:
    at = app().run()
    at.switch_page(page).run()
    assert not at.exception
    return at


def test_reruns_without_a_write_derive_the_journey_once(
    app: Callable[[], AppTest], store: Store, loads: list[dt.date]
) -> None:
    seed(store, 20)
    at = open_page(app, "pages/progress.py")
    at.run()
    at.run()
    assert not at.exception
    assert len(loads) == 1


def test_a_write_from_another_tab_shows_on_the_next_run(
    app: Callable[[], AppTest], store: Store, loads: list[dt.date]
) -> None:
    pid = seed(store, 20)
    at = open_page(app, "pages/progress.py")
    assert at.metric[0].value == "20 of 20"
    store.delete_everything()
    pid = seed(store, 10)  # another tab started over: a new profile and fewer days
    at.run()
    assert at.metric[0].value == "10 of 10"
    today = dt.date.today()
    store.upsert_log(pid, LogEntry(date=today, pain=9, minutes=3, red_flags=[]))  # today's log changed
    at.run()
    assert len(loads) == 3
    assert at.metric[2].value == "4.7"  # the 7-day average pain took in today's 9


def chart_days(at: AppTest) -> set[str]:
    spec = interactive_chart(at)
    bars = next(t for t in spec["data"] if t["name"] == "Minutes walked")
    return set(bars["x"])


def test_the_progress_chart_opens_on_four_weeks_and_shows_everything_on_demand(
    app: Callable[[], AppTest], store: Store
) -> None:
    seed(store)
    at = open_page(app, "pages/progress.py")
    today = dt.date.today()
    shown = chart_days(at)
    assert today.isoformat() in shown
    assert min(shown) == (today - dt.timedelta(days=27)).isoformat()
    assert at.metric[0].value == f"{DAYS} of {DAYS}"  # the figures still count every day
    at.get("button_group")[0].set_value("all").run()
    assert len(chart_days(at)) == DAYS


def test_the_plan_table_shows_this_two_week_block_and_every_week_on_demand(
    app: Callable[[], AppTest], store: Store
) -> None:
    seed(store)
    at = open_page(app, "pages/plan.py")
    table = tables(at)[0]
    assert list(table["Day"]) == [
        "99",
        "100",
    ]  # day 100 is in the block of days 99-112; the plan runs to today
    assert (table["Today"] == "◀ today").sum() == 1
    at.toggle(key="plan.every_week.g0").set_value(True).run()
    assert list(tables(at)[0]["Day"])[:2] == ["1", "2"]
    assert len(tables(at)[0]) >= DAYS
