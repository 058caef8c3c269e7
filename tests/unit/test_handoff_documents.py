"""The take-home printout and QR code: one valid page, the plan's numbers, and a code that reads back."""

from __future__ import annotations

import io
import json

import pypdf
import pypdfium2
import pytest
import zxingcpp
from PIL import Image

from backontrack import content
from backontrack.handoff import MAX_CHARS, PLAN_ON_PAPER, read_take_home, take_home_text
from backontrack.instruction import for_result
from backontrack.models import Answers, Plan, Profile
from backontrack.pdf import take_home_pdf
from backontrack.plan import build_plan
from backontrack.qr import qr_png
from backontrack.settings import Settings
from backontrack.triage import assess
from tests.conftest import EXAMPLES, REPO, START, answers_data, make_profile, said

ARTIFACTS = REPO / "artifacts" / "handoff"


def low_baseline() -> Profile:
    return Profile.model_validate(json.loads((EXAMPLES / "profile-low-baseline.json").read_text()))


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return len(reader.pages), " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_printout_has_the_result_the_plan_and_the_signs_and_the_exercises_on_the_last_page() -> None:
    profile = low_baseline()
    plan = build_plan(profile, START)
    data = take_home_pdf(profile, said(plan.triage), plan, START, Settings(emergency_number="999"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "take-home-soon.pdf").write_bytes(data)
    page = pypdfium2.PdfDocument(data)[0]  # a picture of the page, for a person to look at
    page.render(scale=1.5).to_pil().save(ARTIFACTS / "take-home-soon.png")
    pages, text = pdf_text(data)
    assert 2 <= pages <= 4  # large print flows over; the exercises, with drawings, are on the last
    assert "Stretches and core exercises" in pypdf.PdfReader(io.BytesIO(data)).pages[-1].extract_text()
    assert "See a GP or physio within two weeks" in text
    assert "Pain shooting down one leg past the knee" in text  # the reason
    for day in plan.days:  # every day's own numbers
        assert f"{day.date:%a} {day.date.day} {day.date:%b}" in text
        assert " + ".join(str(m) for m in day.walks) in text
    assert "If your pain goes up while you walk" in text
    assert "Chest pain" in text  # a safety-net sign
    assert "call 999" in text


@pytest.mark.parametrize("item", ["chest_pain", "fever"])
def test_an_emergency_or_urgent_printout_has_the_instruction_and_reasons_and_no_plan(item: str) -> None:
    answers = Answers.model_validate(answers_data(**{item: "yes"}))
    result = assess(answers)
    pages, text = pdf_text(take_home_pdf(answers, said(result), None, START, Settings()))
    assert pages <= 2
    assert "walking plan, from" not in text
    assert "Walks (minutes)" not in text
    assert result.reasons[0].why.split(".")[0] in text


def test_the_qr_code_decodes_to_the_text_that_rebuilds_the_same_plan() -> None:
    profile = low_baseline()
    plan = build_plan(profile, START)
    text = take_home_text(profile, said(plan.triage), plan, START, Settings())
    image = Image.open(io.BytesIO(qr_png(text)))
    [found] = zxingcpp.read_barcodes(image)
    assert found.text == text
    assert read_take_home(found.text, START).plan == plan


# -- Revision 4 ------------------------------------------------------------------------------------
SETTINGS_999 = Settings(emergency_number="999")
EMERGENCY_SIGNS = [
    s.sign for g in content.red_flags().safety_net_groups() if g.tier == "emergency" for s in g.signs
]


def flat(text: str) -> str:
    return " ".join(text.split())


def crowded() -> tuple[Profile, Plan]:
    """Issue 24, fault 8: fever and night pain not sure, leg pain, not coping; 6 walks, every time."""
    answers = answers_data(fever="unsure", night_rest_pain="unsure", below_knee="yes", not_coping="yes")
    profile = make_profile(
        baseline_minutes=7,
        preferences={"walks_per_day": 6, "times_of_day": ["morning", "midday", "after_meals", "evening"]},
        **answers,
    )
    return profile, build_plan(profile, START)


@pytest.mark.parametrize(
    "answers",
    [{}, {"below_knee": "yes"}, {"fever": "yes"}, {"bladder_change": "unsure"}, {"chest_pain": "yes"}],
    ids=["self care", "soon", "urgent", "urgent, nerves not sure", "emergency"],
)
def test_revision4_4_every_qr_text_has_what_to_do_the_number_and_every_emergency_sign(
    answers: dict[str, str],
) -> None:
    """Issue 24, fault 8: no self-care or soon QR text had the emergency number or a sign to act on."""
    data = answers_data(**answers)
    profile = make_profile(**data)
    result = assess(profile)
    plan = build_plan(profile, START) if result.plan_allowed else None
    instr = said(result)
    text = flat(take_home_text(profile, instr, plan, START, SETTINGS_999))
    assert flat(instr.on_paper().action) in text
    assert "Call 999 now" in text
    for sign in EMERGENCY_SIGNS:
        assert sign in text


def test_revision4_4_a_crowded_qr_text_drops_the_plan_first_and_keeps_every_condition() -> None:
    profile, plan = crowded()
    instr = said(plan.triage)
    assert instr.conditions  # take your temperature ...
    text = take_home_text(profile, instr, plan, START, SETTINGS_999)
    assert len(text) <= MAX_CHARS
    for condition in instr.conditions:
        assert flat(condition) in flat(text)
    assert PLAN_ON_PAPER in text  # the plan's days went first, and the text says where they are
    assert "Days 1-" not in text
    assert read_take_home(text, START).plan == plan  # the answers line still rebuilds the plan


@pytest.mark.parametrize("crowd", [False, True], ids=["usual", "crowded"])
def test_revision4_4_the_printed_code_scans_back_from_the_printout(crowd: bool) -> None:
    profile, plan = crowded() if crowd else (low_baseline(), build_plan(low_baseline(), START))
    instr = said(plan.triage)
    data = take_home_pdf(profile, instr, plan, START, SETTINGS_999)
    document = pypdfium2.PdfDocument(data)
    found = []
    for page in document:
        found += zxingcpp.read_barcodes(page.render(scale=2.5).to_pil())  # 180 dpi, as a phone sees paper
    assert [f.text for f in found] == [take_home_text(profile, instr, plan, START, SETTINGS_999)]


@pytest.mark.parametrize("sign", ["bladder_change", "saddle_numbness"])
def test_revision4_3_kiosk_paper_leads_with_the_home_action_and_says_what_to_do_on_leaving(sign: str) -> None:
    """Issue 24, fault 9: "tell the reception desk" replaced "get seen in person today" on paper."""
    answers = Answers.model_validate(answers_data(**{sign: "unsure"}))
    instr = for_result(assess(answers), SETTINGS_999, setting="kiosk")
    assert "reception desk" in instr.action  # the screen keeps it
    _, pdf = pdf_text(take_home_pdf(answers, instr, None, START, SETTINGS_999))
    qr = flat(take_home_text(answers, instr, None, START, SETTINGS_999))
    for text in (pdf, qr):
        assert "Get seen in person today" in text
        assert "reception desk" not in text
        assert "If you leave before a doctor or nurse has seen you" in text


def sizes_of(data: bytes) -> list[tuple[float, str]]:
    out: list[tuple[float, str]] = []

    def collect(text: str, _cm: object, tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            out.append((size * (tm[3] or 1), text.strip()))

    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=collect)
    return out


def test_revision4_7_the_leaflet_is_large_print_with_a_14_point_card_that_says_print_at_100() -> None:
    """Issue 24, fault 11: the take-home printout was set at 7.5 to 8.5 pt, the card included."""
    profile, plan = crowded()
    data = take_home_pdf(profile, said(plan.triage), plan, START, SETTINGS_999)
    sizes = sizes_of(data)
    assert min(size for size, _ in sizes) >= 12
    signs = {s.sign for s in content.red_flags().recheck_items}
    card = [size for size, text in sizes if text.removeprefix("- ") in signs]
    assert len(card) >= len(signs)
    assert min(card) >= 14
    action = flat(said(plan.triage).action)
    biggest_body = max(size for size, text in sizes if text in action)
    assert biggest_body >= max(size for size, text in sizes if text.removeprefix("- ") in signs)
    assert "Print this page at 100% (actual size)" in pdf_text(data)[1]
