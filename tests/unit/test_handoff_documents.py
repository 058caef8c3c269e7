"""The take-home printout and QR code: one valid page, the plan's numbers, and a code that reads back."""

from __future__ import annotations

import io
import json

import pypdf
import pypdfium2
import pytest
import zxingcpp
from PIL import Image

from backontrack.handoff import read_take_home, take_home_text
from backontrack.models import Answers, Profile
from backontrack.pdf import take_home_pdf
from backontrack.plan import build_plan
from backontrack.qr import qr_png
from backontrack.settings import Settings
from backontrack.triage import assess
from tests.conftest import EXAMPLES, REPO, START, answers_data, said

ARTIFACTS = REPO / "artifacts" / "handoff"


def low_baseline() -> Profile:
    return Profile.model_validate(json.loads((EXAMPLES / "profile-low-baseline.json").read_text()))


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return len(reader.pages), " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_printout_is_one_page_with_the_result_the_plan_and_the_signs_and_the_exercises_over_it() -> None:
    profile = low_baseline()
    plan = build_plan(profile, START)
    data = take_home_pdf(profile, said(plan.triage), plan, START, Settings(emergency_number="999"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "take-home-soon.pdf").write_bytes(data)
    page = pypdfium2.PdfDocument(data)[0]  # a picture of the page, for a person to look at
    page.render(scale=1.5).to_pil().save(ARTIFACTS / "take-home-soon.png")
    pages, text = pdf_text(data)
    assert pages == 2  # the exercises, with their drawings, are over the page
    assert "See a GP or physio within two weeks" in text
    assert "Pain shooting down one leg past the knee" in text  # the reason
    for day in plan.days:  # every day's own numbers
        assert f"{day.date:%a %d %b}" in text
        assert " + ".join(str(m) for m in day.walks) in text
    assert "If your pain goes up while you walk" in text
    assert "Chest pain" in text  # a safety-net sign
    assert "call 999" in text


@pytest.mark.parametrize("item", ["chest_pain", "fever"])
def test_an_emergency_or_urgent_printout_has_the_instruction_and_reasons_and_no_plan(item: str) -> None:
    answers = Answers.model_validate(answers_data(**{item: "yes"}))
    result = assess(answers)
    pages, text = pdf_text(take_home_pdf(answers, said(result), None, START, Settings()))
    assert pages == 1
    assert "walking plan, from" not in text
    assert "Walks (minutes)" not in text
    assert result.reasons[0].why.split(".")[0] in text


def test_the_qr_code_decodes_to_the_text_that_rebuilds_the_same_plan() -> None:
    profile = low_baseline()
    plan = build_plan(profile, START)
    text = take_home_text(profile, said(plan.triage), plan, START)
    image = Image.open(io.BytesIO(qr_png(text)))
    [found] = zxingcpp.read_barcodes(image)
    assert found.text == text
    assert read_take_home(found.text, START).plan == plan
