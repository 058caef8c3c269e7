"""The clinician summary: one page with the person's own numbers, every plan change and why, the
chart, and never a plan for an emergency or urgent result; read back with pypdf, graded for wording."""

from __future__ import annotations

import datetime as dt
import io
import re

import pypdf
import pypdfium2
import pytest

from backontrack import content
from backontrack.adapt import adapt
from backontrack.journey import Journey
from backontrack.models import Answers, LogEntry, Profile
from backontrack.pdf import SUMMARY_CHANGES, clinician_summary_pdf
from backontrack.plan import build_plan
from backontrack.settings import Settings
from backontrack.store import CheckRecord, PlanRecord
from backontrack.triage import assess
from tests import wording
from tests.conftest import REPO, START, answers_data, log, make_profile, on_day

ARTIFACTS = REPO / "artifacts" / "summary"
MADE = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
SETTINGS = Settings(emergency_number="999")
FLAGS = content.red_flags()
#: Lines of the chart's scales and dates: numbers, not sentences.
SCALE_LINE = re.compile(r"^(\d+|(\d{1,2} [A-Z][a-z]{2}\s*)+)$")


def leg_pain_profile() -> Profile:
    answers = answers_data(below_knee="yes") | {"pain_now": 4}
    return make_profile(baseline_minutes=4, baseline_pain=4, preferences={"walks_per_day": 3}, **answers)


def journey_of(
    profile: Answers, plan_profile: Profile | None, logs: list[LogEntry], today: dt.date
) -> Journey:
    check = CheckRecord(id=1, created_at=MADE, answers=profile, result=assess(profile))
    if plan_profile is None or not check.result.plan_allowed:
        return Journey(today=today, check=check, plan=None, logs=logs, adapted=None)
    plan = build_plan(plan_profile, START)
    record = PlanRecord(id=1, check_id=1, created_at=MADE, plan=plan)
    return Journey(today=today, check=check, plan=record, logs=logs, adapted=adapt(plan, logs, today=today))


def walked_journey() -> Journey:
    """Ten days in: a two-day rise in pain, a flare, and days that went well."""
    profile = leg_pain_profile()
    logs = [
        log(1, 4, minutes=8),
        log(2, 6, minutes=6),
        log(3, 6, minutes=5),
        log(4, 4, minutes=10, flare=True),
        log(5, 3, minutes=12),
        log(6, 3, minutes=12),
        log(8, 2, minutes=14),
        log(9, 3, minutes=15),
    ]
    return journey_of(profile, profile, logs, on_day(10))


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def passages(data: bytes) -> list[str]:
    """What a person reads, as the app's wording tests take it: each heading, paragraph and bullet
    whole (a change of font ends one; a line starting '- ' starts a bullet). Chart scales are left out.
    """
    runs: list[tuple[str, str]] = []

    def collect(text: str, _cm: object, _tm: object, font: dict[str, object] | None, size: float) -> None:
        style = f"{(font or {}).get('/BaseFont')}-{size}"
        runs.append((style, text))

    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=collect)
    out: list[str] = []
    last = ""
    for style, text in runs:
        for line in (ln.strip() for ln in text.split("\n")):
            if not line or SCALE_LINE.match(line):
                continue
            if not out or style != last or line.startswith("- "):
                out.append(line)
            else:
                out[-1] += " " + line
            last = style
    return [p.removeprefix("- ") for p in out]


