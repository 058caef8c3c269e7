"""Issue 27: a translation of the clinical content loads only with the English's exact shape.

A missing or extra key, an id or tier that was translated, a placeholder that differs or a number
that changed ("38" to "39", "2 weeks" to "3") is a load error naming the file and the place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import textstat
from babel.messages.pofile import read_po

from backontrack import content, i18n
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


# -- Spanish: the glossary and plain words ------------------------------------------------------------
DOCS = Path(__file__).resolve().parents[2] / "docs" / "translation"
FILES = ("red_flags.toml", "walking_plan.toml", "guidance.toml", "personas.toml", "sources.toml")
#: Fernández-Huerta 70 or more: INFLESZ "bastante fácil" or easier (issue 27).
PLAIN_SPANISH = 70


def pairs(english: object, spanish: object) -> Iterator[tuple[str, str]]:
    """Each English sentence-holding string beside its Spanish one (the shapes match: loader)."""
    if isinstance(english, dict) and isinstance(spanish, dict):
        for key in english:
            if key != "source":  # citations stay as written (loader); their plain words are in sources.toml
                yield from pairs(english[key], spanish[key])
    elif isinstance(english, list) and isinstance(spanish, list):
        for a, b in zip(english, spanish, strict=True):
            yield from pairs(a, b)
    elif isinstance(english, str) and isinstance(spanish, str) and " " in english:
        yield english, spanish


def spanish_pairs() -> list[tuple[str, str]]:
    return [p for name in FILES for p in pairs(loader._read(name), loader._read(name, "es"))]


def catalogue_pairs() -> list[tuple[str, str]]:
    """Each interface message beside its Spanish (plurals: the plural forms)."""
    path = i18n.LOCALES / "es" / "LC_MESSAGES" / "messages.po"
    out = []
    for message in read_po(path.open("rb"), locale="es"):
        if isinstance(message.id, tuple):
            out.append((message.id[1], message.string[-1]))
        elif message.id:
            out.append((message.id, message.string))
    return out


def glossary() -> list[tuple[list[str], str]]:
    """(English terms, the Spanish words that must appear) for each checked row of the glossary."""
    rows = []
    for line in (DOCS / "glossary-es.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[2] and cells[0] not in ("English", "---"):
            rows.append(([t.strip() for t in cells[0].split(",")], cells[2]))
    return rows


def singular(text: str) -> str:
    """Words with a plural ending taken off ("médicos de familia" reads as "médico de familia")."""
    return re.sub(r"(\w{3,}?)(?:es|s)\b", r"\1", text.lower())


def test_glossary_every_clinical_term_keeps_its_one_spanish_form() -> None:
    rows = glossary()
    assert len(rows) >= 15
    misses = []
    for english, spanish in spanish_pairs() + catalogue_pairs():
        for terms, must in rows:
            words = re.sub(r"\{[a-z_]+\}", " ", english)  # a placeholder's name is not a word said
            said = any(re.search(rf"\b{re.escape(t)}s?\b", words, re.IGNORECASE) for t in terms)
            if said and singular(must) not in singular(spanish):
                misses.append(f"{terms[0]!r} -> {must!r}: {spanish[:90]}")
    assert misses == []


def test_glossary_forms_it_rules_out_appear_nowhere() -> None:
    text = " ".join(spanish for _, spanish in spanish_pairs() + catalogue_pairs()).lower()
    assert "banderas rojas" not in text
    assert "médico de cabecera" not in text


def sentences(text: str) -> list[str]:
    plain = re.sub(r"\{[a-z_]+\}", "X", text)
    return [s for s in re.split(r"(?<=[.!?:])\s+", plain) if len(s.split()) >= 4]


def readability_exceptions() -> dict[str, str]:
    """Sentence starts listed in review-es.md's readability table, with the reason each is harder."""
    listed = {}
    for line in (DOCS / "review-es.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("«") and cells[0].endswith("»"):
            listed[cells[0].strip("«»").rstrip(".… ")] = cells[2]
    return listed


def test_readability_every_spanish_sentence_is_plain_or_listed_with_its_reason() -> None:
    textstat.set_lang("es")
    try:
        scores = {s: textstat.fernandez_huerta(s) for _, es in spanish_pairs() for s in sentences(es)}
    finally:
        textstat.set_lang("en")
    listed = readability_exceptions()
    hard = [f"{round(score)} {s}" for s, score in scores.items() if score < PLAIN_SPANISH]
    unlisted = [h for h in hard if not any(h.split(" ", 1)[1].startswith(start) for start in listed)]
    assert unlisted == []
    assert all(reason for reason in listed.values())
    assert len(hard) <= len(scores) // 10  # the exceptions stay exceptions


def test_identical_results_the_content_language_never_changes_a_number_or_an_id() -> None:
    """The plan's numbers and the check's rules are read from each language's files: the same."""
    for language in content.languages():
        spanish, english = content.walking_plan(language), content.walking_plan(content.REFERENCE)
        assert spanish.rules == english.rules
        assert [(lv.level, lv.days, lv.walks, lv.optional) for lv in spanish.levels] == [
            (lv.level, lv.days, lv.walks, lv.optional) for lv in english.levels
        ]
        flags, reference = content.red_flags(language), content.red_flags(content.REFERENCE)
        assert [(i.id, i.tier, i.history, i.call_only) for i in flags.items] == [
            (i.id, i.tier, i.history, i.call_only) for i in reference.items
        ]
        assert [(d.id, d.tier, d.limits) for d in flags.derived] == [
            (d.id, d.tier, d.limits) for d in reference.derived
        ]
