"""Triage: every item's tier, every `unsure` escalation, each derived rule at its boundaries."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from backontrack import content, triage
from backontrack.models import Answers
from tests.conftest import answers_data

ITEMS = content.red_flags().items
NEXT_DOWN = {"emergency": "urgent", "urgent": "soon", "soon": "soon"}


def assess(**fields: Any) -> triage.TriageResult:
    answers = fields.pop("answers", {})
    data = answers_data(**answers)
    data.update(fields)
    return triage.assess(Answers.model_validate(data))


def reason_ids(result: triage.TriageResult) -> list[str]:
    return [r.id for r in result.reasons]


def test_all_no_is_self_care_with_no_reasons() -> None:
    result = assess()
    assert result.tier == "self_care"
    assert result.plan_allowed is True
    assert result.reasons == []


@pytest.mark.parametrize("item", ITEMS, ids=[f"{i.id}-{i.tier}" for i in ITEMS])
def test_item_yes_triggers_its_tier(item: content.RedFlagItem) -> None:
    result = assess(answers={item.id: "yes"})
    assert result.tier == item.tier
    assert result.reasons[0].id == item.id
    assert result.reasons[0].answer == "yes"
    assert result.reasons[0].source == item.source


@pytest.mark.parametrize("item", ITEMS, ids=[f"{i.id}-unsure-{NEXT_DOWN[i.tier]}" for i in ITEMS])
def test_item_unsure_escalates_one_tier_down(item: content.RedFlagItem) -> None:
    result = assess(answers={item.id: "unsure"})
    assert result.tier == NEXT_DOWN[item.tier]
    assert result.reasons[0].tier == NEXT_DOWN[item.tier]
    assert result.reasons[0].answer == "unsure"


def test_unsure_on_emergency_item_gives_urgent_and_no_plan() -> None:
    result = assess(answers={"saddle_numbness": "unsure"})
    assert (result.tier, result.plan_allowed) == ("urgent", False)


def test_unsure_on_urgent_item_gives_soon_and_a_plan() -> None:
    result = assess(answers={"fever": "unsure"})
    assert (result.tier, result.plan_allowed) == ("soon", True)


@pytest.mark.parametrize(
    ("tier", "allowed"), [("emergency", False), ("urgent", False), ("soon", True), ("self_care", True)]
)
def test_plan_allowed_only_for_soon_and_self_care(tier: str, allowed: bool) -> None:
    item = next((i.id for i in ITEMS if i.tier == tier), None)
    result = assess(answers={item: "yes"} if item else {})
    assert result.tier == tier
    assert result.plan_allowed is allowed


def test_highest_tier_wins_and_every_triggered_item_is_listed() -> None:
    result = assess(
        answers={"below_knee": "yes", "fever": "yes", "chest_pain": "yes", "spine_shape": "unsure"},
        pain_weeks=8,
    )
    assert result.tier == "emergency"
    assert reason_ids(result) == ["chest_pain", "fever", "spine_shape", "below_knee", "long_duration"]
    assert [r.tier for r in result.reasons] == ["emergency", "urgent", "soon", "soon", "soon"]


@pytest.mark.parametrize(
    ("age", "pain_weeks", "fires"),
    [(50, 5, True), (49, 5, False), (50, 6, False), (19, 0, True), (20, 0, False), (110, 0, True)],
)
def test_age_onset_is_age_50_plus_or_under_20_with_pain_under_6_weeks(
    age: int, pain_weeks: int, fires: bool
) -> None:
    result = assess(age=age, pain_weeks=pain_weeks)
    assert ("age_onset" in reason_ids(result)) is fires
    if fires:
        assert result.tier == "soon"


@pytest.mark.parametrize(("pain_weeks", "fires"), [(5, False), (6, True), (520, True)])
def test_long_duration_is_6_weeks_or_more(pain_weeks: int, fires: bool) -> None:
    result = assess(pain_weeks=pain_weeks)
    assert ("long_duration" in reason_ids(result)) is fires
    assert result.tier == ("soon" if fires else "self_care")


@pytest.mark.parametrize(("pain_now", "fires"), [(7, False), (8, True), (10, True)])
def test_severe_now_is_pain_8_or_more_and_starts_in_flare_mode(pain_now: int, fires: bool) -> None:
    result = assess(pain_now=pain_now)
    assert ("severe_now" in reason_ids(result)) is fires
    assert result.tier == ("soon" if fires else "self_care")
    assert result.flare_start is True  # pain 7 already starts with flare days


def test_pain_below_7_does_not_start_in_flare_mode() -> None:
    assert assess(pain_now=6).flare_start is False


@pytest.mark.parametrize(("age", "fires"), [(17, True), (18, False), (10, True)])
def test_under_18_is_soon(age: int, fires: bool) -> None:
    result = assess(age=age, pain_weeks=8)  # 8 weeks: keeps age_onset out of the way
    assert ("under_18" in reason_ids(result)) is fires


def test_derived_reason_shows_the_context_values_it_read() -> None:
    reason = next(r for r in assess(age=52, pain_weeks=2).reasons if r.id == "age_onset")
    assert reason.answer == "age=52, pain_weeks=2"
    assert reason.source


def test_yellow_flags_never_raise_the_tier() -> None:
    flags = dict.fromkeys(content.red_flags().yellow_flag_ids, "yes")
    result = assess(yellow_flags=flags)
    assert result.tier == "self_care"
    assert {p.id for p in result.education} == {*flags, "talk_to_clinician"}


def test_yellow_flag_unsure_gives_education_without_clinician_nudge() -> None:
    result = assess(yellow_flags={"fear_of_harm": "unsure"})
    assert [p.id for p in result.education] == ["fear_of_harm"]


def test_not_coping_is_the_one_yellow_flag_that_raises_the_tier_to_soon() -> None:
    assert assess(answers={"not_coping": "yes"}).tier == "soon"


def test_missing_answer_is_an_error_never_a_silent_no() -> None:
    data = answers_data()
    del data["answers"]["incontinence"]
    with pytest.raises(ValidationError, match="missing answer for incontinence"):
        Answers.model_validate(data)


def test_unknown_item_id_is_an_error() -> None:
    data = answers_data()
    data["answers"]["back_ache"] = "no"
    with pytest.raises(ValidationError, match="unknown item id back_ache"):
        Answers.model_validate(data)


@pytest.mark.parametrize("value", ["maybe", "", None, True, 1])
def test_answer_must_be_yes_no_or_unsure(value: object) -> None:
    data = answers_data()
    data["answers"]["fever"] = value
    with pytest.raises(ValidationError, match=r"answers\.fever"):
        Answers.model_validate(data)


@pytest.mark.parametrize(
    ("field", "value"),
    [("age", 9), ("age", 111), ("pain_weeks", -1), ("pain_weeks", 521), ("pain_now", 11), ("age", "44")],
)
def test_context_answers_out_of_range_or_wrong_type_are_rejected(field: str, value: object) -> None:
    data = answers_data()
    data[field] = value
    with pytest.raises(ValidationError, match=field):
        Answers.model_validate(data)


def test_recheck_tick_stops_the_plan_with_the_signs_tier() -> None:
    result = triage.recheck(["fever"])
    assert (result.tier, result.plan_allowed) == ("urgent", False)
    assert result.reasons[0].id == "fever"


def test_recheck_sharp_pain_stops_the_plan_even_though_its_tier_is_soon() -> None:
    result = triage.recheck(["sharp_spreading_pain"])
    assert (result.tier, result.plan_allowed) == ("soon", False)


def test_recheck_highest_tier_wins() -> None:
    assert triage.recheck(["fever", "chest_pain"]).tier == "emergency"