def test_the_summary_is_one_page_with_the_persons_own_numbers() -> None:
    journey = walked_journey()
    data = clinician_summary_pdf(journey, on_day(10), SETTINGS)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "clinician-summary.pdf").write_bytes(data)
    pypdfium2.PdfDocument(data)[0].render(scale=1.5).to_pil().save(ARTIFACTS / "clinician-summary.png")
    pages, raw = pdf_text(data)
    text = flat(raw)
    assert pages == 1
    # The latest check's result, and every answer that moved it.
    assert "What to do now: See a GP or physio within two weeks From the check on 23 November 2026." in text
    assert f"{FLAGS.label('below_knee')}. You said yes." in text
    # The test walk, and the plan as it stands.
    assert "Test walk: 4 minutes. Pain before it: 4/10." in text
    assert "Plan started Mon 23 Nov 2026. Today is day 10 of 14." in text
    assert "Days 1-12: 4+4 min" in text  # flare days total no more than Level 1's 4 + 4 (revision 4)
    # Every change, with its reason.
    adapted = journey.adapted
    assert adapted is not None
    assert len(adapted.adjustments) == 2
    for change in adapted.adjustments:
        assert flat(change.sentence) in text
    # Pain against the start, and how much was logged and walked.
    assert "Pain: 3.0/10 on average over the last 7 days, against 4/10 at the start." in text
    assert "Days logged: 8 of 10 so far." in text
    walked = sum(e.minutes for e in journey.logs)
    planned = sum(d.target_minutes for d in adapted.days if d.date <= on_day(10))
    assert f"Minutes walked: {walked} of {planned} planned so far ({walked / planned:.0%})." in text
    assert "Walking and pain, day by day" in text  # the chart, with its key
    assert "Blue bars: minutes walked" in text
    assert "None were logged." in text
    assert "In an emergency, call 999." in text


def test_the_chart_is_drawn_from_the_days_of_the_plan() -> None:
    data = clinician_summary_pdf(walked_journey(), on_day(10), SETTINGS)
    _, raw = pdf_text(data)
    dates = [ln for ln in raw.splitlines() if SCALE_LINE.match(ln.strip()) and "Nov" in ln]
    shown = " ".join(dates)
    for day in range(1, 15):
        assert f"{on_day(day).day} {on_day(day):%b}" in shown  # one date format everywhere (issue 25)
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    drawing = page.get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
    # 8 logged days give 8 bars (filled boxes) besides the pale band.
    assert drawing.count(" re f") >= 8 + 1


@pytest.mark.parametrize("item", ["chest_pain", "incontinence", "fever", "injects_drugs"])
def test_an_emergency_or_urgent_result_gets_the_result_and_why_and_never_a_plan(item: str) -> None:
    answers = Answers.model_validate(answers_data(**{item: "yes"}))
    result = assess(answers)
    assert not result.plan_allowed
    pages, raw = pdf_text(clinician_summary_pdf(journey_of(answers, None, [], START), START, SETTINGS))
    text = flat(raw)
    assert pages == 1
    assert SETTINGS.fill(FLAGS.tiers[result.tier].title) in text
    assert flat(result.reasons[0].why) in text
    for plan_words in ("Test walk", "Days 1-", "Minutes walked", "Walking and pain", "min)"):
        assert plan_words not in text


def test_fault_4_a_plan_stopped_by_a_warning_sign_opens_with_the_stop_and_labels_the_check_earlier() -> None:
    """Issue 16, fault 4: the summary opened with the self-care check's "Nothing you told us needs..."."""
    profile = make_profile()
    logs = [log(1, 3), log(2, 3), log(3, 5, red_flags=["fever"])]
    journey = journey_of(profile, profile, logs, on_day(4))
    assert journey.showable is None
    _, raw = pdf_text(clinician_summary_pdf(journey, on_day(4), SETTINGS))
    text = flat(raw)
    assert text.index(f"What to do now: {FLAGS.tiers['urgent'].stopped_title}") < text.index("Earlier result")
    assert "From the daily log on 25 November 2026." in text
    assert "Earlier result, from your check on" in text
    assert SETTINGS.fill(FLAGS.tiers["self_care"].action) not in text
    assert "Result: Walking is a good place to start" not in text
    assert f"Wed 25 Nov 2026: {FLAGS.label('fever')}." in text
    assert "Test walk" not in text
    assert "Walking and pain" not in text


def test_a_check_with_no_plan_yet_says_so() -> None:
    profile = make_profile()
    _, raw = pdf_text(clinician_summary_pdf(journey_of(profile, None, [], START), START, SETTINGS))
    text = flat(raw)
    assert "Walking is a good place to start" in text
    assert "The person answered no to every warning sign." in text
    assert "No walking plan has been made yet." in text


