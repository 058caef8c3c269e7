"""Issue 27: a translation of the clinical content loads only with the English's exact shape.

A missing or extra key, an id or tier that was translated, a placeholder that differs or a number
that changed ("38" to "39", "2 weeks" to "3") is a load error naming the file and the place.
"""

from __future__ import annotations

import pytest

from backontrack import content
from backontrack.content import ContentError, loader

ENGLISH = {
    "tiers": {"urgent": {"title": "Get advice today", "action": "Call {emergency_number} now."}},
    "items": [
        {
            "id": "fever",
            "tier": "urgent",
            "source": "NHS: Back pain",
            "reason": "At 38°C or more, get advice.",
        },
        {"id": "lump", "tier": "soon", "source": "Seed 001", "reason": "Within 2 weeks, see a GP."},
    ],
    "limits": {"pain_now_at_least": 10},
}


def spanish() -> dict[str, object]:
    return {
        "tiers": {"urgent": {"title": "Pida consejo hoy", "action": "Llame al {emergency_number} ahora."}},
        "items": [
            {
                "id": "fever",
                "tier": "urgent",
                "source": "NHS: Back pain",
                "reason": "Con 38 °C o más, pida consejo.",
            },
            {"id": "lump", "tier": "soon", "source": "Seed 001", "reason": "En 2 semanas, vea a su médico."},
        ],
        "limits": {"pain_now_at_least": 10},
    }


def test_a_faithful_translation_has_no_differences() -> None:
    assert loader.differences(ENGLISH, spanish()) == []


def broken(change: str) -> dict[str, object]:
    data = spanish()
    tiers, items, limits = data["tiers"], data["items"], data["limits"]
    assert isinstance(tiers, dict)
    assert isinstance(items, list)
    assert isinstance(limits, dict)
    if change == "missing key":
        del tiers["urgent"]["title"]
    elif change == "extra key":
        tiers["urgent"]["note"] = "Una nota"
    elif change == "translated id":
        items[0]["id"] = "fiebre"
    elif change == "translated tier":
        items[1]["tier"] = "pronto"
    elif change == "translated citation":
        items[1]["source"] = "Semilla 001"
    elif change == "placeholder lost":
        tiers["urgent"]["action"] = "Llame ahora a emergencias."
    elif change == "placeholder renamed":
        tiers["urgent"]["action"] = "Llame al {numero_emergencias} ahora."
    elif change == "number changed":
        items[0]["reason"] = "Con 39 °C o más, pida consejo."
    elif change == "weeks changed":
        items[1]["reason"] = "En 3 semanas, vea a su médico."
    elif change == "item dropped":
        items.pop()
    elif change == "limit changed":
        limits["pain_now_at_least"] = 9
    elif change == "emptied":
        tiers["urgent"]["title"] = " "
    return data


WHERE = {
    "missing key": "tiers.urgent.title: missing",
    "extra key": "tiers.urgent.note: not in the English",
    "translated id": "items[0].id: must stay 'fever'",
    "translated tier": "items[1].tier: must stay 'soon'",
    "translated citation": "items[1].source: must stay 'Seed 001'",
    "placeholder lost": "tiers.urgent.action: placeholders",
    "placeholder renamed": "tiers.urgent.action: placeholders",
    "number changed": "items[0].reason: numbers",
    "weeks changed": "items[1].reason: numbers",
    "item dropped": "items: should be a list of 2",
    "limit changed": "limits.pain_now_at_least: must stay 10",
    "emptied": "tiers.urgent.title: empty",
}


@pytest.mark.parametrize("change", WHERE)
def test_translation_shape_every_difference_is_named_with_its_place(change: str) -> None:
    problems = loader.differences(ENGLISH, broken(change))
    assert len(problems) == 1, problems
    assert problems[0].startswith(WHERE[change])


def test_a_decimal_comma_is_the_same_number() -> None:
    english = {"text": "If it is 38°C (100.4°F) or more"}
    assert loader.differences(english, {"text": "Si es de 38 °C (100,4 °F) o más"}) == []


@pytest.mark.parametrize("language", [code for code in content.languages() if code != content.REFERENCE])
def test_translation_shape_every_language_loads_every_file(language: str) -> None:
    """Every content file of every language loads, checked against the English (or names the fault)."""
    content.red_flags(language)
    content.walking_plan(language)
    content.guidance(language)
    content.sources(language)
    loader._read("personas.toml", language)


def test_translation_shape_a_language_with_a_file_missing_does_not_load() -> None:
    with pytest.raises(ContentError, match=r"xx/red_flags.toml: missing"):
        loader._read("red_flags.toml", "xx")
