"""Issue 24 on screen: clinical contract revision 4 as a person meets it, through AppTest.

A 10 out of 10 at the check or in the log; a hold or a stop that starts on the day its log is
saved; the way on after a stop; the day-1 test walk; and the smaller wording faults.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from backontrack import content
from backontrack.store import Store
from tests.app.journeys import complete_check, key, log_day, make_plan, page_text, tables

TODAY = dt.date.today()
FLAGS = content.red_flags()
WORST = FLAGS.derived_rule("worst_pain_now")
NOTES = content.walking_plan().notes
WALK_FURTHER = "you may walk a bit further"


def test_revision4_2_pain_10_at_the_check_gets_help_today_keep_moving_gently_and_no_plan(
    app: Callable[[], AppTest],
) -> None:
    """Issue 24, fault 4: 10/10 at the check gave "within two weeks" and a plan."""
    at = complete_check(app().run(), pain_now=10)
    assert "Get medical advice today" in at.warning[0].value
    for words in (
        "help today",
        "Keep moving gently",
        "Hold off walking for exercise until you have had advice",
    ):
        assert words in at.warning[0].value
    assert "plan" not in at.warning[0].value.lower()  # a result with no plan never mentions one
    assert "do not need to walk" not in page_text(at).lower()
    at.switch_page("pages/plan.py").run()
    assert not [b for b in at.button if b.key == key("plan", "make")]
    assert len(tables(at)) == 0
    assert "First, a short test walk" not in page_text(at)


def test_revision4_2_a_logged_10_stops_the_plan_at_once_with_the_same_instruction(
    app: Callable[[], AppTest],
) -> None:
    """Issue 24, faults 4 and 5: a logged 10 said "you do not need to walk" above "Level 2 ... you may
    walk a bit further", because the hold began the next day."""
    at = complete_check(app().run())
    make_plan(at, start=TODAY - dt.timedelta(days=4))
    log_day(at, TODAY, pain=10)
    assert WORST.stopped_title in page_text(at)
    for page in ("pages/home.py", "pages/plan.py", "pages/log.py", "pages/progress.py"):
        at.switch_page(page).run()
        text = page_text(at)
        assert WORST.stopped_title in text, page
        assert "Skip the planned walks" in text, page
        assert "do not need to walk" not in text.lower(), page
        assert WALK_FURTHER not in text, page
        assert len(tables(at)) == 0, page


def test_revision4_3_a_third_8_within_a_week_holds_today_itself_at_a_flare_day(
    app: Callable[[], AppTest],
) -> None:
    """Issue 24, faults 2 and 5: severe pain logged with gaps was never caught, and a hold began the
    day after the log that set it off."""
    at = complete_check(app().run())
    make_plan(at, start=TODAY - dt.timedelta(days=4))
    for back, pain in ((4, 9), (2, 8), (0, 9)):  # every other day: never three days in a row
        log_day(at, TODAY - dt.timedelta(days=back), pain=pain)
    at.switch_page("pages/plan.py").run()
    text = page_text(at)
    assert content.walking_plan().severe.days_title in text
    assert f"Today, day 5: {content.walking_plan().flare.name}" in text
    assert WALK_FURTHER not in text
    assert NOTES.severe_hold in text


