"""Triage: every item's tier, every `unsure` escalation, each derived rule at its boundaries."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from backontrack import content, triage
from backontrack.models import Answers, describe_error
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


@pytest.mark.parametrize(("pain_now", "fires"), [(7, False), (8, True), (9, True), (10, False)])
def test_severe_now_is_pain_8_or_9_and_starts_in_flare_mode(pain_now: int, fires: bool) -> None:
    result = assess(pain_now=pain_now)
    assert ("severe_now" in reason_ids(result)) is fires
    if pain_now < 10:
        assert result.tier == ("soon" if fires else "self_care")
    assert result.flare_start is True  # pain 7 already starts with flare days


@pytest.mark.parametrize("seen", [False, True])
def test_worst_pain_now_10_at_the_check_is_urgent_never_lowered_with_no_plan(seen: bool) -> None:
    """Revision 4, item 2 (issue 24, fault 4): 10/10 gave "within two weeks" and a plan."""
    result = assess(pain_now=10, seen_clinician=seen)
    assert (result.tier, result.plan_allowed) == ("urgent", False)
    [reason] = [r for r in result.reasons if r.tier == "urgent"]
    assert reason.id == "worst_pain_now"
    assert reason.answer == "pain_now=10"
    rule = content.red_flags().derived_rule("worst_pain_now")
    for words in ("help today", "pharmacist", "Keep moving gently", "Hold off walking for exercise"):
        assert words in rule.action
    assert "Skip the planned walks" in rule.stopped_action  # a logged 10: the same, for a plan under way
    assert "do not need to walk" not in rule.action.lower()


def test_pain_below_7_does_not_start_in_flare_mode() -> None:
    assert assess(pain_now=6).flare_start is False


@pytest.mark.parametrize(("age", "fires"), [(16, True), (17, True), (18, False)])
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


# -- Revision 3 (2026-12-01) ------------------------------------------------------------------
HISTORY = ("cancer_history", "immune_risk", "injects_drugs", "spine_procedure")
NERVES = ("saddle_numbness", "bladder_change", "incontinence", "sexual_change", "both_legs")
URGENT_ITEMS = [i.id for i in ITEMS if i.tier == "urgent"]


@pytest.mark.parametrize("age", [0, 10, 15])
def test_revision3_1_the_check_is_for_people_aged_16_and_over(age: int) -> None:
    with pytest.raises(ValidationError, match="age"):
        Answers.model_validate(answers_data() | {"age": age})
    assert Answers.model_validate(answers_data() | {"age": 16}).age == 16


@pytest.mark.parametrize("item_id", [i for i in URGENT_ITEMS if i != "fever"])
def test_revision4_1_the_seen_tick_alone_lowers_no_urgent_sign(item_id: str) -> None:
    """Issue 24, fault 3: one tick lowered any cluster of urgent signs."""
    result = assess(answers={item_id: "yes"}, seen_clinician=True)
    assert (result.tier, result.plan_allowed) == ("urgent", False)


@pytest.mark.parametrize("item_id", [i for i in URGENT_ITEMS if i != "fever"])
def test_revision4_1_a_sign_the_clinician_knew_unchanged_is_lowered_to_soon_and_says_why(
    item_id: str,
) -> None:
    result = assess(answers={item_id: "yes"}, seen_clinician=True, clinician_knew=[item_id])
    assert (result.tier, result.plan_allowed) == ("soon", True)
    why = result.reasons[0].why
    assert "knew about this and it has not changed" in why
    assert "gets worse" in why
    assert "today" in why


def test_revision4_1_only_the_signs_the_clinician_knew_are_lowered() -> None:
    """Age 62, seen, weight loss, night pain, a lump and pain between the shoulder blades (issue 24)."""
    signs = {"weight_loss": "yes", "night_rest_pain": "yes", "spine_shape": "yes", "thoracic_pain": "yes"}
    result = assess(answers=signs, age=62, seen_clinician=True, clinician_knew=["night_rest_pain"])
    assert (result.tier, result.plan_allowed) == ("urgent", False)
    tiers = {r.id: r.tier for r in result.reasons}
    assert tiers["night_rest_pain"] == "soon"
    assert {tiers[i] for i in ("weight_loss", "spine_shape", "thoracic_pain")} == {"urgent"}


@pytest.mark.parametrize(
    ("knew", "problem"),
    [
        (["fever"], "fever is never lowered"),
        (["below_knee"], "not an urgent item"),
        (["weight_loss"], "weight_loss was not answered yes"),
        (["made_up"], "not an urgent item"),
    ],
)
def test_revision4_1_clinician_knew_is_validated(knew: list[str], problem: str) -> None:
    data = answers_data(fever="yes", below_knee="yes") | {"seen_clinician": True, "clinician_knew": knew}
    with pytest.raises(ValidationError) as refused:
        Answers.model_validate(data)
    assert describe_error(refused.value).startswith(f"clinician_knew: {knew[0]} ")
    assert problem in describe_error(refused.value)


def test_revision4_1_clinician_knew_needs_seen_clinician() -> None:
    data = answers_data(weight_loss="yes") | {"clinician_knew": ["weight_loss"]}
    with pytest.raises(ValidationError) as refused:
        Answers.model_validate(data)
    assert describe_error(refused.value) == "clinician_knew: only allowed when seen_clinician is true"


def test_revision3_2_seen_clinician_never_lowers_fever() -> None:
    assert assess(answers={"fever": "yes"}, seen_clinician=True).tier == "urgent"


@pytest.mark.parametrize("item", [i for i in ITEMS if i.tier == "emergency"], ids=lambda i: i.id)
def test_revision3_2_seen_clinician_never_lowers_an_emergency_sign(item: content.RedFlagItem) -> None:
    assert assess(answers={item.id: "yes"}, seen_clinician=True).tier == "emergency"
    assert assess(answers={item.id: "unsure"}, seen_clinician=True).tier == "urgent"


@pytest.mark.parametrize("item_id", URGENT_ITEMS)
def test_revision3_2_seen_clinician_keeps_an_unsure_on_an_urgent_item_at_soon(item_id: str) -> None:
    assert assess(answers={item_id: "unsure"}, seen_clinician=True).tier == "soon"


@pytest.mark.parametrize("item_id", HISTORY)
def test_revision3_2_history_without_a_clinician_says_how_to_stop_it_repeating(item_id: str) -> None:
    result = assess(answers={item_id: "yes"})
    assert result.tier == "urgent"
    assert "do the check again" in result.reasons[0].why


def test_revision3_2_seen_clinician_is_optional_and_defaults_to_false() -> None:
    assert Answers.model_validate(answers_data()).seen_clinician is False
    with pytest.raises(ValidationError, match="seen_clinician"):
        Answers.model_validate(answers_data() | {"seen_clinician": "yes"})


def test_revision3_3_emergency_questions_name_the_sign_itself() -> None:
    asked = {i.id: i.question.lower() for i in ITEMS if i.tier == "emergency"}
    assert "pee" in asked["bladder_change"]
    assert "weak stream" in asked["bladder_change"]
    assert "bottom" in asked["saddle_numbness"]
    assert "genitals" in asked["saddle_numbness"]
    assert "erection" in asked["sexual_change"]
    assert all("changed" not in q for q in asked.values()), asked


@pytest.mark.parametrize("item_id", NERVES)
def test_revision3_4_unsure_about_the_nerves_means_being_seen_in_person_today(item_id: str) -> None:
    result = assess(answers={item_id: "unsure"})
    assert result.tier == "urgent"
    why = result.reasons[0].why
    assert "in person today" in why
    assert "routine appointment" in why
    assert "If you become sure, call {emergency_number}" in why


@pytest.mark.parametrize("item_id", ["chest_pain", "sudden_severe_with_faintness"])
def test_revision3_5_call_dont_drive(item_id: str) -> None:
    item = content.red_flags().item(item_id)
    assert item.call_only
    assert "do not drive" in item.reason.lower()
    tier = content.red_flags().tiers["emergency"]
    assert "own way to hospital" in tier.action_call_only
    assert "emergency department" not in tier.action_call_only
    assert "emergency department" not in tier.stopped_action_call_only


def test_revision3_recheck_never_lists_history() -> None:
    rechecked = content.red_flags().recheck_ids
    assert not rechecked & set(HISTORY)
    wanted = {i.id for i in ITEMS if i.tier == "emergency"} | {
        "fever", "weight_loss", "night_rest_pain", "spine_shape", "thoracic_pain", "cough_sneeze_pain",
        "fragility_trauma", "sharp_spreading_pain",
    }  # fmt: skip
    assert rechecked == wanted
    assert "fall or accident" in content.red_flags().item("fragility_trauma").sign.lower()
