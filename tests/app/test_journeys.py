"""Whole journeys through the app for each tier, the plan, the daily log, progress and deletion."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from backontrack import content
from backontrack.models import Profile
from backontrack.plan import build_plan
from backontrack.settings import Settings
from backontrack.store import Store
from tests.app.journeys import (
    chart_pictures,
    complete_check,
    interactive_chart,
    key,
    log_day,
    make_plan,
    next_step,
    page_text,
    tables,
    to_first_list,
)

TODAY = dt.date.today()
FLAGS = content.red_flags()
TIERS = FLAGS.tiers
PLAN_PAGES = ["pages/plan.py", "pages/log.py", "pages/progress.py", "pages/home.py"]


def assert_no_plan_anywhere(at: AppTest) -> None:
    """No plan element on any page: no table, no baseline form, no log form, no chart."""
    for page in PLAN_PAGES:
        at.switch_page(page).run()
        assert not at.exception
        assert len(tables(at)) == 0, page
        assert not at.get("plotly_chart"), page
        assert not chart_pictures(at), page
        assert not [b for b in at.button if b.key and b.key.startswith(("plan.make", "log.save"))], page
        assert "Your plan" not in [s.value for s in at.header], page


def test_self_care_journey_all_no_goes_to_the_plan(app: Callable[[], AppTest]) -> None:
    at = complete_check(app().run())
    assert TIERS["self_care"].title in at.success[0].value
    assert "you answered no to every warning sign" in page_text(at)
    assert any(link.proto.page == "plan" for link in at.get("page_link"))


def test_emergency_answer_shows_only_the_emergency_message(app: Callable[[], AppTest]) -> None:
    at = complete_check(app().run(), {"saddle_numbness": "yes"})
    assert TIERS["emergency"].title in at.error[0].value
    assert FLAGS.label("saddle_numbness") in page_text(at)  # the answer that produced it
    assert "Source:" in page_text(at)
    assert not at.get("page_link")  # no navigation nudges compete with it
    assert_no_plan_anywhere(at)


def test_unsure_on_an_emergency_item_gives_urgent_and_no_plan(app: Callable[[], AppTest]) -> None:
    at = complete_check(app().run(), {"bladder_change": "unsure"})
    assert TIERS["urgent"].title in at.warning[0].value
    assert "You said not sure." in page_text(at)
    assert Settings().fill(FLAGS.item("bladder_change").reason_unsure) in page_text(at)
    assert_no_plan_anywhere(at)


def test_soon_result_allows_a_plan_with_the_clinician_advice_kept_on_it(app: Callable[[], AppTest]) -> None:
    at = complete_check(app().run(), {"below_knee": "yes"})
    assert TIERS["soon"].title in at.info[0].value
    make_plan(at)
    assert len(tables(at)) == 1
    assert TIERS["soon"].action in page_text(at)


def test_plan_left_from_before_is_not_shown_after_an_urgent_check(app: Callable[[], AppTest]) -> None:
    at = app().run()
    complete_check(at)
    make_plan(at)
    assert len(tables(at)) == 1
    at.switch_page("pages/check.py").run()
    at.button(key=key("check", "new")).click().run()
    complete_check(at, {"fever": "yes"})
    assert_no_plan_anywhere(at)
    # A new browser session on the same database (a reload, or the plan page's URL) too.
    fresh = app().run()
    fresh.switch_page("pages/plan.py").run()
    assert len(tables(fresh)) == 0
    assert TIERS["urgent"].title in fresh.warning[0].value


def test_unanswered_items_cannot_be_submitted_and_are_pointed_out(app: Callable[[], AppTest]) -> None:
    at = app().run()
    at.switch_page("pages/check.py").run()
    at.text_input(key=key("check", "age")).input("40")
    next_step(at, 0)
    assert "How many weeks has this bout" in at.error[0].value
    assert "How bad is your back pain right now?" in at.error[0].value
    assert "Step 1 of 5" in at.get("progress")[0].proto.text
    at.text_input(key=key("check", "pain_weeks")).input("2")
    at.segmented_control(key=key("check", "pain_now")).set_value(4)
    next_step(at, 0)
    next_step(at, 1)  # the list not answered at all
    assert "Do any of these apply to you?" in at.error[0].value
    assert "Step 2 of 5" in at.get("progress")[0].proto.text
    at.segmented_control(key=key("check", "list.emergency")).set_value("some").run()
    next_step(at, 1)  # "yes or not sure" with nothing marked
    assert "Mark Yes or Not sure beside each one" in at.error[0].value
    assert "Step 2 of 5" in at.get("progress")[0].proto.text


def test_a_list_answered_none_of_these_makes_every_sign_on_it_no(app: Callable[[], AppTest]) -> None:
    at = to_first_list(app().run())
    assert at.segmented_control(key=key("check", "list.emergency")).value is None  # never a default
    for item in (i for i in FLAGS.items if i.tier == "emergency"):
        assert item.question in page_text(at)  # every sign on screen, line by line
        assert item.hint in page_text(at)
    at.segmented_control(key=key("check", "list.emergency")).set_value("none")
    next_step(at, 1)
    assert "Step 3 of 5" in at.get("progress")[0].proto.text
    held = at.session_state["check.answers"]
    assert {held[f"answer.{i.id}"] for i in FLAGS.items if i.tier == "emergency"} == {"no"}
    assert all(held.get(f"answer.{i.id}") is None for i in FLAGS.items if i.tier != "emergency")


def test_a_list_with_one_sign_marked_counts_the_unmarked_ones_as_no_and_says_so(
    app: Callable[[], AppTest],
) -> None:
    at = to_first_list(app().run())
    at.segmented_control(key=key("check", "list.emergency")).set_value("none")
    next_step(at, 1)
    at.segmented_control(key=key("check", "list.urgent")).set_value("some").run()
    assert "Any you leave unmarked count as no." in page_text(at)
    assert at.segmented_control(key=key("check", "answer.fever")).options == ["Yes", "Not sure"]
    at.segmented_control(key=key("check", "answer.fever")).set_value("unsure")
    next_step(at, 2)
    assert "Step 4 of 5" in at.get("progress")[0].proto.text
    held = at.session_state["check.answers"]
    urgent = {i.id: held[f"answer.{i.id}"] for i in FLAGS.items if i.tier == "urgent"}
    assert urgent.pop("fever") == "unsure"
    assert set(urgent.values()) == {"no"}
    at.button(key=key("check", "back")).click().run()  # the marks come back as they were
    assert at.segmented_control(key=key("check", "list.urgent")).value == "some"
    assert at.segmented_control(key=key("check", "answer.fever")).value == "unsure"
    assert at.segmented_control(key=key("check", "answer.weight_loss")).value is None


def test_switching_a_marked_list_to_none_of_these_says_which_marks_it_cleared(
    app: Callable[[], AppTest],
) -> None:
    at = to_first_list(app().run())
    at.segmented_control(key=key("check", "list.emergency")).set_value("some").run()
    at.segmented_control(key=key("check", "answer.both_legs")).set_value("unsure").run()
    at.segmented_control(key=key("check", "list.emergency")).set_value("none").run()
    assert "cleared what you had marked" in at.warning[0].value
    assert FLAGS.item("both_legs").question in at.warning[0].value
    at.segmented_control(key=key("check", "list.emergency")).set_value("some").run()
    assert at.segmented_control(key=key("check", "answer.both_legs")).value is None  # cleared, as it said


def test_going_back_keeps_and_lets_you_change_answers(app: Callable[[], AppTest]) -> None:
    at = app().run()
    at.switch_page("pages/check.py").run()
    at.text_input(key=key("check", "age")).input("40")
    at.text_input(key=key("check", "pain_weeks")).input("2")
    at.segmented_control(key=key("check", "pain_now")).set_value(4)
    next_step(at, 0)
    at.button(key=key("check", "back")).click().run()
    assert at.text_input(key=key("check", "age")).value == "40"
    assert at.segmented_control(key=key("check", "pain_now")).value == 4
    at.text_input(key=key("check", "age")).input("55")
    next_step(at, 0)
    assert "Step 2 of 5" in at.get("progress")[0].proto.text


def test_baseline_and_preferences_give_the_plan_build_plan_makes(
    app: Callable[[], AppTest], store: Store
) -> None:
    at = complete_check(app().run())
    make_plan(at, minutes=6, pain=4, walks_per_day=3)
    shown = tables(at)[0]
    profile_id = store.first_profile()
    assert profile_id is not None
    check = store.current_check(profile_id)
    assert check is not None
    profile = Profile.model_validate(
        check.answers.model_dump()
        | {"baseline_minutes": 6, "baseline_pain": 4, "preferences": {"walks_per_day": 3}}
    )
    expected = build_plan(profile, TODAY)
    assert list(shown["Walks"]) == [
        " + ".join(map(str, d.walks))
        + " min"
        + (" (your test walk counts toward these)" if d.test_walk else "")
        for d in expected.days
    ]
    assert list(shown["Level"]) == [d.level_name for d in expected.days]
    assert shown["Today"].iloc[0] == "◀ today"


def test_a_saved_log_survives_a_fresh_session(app: Callable[[], AppTest], store: Store) -> None:
    at = complete_check(app().run())
    make_plan(at)
    log_day(at, TODAY, pain=2, minutes=25, note="  easy loop  ")
    assert "Saved your log" in at.success[0].value
    fresh = app().run()
    fresh.switch_page("pages/log.py").run()
    day = TODAY.isoformat()
    assert fresh.segmented_control(key=key("log", f"pain.{day}")).value == 2
    assert fresh.text_input(key=key("log", f"minutes.{day}")).value == "25"
    assert fresh.text_area(key=key("log", f"note.{day}")).value == "easy loop"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"minutes": 700}, "Minutes walked must be a whole number from 0 to 600. You typed '700'."),
        ({"minutes": -5}, "Minutes walked must be a whole number from 0 to 600. You typed '-5'."),
        ({"minutes": "1e2"}, "Minutes walked must be a whole number from 0 to 600. You typed '1e2'."),
        ({"note": "x" * 600}, "Note: at most 500 characters"),
        ({"minutes": None}, "Minutes walked: this is missing"),
    ],
)
def test_invalid_log_input_shows_the_error_and_writes_nothing(
    app: Callable[[], AppTest], store: Store, changes: dict[str, object], message: str
) -> None:
    at = complete_check(app().run())
    make_plan(at)
    values: dict[str, object] = {"pain": 3, "minutes": 20, "note": ""} | changes
    log_day(at, TODAY, **values)  # type: ignore[arg-type]
    refusal = at.error[-1].value
    assert refusal.startswith("Nothing was saved")
    assert message in refusal
    profile_id = store.first_profile()
    assert profile_id is not None
    assert store.logs(profile_id) == []


def test_log_without_the_recheck_answered_is_refused(app: Callable[[], AppTest], store: Store) -> None:
    at = complete_check(app().run())
    make_plan(at)
    at.switch_page("pages/log.py").run()
    day = TODAY.isoformat()
    at.segmented_control(key=key("log", f"pain.{day}")).set_value(3)
    at.text_input(key=key("log", f"minutes.{day}")).input("20")
    at.button(key=key("log", f"save.{day}")).click().run()
    assert 'Please answer "Since your last log, has any of these started or got worse?"' in at.error[0].value
    profile_id = store.first_profile()
    assert profile_id is not None
    assert store.logs(profile_id) == []


def test_red_flag_tick_in_the_daily_log_stops_the_plan_and_shows_the_result(
    app: Callable[[], AppTest],
) -> None:
    at = complete_check(app().run())
    make_plan(at)
    log_day(at, TODAY, pain=3, signs=["fever"])
    assert TIERS["urgent"].stopped_title in at.warning[0].value
    assert "Stop your walking plan" in at.warning[0].value
    assert_no_plan_anywhere(at)


def test_progress_chart_holds_the_logged_minutes_and_pain(app: Callable[[], AppTest]) -> None:
    at = complete_check(app().run())
    make_plan(at)
    log_day(at, TODAY, pain=6, minutes=17)
    at.switch_page("pages/progress.py").run()
    # Issue 26: the picture comes with the page; Plotly's chart only when asked for.
    (picture,) = chart_pictures(at)
    assert not at.get("plotly_chart")
    assert picture.count('class="pain-day"') == 1
    assert 'class="walked"' in picture
    assert "On the day you logged you walked 17 minutes" in page_text(at)  # the picture, in words
    figure = interactive_chart(at)
    traces = {trace["name"]: trace for trace in figure["data"]}
    assert 17 in traces["Minutes walked"]["y"]
    assert 6 in traces["Pain (0-10)"]["y"]
    assert not chart_pictures(at)  # one chart at a time
    assert "Your pain was 6/10" in page_text(at)  # the adjustment and its reason


def test_progress_empty_state_tells_a_new_person_what_to_do(app: Callable[[], AppTest]) -> None:
    at = app().run()
    at.switch_page("pages/progress.py").run()
    assert "Start with the check" in at.info[0].value
    complete_check(at)
    make_plan(at)
    at.switch_page("pages/progress.py").run()
    assert "Nothing logged yet" in at.info[0].value


def test_delete_my_data_leaves_no_rows(app: Callable[[], AppTest], store: Store) -> None:
    at = complete_check(app().run())
    make_plan(at)
    log_day(at, TODAY, pain=3)
    profile_id = store.first_profile()
    assert profile_id is not None
    assert store.count_rows(profile_id) == 4
    at.switch_page("pages/data.py").run()
    assert at.button(key=key("data", "delete")).disabled
    at.checkbox(key=key("data", "sure")).check().run()
    at.button(key=key("data", "delete")).click().run()
    assert store.count_rows(profile_id) == 0
    assert "All your data has been deleted" in at.success[0].value
    at.switch_page("pages/plan.py").run()
    assert "Start with the check" in at.info[0].value


def test_the_day_picker_offers_exactly_the_plans_days_up_to_today(app: Callable[[], AppTest]) -> None:
    at = complete_check(app().run())
    make_plan(at, start=TODAY - dt.timedelta(days=2))
    at.switch_page("pages/log.py").run()
    picker = at.selectbox(key=key("log", "date"))
    assert picker.options == [
        f"Today, {TODAY:%A} {TODAY.day} {TODAY:%B %Y}",
        f"Yesterday, {TODAY - dt.timedelta(days=1):%A} {(TODAY - dt.timedelta(days=1)).day} "
        f"{TODAY - dt.timedelta(days=1):%B %Y}",
        f"{TODAY - dt.timedelta(days=2):%A} {(TODAY - dt.timedelta(days=2)).day} "
        f"{TODAY - dt.timedelta(days=2):%B %Y}",
    ]
    assert picker.value == TODAY  # the day shown is the day saved: no typed date can differ


def test_emergency_result_still_lists_the_safety_net_signs_below_the_instruction(
    app: Callable[[], AppTest],
) -> None:
    at = complete_check(app().run(), {"incontinence": "yes"})
    assert at.expander[0].label == "Other signs that mean getting help"
    assert FLAGS.item("sharp_spreading_pain").sign in page_text(at)


def test_a_plan_can_start_on_an_earlier_baseline_day_and_those_days_can_be_logged(
    app: Callable[[], AppTest], store: Store
) -> None:
    at = complete_check(app().run())
    make_plan(at, start=TODAY - dt.timedelta(days=2))
    assert list(tables(at)[0]["Today"])[:3] == ["", "", "◀ today"]
    log_day(at, TODAY - dt.timedelta(days=2), pain=3)
    log_day(at, TODAY - dt.timedelta(days=1), pain=6)
    profile_id = store.first_profile()
    assert profile_id is not None
    assert [e.pain for e in store.logs(profile_id)] == [3, 6]
    at.switch_page("pages/plan.py").run()
    assert "Your pain was 6/10" in page_text(at)


def test_baseline_without_minutes_names_the_field_and_makes_no_plan(
    app: Callable[[], AppTest], store: Store
) -> None:
    at = complete_check(app().run())
    at.switch_page("pages/plan.py").run()
    at.segmented_control(key=key("plan", "pain")).set_value(3)
    at.button(key=key("plan", "make")).click().run()
    assert at.error[0].value.startswith("Nothing was saved. Minutes you walked:")
    profile_id = store.first_profile()
    assert profile_id is not None
    check = store.current_check(profile_id)
    assert check is not None
    assert store.current_plan(profile_id, check.id) is None


def test_issue_19_a_plain_table_shows_every_cell_as_text_and_needs_no_data_grid() -> None:
    def page() -> None:
        import pandas as pd

        from backontrack.ui.widgets import plain_table

        plain_table(
            pd.DataFrame(
                {"Day": [1, 2], "Note": ["<b>bold?</b> | *not markdown*", "x" * 60], "Pain": [2.0, None]}
            ),
            "A table",
        )

    at = AppTest.from_function(page).run()
    assert not at.exception
    assert len(at.dataframe) == 0  # no grid: its scripts are not loaded for a small table
    shown = tables(at)[0]
    assert list(shown.columns) == ["Day", "Note", "Pain"]
    assert shown["Note"][0] == "<b>bold?</b> | *not markdown*"  # escaped: shown exactly as written
    assert list(shown["Pain"]) == ["2", ""]
    body = at.get("html")[0].proto.body  # type: ignore[attr-defined]
    assert "<b>" not in body
    assert 'class="long"' in body  # a long cell wraps in a wide column; the rest stay on one line
    assert "<caption>A table</caption>" in body
