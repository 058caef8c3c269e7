"""The CLI contract: JSON on stdout, exit 2 with one line naming the field, exit 3 with no plan."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from backontrack.__main__ import main
from tests.conftest import EXAMPLES, answers_data, profile_data


def write(tmp_path: Path, data: Any, name: str = "input.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_naming(err: str, field: str) -> None:
    assert err.count("\n") == 1, err
    assert field in err


def test_triage_self_care_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "triage", str(EXAMPLES / "self-care.json"))
    assert code == 0
    assert json.loads(out) == {
        "tier": "self_care",
        "plan_allowed": True,
        "reasons": [],
        "education": [],
        "flare_start": False,
    }


def test_triage_emergency_example_lists_the_reason_with_answer_and_source(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "triage", str(EXAMPLES / "emergency.json"))
    result = json.loads(out)
    assert code == 0
    assert (result["tier"], result["plan_allowed"]) == ("emergency", False)
    first = result["reasons"][0]
    assert {k: first[k] for k in ("id", "tier", "answer")} == {
        "id": "bladder_change",
        "tier": "emergency",
        "answer": "yes",
    }
    assert first["source"]


def test_triage_returns_yellow_flags_as_education(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = answers_data()
    data["yellow_flags"] = {"fear_of_harm": "yes"}
    code, out, _ = run(capsys, "triage", write(tmp_path, data))
    result = json.loads(out)
    assert (code, result["tier"]) == (0, "self_care")
    assert result["education"][0]["id"] == "fear_of_harm"


def test_plan_standard_example_prints_14_days(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plan", str(EXAMPLES / "profile-standard.json"), "--start", "2026-11-23")
    plan = json.loads(out)
    assert code == 0
    assert [d["day"] for d in plan["days"]] == list(range(1, 15))
    assert plan["days"][0] == plan["days"][0] | {"date": "2026-11-23", "level": 1, "walks": [10, 10]}
    assert plan["days"][12]["walks"] == [30]
    assert plan["days"][12]["optional"] == [10]


def test_plan_low_baseline_example_starts_at_the_baseline(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plan", str(EXAMPLES / "profile-low-baseline.json"), "--start", "2026-11-23")
    plan = json.loads(out)
    assert code == 0
    assert max(plan["days"][0]["walks"]) <= 4
    assert plan["advice"]  # its result is `soon`: the advice travels with the plan


@pytest.mark.parametrize("item", ["saddle_numbness", "fever"])
def test_plan_for_emergency_or_urgent_exits_3_with_no_plan(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, item: str
) -> None:
    data = profile_data()
    data["answers"][item] = "yes"
    code, out, err = run(capsys, "plan", write(tmp_path, data))
    assert code == 3
    assert out == ""
    assert err.count("\n") == 1
    assert "no walking plan" in err


def test_plan_for_the_emergency_example_exits_3_even_without_a_baseline(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "plan", str(EXAMPLES / "emergency.json"))
    assert (code, out) == (3, "")
    assert "emergency" in err


BAD_ANSWERS = [
    ("missing id", lambda d: d["answers"].pop("chest_pain"), "answers"),
    ("unknown id", lambda d: d["answers"].update(headache="no"), "headache"),
    ("bad value", lambda d: d["answers"].update(fever="maybe"), "answers.fever"),
    ("age out of range", lambda d: d.update(age=120), "age"),
    ("pain out of range", lambda d: d.update(pain_now=11), "pain_now"),
    ("unknown field", lambda d: d.update(colour="red"), "colour"),
    ("bad yellow flag", lambda d: d.update(yellow_flags={"fear_of_harm": "often"}), "yellow_flags"),
]


@pytest.mark.parametrize(("case", "spoil", "field"), BAD_ANSWERS, ids=[c[0] for c in BAD_ANSWERS])
def test_triage_bad_input_exits_2_naming_the_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, case: str, spoil: Any, field: str
) -> None:
    data = answers_data()
    spoil(data)
    code, out, err = run(capsys, "triage", write(tmp_path, data))
    assert (code, out) == (2, "")
    assert_one_line_naming(err, field)


@pytest.mark.parametrize(
    ("prefs_or_field", "field"),
    [
        ({"baseline_minutes": 11}, "baseline_minutes"),
        ({"baseline_pain": -1}, "baseline_pain"),
        ({"preferences": {"walks_per_day": 9}}, "preferences.walks_per_day"),
        ({"preferences": {"terrain": "beach"}}, "preferences.terrain"),
        ({"preferences": {"pace": "fast"}}, "preferences.pace"),
    ],
)
def test_plan_bad_input_exits_2_naming_the_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, prefs_or_field: dict[str, Any], field: str
) -> None:
    code, out, err = run(capsys, "plan", write(tmp_path, profile_data(**prefs_or_field)))
    assert (code, out) == (2, "")
    assert_one_line_naming(err, field)


def test_plan_missing_baseline_exits_2_naming_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "plan", str(EXAMPLES / "self-care.json"))
    assert code == 2
    assert_one_line_naming(err, "baseline_minutes")


def test_malformed_json_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "triage", write(tmp_path, '{"age": 40,'))
    assert code == 2
    assert_one_line_naming(err, "not valid JSON")


def test_json_that_is_not_an_object_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "triage", write(tmp_path, "[1, 2]"))
    assert code == 2
    assert_one_line_naming(err, "JSON object")


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "triage", str(tmp_path / "nope.json"))
    assert code == 2
    assert_one_line_naming(err, "nope.json")


def test_bad_start_date_exits_2_naming_start(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "plan", str(EXAMPLES / "profile-standard.json"), "--start", "23/11/2026")
    assert code == 2
    assert_one_line_naming(err, "--start")


def test_no_command_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys)
    assert code == 2
    assert err.count("\n") == 1


def test_help_explains_both_commands_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "triage" in out
    assert "plan" in out
    assert "3 no" in out


def test_real_module_entry_point_runs_the_contract_examples() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "backontrack", "plan", str(EXAMPLES / "emergency.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (3, "")
    done = subprocess.run(
        [sys.executable, "-m", "backontrack", "triage", str(EXAMPLES / "self-care.json")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout)["tier"] == "self_care"


def test_triage_rejects_the_old_24_item_input_naming_a_missing_new_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = answers_data()
    for new_item in ("sexual_change", "injects_drugs", "spine_procedure"):
        del data["answers"][new_item]
    assert len(data["answers"]) == 24
    code, out, err = run(capsys, "triage", write(tmp_path, data))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "answers" in err
    assert "sexual_change" in err


@pytest.mark.parametrize(("item", "tier"), [("sexual_change", "emergency"), ("injects_drugs", "urgent")])
def test_triage_accepts_the_revised_items(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, item: str, tier: str
) -> None:
    code, out, _ = run(capsys, "triage", write(tmp_path, answers_data(**{item: "yes"})))
    assert code == 0
    result = json.loads(out)
    assert result["tier"] == tier
    assert result["reasons"][0]["id"] == item
    assert "cauda equina" in result["reasons"][0]["source"] or tier == "urgent"  # citations stay in the CLI


def test_ready_says_ready_for_a_usable_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKONTRACK_DATABASE_URL", f"sqlite:///{tmp_path / 'ok.sqlite3'}")
    code, out, _ = run(capsys, "ready")
    assert (code, out) == (0, "ready\n")


def test_ready_fails_with_one_line_for_a_damaged_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "bad.sqlite3").write_bytes(b"not a database " * 200)
    monkeypatch.setenv("BACKONTRACK_DATABASE_URL", f"sqlite:///{tmp_path / 'bad.sqlite3'}")
    code, out, err = run(capsys, "ready")
    assert code == 1
    assert out == ""
    assert err.startswith("not ready: The database file is damaged")
    assert err.count("\n") == 1


def test_triage_accepts_seen_clinician(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = answers_data(cancer_history="yes") | {"seen_clinician": True}
    code, out, _ = run(capsys, "triage", write(tmp_path, data))
    assert code == 0
    assert json.loads(out)["tier"] == "urgent"  # revision 4: the tick alone lowers nothing


def test_revision4_1_triage_accepts_clinician_knew(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = answers_data(cancer_history="yes") | {"seen_clinician": True, "clinician_knew": ["cancer_history"]}
    code, out, _ = run(capsys, "triage", write(tmp_path, data))
    assert code == 0
    assert json.loads(out)["tier"] == "soon"


@pytest.mark.parametrize(
    "change",
    [
        {"clinician_knew": ["fever"]},  # never lowered
        {"clinician_knew": ["below_knee"]},  # not an urgent item
        {"clinician_knew": ["weight_loss"]},  # not answered yes
        {"clinician_knew": "cancer_history"},  # not a list
        {"clinician_knew": ["cancer_history"], "seen_clinician": False},  # no clinician's check
    ],
)
def test_revision4_1_triage_refuses_a_bad_clinician_knew_naming_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, change: dict[str, Any]
) -> None:
    data = (
        answers_data(cancer_history="yes", fever="yes", below_knee="yes") | {"seen_clinician": True} | change
    )
    code, out, err = run(capsys, "triage", write(tmp_path, data))
    assert (code, out) == (2, "")
    assert_one_line_naming(err, "clinician_knew")


@pytest.mark.parametrize("sign", ["chest_pain", "sudden_severe_with_faintness"])
def test_revision4_6_the_plan_refusal_for_a_call_only_sign_says_call_never_travel(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sign: str
) -> None:
    """Issue 24, item 12: the refusal said "or go to the nearest emergency department"."""
    data = answers_data(**{sign: "yes"}) | {"baseline_minutes": 5, "baseline_pain": 3}
    code, out, err = run(capsys, "plan", write(tmp_path, data))
    assert (code, out) == (3, "")
    assert "emergency department" not in err
    assert "do not make your own way to hospital" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("age", [15, 12])
def test_triage_refuses_an_age_under_16_with_exit_2_naming_age(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, age: int
) -> None:
    code, out, err = run(capsys, "triage", write(tmp_path, answers_data() | {"age": age}))
    assert (code, out) == (2, "")
    assert_one_line_naming(err, "age")
