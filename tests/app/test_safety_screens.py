"""Safety screens: the emergency instruction first and alone, a stopped plan that says so, undoing slips."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from backontrack import content
from backontrack.models import Answers
from backontrack.store import CheckRow, Store
from backontrack.triage import assess
from tests.app.journeys import (
    answer_list,
    complete_check,
    in_order,
    key,
    log_day,
    make_plan,
    page_text,
    tables,
)
from tests.conftest import answers_data

TODAY = dt.date.today()
FLAGS = content.red_flags()
TIERS = FLAGS.tiers
PAGES = ["pages/home.py", "pages/check.py", "pages/plan.py", "pages/log.py", "pages/progress.py"]


def assert_emergency_first(at: AppTest, page: str) -> None:
    """The instruction is the first element; no title, intro, warning or success box above it."""
    shown = [n for n in in_order(at) if n.type not in ("html", "vertical", "horizontal", "column")]
    assert shown, page
    first = shown[0]
    assert first.type == "error", (page, first.type)
    assert TIERS["emergency"].stopped_title in first.value or TIERS["emergency"].title in first.value
    assert not at.title, page
    assert not at.success, page
    assert not at.warning, page
    # The one link: after a stop, to the person's own data, beneath everything (revision 4, item 5).
    links = [n for n in shown if n.type == "page_link"]
    assert all(link.proto.page == "data" for link in links), page
    buttons = [n for n in shown if n.type == "button"]
    assert all(b.proto.type == "tertiary" for b in buttons), page  # small and clearly secondary
    expander = shown.index(next(n for n in shown if n.type == "expander"))
    for after in (*buttons, *links):
        assert shown.index(after) > expander, page


def test_emergency_instruction_is_first_and_alone_on_every_screen(app: Callable[[], AppTest]) -> None:
    at = complete_check(app().run(), {"chest_pain": "yes"})
    assert_emergency_first(at, "result")
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception
        assert_emergency_first(at, page)


def test_answered_by_mistake_reopens_the_check_with_the_answers_kept(app: Callable[[], AppTest]) -> None:
    at = complete_check(app().run(), {"chest_pain": "yes"}, age=47)
    at.button(key=key("guard", "redo")).click().run()
    assert at.text_input(key=key("check", "age")).value == "47"
    assert "Step 1 of 5" in at.get("progress")[0].proto.text
    assert not at.error


def test_a_log_tick_of_an_emergency_sign_puts_the_instruction_first_then_can_be_undone(
    app: Callable[[], AppTest], store: Store
) -> None:
    at = complete_check(app().run())
    make_plan(at)
    log_day(at, TODAY, pain=3, signs=["both_legs"])
    assert_emergency_first(at, "log")
    assert "That log is saved" in page_text(at)
    for page in PAGES:  # the check page follows the log's stop too
        at.switch_page(page).run()
        assert_emergency_first(at, page)
    at.button(key=key("guard", "fix_log")).click().run()
    at.switch_page("pages/log.py").run()  # AppTest reruns its own page; a browser follows st.switch_page
    day = TODAY.isoformat()
    assert "You are changing your log" in at.info[0].value
    at.segmented_control(key=key("log", f"recheck.{day}")).set_value("none")
    at.button(key=key("log", f"save.{day}")).click().run()
    assert not at.error, at.error[0].value
    at.switch_page("pages/plan.py").run()
    assert len(tables(at)) == 1  # the plan is back
    profile_id = store.first_profile()
    assert profile_id is not None
    assert store.logs(profile_id)[0].red_flags == []


def test_sharp_pain_tick_stops_the_plan_with_wording_of_its_own(app: Callable[[], AppTest]) -> None:
    at = complete_check(app().run(), {"below_knee": "yes"})  # a soon result, so walking was allowed
    make_plan(at)
    log_day(at, TODAY, pain=4, signs=["sharp_spreading_pain"])
    text = page_text(at)
    assert TIERS["soon"].stopped_title in at.info[0].value
    assert "Stop your walking plan" in text
    for goes_on in ("Gentle walking is fine", "while you wait", "your plan starts easy"):
        assert goes_on not in text
    for page in ("pages/home.py", "pages/check.py", "pages/plan.py"):
        at.switch_page(page).run()
        assert TIERS["soon"].stopped_title in page_text(at), page
        assert "Gentle walking is fine" not in page_text(at), page
        assert len(tables(at)) == 0, page
    at.button(key=key("guard", "seen_since")).click().run()
    at.switch_page("pages/check.py").run()  # as the browser follows st.switch_page
    assert "Step 1 of 5" in at.get("progress")[0].proto.text  # a new questionnaire, not the old result
    assert at.text_input(key=key("check", "age")).value == ""
    assert at.checkbox(key=key("check", "seen_clinician")).value is True  # revision 4: already ticked


def test_derived_reasons_show_words_not_field_names(app: Callable[[], AppTest]) -> None:
    at = complete_check(app().run(), age=52, pain_weeks=0)
    text = page_text(at)
    assert "You are 52 and the pain started this week." in text
    assert "age=" not in text
    assert "pain_weeks" not in text


def test_sources_are_shown_in_plain_words(app: Callable[[], AppTest]) -> None:
    at = complete_check(app().run(), {"saddle_numbness": "unsure"})
    text = page_text(at)
    assert "Source: NHS advice on back pain" in text
    assert "cauda equina" not in text.lower()
    assert "hospital" not in text.split("Why we say this")[1].split("Source")[0]


def test_the_safety_net_card_lists_every_daily_recheck_sign(app: Callable[[], AppTest]) -> None:
    at = complete_check(app().run())
    make_plan(at)
    text = page_text(at)
    for sign in FLAGS.recheck_items:
        assert f"- {sign.sign}" in text, sign.id


def test_the_daily_log_lists_the_signs_as_a_list_in_two_columns(app: Callable[[], AppTest]) -> None:
    at = complete_check(app().run())
    make_plan(at)
    at.switch_page("pages/log.py").run()
    lists = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert len(lists) == 2
    listed = [line.removeprefix("- ") for block in lists for line in block.splitlines()]
    assert listed == [sign.sign for sign in FLAGS.recheck_items]


@pytest.mark.parametrize("number", ["112"])
def test_urgent_result_names_the_clinics_own_services(
    app: Callable[[], AppTest], monkeypatch: pytest.MonkeyPatch, number: str
) -> None:
    monkeypatch.setenv("BACKONTRACK_EMERGENCY_NUMBER", number)
    monkeypatch.setenv("BACKONTRACK_URGENT_ADVICE", "the Riverside practice on 01234 567890")
    from backontrack.ui import context

    context.settings.cache_clear()
    at = complete_check(app().run(), {"fever": "yes"})
    assert "the Riverside practice on 01234 567890" in at.warning[0].value
    assert number in at.warning[0].value
    assert "NHS 111" not in page_text(at)


def test_a_check_from_before_the_new_questions_asks_each_list_again_with_earlier_numbers_kept(
    app: Callable[[], AppTest], store: Store
) -> None:
    profile_id = store.local_profile()
    answers = Answers.model_validate(answers_data())
    old = store.save_check(profile_id, answers, assess(answers))
    with store._sessions.begin() as session:
        row = session.get_one(CheckRow, old.id)
        kept = {k: v for k, v in row.answers["answers"].items() if k != "sexual_change"}
        row.answers = {**row.answers, "answers": kept}
    at = app().run()
    assert "Start with the check" in page_text(at) or "Where to start" in page_text(at)
    at.switch_page("pages/check.py").run()
    assert "The check has changed since you last did it" in at.info[0].value
    assert at.text_input(key=key("check", "age")).value == "36"
    at.button(key=key("check", "next.0")).click().run()
    # An earlier "no" to every sign does not answer a list that now has a new sign on it.
    assert at.segmented_control(key=key("check", "list.emergency")).value is None
    assert FLAGS.item("sexual_change").question in page_text(at)


def test_a_yes_to_an_emergency_sign_says_call_now_before_any_more_questions(
    app: Callable[[], AppTest], store: Store
) -> None:
    at = app().run()
    at.switch_page("pages/check.py").run()
    at.text_input(key=key("check", "age")).input("60")
    at.text_input(key=key("check", "pain_weeks")).input("1")
    at.segmented_control(key=key("check", "pain_now")).set_value(5)
    at.button(key=key("check", "next.0")).click().run()
    answer_list(at, "emergency", {"answer.incontinence": "yes"})
    at.button(key=key("check", "next.1")).click().run()
    first = next(n for n in in_order(at) if n.type not in ("html", "vertical", "horizontal", "column"))
    assert first.type == "error"
    assert TIERS["emergency"].title in first.value
    assert FLAGS.label("incontinence") in page_text(at)
    assert not at.get("progress")  # no more questions on this screen
    assert store.find_local_profile() is None  # nothing saved: the check is not complete
