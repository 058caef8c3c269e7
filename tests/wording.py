"""Helpers for the wording tests: what a person reads, its reading grade, and overlap with the seeds.

The rules (issue 7 and the red-flag contract): every shown string of six
words or more scores Flesch-Kincaid grade 8 or less and all of them together
6 or less; no run of 8 words from the seed articles; no diagnosis named.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

import textstat

from backontrack import content
from backontrack.settings import Settings
from tests.conftest import REPO

SEEDS = REPO.parent / "shared" / "seeds"
COPY_RUN = 8  # words in a row shared with a seed that count as copied
MIN_WORDS = 6  # shorter strings (labels, buttons) are not graded
MAX_GRADE = 8.0
MAX_MEAN_GRADE = 6.0

#: Diagnosis names that must never reach a person (sources included).
DIAGNOSIS_WORDS = re.compile(
    r"cauda equina|aneurysm|sciatica|radiculopathy|spondyl|stenosis|tumou?r|infection|fracture|"
    r"you do not have|you don't have|herniat|arthritis|\bcancer of\b",
    re.IGNORECASE,
)

_MARKUP = re.compile(r":material/[a-z_]+:|[*_#`>|]|\[|\]\([^)]*\)")


def plain(text: str) -> str:
    """Text without markdown and icon codes, as it reads."""
    return re.sub(r"\s+", " ", _MARKUP.sub(" ", text)).strip()


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", plain(text).lower().replace("\u2019", "'"))


def grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(plain(text)))


def lines(texts: Iterable[str]) -> list[str]:
    """Each line of each text on its own (a list item is read as its own sentence), once."""
    return list(dict.fromkeys(plain(line) for t in texts for line in t.splitlines() if plain(line)))


def graded(texts: Iterable[str]) -> list[str]:
    """The strings the grade rule applies to: lines of six words or more."""
    return [t for t in lines(texts) if len(words(t)) >= MIN_WORDS]


def _runs(tokens: list[str], n: int) -> Iterator[tuple[str, ...]]:
    return (tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@cache
def seed_runs() -> frozenset[tuple[str, ...]]:
    """Every run of COPY_RUN words in the seed articles."""
    runs: set[tuple[str, ...]] = set()
    for path in sorted(SEEDS.glob("*.txt")):
        runs.update(_runs(words(path.read_text(encoding="utf-8")), COPY_RUN))
    return frozenset(runs)


def copied(text: str) -> list[str]:
    """The runs of COPY_RUN words this text shares with a seed article."""
    found = seed_runs()
    return [" ".join(run) for run in _runs(words(text), COPY_RUN) if run in found]


def content_texts() -> list[str]:
    """Every string the content files put in front of a person."""
    flags = content.red_flags()
    plan = content.walking_plan()
    g = content.guidance()
    texts: list[str] = []
    for tier in flags.tiers.values():
        texts += [tier.title, tier.action, tier.stopped_title, tier.stopped_action]
    texts += [t for grp in flags.groups for t in (grp.title, grp.intro)]
    for item in flags.items + flags.recheck_extra:
        texts += [item.label, item.question, item.hint, item.reason, item.reason_unsure]
    texts += [t for d in flags.derived for t in (d.label, d.said, d.reason)]
    texts += [flags.safety_net.title, *flags.safety_net.when.values()]
    texts += [t for y in flags.yellow_flags for t in (y.question, y.education)]
    texts += [flags.yellow_flag_advice.text, *content.sources().sources.values()]
    texts += [t for e in g.exercises for t in (e.name, e.how)]
    texts += [t for tip in g.tips for t in (tip.title, tip.text)]
    texts += [t for lv in plan.levels for t in (lv.name, lv.note)]
    texts += list(plan.notes.model_dump().values())
    return [fill(t) for t in texts if t]


def fill(text: str) -> str:
    """A content template as a person reads it with the default settings ({n} and the like as 3)."""
    text = Settings().fill(text) if "{emergency_number}" in text or "{urgent_advice}" in text else text
    return re.sub(r"\{[a-z_]+\}", "3", text)
