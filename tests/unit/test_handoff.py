"""The take-home text: readable, under 1,000 characters, and read back into the same result and plan."""

from __future__ import annotations

import json

import pytest

from backontrack import content
from backontrack.handoff import MAX_CHARS, HandoffError, read_take_home, take_home_text
from backontrack.models import Answers, Profile
from backontrack.plan import build_plan
from backontrack.settings import Settings
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
    text = take_home_text(profile, said(result), plan, START, Settings())
    assert len(text) < MAX_CHARS
    back = read_take_home(text, START)
    assert back.result == result
    assert back.plan == plan


def test_take_home_text_reads_as_a_plan_in_a_phone_camera_app() -> None:
    plan = build_plan(make_profile(), START)
    text = take_home_text(plan.profile, said(plan.triage), plan, START, Settings())
    assert "Result: Walking is a good place to start." in text
    assert "Days 1-3: 10+10 min" in text
    assert "Days 13-14: 30 min (+10 optional stroll)" in text
    stroll = content.walking_plan().wording.stroll_condition
    assert f"Optional stroll: {stroll}." in text


@pytest.mark.parametrize("item", ["chest_pain", "fever"])
def test_an_emergency_or_urgent_take_home_has_no_plan(item: str) -> None:
    answers = Answers.model_validate(answers_data(**{item: "yes"}))
    result = assess(answers)
    text = take_home_text(answers, said(result), None, START, Settings())
    assert "Days" not in text
    assert "plan" not in text.lower().replace("no walking plan", "")
    back = read_take_home(text, START)
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
        read_take_home(text, START)


def good_line(**change: str) -> str:
    """The answers line of a real take-home text, with some of its parts changed."""
    plan = build_plan(make_profile(), START)
    line = take_home_text(plan.profile, said(plan.triage), plan, START, Settings()).splitlines()[-1]
    parts = line.split(";")
    places = {"seen": 6, "knew": 7, "guess": 10, "times": 12, "balance": 13, "terrain": 14, "start": 15}
    for name, value in change.items():
        parts[places[name]] = value
    return ";".join(parts)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"knew": "2"}, "cannot be read"),  # revision 4: one 0 or 1 per urgent item, or -
        ({"knew": "1"}, "cannot be read"),
        ({"terrain": "-1"}, "cannot be read"),  # was read as "Park paths"
        ({"terrain": "3"}, "cannot be read"),
        ({"guess": "2"}, "cannot be read"),
        ({"balance": "yes"}, "cannot be read"),
        ({"times": "mzq"}, "cannot be read"),
        ({"start": "0001-01-01"}, "start date cannot be right"),
        ({"start": "2000-01-01"}, "start date cannot be right"),  # was "Today, day 9832"
        ({"start": "9999-12-31"}, "start date cannot be right"),  # was an OverflowError
    ],
    ids=lambda v: str(v),
)
def test_issue_17_a_take_home_line_that_cannot_be_true_is_refused(change: dict[str, str], says: str) -> None:
    assert read_take_home(good_line(), START).plan is not None  # the line itself is fine
    with pytest.raises(HandoffError, match=says):
        read_take_home(good_line(**change), START)


@pytest.mark.parametrize("odd", ["4²", "①"])
def test_issue_17_digits_that_int_refuses_are_a_plain_error(odd: str) -> None:
    with pytest.raises(HandoffError, match="cannot be read"):
        read_take_home(good_line().replace(";36;", f";3{odd};", 1), START)


@pytest.mark.parametrize("name", PROFILES)
def test_issue_27_a_spanish_take_home_text_is_read_at_home_in_any_language(name: str) -> None:
    from backontrack import i18n

    profile = PROFILES[name]
    result, plan = assess(profile), build_plan(profile, START)
    with i18n.speaking("es"):
        text = take_home_text(profile, said(result), plan, START, Settings())
    assert len(text) < MAX_CHARS
    assert "¿" in text or "á" in text or "é" in text  # written in Spanish
    back = read_take_home(text, START)  # read by an English session at home
    assert (back.result.tier, [(r.id, r.tier, r.answer) for r in back.result.reasons]) == (
        result.tier,
        [(r.id, r.tier, r.answer) for r in result.reasons],
    )
    assert back.plan is not None
    assert [(d.date, d.walks, d.level) for d in back.plan.days] == [
        (d.date, d.walks, d.level) for d in plan.days
    ]
