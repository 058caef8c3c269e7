"""Helpers for the wording tests: what a person reads, its reading grade, and overlap with the seeds.

The rules (issue 7 and the red-flag contract): every shown string of six
words or more scores Flesch-Kincaid grade 8 or less and all of them together
6 or less; no run of 8 words from the seed articles; no diagnosis named.

Issue 16 (fault 12) adds close paraphrase: a seed sentence with synonyms swapped
in, or its clauses turned round, keeps few 8-word runs but most of its content
words. So each shown sentence is also compared, by its content words (stop words
dropped, crude stems, a short list of swapped synonyms merged), with every seed
sentence: it must share no PARAPHRASE_RUN of them in a row, and a sentence of
PARAPHRASE_MIN_TERMS or more must not find PARAPHRASE_SHARE of its content
(weighted by how rare each word is in the seeds) in one seed sentence.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from difflib import SequenceMatcher
from functools import cache
from typing import NamedTuple

import textstat

from backontrack import content
from backontrack.settings import Settings
from tests.conftest import REPO

SEEDS = REPO.parent / "shared" / "seeds"
COPY_RUN = 8  # words in a row shared with a seed that count as copied
MIN_WORDS = 6  # shorter strings (labels, buttons) are not graded
MAX_GRADE = 8.0
MAX_MEAN_GRADE = 6.0
# Close paraphrase, calibrated on the text before issue 16's rewrite (see the tests at the end of
# tests/unit/test_wording.py): the seed-close lines then scored a share of 0.70 to 1.00 or a run of
# 5 to 11, every other shown sentence of 6 content words or more at most 0.66 and a run of 3; the
# rewritten lines score at most 0.56 and a run of 3.
PARAPHRASE_RUN = 5  # content words in a row shared with one seed sentence
PARAPHRASE_SHARE = 0.7  # weighted share of a sentence's content words found in one seed sentence
PARAPHRASE_MIN_TERMS = 6  # shorter sentences (labels, symptom names) are left to the run rules

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


#: Words that carry no content of their own: sharing them says nothing about copying.
_STOP_WORDS = """
    a about after again all also am an and any are as at be been before being both but by can could did
    do does doing don't down during each else even ever every few for from had has have having he her
    here hers him his how i if in into is isn't it it's its just let lets may me might more most much
    must my no nor not now of off on once one only onto or other our out over own per really same she
    should so some such than that the their them then there these they this those through to too under
    until up upon us very was we were what when where which while who whom why will with within would
    yet you you'll you're your yours
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

#: Words a paraphrase swaps for each other (the first names the group). Short on purpose: these are
#: the swaps the seed-close lines of issue 16 used, not a thesaurus.
SYNONYMS = (
    "ease reduce relieve loosen lessen soothe calm lower",
    "help aid assist",
    "build accumulate gather collect",
    "notice feel",
    "improvement improve difference better",
    "regular consistent steady",
    "gentle easy light",
    "evening night bed",
    "meal eat eating dinner",
    "stiff stiffness tight tightness",
    "short shorter brief",
    "small little",
    "pick choose select",
    "path track trail",
    "level flat",
    "ground surface terrain",
    "pavement sidewalk concrete",
    "shoe footwear trainer",
    "pain ache discomfort",
    "spread radiate",
    "avoid skip",
    "rise climb increase spike",
    "start begin",
    "load strain stress pressure",
    "normal usual baseline",
    # numbers written out
    *("2 two", "3 three", "4 four", "5 five", "6 six", "7 seven", "8 eight", "9 nine", "10 ten"),
)