def test_before_any_check_the_summary_says_there_is_none() -> None:
    _, raw = pdf_text(clinician_summary_pdf(Journey.empty(START), START, SETTINGS))
    assert "The person has not done the check in the app yet." in flat(raw)


def font_sizes(data: bytes) -> list[float]:
    """The size of every piece of text in the PDF, in points."""
    sizes: list[float] = []

    def collect(text: str, _cm: object, tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            sizes.append(size * (tm[3] or 1))

    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=collect)
    return sizes


def moving_pain(days: int) -> Journey:
    profile = leg_pain_profile()
    pains = ([4, 7, 7, 3, 3, 7, 3, 3, 7, 7, 3, 3, 3] * (days // 13 + 1))[:days]
    logs = [log(d, p, minutes=10, flare=d % 9 == 0) for d, p in enumerate(pains, start=1)]
    return journey_of(profile, profile, logs, on_day(days))


def test_two_months_of_changes_fit_on_one_page_with_the_latest_changes_and_a_count_of_the_rest() -> None:
    journey = moving_pain(65)
    assert journey.adapted is not None
    assert len(journey.adapted.adjustments) > 15
    data = clinician_summary_pdf(journey, journey.today, SETTINGS)
    pages, raw = pdf_text(data)
    assert pages == 1
    text = flat(raw)
    for change in journey.adapted.adjustments[-SUMMARY_CHANGES:]:
        assert flat(change.sentence) in text
    left = len(journey.adapted.adjustments) - SUMMARY_CHANGES
    assert f"{left} earlier changes are not listed here (the app shows them all)." in text
    assert flat(journey.adapted.adjustments[0].sentence) not in text


@pytest.mark.parametrize("days", [365, 5 * 365])
def test_issue_25_a_long_history_stays_within_two_pages_and_never_under_9_points(days: int) -> None:
    """A year of moving pain gave 2 pages, and a 27-year import 32; every size was scaled down to 5.8 pt."""
    journey = moving_pain(days)
    data = clinician_summary_pdf(journey, journey.today, SETTINGS)
    pages, raw = pdf_text(data)
    assert pages <= 2
    assert min(font_sizes(data)) >= 9
    assert "What to do now:" in flat(raw)


def test_revision4_7_every_summary_is_at_least_9_points() -> None:
    for data in summaries():
        assert min(font_sizes(data)) >= 9


def summaries() -> list[bytes]:
    """Every kind of summary's text: a plan under way, a long one, each unsafe result, a stop."""
    profile = make_profile()
    kinds = [
        walked_journey(),
        journey_of(profile, None, [], START),
        journey_of(profile, profile, [log(1, 3), log(2, 5, red_flags=["fever"])], on_day(3)),
        *(
            journey_of(Answers.model_validate(answers_data(**{item: "yes"})), None, [], START)
            for item in ("chest_pain", "fever", "weight_loss")
        ),
    ]
    return [clinician_summary_pdf(j, j.today, SETTINGS) for j in kinds]


def test_every_sentence_of_the_summary_reads_at_grade_8_or_below_and_names_no_diagnosis() -> None:
    said = [passage for data in summaries() for passage in passages(data)]
    assert any(p.startswith("Your pain was 6/10 on") for p in said)  # plan changes are among them
    assert [s for s in said if wording.DIAGNOSIS_WORDS.search(s)] == []
    hard = {
        s: round(wording.grade(s), 1) for s in wording.graded(said) if wording.grade(s) > wording.MAX_GRADE
    }
    assert hard == {}
    if wording.SEEDS.is_dir():
        assert {s: wording.copied(s) for s in said if wording.copied(s)} == {}


def test_issue_17_a_one_minute_test_walk_is_one_minute() -> None:
    profile = make_profile(baseline_minutes=1)
    _, raw = pdf_text(clinician_summary_pdf(journey_of(profile, profile, [], START), START, SETTINGS))
    assert "Test walk: 1 minute." in flat(raw)
    assert "1 minutes" not in flat(raw)