def test_revision4_5_after_a_stop_a_new_check_keeps_the_logs_and_shows_the_stop_as_earlier(
    app: Callable[[], AppTest], store: Store
) -> None:
    """Issue 24, fault 7: after an emergency stop the only way on was to change the log."""
    at = complete_check(app().run())
    make_plan(at, start=TODAY - dt.timedelta(days=2))
    log_day(at, TODAY - dt.timedelta(days=1), pain=4)
    log_day(at, TODAY, pain=5, signs=["chest_pain"])
    assert "Get emergency help now" in at.error[0].value
    # The person's data is still theirs, beneath the instruction.
    assert [link.proto.page for link in at.get("page_link")] == ["data"]
    at.button(key=key("guard", "seen_since")).click().run()
    at.switch_page("pages/check.py").run()  # as the browser follows st.switch_page
    assert at.checkbox(key=key("check", "seen_clinician")).value is True
    at = complete_check(at, seen_clinician=True)
    text = page_text(at)
    assert "Walking is a good place to start" in text
    assert (
        f"Earlier result, from your daily log on {TODAY.day} {TODAY:%B %Y}: Get emergency help now." in text
    )
    profile_id = store.first_profile()
    assert profile_id is not None
    assert len(store.logs(profile_id)) == 2  # the logs are kept
    at.switch_page("pages/plan.py").run()
    assert "First, a short test walk" in page_text(at)  # a new plan, with a new test walk
    starts = at.selectbox(key=key("plan", "start")).options
    assert len(starts) == 1  # the stop was today: the new plan cannot start on or before it
    assert str(TODAY.day) not in starts[0].split()[1:2]


def test_revision4_5_the_summary_export_and_delete_stay_reachable_after_a_stop(
    app: Callable[[], AppTest],
) -> None:
    at = complete_check(app().run())
    make_plan(at)
    log_day(at, TODAY, pain=3, signs=["fever"])
    assert "data" in [link.proto.page for link in at.get("page_link")]
    at.switch_page("pages/data.py").run()
    assert not at.exception
    labels = {b.proto.label for b in at.get("download_button")}
    assert {"Save the summary (PDF)", "Save all my data (JSON)", "Save my daily logs (CSV)"} <= labels
    assert at.button(key=key("data", "delete"))


def test_revision4_5_day_1_says_the_test_walk_was_its_first_walk(app: Callable[[], AppTest]) -> None:
    """Issue 24, fault 10: day 1 never said whether the test walk was its first walk."""
    at = complete_check(app().run())
    make_plan(at)
    assert NOTES.test_walk in page_text(at)
    assert tables(at)[0]["Walks"].iloc[0].endswith("(your test walk counts toward these)")
    assert not tables(at)[0]["Walks"].iloc[1].endswith("(your test walk counts toward these)")


def test_revision4_6_a_leg_that_hurts_gets_the_leg_test_walk_steps_and_no_straight_knee_stretch(
    app: Callable[[], AppTest],
) -> None:
    at = complete_check(app().run(), {"below_knee": "yes"})
    at.switch_page("pages/plan.py").run()
    text = page_text(at)
    assert "the pain in your back or your leg is 2 points higher" in text
    assert "Do the same if anything starts in your other leg." in text
    assert "Do not make a plan yet: book a GP or physio" not in text  # step 5 for a leg already hurting
    make_plan(at)
    assert "Hamstring stretch" not in page_text(at)


def test_issue_24_the_weeks_hint_says_520_weeks_is_10_years(app: Callable[[], AppTest]) -> None:
    at = app().run()
    at.switch_page("pages/check.py").run()
    at.text_input(key=key("check", "pain_weeks")).input("600").run()
    assert "up to 520 (10 years; if it is longer, type 520)" in at.error[0].value


def test_issue_24_the_kiosk_card_tells_the_desk_not_the_surgery_someone_is_sitting_in(
    in_mode: Callable[[str], Callable[[], AppTest]],
) -> None:
    at = complete_check(in_mode("kiosk")().run())
    make_plan(at)
    text = page_text(at)
    assert "Tell the reception desk before you leave" in text
    assert "Any of these, new or worse? Get advice today from your doctor's surgery" not in text


def test_issue_24_a_no_plan_result_at_the_kiosk_hands_off_no_word_of_a_plan(
    in_mode: Callable[[str], Callable[[], AppTest]],
) -> None:
    at = complete_check(in_mode("kiosk")().run(), {"fever": "yes"})
    at.switch_page("pages/handoff.py").run()
    text = page_text(at)
    assert "It shows your result and what to do as text" in text
    assert "result and plan" not in text
