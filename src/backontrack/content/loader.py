"""Reading the content files of one language, and proving a translation matches the English.

Each language has a folder of the same TOML files (`en/red_flags.toml`, `es/red_flags.toml`, ...).
English is the reference a clinician signs off. A translation must have exactly its shape, or it
does not load: the same keys (none missing, none extra), the same ids in the same order, the same
placeholders (`{emergency_number}`, `{age}`, ...) and the same numbers in every sentence (a "38"
that became "39", a "2 weeks" that became "3", is caught here, not by a person). Ids, tiers and
citations are never translated. Each loaded file is cached: it is static and holds no answers.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from functools import cache
from importlib import resources
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from backontrack import i18n
from backontrack.content.schema import (
    ContentError,
    GuidanceContent,
    RedFlagContent,
    SourcesContent,
    WalkingPlanContent,
    citations,
)

#: The language every other is checked against.
REFERENCE = "en"
#: Strings that are ids, never words: tiers, kinds, topics, answer and sign ids.
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
#: Keys whose strings are citations (their plain words are translated in sources.toml instead).
_FIXED_KEYS = frozenset({"source"})
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


@cache
def languages() -> tuple[str, ...]:
    """The languages that have content, English first."""
    root = resources.files(__package__)
    found = sorted(p.name for p in root.iterdir() if p.is_dir() and p.joinpath("red_flags.toml").is_file())
    return (REFERENCE, *(code for code in found if code != REFERENCE))


def spoken(language: str | None) -> str:
    """The content language for a run: `language`, else the one being spoken (English for the
    test pseudo-language, whose content is made from the English)."""
    code = language or i18n.current()
    return code if code == i18n.PSEUDO or code in languages() else REFERENCE


def _read(name: str, language: str = REFERENCE) -> dict[str, Any]:
    """One content file's raw data, in `language`, checked against the English when it is a translation."""
    if language == i18n.PSEUDO:
        pseudo: dict[str, Any] = _pseudo(_read(name))
        return pseudo
    path = f"{language}/{name}"
    try:
        text = resources.files(__package__).joinpath(language, name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ContentError(f"{path}: missing (every language has every content file)") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{path}: {exc}") from exc
    if language != REFERENCE:
        problems = differences(_read(name), data)
        if problems:
            raise ContentError(
                f"{path}: {problems[0]} (and {len(problems) - 1} more)"
                if len(problems) > 1
                else f"{path}: {problems[0]}"
            )
    return data


def differences(reference: Any, translated: Any, where: str = "") -> list[str]:
    """Every way `translated` is not shaped like `reference`, each naming its place ("items[3].reason")."""
    here = where or "(file)"
    if isinstance(reference, dict):
        if not isinstance(translated, dict):
            return [f"{here}: should be a table"]
        problems = [f"{_at(where, k)}: missing" for k in reference if k not in translated]
        problems += [f"{_at(where, k)}: not in the English" for k in translated if k not in reference]
        for key in reference.keys() & translated.keys():
            if key in _FIXED_KEYS and reference[key] != translated[key]:
                problems.append(f"{_at(where, key)}: must stay {reference[key]!r} (never translated)")
            else:
                problems += differences(reference[key], translated[key], _at(where, key))
        return problems
    if isinstance(reference, list):
        if not isinstance(translated, list) or len(translated) != len(reference):
            return [f"{here}: should be a list of {len(reference)}"]
        return [
            p
            for i, (a, b) in enumerate(zip(reference, translated, strict=True))
            for p in differences(a, b, f"{where}[{i}]")
        ]
    if isinstance(reference, str):
        if not isinstance(translated, str):
            return [f"{here}: should be text"]
        if _IDENTIFIER.match(reference):
            return [] if translated == reference else [f"{here}: must stay {reference!r} (an id)"]
        problems = []
        if sorted(_PLACEHOLDER.findall(reference)) != sorted(_PLACEHOLDER.findall(translated)):
            problems.append(f"{here}: placeholders {sorted(set(_PLACEHOLDER.findall(reference)))} differ")
        if _numbers(reference) != _numbers(translated):
            problems.append(f"{here}: numbers {sorted(_numbers(reference).elements())} differ")
        if reference.strip() and not translated.strip():
            problems.append(f"{here}: empty")
        return problems
    return [] if reference == translated else [f"{here}: must stay {reference!r} (not words)"]


def _pseudo(data: Any, key: str = "") -> Any:
    """The English content in the pseudo-language: every sentence changed, ids and citations kept."""
    if isinstance(data, dict):
        return {k: _pseudo(v, k) for k, v in data.items()}
    if isinstance(data, list):
        return [_pseudo(v, key) for v in data]
    if isinstance(data, str) and key not in _FIXED_KEYS and not _IDENTIFIER.match(data):
        return i18n.pseudo(data)
    return data


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _numbers(text: str) -> Counter[str]:
    """The numbers a sentence states, a decimal comma read as a point ("100,4" is "100.4")."""
    return Counter(n.replace(",", ".") for n in _NUMBER.findall(_PLACEHOLDER.sub("", text)))


M = TypeVar("M", bound=BaseModel)


def parse(model: type[M], name: str, data: dict[str, Any]) -> M:
    """Validate one content file's data, naming the file and field on failure."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(file)"
        raise ContentError(f"{name}: {where}: {first['msg']}") from exc


def sources(language: str | None = None) -> SourcesContent:
    """Where the content comes from: citations and their plain-word names."""
    return _sources(spoken(language))


def shown_source(source: str, language: str | None = None) -> str:
    """A `source` field in the plain words people see, each phrase once."""
    plain = sources(language).sources
    return "; ".join(dict.fromkeys(plain[c] for c in citations(source)))


def red_flags(language: str | None = None) -> RedFlagContent:
    """The red-flag screen (static content: safe to cache, holds no answers)."""
    return _red_flags(spoken(language))


def walking_plan(language: str | None = None) -> WalkingPlanContent:
    """The plan levels and rule numbers."""
    return _walking_plan(spoken(language))


def guidance(language: str | None = None) -> GuidanceContent:
    """Stretches and tips."""
    return _guidance(spoken(language))


# One copy of each file per language and process: static content, no answers in it.
@cache
def _sources(language: str) -> SourcesContent:
    return parse(SourcesContent, f"{language}/sources.toml", _read("sources.toml", language))


@cache
def _red_flags(language: str) -> RedFlagContent:
    name = f"{language}/red_flags.toml"
    content = parse(RedFlagContent, name, _read("red_flags.toml", language))
    cited = [(f"items.{i.id}", i.source) for i in content.items + content.recheck_extra]
    _check_cited(language, name, cited + [(f"derived.{d.id}", d.source) for d in content.derived])
    return content


@cache
def _walking_plan(language: str) -> WalkingPlanContent:
    return parse(WalkingPlanContent, f"{language}/walking_plan.toml", _read("walking_plan.toml", language))


@cache
def _guidance(language: str) -> GuidanceContent:
    name = f"{language}/guidance.toml"
    content = parse(GuidanceContent, name, _read("guidance.toml", language))
    _check_cited(language, name, [(e.id, e.source) for e in content.exercises + content.tips])
    return content


def _check_cited(language: str, name: str, cited: list[tuple[str, str]]) -> None:
    """Every citation a file gives (where, source) is listed in that language's sources.toml."""
    for where, source in cited:
        _sources(language).check_cited(name, where, source)
