"""Demo mode in AppTest: every persona renders every screen, and the replay day moves each screen's today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from backontrack import demo
from tests.app.journeys import key, page_text, tables

SCREENS = ["pages/people.py", "pages/home.py", "pages/plan.py", "pages/log.py", "pages/progress.py"]


@pytest.fixture
def presenter(in_mode: Callable[[str], Callable[[], AppTest]]) -> Callable[[], AppTest]:
    return in_mode("demo")


def pick(at: AppTest, persona_id: str) -> AppTest:
    at.switch_page("pages/people.py").run()
    return at.button(key=key("people", persona_id)).click().run()


@pytest.mark.parametrize("persona_id", [p.id for p in demo.personas()])
def test_each_persona_renders_every_screen_with_the_demo_banner(
    presenter: Callable[[], AppTest], persona_id: str
) -> None:
    at = pick(presenter().run(), persona_id)
    for screen in SCREENS:
        at.switch_page(screen).run()
        assert not at.exception, screen
        assert "Demo: made-up people, nothing is saved." in at.info[0].value, screen


def test_the_replay_day_moves_every_screens_today(presenter: Callable[[], AppTest]) -> None:
    at = pick(presenter().run(), "jo")
    start = at.session_state["demo.start"]
    for day in (5, 6, 9):
        at.session_state["demo.day"] = day
        today = start + dt.timedelta(days=day - 1)
        at.switch_page("pages/plan.py").run()
        assert f"Today, day {day}" in page_text(at)
        at.switch_page("pages/log.py").run()
        assert at.selectbox(key=key("log", "date")).value == today
    at.session_state["demo.day"] = 6
    at.switch_page("pages/progress.py").run()
    assert "What changed today" in at.warning[0].value
    assert "goes back to" in at.warning[0].value  # Jo's drop-back, on the day it happens


def test_try_it_yourself_changes_the_plan_live(presenter: Callable[[], AppTest]) -> None:
    at = pick(presenter().run(), "sam")
    at.session_state["demo.day"] = 3
    at.switch_page("pages/log.py").run()
    day = (at.session_state["demo.start"] + dt.timedelta(days=2)).isoformat()
    at.segmented_control(key=key("log", f"pain.{day}")).set_value(9)
    at.segmented_control(key=key("log", f"recheck.{day}")).set_value("none")
    at.button(key=key("log", f"save.{day}")).click().run()
    at.switch_page("pages/plan.py").run()
    assert "Your pain was 9/10" in page_text(at)


def test_two_presenters_do_not_affect_each_other(presenter: Callable[[], AppTest]) -> None:
    one = pick(presenter().run(), "jo")
    two = pick(presenter().run(), "pat")
    one.switch_page("pages/plan.py").run()
    assert len(tables(one)) == 1
    two.switch_page("pages/plan.py").run()
    assert len(tables(two)) == 0


def _play_then_choose_again() -> None:
    """A sidebar's Play toggle, and choosing a person (as the people page does), in one script."""
    import streamlit as st

    from backontrack.ui import demo as demo_ui
    from backontrack.ui import state

    if st.button("Sam", key="first"):
        demo_ui.show("sam")
    playing = st.toggle("Play", key=state.key("demo", "play"))
    if st.button("Rita", key="second"):
        demo_ui.show("rita")
        st.rerun()
    st.write(f"playing={playing}")


def test_issue_17_choosing_another_person_stops_play(presenter: Callable[[], AppTest]) -> None:
    presenter()  # demo mode, a data folder that must stay empty
    at = AppTest.from_function(_play_then_choose_again, default_timeout=30).run()
    at.button(key="first").click().run()
    at.toggle(key=key("demo", "play")).set_value(True).run()
    assert at.markdown[0].value == "playing=True"
    at.button(key="second").click().run()
    assert not at.exception
    assert at.markdown[0].value == "playing=False"  # before the fix, Play ran on into Rita's story
