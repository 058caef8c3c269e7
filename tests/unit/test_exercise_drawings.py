"""Issue 19, part 4: every exercise the content names has a drawing of our own and words for it."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pypdf
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from pydantic import ValidationError

from backontrack import content
from backontrack.content import DRAWING_MAX_BYTES, GuidanceContent, loader
from backontrack.instruction import for_result
from backontrack.models import Answers
from backontrack.pdf import plan_exercises, take_home_pdf
from backontrack.plan import build_plan
from backontrack.settings import Settings
from backontrack.triage import assess
from tests.conftest import START, answers_data, make_profile

SETTINGS = Settings(emergency_number="999")
SVG = "{http://www.w3.org/2000/svg}"
CONTENT = Path(content.__file__).parent / content.REFERENCE  # the English files
EXERCISES = content.guidance().exercises
#: The exercises the issue lists by name; each must be one of the content's exercises.
NAMED = ["pelvic tilt", "bird-dog", "bridge", "knee roll", "hamstring", "hip-flexor"]


def every_content_text() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(CONTENT.glob("*.toml"))).lower()


@pytest.mark.parametrize("name", NAMED)
def test_issue_19_every_exercise_named_in_the_content_has_a_drawing_and_alt_text(name: str) -> None:
    assert name in every_content_text()
    matches = [e for e in EXERCISES if name in e.name.lower()]
    assert len(matches) == 1, f"{name!r} is not one exercise: {[e.name for e in matches]}"
    exercise = matches[0]
    assert exercise.drawing.is_file()
    assert len(exercise.alt) >= 20


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_each_drawing_is_a_small_self_contained_svg_titled_with_its_exercise(
    exercise: content.Exercise,
) -> None:
    data = exercise.drawing.read_bytes()
    assert len(data) < DRAWING_MAX_BYTES
    root = ET.fromstring(data)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None
    assert title.text is not None
    assert title.text.lower().rstrip("s") in exercise.name.lower()
    # Drawn with lines and shapes only: no embedded picture, no link, nothing fetched.
    text = data.decode().replace(' xmlns="http://www.w3.org/2000/svg"', "", 1)
    assert not re.search(r"<image|href|url\(|https?:|@import|<script|<style", text), exercise.id
    kinds = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert kinds <= {"svg", "title", "g", "line", "path", "circle"}, kinds


def test_each_drawing_is_different_and_each_alt_text_says_what_moves() -> None:
    assert len({e.drawing.read_bytes() for e in EXERCISES}) == len(EXERCISES)
    assert len({e.alt for e in EXERCISES}) == len(EXERCISES)
    for exercise in EXERCISES:
        # What the body does, not only the pose's name: a person, and a sentence or two.
        assert "a person" in exercise.alt.lower(), exercise.id
        assert len(exercise.alt) >= 60, exercise.id


def test_the_loader_refuses_an_exercise_without_a_drawing() -> None:
    data = loader._read("guidance.toml")
    data["exercises"][0]["id"] = "no_such_drawing"
    with pytest.raises(ValidationError, match="no drawing"):
        GuidanceContent.model_validate(data)


def test_the_loader_refuses_an_exercise_without_alt_text() -> None:
    data = loader._read("guidance.toml")
    del data["exercises"][0]["alt"]
    with pytest.raises(ValidationError, match="alt"):
        GuidanceContent.model_validate(data)


def test_issue_19_the_kiosk_printout_draws_each_of_the_plans_exercises_beside_its_steps() -> None:
    profile = make_profile()
    plan = build_plan(profile, START)
    shown = plan_exercises(plan)
    assert shown, "the plan names no exercise"
    data = take_home_pdf(profile, for_result(assess(profile), SETTINGS), plan, START, SETTINGS)
    reader = pypdf.PdfReader(io.BytesIO(data))
    first = " ".join(reader.pages[0].extract_text().split())
    assert "The stretches and core exercises, with drawings, are on the last page." in first
    last = reader.pages[-1]
    text = " ".join(last.extract_text().split())
    assert content.guidance().exercise_advice in text  # the stop rule, as on screen
    for exercise in shown:
        assert exercise.name in text
        assert " ".join(exercise.how.split()[:6]) in text
        days = [str(day.day) for day in plan.days if exercise.id in day.guidance]
        assert f"On days {', '.join(days[:-1])} and {days[-1]}." in text  # which days, as the plan says
    for exercise in shown:  # each drawing is tagged with its words
        assert exercise.alt.encode() in data
    document = pypdfium2.PdfDocument(data)
    try:
        lines = [o for o in document[len(document) - 1].get_objects() if o.type == pdfium_c.FPDF_PAGEOBJ_PATH]
    finally:
        document.close()
    assert len(lines) >= 5 * len(shown), "the drawings are missing from the exercises page"


@pytest.mark.parametrize("sign", ["fever", "chest_pain"])
def test_an_urgent_or_emergency_printout_has_no_exercises(sign: str) -> None:
    answers = Answers.model_validate(answers_data(**{sign: "yes"}))
    data = take_home_pdf(answers, for_result(assess(answers), SETTINGS), None, START, SETTINGS)
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) <= 2  # large print (revision 4): the card and the code may turn the page
    assert not any(e.name in text for e in EXERCISES)
    assert "Stretches and core exercises" not in text
