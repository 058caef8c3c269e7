"""The clinical content files: complete per the contract, validated at load, no diagnosis named."""

from __future__ import annotations

from typing import Any

import pytest

from backontrack import content
from backontrack.content import ContentError, GuidanceContent, RedFlagContent, loader, parse
from tests.conftest import EXAMPLES, SHARED_EXAMPLES

# The contract's tables, copied here on purpose: the content must match them.
CONTRACT_ITEMS = {
    "emergency": [
        "saddle_numbness", "bladder_change", "incontinence", "both_legs",
        "progressive_weakness", "major_trauma", "chest_pain", "sudden_severe_with_faintness",
        "sexual_change",
    ],
    "urgent": [
        "fever", "weight_loss", "cancer_history", "night_rest_pain", "spine_shape",
        "fragility_trauma", "immune_risk", "injects_drugs", "spine_procedure", "thoracic_pain",
        "cough_sneeze_pain",
    ],
    "soon": [
        "below_knee", "one_leg_numb_weak", "known_structural", "recent_injury",
        "stops_daily_life", "not_coping", "inflammatory_pattern",
    ],
}  # fmt: skip


def raw_red_flags() -> dict[str, Any]:
    return loader._read("red_flags.toml")


def test_every_contract_item_is_in_the_content_with_its_tier() -> None:
    flags = content.red_flags()
    got = {tier: [i.id for i in flags.items if i.tier == tier] for tier in CONTRACT_ITEMS}
    assert got == CONTRACT_ITEMS


def test_every_item_has_a_question_a_reason_and_a_source() -> None:
    for item in content.red_flags().items:
        assert item.question.endswith("?"), item.id
        assert item.reason
        assert item.source
        assert item.label


def test_derived_rules_are_exactly_the_contracts_five() -> None:
    assert {d.id for d in content.red_flags().derived} == {
        "age_onset",
        "long_duration",
        "severe_now",
        "worst_pain_now",
        "under_18",
    }


def test_duplicate_id_fails_at_load() -> None:
    data = raw_red_flags()
    data["items"].append(dict(data["items"][0]))
    with pytest.raises(ContentError, match="duplicate ids: \\['saddle_numbness'\\]"):
        parse(RedFlagContent, "red_flags.toml", data)


def test_unknown_tier_fails_at_load() -> None:
    data = raw_red_flags()
    data["items"][0] = {**data["items"][0], "tier": "whenever"}
    with pytest.raises(ContentError, match=r"red_flags.toml: items.0.tier"):
        parse(RedFlagContent, "red_flags.toml", data)


def test_missing_tier_fails_at_load() -> None:
    data = raw_red_flags()
    del data["items"][3]["tier"]
    with pytest.raises(ContentError, match=r"items.3.tier: Field required"):
        parse(RedFlagContent, "red_flags.toml", data)


def test_missing_source_fails_at_load() -> None:
    data = raw_red_flags()
    del data["items"][5]["source"]
    with pytest.raises(ContentError, match=r"items.5.source: Field required"):
        parse(RedFlagContent, "red_flags.toml", data)


def test_missing_derived_rule_fails_at_load() -> None:
    data = raw_red_flags()
    data["derived"] = [d for d in data["derived"] if d["id"] != "under_18"]
    with pytest.raises(ContentError, match="derived: expected"):
        parse(RedFlagContent, "red_flags.toml", data)


def test_guidance_entry_without_source_fails_at_load() -> None:
    data = loader._read("guidance.toml")
    del data["tips"][0]["source"]
    with pytest.raises(ContentError, match=r"guidance.toml: tips.0.source"):
        parse(GuidanceContent, "guidance.toml", data)


def test_a_source_not_listed_in_sources_toml_fails_at_load() -> None:
    with pytest.raises(ContentError, match=r"items.fever: source 'Dr Google' is not listed"):
        content.sources().check_cited("red_flags.toml", "items.fever", "NHS: Back pain; Dr Google")


def test_an_item_without_a_reason_for_not_sure_fails_at_load() -> None:
    data = raw_red_flags()
    del data["items"][0]["reason_unsure"]
    with pytest.raises(ContentError, match="saddle_numbness: reason_unsure is required"):
        parse(RedFlagContent, "red_flags.toml", data)


def test_companion_guidance_covers_the_contract_topics_with_sources() -> None:
    g = content.guidance()
    assert {e.id for e in g.exercises} == {
        "pelvic_tilt",
        "bird_dog",
        "bridge",
        "knee_rolls",
        "hamstring_stretch",
        "hip_flexor_stretch",
    }
    topics = {t.topic for t in g.tips}
    assert {"posture", "surfaces", "splitting", "timing", "balance"} <= topics
    assert all(t.source for t in g.tips)


def test_yellow_flag_questions_are_our_own_two_or_three() -> None:
    flags = content.red_flags().yellow_flags
    assert 2 <= len(flags) <= 3


@pytest.mark.skipif(not SHARED_EXAMPLES.is_dir(), reason="shared/ is not beside this checkout")
def test_vendored_contract_examples_match_the_shared_originals() -> None:
    shared = {p.name: p.read_bytes() for p in SHARED_EXAMPLES.glob("*.json")}
    vendored = {p.name: p.read_bytes() for p in EXAMPLES.glob("*.json")}
    assert vendored == shared
