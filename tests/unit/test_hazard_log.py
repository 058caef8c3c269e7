"""The hazard log (docs/safety/hazard-log.md) holds every control to a test that exists.

A hazard with no test, a test id that names no test, or a risk line out of the
DCB0129 matrix fails here, so the safety case cannot drift from the suite.
"""

from __future__ import annotations

import ast
import re
from functools import cache

import pytest

from tests.conftest import REPO

LOG = REPO / "docs" / "safety" / "hazard-log.md"
HAZARD = re.compile(r"^### (H\d{2}) (.+)$", re.MULTILINE)
TEST_ID = re.compile(r"`(tests/[\w/]+\.py)::(\w+)(?:\[[^\]`]*\])?`")
RISK = re.compile(r"Before: (\d)/(\d) -> (\d)\. After: (\d)/(\d) -> (\d)")
#: DCB0129's risk matrix: MATRIX[likelihood][severity].
MATRIX = {
    5: {1: 3, 2: 4, 3: 4, 4: 5, 5: 5},
    4: {1: 2, 2: 3, 3: 3, 4: 4, 5: 5},
    3: {1: 2, 2: 2, 3: 3, 4: 3, 5: 4},
    2: {1: 1, 2: 2, 3: 2, 4: 3, 5: 4},
    1: {1: 1, 2: 1, 3: 2, 4: 2, 5: 3},
}


def hazards() -> dict[str, str]:
    """Each hazard's id and its section of the log."""
    text = LOG.read_text(encoding="utf-8")
    found = list(HAZARD.finditer(text))
    return {
        m.group(1): text[m.start() : found[i + 1].start() if i + 1 < len(found) else len(text)]
        for i, m in enumerate(found)
    }


@cache
def defined_tests(path: str) -> frozenset[str]:
    """The test functions a file defines (read, not imported: a browser test needs no browser here)."""
    tree = ast.parse((REPO / path).read_text(encoding="utf-8"))
    return frozenset(
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    )


HAZARDS = hazards()


def test_the_log_has_the_issues_faults_and_the_contracts_must_nevers() -> None:
    assert len(HAZARDS) >= 16
    assert list(HAZARDS) == sorted(HAZARDS)


@pytest.mark.parametrize("hazard", HAZARDS)
def test_every_hazard_has_a_cause_an_effect_controls_and_a_test(hazard: str) -> None:
    section = HAZARDS[hazard]
    for field in ("- Cause:", "- Effect:", "- Controls:", "- Tests:"):
        assert field in section, f"{hazard} has no {field}"
    assert TEST_ID.search(section), f"{hazard} names no test"


@pytest.mark.parametrize("hazard", HAZARDS)
def test_every_test_a_hazard_names_exists(hazard: str) -> None:
    for path, name in TEST_ID.findall(HAZARDS[hazard]):
        assert (REPO / path).is_file(), f"{hazard}: no file {path}"
        assert name in defined_tests(path), f"{hazard}: {path} has no {name}"


@pytest.mark.parametrize("hazard", HAZARDS)
def test_every_risk_follows_the_matrix_and_controls_never_raise_it(hazard: str) -> None:
    match = RISK.search(HAZARDS[hazard])
    assert match, f"{hazard} gives no 'Before: S/L -> R. After: S/L -> R.' line"
    s1, l1, r1, s2, l2, r2 = (int(g) for g in match.groups())
    assert MATRIX[l1][s1] == r1, f"{hazard}: before, {s1}/{l1} is risk {MATRIX[l1][s1]}, not {r1}"
    assert MATRIX[l2][s2] == r2, f"{hazard}: after, {s2}/{l2} is risk {MATRIX[l2][s2]}, not {r2}"
    assert r2 <= r1


def test_no_shared_streamlit_cache_is_used_anywhere() -> None:
    """H04: st.cache_data / st.cache_resource are shared by every person on the server."""
    sources = [REPO / "app.py", *(REPO / "pages").glob("*.py"), *(REPO / "src").rglob("*.py")]
    users = [
        p.name for p in sources if re.search(r"cache_data|cache_resource", p.read_text(encoding="utf-8"))
    ]
    assert users == []


def test_the_meta_test_catches_a_missing_test() -> None:
    """The checks above can fail: a made-up test id in a hazard's section is found and reported."""
    section = "- Tests:\n  - `tests/unit/test_triage.py::test_that_does_not_exist[yes]`\n"
    named = TEST_ID.findall(section)
    assert named == [("tests/unit/test_triage.py", "test_that_does_not_exist")]
    assert [name for path, name in named if name not in defined_tests(path)] == ["test_that_does_not_exist"]
