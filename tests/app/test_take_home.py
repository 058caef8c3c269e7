"""Continue at home: the text of a clinic's take-home QR code becomes the same result and plan."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from backontrack.handoff import take_home_text
from backontrack.models import Answers, Profile
from backontrack.plan import build_plan
from backontrack.settings import Settings
from backontrack.store import Store
from backontrack.triage import assess
from tests.app.journeys import key, tables
from tests.conftest import EXAMPLES, answers_data, said

TODAY = dt.date.today()


def paste(at: AppTest, text: str) -> AppTest:
    at.switch_page("pages/plan.py").run()
    at.text_area(key=key("plan", "take_home")).input(text)
    return at.button(key=key("plan", "take_home_go")).click().run()


def test_the_take_home_text_rebuilds_the_same_plan_in_the_personal_app(
    app: Callable[[], AppTest], store: Store
) -> None:
    profile = Profile.model_validate(json.loads((EXAMPLES / "profile-low-baseline.json").read_text()))
    plan = build_plan(profile, TODAY)
    at = paste(app().run(), take_home_text(profile, said(plan.triage), plan, TODAY, Settings()))
    assert not at.exception
    assert not at.error
    person = store.find_local_profile()
    assert person is not None
    check = store.current_check(person)
    assert check is not None
    assert check.result == plan.triage
    saved = store.current_plan(person, check.id)
    assert saved is not None
    assert saved.plan == plan
    assert len(tables(at)) == 1  # the plan is on screen


def test_an_urgent_take_home_text_gives_the_instruction_and_no_plan(
    app: Callable[[], AppTest], store: Store
) -> None:
    answers = Answers.model_validate(answers_data(fever="yes"))
    at = paste(app().run(), take_home_text(answers, said(assess(answers)), None, TODAY, Settings()))
    assert "Get medical advice today" in at.warning[0].value
    assert len(tables(at)) == 0


def test_text_that_cannot_be_read_saves_nothing_and_says_why(
    app: Callable[[], AppTest], store: Store
) -> None:
    at = paste(app().run(), "BOT1;36;1;3;nnn;nnn")
    assert at.error[0].value.startswith("Nothing was saved. This text was made with a different list")
    assert store.find_local_profile() is None
