"""The take-home text: readable, under 1,000 characters, and read back into the same result and plan."""

from __future__ import annotations

import json

import pytest

from backontrack import content
from backontrack.handoff import MAX_CHARS, HandoffError, read_take_home, take_home_text
from backontrack.models import Answers, Profile
from backontrack.plan import build_plan
from backontrack.triage import assess
from tests.conftest import EXAMPLES, START, answers_data, make_profile, said

PROFILES = {
    "standard": make_profile(),
    "low baseline example": Profile.model_validate(
        json.loads((EXAMPLES / "profile-low-baseline.json").read_text())
    ),
    "flare start, guessed walk": make_profile(
        baseline_minutes=7,
        baseline_is_guess=True,
        pain_now=8,
        preferences={"walks_per_day": 6, "times_of_day": ["morning", "evening"], "terrain": "park"},
    ),
}


@pytest.mark.parametrize("name", PROFILES)
def test_take_home_text_round_trips_to_the_same_result_and_plan(name: str) -> None:
    profile = PROFILES[name]
    result = assess(profile)
    plan = build_plan(profile, START)
    text = take_home_text(profile, said(result), plan, START)
    assert len(text) < MAX_CHARS
    back = read_take_home(text)
    assert back.result == result
    assert back.plan == plan


def test_take_home_text_reads_as_a_plan_in_a_phone_camera_app() -> None:
    plan = build_plan(make_profile(), START)
    text = take_home_text(plan.profile, said(plan.triage), plan, START)
    assert "Result: Walking is a good place to start." in text
    assert "Days 1-3: 10+10 min" in text
    assert "Days 13-14: 30 min (+10 optional stroll)" in text
    stroll = content.walking_plan().wording.stroll_condition
    assert f"Optional stroll: {stroll}." in text


@pytest.mark.parametrize("item", ["chest_pain", "fever"])
def test_an_emergency_or_urgent_take_home_has_no_plan(item: str) -> None:
    answers = Answers.model_validate(answers_data(**{item: "yes"}))
    result = assess(answers)
    text = take_home_text(answers, said(result), None, START)
    assert "Days" not in text
    assert "plan" not in text.lower().replace("no walking plan", "")
    back = read_take_home(text)
    assert back.plan is None
    assert back.result.tier == result.tier


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Back on Track\nno answers here", "no Back on Track answers line"),
        ("BOT1;36;1;3;nnn;nnn", "different list of questions"),
        ("BOT1;36;1", "cut short"),
        ("BOT1;999;1;3;" + "n" * 27 + ";nnn", "cannot be read"),
        ("BOT1;36;1;3;" + "x" * 27 + ";nnn", "cannot be read"),
    ],
)
def test_text_that_cannot_be_read_back_says_why_in_plain_words(text: str, says: str) -> None:
    with pytest.raises(HandoffError, match=says):
        read_take_home(text)
