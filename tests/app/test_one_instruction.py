"""The screens hold to the same instruction as the documents (tests/unit/test_one_instruction.py),
and the kiosk, child and leg-pain faults of issue 16 stay fixed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from backontrack import content
from backontrack.instruction import governing
from backontrack.journey import Journey
from backontrack.models import Answers, Profile
from backontrack.plan import build_plan
from backontrack.settings import Settings
from backontrack.store import Store
from backontrack.triage import assess
from backontrack.ui.kiosk import idle_seconds
from tests.app.journeys import (
    answer_list,
    complete_check,
    has_key,
    key,
    make_plan,
    next_step,
    page_text,
    tables,
    to_first_list,
)
from tests.conftest import answers_data, log
from tests.unit.test_one_instruction import SCENARIOS, Scenario

FLAGS = content.red_flags()
PAGES = ["pages/home.py", "pages/check.py", "pages/plan.py", "pages/log.py", "pages/progress.py"]


def seed(store: Store, s: Scenario) -> Journey:
    """The scenario's check, plan and logs in the store, dated so that its last log is today."""
    today = dt.date.today()
    data = answers_data(**s.answers) | s.extra
    answers = Answers.model_validate(data)
    pid = store.local_profile()
    check = store.save_check(pid, answers, assess(answers))
    if check.result.plan_allowed:
        profile = Profile.model_validate(
            data | {"baseline_minutes": 10, "baseline_pain": min(data["pain_now"], 9)}
        )
        days = len(s.pains) + (1 if s.tick else 0)
        start = today - dt.timedelta(days=max(days, 1) - 1)
        store.save_plan(pid, check.id, build_plan(profile, start))
        for day, pain in enumerate(s.pains, start=1):
            store.upsert_log(pid, log(day, pain, start=start))
        if s.tick:
            store.upsert_log(pid, log(days, 3, start=start, red_flags=list(s.tick)))
    return Journey.load(store, pid, today)


HOME = [s for s in SCENARIOS if s.setting == "home"]


@pytest.mark.parametrize("s", HOME, ids=[s.name for s in HOME])
def test_every_screen_carries_the_governing_instruction(
    app: Callable[[], AppTest], store: Store, s: Scenario
) -> None:
    journey = seed(store, s)
    instr = governing(journey, Settings())
    assert instr is not None
    at = app().run()
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, page
        text = page_text(at)
        shows_plan = bool(tables(at)) or "Today, day" in text
        if not s.plan:
            assert instr.title in text, page
            assert not shows_plan, page
        elif page in ("pages/check.py", "pages/plan.py") or (s.severe and page != "pages/log.py"):
            assert instr.title in text, page
        if s.severe:
            lowered = text.lower()
            assert "keep going" not in lowered, page
            assert "improving" not in lowered, page


@pytest.fixture
def kiosk(in_mode: Callable[[str], Callable[[], AppTest]]) -> Callable[[], AppTest]:
    return in_mode("kiosk")


def test_fault_6_a_kiosk_emergency_result_tells_the_reception_desk(kiosk: Callable[[], AppTest]) -> None:
    at = complete_check(kiosk().run(), {"chest_pain": "yes"})
    assert not at.exception
    assert "Tell the reception desk now" in at.error[0].value
    assert "show them this screen" in at.error[0].value
    # Finish and clear, and the longer emergency wait, are drawn by the router: AppTest's
    # switch_page runs a page without it, so tests/browser/test_kiosk.py proves those.


def test_fault_6_an_emergency_waits_at_least_ten_minutes_before_the_idle_wipe() -> None:
    quick = Settings(kiosk_idle_seconds=60)
    assert idle_seconds(quick, emergency=True) == 600
    assert idle_seconds(quick, emergency=False) == 60
    assert idle_seconds(Settings(kiosk_idle_seconds=900), emergency=True) == 900


def test_fault_6_an_urgent_kiosk_result_says_to_tell_the_desk_before_leaving(
    kiosk: Callable[[], AppTest],
) -> None:
    at = complete_check(kiosk().run(), {"fever": "yes"})
    text = page_text(at)
    assert "Before you leave, tell the reception desk" in text
    assert "contact your doctor's surgery" not in text


@pytest.mark.parametrize("age", ["15", "12", "0"])
def test_fault_9_under_16_shows_only_that_the_check_is_for_16_and_over(
    app: Callable[[], AppTest], age: str
) -> None:
    at = app().run()
    at.switch_page("pages/check.py").run()
    at.text_input(key=key("check", "age")).input(age).run()
    assert not at.exception
    assert FLAGS.audience.title in page_text(at)
    assert "GP" in page_text(at)
    assert not has_key(at, key("check", "next.0"))  # no way on to the questions
    assert not at.get("segmented_control")  # no pain scale, no questions
    at.text_input(key=key("check", "age")).input("16").run()
    assert has_key(at, key("check", "next.0"))  # a typo is easy to put right