def stem(word: str) -> str:
    """A crude stem, the same on both sides: 'stretches', 'stretched' and 'stretching' all read 'stretch'."""
    word = word.removesuffix("'s")
    for suffix in ("ness", "ing", "ed", "ly", "ies", "es", "s", "er"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            break
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


_SAME = {stem(w): group.split()[0] for group in SYNONYMS for w in group.split()}


def terms(text: str) -> list[str]:
    """The content words of a text, stemmed, with swapped synonyms made one word."""
    return [_SAME.get(stem(w), stem(w)) for w in words(text) if w not in STOP_WORDS]


def sentences(text: str) -> list[str]:
    """Each sentence (or clause after a colon or semicolon) of each line."""
    return [s for line in text.splitlines() for s in re.split(r"(?<=[.!?;:])\s+", line) if words(s)]


@cache
def seed_sentences() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Every sentence of the seed articles with its content words."""
    found = []
    for path in sorted(SEEDS.glob("*.txt")):
        found += [(s, tuple(terms(s))) for s in sentences(path.read_text(encoding="utf-8"))]
    return tuple(found)


@cache
def _rarity() -> dict[str, float]:
    """How rare each content word is across the seed sentences (inverse document frequency)."""
    seeds = seed_sentences()
    counts = Counter(t for _, found in seeds for t in set(found))
    return {t: math.log((len(seeds) + 1) / (n + 1)) for t, n in counts.items()}


class Closeness(NamedTuple):
    """How near one shown sentence comes to its nearest seed sentences."""

    run: int  # most content words in a row shared with one seed sentence
    run_seed: str
    share: float  # largest weighted share of the sentence's content words found in one seed sentence
    share_seed: str


def closeness(sentence: str) -> Closeness:
    mine = terms(sentence)
    rarity = _rarity()
    unseen = math.log(len(seed_sentences()) + 1)
    weight = {t: rarity.get(t, unseen) for t in mine}
    total = sum(weight.values()) or 1.0
    best = Closeness(0, "", 0.0, "")
    for seed, theirs in seed_sentences():
        shared = set(mine) & set(theirs)
        if not shared:
            continue
        share = sum(weight[t] for t in mine if t in shared) / total
        if share > best.share:
            best = best._replace(share=share, share_seed=seed)
        if len(shared) > best.run:
            match = SequenceMatcher(None, mine, theirs, autojunk=False)
            run = match.find_longest_match(0, len(mine), 0, len(theirs)).size
            if run > best.run:
                best = best._replace(run=run, run_seed=seed)
    return best


#: Wording the clinical contract fixes, "in the same words on every output": the optional stroll's
#: condition and the signs that stop a walk (walking-plan.md, "Adapting to the daily log"). The facts
#: behind them come from seed 002, so their words are left out before a sentence is compared.
CONTRACT_WORDING = re.compile(
    r"only if your pain is back to its usual level within an hour of your last walk"
    r"|shoot\w* down (?:a|one|your) leg,? or (?:that )?spread\w* further(?: than (?:it did )?before)?",
    re.IGNORECASE,
)


def paraphrased(text: str) -> list[str]:
    """The sentences of this text that stay too close to a seed sentence, each with the seed it follows."""
    found = []
    for sentence in sentences(text):
        ours = CONTRACT_WORDING.sub(" ", sentence)
        near = closeness(ours)
        if near.run >= PARAPHRASE_RUN:
            found.append(f"{sentence} ~ {near.run_seed} (run of {near.run})")
        elif len(terms(ours)) >= PARAPHRASE_MIN_TERMS and near.share >= PARAPHRASE_SHARE:
            found.append(f"{sentence} ~ {near.share_seed} (share {near.share:.2f})")
    return found


def content_texts() -> list[str]:
    """Every string the content files put in front of a person."""
    flags = content.red_flags()
    plan = content.walking_plan()
    g = content.guidance()
    texts: list[str] = []
    for tier in flags.tiers.values():
        texts += [tier.title, tier.action, tier.stopped_title, tier.stopped_action]
        texts += [
            tier.action_call_only,
            tier.stopped_action_call_only,
            tier.kiosk_action,
            tier.action_seen_today,
        ]
    texts += [t for grp in flags.groups for t in (grp.title, grp.intro)]
    for item in flags.items + flags.recheck_extra:
        texts += [item.label, item.question, item.hint, item.reason, item.reason_unsure]
        texts += [item.recheck_label, item.recheck_reason]
    texts += [t for d in flags.derived for t in (d.label, d.said, d.reason)]
    texts += [flags.safety_net.title, *flags.safety_net.when.values()]
    texts += [t for y in flags.yellow_flags for t in (y.question, y.education)]
    texts += [flags.yellow_flag_advice.text, *content.sources().sources.values()]
    seen = flags.seen_clinician
    texts += [seen.question, seen.hint, seen.reason, flags.audience.title, flags.audience.text]
    texts += [*plan.severe.model_dump().values(), plan.wording.stroll_condition]
    texts += [t for e in g.exercises for t in (e.name, e.how)]
    texts += [t for tip in g.tips for t in (tip.title, tip.text)]
    texts += [t for lv in plan.levels for t in (lv.name, lv.note)]
    texts += [plan.climb.note, *plan.notes.model_dump().values()]
    return [fill(t) for t in texts if t]


def fill(text: str) -> str:
    """A content template as a person reads it with the default settings ({n} and the like as 3)."""
    text = re.sub(r"\{(?!emergency_number\}|urgent_advice\}|crisis_line\})[a-z_]+\}", "3", text)
    return Settings().fill(text)
