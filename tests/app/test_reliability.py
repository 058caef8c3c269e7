"""Issue 25 in AppTest: a second tap keeps a choice, and the messages that name what to answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from tests.app.journeys import complete_check, key, make_plan, page_text, to_first_list

TODAY = dt.date.today()


def test_issue_25_a_second_tap_on_none_of_these_keeps_the_daily_recheck_answered(
    app: Callable[[], AppTest],
) -> None:
    """A person who taps "None of these" again to be sure lost the answer, and Save then said
    "New warning signs: this is missing"."""
    at = complete_check(app().run())
    make_plan(at)
    at.switch_page("pages/log.py").run()
    day = TODAY.isoformat()
    at.segmented_control(key=key("log", f"pain.{day}")).set_value(3)
    at.text_input(key=key("log", f"minutes.{day}")).input("20")
    recheck = at.segmented_control(key=key("log", f"recheck.{day}"))
    recheck.set_value("none").run()
    at.segmented_control(key=key("log", f"recheck.{day}")).set_value(None).run()  # the second tap
    assert at.segmented_control(key=key("log", f"recheck.{day}")).value == "none"
    at.button(key=key("log", f"save.{day}")).click().run()
    assert not at.error
    assert "Saved your log for" in at.success[0].value


def test_issue_25_a_second_tap_keeps_a_list_answer_and_a_pain_score_in_the_check(
    app: Callable[[], AppTest],
) -> None:
    at = to_first_list(app().run())
    answer = at.segmented_control(key=key("check", "list.emergency"))
    answer.set_value("none").run()
    at.segmented_control(key=key("check", "list.emergency")).set_value(None).run()
    assert at.segmented_control(key=key("check", "list.emergency")).value == "none"
    at.button(key=key("check", "back")).click().run()
    at.segmented_control(key=key("check", "pain_now")).set_value(None).run()  # tapped 4 again
    assert at.segmented_control(key=key("check", "pain_now")).value == 4


def test_issue_25_an_unanswered_recheck_is_named_as_the_question_on_screen(
    app: Callable[[], AppTest],
) -> None:
    at = complete_check(app().run())
    make_plan(at)
    at.switch_page("pages/log.py").run()
    day = TODAY.isoformat()
    at.segmented_control(key=key("log", f"pain.{day}")).set_value(3)
    at.text_input(key=key("log", f"minutes.{day}")).input("20")
    at.button(key=key("log", f"save.{day}")).click().run()
    message = at.error[0].value
    assert 'Please answer "Since your last log, has any of these started or got worse?"' in message
    assert "New warning signs" not in message
    assert "this is missing" not in page_text(at)