def test_fault_2_leg_pain_reads_one_consistent_story_on_the_plan_page(app: Callable[[], AppTest]) -> None:
    at = complete_check(app().run(), {"below_knee": "yes", "one_leg_numb_weak": "yes"})
    at.switch_page("pages/plan.py").run()
    assert "do the check again" not in page_text(at)  # the test walk's step 5
    make_plan(at, minutes=6)
    text = page_text(at)
    for contradiction in (
        "while pain spreads into your leg",
        "if the pain spreads, stop",
        "before you build up your walking",
        "do the check again",
    ):
        assert contradiction not in text.lower()
    assert "already goes into one leg" in text


def test_seen_clinician_is_asked_and_lowers_a_history_answer_on_screen(app: Callable[[], AppTest]) -> None:
    at = app().run()
    at.switch_page("pages/check.py").run()
    assert at.checkbox(key=key("check", "seen_clinician")).label == FLAGS.seen_clinician.question
    at = complete_check(
        at, {"cancer_history": "yes"}, seen_clinician=True, knew={"cancer_history": ("yes", "no")}
    )
    assert "See a GP or physio within two weeks" in page_text(at)
    assert FLAGS.seen_clinician.reason in page_text(at)


@pytest.mark.parametrize(
    ("told", "changed"), [("no", "no"), ("unsure", "no"), ("yes", "yes"), ("yes", "unsure")]
)
def test_revision4_1_only_yes_they_knew_and_no_change_lowers_a_sign_on_screen(
    app: Callable[[], AppTest], told: str, changed: str
) -> None:
    at = complete_check(
        app().run(), {"cancer_history": "yes"}, seen_clinician=True, knew={"cancer_history": (told, changed)}
    )
    assert "Get medical advice today" in page_text(at)
    assert FLAGS.seen_clinician.reason not in page_text(at)


def test_revision4_1_the_questions_are_asked_of_each_urgent_yes_but_never_fever(
    app: Callable[[], AppTest],
) -> None:
    """Issue 24, fault 3: one tick lowered weight loss, night pain, a lump and thoracic pain at once."""
    signs = {"fever": "yes", "weight_loss": "yes", "night_rest_pain": "yes", "spine_shape": "unsure"}
    at = to_first_list(app().run())
    answer_list(at, "emergency", {f"answer.{i.id}": "no" for i in FLAGS.items if i.tier == "emergency"})
    # Back to the first step to tick "checked by a doctor, nurse or physio".
    at.button(key=key("check", "back")).click().run()
    at.checkbox(key=key("check", "seen_clinician")).check().run()
    next_step(at, 0)
    answer_list(at, "emergency", {f"answer.{i.id}": "no" for i in FLAGS.items if i.tier == "emergency"})
    next_step(at, 1)
    answer_list(at, "urgent", {f"answer.{i}": v for i, v in signs.items()})
    next_step(at, 2)
    asked = {
        c.key for c in at.segmented_control if c.key and c.key.startswith(("check.knew.", "check.changed."))
    }
    assert asked == {
        key("check", f"{q}.{i}") for q in ("knew", "changed") for i in ("weight_loss", "night_rest_pain")
    }
    assert FLAGS.seen_clinician.knew_question in page_text(at) or any(
        c.label == FLAGS.seen_clinician.knew_question for c in at.segmented_control
    )
    next_step(at, 3)  # nothing answered: the step cannot go on
    assert "Please answer every question" in page_text(at)


# -- Issue 16, fault 11: wording read the wrong way ---------------------------------------------
def test_fault_11_the_log_says_which_pain_to_score_and_what_a_flare_up_is(
    app: Callable[[], AppTest], store: Store
) -> None:
    seed(store, Scenario("today", pains=(3,)))
    at = app().run()
    at.switch_page("pages/log.py").run()
    assert at.segmented_control(key=key("log", f"pain.{dt.date.today().isoformat()}")).label == (
        "Your usual back pain today"
    )
    text = page_text(at)
    assert "usual back pain over the day" in text
    assert "A flare-up is a spell when your pain is much worse than usual" in text
    assert "Since your last log, has any of these started or got worse?" in text


def test_fault_11_a_plan_that_starts_on_flare_days_says_why(app: Callable[[], AppTest]) -> None:
    at = complete_check(app().run(), pain_now=8)
    make_plan(at, minutes=6, pain=8)
    assert "so your plan starts with 2 flare days" in page_text(at)
    assert "A flare-up is a spell when pain is much worse than usual" in page_text(at)


def test_fault_11_a_missing_choice_is_named_in_plain_words(app: Callable[[], AppTest]) -> None:
    at = complete_check(app().run())
    at.switch_page("pages/plan.py").run()
    at.segmented_control(key=key("plan", "pain")).set_value(3)
    at.button(key=key("plan", "make")).click().run()
    assert at.error[0].value == "Nothing was saved. Minutes you walked: please choose one"
    assert "Input should be" not in at.error[0].value


def test_fault_11_home_and_the_kiosk_give_the_same_time_for_the_check(
    app: Callable[[], AppTest], in_mode: Callable[[str], Callable[[], AppTest]]
) -> None:
    said = f"about {FLAGS.check.minutes} minutes"
    assert said in page_text(app().run())
    assert said in page_text(in_mode("kiosk")().run())
