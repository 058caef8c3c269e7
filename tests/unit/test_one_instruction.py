"""One instruction everywhere (red-flag contract, revision 3, rule 6; issue 16).

A table of scenarios (every tier, a plan stopped by each kind of daily-log
stop, severe pain for days and a logged 10, checked by a clinician, kiosk and
home), each rendered to every document output: the kiosk printout (read back
with pypdf), its QR text, the clinician summary and the calendar file. Each
output must carry the governing instruction; a no-plan result must not
mention a plan; nothing may say "keep going" or "improving" while pain is
severe; and a check that a later result replaced is only shown as earlier.
The screens are held to the same table in tests/app/test_one_instruction.py.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

import pypdf
import pytest
from icalendar import Calendar

from backontrack import content
from backontrack.adapt import adapt
from backontrack.handoff import take_home_text
from backontrack.instruction import Instruction, Setting, governing
from backontrack.journey import Journey
from backontrack.models import Answers, LogEntry, Profile
from backontrack.pdf import clinician_summary_pdf, take_home_pdf
from backontrack.plan import build_plan
from backontrack.reminders import ReminderTimes, calendar, default_walk_times
from backontrack.settings import Settings
from backontrack.store import CheckRecord, PlanRecord
from backontrack.triage import assess
from tests.conftest import START, answers_data, log, make_profile, on_day

SETTINGS = Settings(emergency_number="999")
MADE = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
FLAGS = content.red_flags()
#: Words that only a plan's content uses.
PLAN_WORDS = re.compile(r"\bplan\b|Level \d|Day \d|Days \d|walking day|stroll", re.IGNORECASE)


@dataclass(frozen=True)
class Scenario:
    name: str
    answers: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    pains: tuple[int, ...] = ()
    tick: tuple[str, ...] = ()
    setting: Setting = "home"
    #: What governs: the title every output must carry.
    title: str = ""
    plan: bool = True
    severe: bool = False
    #: The check result that a later one replaced (shown only as earlier).
    earlier: str | None = None


def title(tier: str, stopped: bool = False) -> str:
    info = FLAGS.tiers[tier]
    return SETTINGS.fill(info.stopped_title if stopped else info.title)


SEVERE = content.walking_plan().severe
WORST = FLAGS.derived_rule("worst_pain_now")
NO_WALKS = "This file has no walks in it."
SCENARIOS = [
    Scenario("emergency", {"chest_pain": "yes"}, title=title("emergency"), plan=False),
    Scenario("emergency at a kiosk", {"saddle_numbness": "yes"}, setting="kiosk", title=title("emergency"),
             plan=False),
    Scenario("urgent", {"fever": "yes"}, title=title("urgent"), plan=False),
    Scenario("urgent at a kiosk", {"weight_loss": "yes"}, setting="kiosk", title=title("urgent"), plan=False),
    Scenario("urgent from unsure nerves", {"bladder_change": "unsure"}, title=title("urgent"), plan=False),
    Scenario("soon", {"below_knee": "yes", "one_leg_numb_weak": "yes"}, title=title("soon")),
    Scenario("soon, fever not sure", {"fever": "unsure"}, title=title("soon")),
    Scenario("seen by a clinician who knew", {"cancer_history": "yes"},
             {"seen_clinician": True, "clinician_knew": ["cancer_history"]}, title=title("soon")),
    Scenario("seen by a clinician, not said they knew", {"cancer_history": "yes"}, {"seen_clinician": True},
             title=title("urgent"), plan=False),
    Scenario("self care", title=title("self_care")),
    Scenario("self care at a kiosk", setting="kiosk", title=title("self_care")),
    Scenario("stopped by an emergency sign", pains=(3, 3), tick=("saddle_numbness",),
             title=title("emergency", stopped=True), plan=False, earlier=title("self_care")),
    Scenario("stopped by an urgent sign", pains=(3, 3), tick=("fever",), title=title("urgent", stopped=True),
             plan=False, earlier=title("self_care")),
    Scenario("stopped by sharp or spreading pain", {"below_knee": "yes"}, pains=(3, 3),
             tick=("sharp_spreading_pain",), title=title("soon", stopped=True), plan=False,
             earlier=title("soon")),
    Scenario("severe pain for three days", pains=(3, 9, 8, 9), title=SEVERE.days_title, severe=True,
             earlier=title("self_care")),
    Scenario("a logged 10", pains=(3, 10), title=WORST.stopped_title, plan=False,
             earlier=title("self_care")),
    Scenario("a 10 at the check", extra={"pain_now": 10}, title=title("urgent"), plan=False),
    Scenario("a 10 at the check at a kiosk", extra={"pain_now": 10}, setting="kiosk", title=title("urgent"),
             plan=False),
    Scenario("severe pain from a baseline of 9", extra={"pain_now": 9}, pains=(9,) * 21,
             title=SEVERE.days_title, severe=True, earlier=title("soon")),
]  # fmt: skip


def journey_for(s: Scenario) -> Journey:
    data = answers_data(**s.answers) | s.extra
    answers = Answers.model_validate(data)
    result = assess(answers)
    check = CheckRecord(id=1, created_at=MADE, answers=answers, result=result)
    if not result.plan_allowed:
        return Journey(today=START, check=check, plan=None, logs=[], adapted=None)
    baseline_pain = min(data["pain_now"], 9)
    profile = Profile.model_validate(data | {"baseline_minutes": 10, "baseline_pain": baseline_pain})
    plan = build_plan(profile, START)
    logs: list[LogEntry] = [log(day, pain) for day, pain in enumerate(s.pains, start=1)]
    if s.tick:
        logs.append(log(len(logs) + 1, 3, red_flags=list(s.tick)))
    today = on_day(max(len(logs), 1))
    record = PlanRecord(id=1, check_id=1, created_at=MADE, plan=plan)
    return Journey(today=today, check=check, plan=record, logs=logs, adapted=adapt(plan, logs, today=today))


def instruction_for(s: Scenario) -> tuple[Journey, Instruction]:
    journey = journey_for(s)
    instr = governing(journey, SETTINGS, setting=s.setting)
    assert instr is not None
    return journey, instr


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(data: bytes) -> str:
    return flat(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages))


def documents(s: Scenario) -> dict[str, str]:
    """Every document output for the scenario, as the text a person reads."""
    journey, instr = instruction_for(s)
    assert journey.check is not None
    shown = journey.showable
    plan = shown.plan if shown is not None else None
    answers = journey.check.answers
    out = {
        "printout": pdf_text(take_home_pdf(answers, instr, plan, journey.today, SETTINGS)),
        "qr text": flat(take_home_text(answers, instr, plan, journey.today, SETTINGS).rsplit("\n", 1)[0]),
    }
    if s.setting == "home":
        out["clinician summary"] = pdf_text(clinician_summary_pdf(journey, journey.today, SETTINGS))
        times = ReminderTimes(walks=default_walk_times(2))
        ics = calendar(journey, times, dt.UTC, MADE, SETTINGS)
        texts = [str(e["description"]) for e in Calendar.from_ical(ics).walk("VEVENT")]
        out["calendar"] = flat(" ".join(texts))
    return out


@pytest.mark.parametrize("s", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_the_governing_instruction_is_chosen_from_one_place(s: Scenario) -> None:
    _, instr = instruction_for(s)
    assert instr.title == s.title
    assert instr.plan_allowed is s.plan
    assert (instr.earlier is not None) is (s.earlier is not None)


@pytest.mark.parametrize("s", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_every_document_carries_the_governing_instruction(s: Scenario) -> None:
    _, instr = instruction_for(s)
    paper = instr.on_paper()
    for output, text in documents(s).items():
        assert flat(paper.title) in text, output
        assert flat(paper.action) in text, output


@pytest.mark.parametrize("s", [s for s in SCENARIOS if not s.plan], ids=lambda s: s.name)
def test_no_document_of_a_no_plan_result_mentions_a_plan(s: Scenario) -> None:
    _, instr = instruction_for(s)
    paper = instr.on_paper()
    for output, text in documents(s).items():
        rest = text.replace(flat(paper.action), "").replace(flat(paper.title), "")
        rest = rest.replace(
            "There are no walks in this file: your walking plan is not to be followed now.", ""
        )
        rest = rest.replace("Plan stopped", "").replace(instr.earlier or "\0", "")
        if output == "clinician summary":
            rest = rest.replace("No walking plan has been made yet.", "")
        assert not PLAN_WORDS.search(rest), f"{output}: {PLAN_WORDS.search(rest)} in {rest[:300]}"


@pytest.mark.parametrize("s", [s for s in SCENARIOS if s.severe], ids=lambda s: s.name)
def test_nothing_says_keep_going_or_improving_while_pain_is_severe(s: Scenario) -> None:
    for output, text in documents(s).items():
        lowered = text.lower().replace("green band: much better than at the start", "")  # the chart's key
        for phrase in ("keep going", "improving", "much better", "about the same"):
            assert phrase not in lowered, f"{output} says {phrase!r}"


@pytest.mark.parametrize("s", [s for s in SCENARIOS if s.earlier], ids=lambda s: s.name)
def test_a_replaced_result_is_only_ever_shown_as_earlier(s: Scenario) -> None:
    assert s.earlier is not None
    for output, text in documents(s).items():
        for at in (m.start() for m in re.finditer(re.escape(s.earlier), text)):
            before = text[max(0, at - 60) : at]
            assert before.endswith(": "), f"{output}: {s.earlier!r} is not labelled as earlier"
            assert "Earlier result" in before, f"{output}: {s.earlier!r} is not labelled as earlier"


@pytest.mark.parametrize("s", [s for s in SCENARIOS if s.setting == "kiosk"], ids=lambda s: s.name)
def test_a_kiosk_result_speaks_to_someone_in_a_clinic(s: Scenario) -> None:
    _, instr = instruction_for(s)
    if instr.tier in ("emergency", "urgent"):
        assert "reception desk" in instr.action
        assert "contact your doctor's surgery" not in instr.action


def test_fault_7_a_not_sure_temperature_is_a_condition_on_every_output_with_the_plan() -> None:
    s = next(s for s in SCENARIOS if s.name == "soon, fever not sure")
    _, instr = instruction_for(s)
    condition = SETTINGS.fill(FLAGS.item("fever").reason_unsure)
    assert instr.conditions == (condition,)
    for output in ("printout", "qr text"):
        assert flat(condition) in documents(s)[output], output
    assert "unless your result says to do something sooner" in instr.action


def test_fault_3_an_urgent_printout_never_mixes_in_a_lower_tiers_reason() -> None:
    answers = Answers.model_validate(answers_data(fever="yes", below_knee="yes"))
    instr = governing(
        Journey(START, CheckRecord(1, MADE, answers, assess(answers)), None, [], None), SETTINGS
    )
    assert instr is not None
    text = pdf_text(take_home_pdf(answers, instr, None, START, SETTINGS))
    assert "Get medical advice today" in text
    assert flat(FLAGS.item("below_knee").reason) not in text
    assert f"Also tell the doctor about: {FLAGS.label('below_knee')}." in text
    assert "keep your result and what to do. It is text" in text
    assert "your plan" not in text


def test_fault_6_the_urgent_qr_text_says_what_to_do_and_the_emergency_number() -> None:
    answers = Answers.model_validate(answers_data(fever="yes"))
    instr = governing(
        Journey(START, CheckRecord(1, MADE, answers, assess(answers)), None, [], None), SETTINGS
    )
    assert instr is not None
    text = take_home_text(answers, instr, None, START, SETTINGS)
    assert "Speak to a doctor or nurse today" in text
    assert "999" in text


def test_fault_6_the_worst_case_printout_keeps_every_sign_on_a_page() -> None:
    """All seven soon answers yes, age 16 and pain 9: the last sign was drawn below the page edge."""
    soon = {i.id: "yes" for i in FLAGS.items if i.tier == "soon"}
    data = answers_data(**soon) | {"age": 16, "pain_now": 9}
    profile = make_profile(baseline_pain=9, **data)
    answers = Answers.model_validate(data)
    instr = governing(
        Journey(START, CheckRecord(1, MADE, answers, assess(answers)), None, [], None), SETTINGS
    )
    assert instr is not None
    pdf = take_home_pdf(answers, instr, build_plan(profile, START), START, SETTINGS)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) <= 5  # large print flows over (revision 4); the exercises take the last
    lowest: list[float] = []
    for page in reader.pages:
        page.extract_text(
            visitor_text=lambda text, cm, tm, *_: lowest.append(tm[5]) if text.strip() else None
        )
    assert min(lowest) > 0, "text drawn below the page edge"
    last_sign = FLAGS.recheck_items[-1].sign
    assert flat(last_sign) in pdf_text(pdf)
