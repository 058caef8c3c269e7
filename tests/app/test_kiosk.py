"""Kiosk mode in AppTest: its own screens, a private in-memory store per session, and the hand-off."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.journeys import complete_check, make_plan, page_text, tables


@pytest.fixture
def kiosk(in_mode: Callable[[str], Callable[[], AppTest]]) -> Callable[[], AppTest]:
    return in_mode("kiosk")


def test_the_kiosk_starts_on_its_start_screen_with_one_start_button(kiosk: Callable[[], AppTest]) -> None:
    at = kiosk().run()
    assert not at.exception
    assert at.title[0].value == "Back on Track"
    assert [b.label for b in at.button if b.key and b.key.startswith("start.")] == ["Start"]
    assert "Nothing you enter is kept" in page_text(at)


@pytest.mark.parametrize("page", ["pages/log.py", "pages/progress.py", "pages/data.py", "pages/home.py"])
def test_the_kiosk_offers_no_log_progress_or_data_screens(kiosk: Callable[[], AppTest], page: str) -> None:
    at = kiosk().run()
    with pytest.raises(Exception, match="Could not find a navigation page"):
        at.switch_page(page).run()


def test_a_kiosk_person_gets_a_plan_and_takes_it_home_on_paper_and_phone(
    kiosk: Callable[[], AppTest],
) -> None:
    at = complete_check(kiosk().run(), {"below_knee": "yes"})
    make_plan(at, minutes=4)
    assert len(tables(at)) == 1
    assert not [link for link in at.get("page_link") if link.proto.page == "log"]  # no daily log here
    at.switch_page("pages/handoff.py").run()
    assert not at.exception
    assert any("data:image/png;base64," in str(h.proto.body) for h in at.get("html"))  # the QR code
    assert at.get("download_button")
    assert "Then a page of stretches and core exercises, with drawings." in page_text(at)


def test_two_kiosk_sessions_never_see_each_others_data(kiosk: Callable[[], AppTest]) -> None:
    first = complete_check(kiosk().run(), {"below_knee": "yes"})
    make_plan(first, minutes=4)
    second = kiosk().run()
    second.switch_page("pages/plan.py").run()
    assert "Start with the check" in page_text(second)
    assert len(tables(second)) == 0


def test_an_urgent_kiosk_result_hands_off_the_instruction_and_no_plan(kiosk: Callable[[], AppTest]) -> None:
    at = complete_check(kiosk().run(), {"fever": "yes"})
    at.switch_page("pages/handoff.py").run()
    assert "Get medical advice today" in at.warning[0].value
    assert len(tables(at)) == 0
    assert at.get("download_button")
    assert "stretches and core exercises" not in page_text(at)  # none for a result with no plan
