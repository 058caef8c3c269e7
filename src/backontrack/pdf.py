"""The app's two printouts, from core models alone (no streamlit).

- The take-home leaflet (kiosk): the result, why, the plan, today's guidance,
  the stop-and-get-help card, and the QR code; with a plan, a page of its
  stretches and core exercises, each drawing beside its steps. It is set in
  large print (revision 4, after NHS patient information): body text 12 pt or
  more, the action biggest, the card 14 pt with "print at 100%", flowing onto
  as many pages as it needs.
- The clinician summary (personal mode): the latest result and why, the test
  walk, the plan and its latest changes with their reasons, the progress chart
  drawn with fpdf2's own lines and boxes (no browser or Kaleido needed), pain
  against the start, how much was logged and walked, and any warning signs
  ticked in the daily log. Denser, never under 9 pt, and two pages at most
  whatever the history: long lists keep their latest entries and say how many
  more there are.

Both print what to do now from the one governing instruction (instruction.py),
in its words for paper (never "tell the reception desk" in place of the action).
An emergency or urgent result (or a plan stopped by a warning sign or a 10)
prints the instruction and the reasons, and never a plan; a result a later one
replaced is printed as earlier. Every mode can offer them, and tests read them back.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import math
import re
from collections.abc import Callable

import pandas as pd
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from backontrack import content
from backontrack.charts import meaningful_fall
from backontrack.content import Exercise
from backontrack.dates import date_long, date_short, day_long, day_month, day_short
from backontrack.handoff import PLAN_ON_PAPER, plan_lines, take_home_text
from backontrack.i18n import N_, _, ngettext, write_number, write_share
from backontrack.instruction import Instruction, governing
from backontrack.journey import Journey
from backontrack.models import AdaptedPlan, Answers, Plan, PlanDay
from backontrack.plan import PAIN_TIP, pain_tip
from backontrack.progress import daily_frame, summarise
from backontrack.qr import qr_png
from backontrack.settings import Settings

#: Guidance printed for every walking day (the plan's own day-by-day tips are on screen).
PRINTED_TIPS = ("pain_during_walk", "posture", "surfaces_and_shoes")
PLAIN = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)
MARGIN = 14.0
#: Large print for the leaflet a person takes home (points): NHS patient information uses 12 or more.
LEAFLET_BODY = 12.0
LEAFLET_CARD = 14.0
LEAFLET_HEADING = 16.0
LEAFLET_ACTION = 18.0
LEAFLET_TITLE = 22.0
#: The clinician summary is denser, but never smaller than this (revision 4).
SUMMARY_SMALLEST = 9.0
#: Said beside day 1's walks: the test walk, done that morning, counts toward them (revision 4).
TEST_WALK_COUNTS = N_("your test walk counts toward these")
#: The QR code's printed size (mm): modules big enough to scan at arm's length.
QR_MM = 62.0


def _latin(text: str) -> str:
    """The built-in PDF fonts know Latin-1 only: plain quotes and dashes, anything else as '?'."""
    return text.translate(PLAIN).encode("latin-1", "replace").decode("latin-1")


class _Page(FPDF):
    # Ragged right, never justified: even word spacing reads more easily (NHS print guidance).
    def heading(self, text: str, size: float = 12) -> None:
        self.set_font("Helvetica", "B", size)
        self.multi_cell(0, size * 0.5, _latin(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def para(self, text: str, size: float = 9.5, style: str = "") -> None:
        self.set_font("Helvetica", style, size)
        self.multi_cell(0, size * 0.45, _latin(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def bullets(self, lines: list[str], size: float = 9) -> None:
        self.set_font("Helvetica", "", size)
        for line in lines:
            self.multi_cell(
                0, size * 0.45, _latin(f"- {line}"), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )

    def room_for(self, height: float) -> None:
        """Start a new page unless `height` mm still fit on this one (keeps a block in one piece)."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()


def take_home_pdf(
    answers: Answers, instr: Instruction, plan: Plan | None, made: dt.date, settings: Settings
) -> bytes:
    """The take-home leaflet as PDF bytes, in large print, on as many pages as it needs."""
    paper = instr.on_paper()  # never the reception desk's words in place of the action
    showing_plan = plan is not None and paper.plan_allowed
    title = (
        _("Back on Track: your result and walking plan") if showing_plan else _("Back on Track: your result")
    )
    pdf = _Page(format="A4")
    pdf.set_margins(MARGIN, 14, MARGIN)
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.set_title(title)
    pdf.add_page()
    pdf.heading(title, LEAFLET_HEADING)
    pdf.para(
        _("Made on {date}. This is not a diagnosis. In an emergency, call {number}.").format(
            date=date_long(made), number=settings.emergency_call
        ),
        size=LEAFLET_BODY,
    )
    pdf.ln(3)
    _leaflet_instruction(pdf, paper)
    if showing_plan and plan is not None:
        _plan_table(pdf, plan)
        tips = {t.id: t for t in content.guidance().tips}
        pdf.room_for(30)
        pdf.heading(_("Every walking day"), LEAFLET_HEADING)
        printed = [pain_tip(plan.profile) if i == PAIN_TIP else i for i in PRINTED_TIPS]
        lines = [f"{tips[i].title}: {settings.fill(tips[i].text)}" for i in printed]
        if any(day.optional for day in plan.days):
            condition = content.walking_plan().wording.stroll_condition
            lines.append(_("Optional stroll: {condition}.").format(condition=condition))
        pdf.bullets(lines, size=LEAFLET_BODY)
        pdf.ln(2)
        if plan_exercises(plan):
            pdf.para(
                _("The stretches and core exercises, with drawings, are on the last page."),
                size=LEAFLET_BODY,
                style="B",
            )
        pdf.ln(2)
    _safety_net(pdf, settings)
    text = take_home_text(answers, instr, plan, made, settings)
    if not showing_plan:
        keeps = _(
            "Scan this code with your phone's camera to keep your result and what to do. "
            "It is text, with no link."
        )
    elif _(PLAN_ON_PAPER) not in text:
        keeps = _(
            "Scan this code with your phone's camera to keep your result and what to do, and your plan. "
            "It is text, with no link."
        )
    else:
        keeps = _(
            "Scan this code with your phone's camera to keep your result and what to do. "
            "Your plan is on this printout. It is text, with no link."
        )
    exercises = plan_exercises(plan) if showing_plan and plan is not None else []
    fits = pdf.get_y() + QR_MM + 4 <= pdf.page_break_trigger
    if fits or not exercises:
        _qr(pdf, text, keeps)
    if exercises and plan is not None:
        _exercises(pdf, plan)
        if not fits:  # no room under the card: the code goes after the exercises, not on a page alone
            pdf.ln(4)
            _qr(pdf, text, keeps)
    return bytes(pdf.output())


def _leaflet_instruction(pdf: _Page, paper: Instruction) -> None:
    """What to do now, biggest of all; then what to do after leaving a clinic, conditions, and why."""
    pdf.heading(paper.title, LEAFLET_TITLE)
    if paper.on is not None:
        pdf.para(_from(paper.origin, paper.on), size=LEAFLET_BODY, style="I")
        pdf.ln(1)
    pdf.para(paper.action, size=LEAFLET_ACTION, style="B")
    pdf.ln(2)
    if paper.leaving:
        pdf.para(paper.leaving, size=LEAFLET_CARD, style="B")
        pdf.ln(2)
    for condition in paper.conditions:
        pdf.para(condition, size=LEAFLET_CARD, style="B")
        pdf.ln(2)
    pdf.room_for(20)
    pdf.heading(_("Why we say this"), LEAFLET_HEADING)
    pdf.bullets(list(paper.why) or [_("You answered no to every warning sign.")], size=LEAFLET_BODY)
    if paper.also:
        pdf.para(
            _("Also tell the doctor about: {signs}.").format(signs="; ".join(paper.also)), size=LEAFLET_BODY
        )
    if paper.earlier:
        pdf.para(paper.earlier, size=LEAFLET_BODY, style="I")
    pdf.ln(3)


def _from(origin: str, on: dt.date) -> str:
    """Where the instruction came from, and when: 'From the daily log on 6 December 2026.'"""
    if origin != "check":
        return _("From the daily log on {date}.").format(date=date_long(on))
    return _("From the check on {date}.").format(date=date_long(on))


def _drawing(exercise: Exercise) -> io.BytesIO:
    """The drawing for fpdf2, less its <title> (fpdf2 warns on it; the PDF carries the alt text)."""
    svg = exercise.drawing.read_text(encoding="utf-8")
    return io.BytesIO(re.sub(r"<title[^>]*>.*?</title>", "", svg).encode())


def _on_days(plan: Plan, exercise: Exercise) -> str:
    """Which of the plan's days name the exercise: 'On days 1, 4, 7, 10 and 13.'"""
    days = [str(day.day) for day in plan.days if exercise.id in day.guidance]
    listed = (
        days[0]
        if len(days) == 1
        else _("{first} and {last}").format(first=", ".join(days[:-1]), last=days[-1])
    )
    return ngettext("On day {days}.", "On days {days}.", len(days)).format(days=listed)


def plan_exercises(plan: Plan) -> list[Exercise]:
    """The stretches and core exercises any day of the plan names, in the guidance's order."""
    named = {i for day in plan.days for i in day.guidance}
    return [e for e in content.guidance().exercises if e.id in named]


def _exercises(pdf: _Page, plan: Plan) -> None:
    """The plan's stretches and core exercises on a page of their own: each drawing beside its steps."""
    exercises = plan_exercises(plan)
    if not exercises:
        return
    pdf.add_page()
    pdf.heading(_("Stretches and core exercises"), LEAFLET_HEADING)
    pdf.para(content.guidance().exercise_advice, size=LEAFLET_BODY)
    pdf.ln(3)
    width, height = 48.0, 26.0  # the drawings' own shape (240 x 130)
    for exercise in exercises:
        pdf.room_for(height + 30)
        top = pdf.get_y()
        pdf.image(_drawing(exercise), x=MARGIN, y=top, w=width, h=height, alt_text=exercise.alt)
        pdf.set_xy(MARGIN + width + 6, top)
        pdf.set_font("Helvetica", "B", LEAFLET_CARD)
        pdf.cell(0, 7, _latin(exercise.name), new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_font("Helvetica", "", LEAFLET_BODY)
        pdf.multi_cell(0, 5.4, _latin(exercise.how), align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_font("Helvetica", "B", LEAFLET_BODY)
        pdf.multi_cell(
            0, 5.4, _latin(_on_days(plan, exercise)), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.set_y(max(pdf.get_y(), top + height) + 5)
    sources = content.shown_source("; ".join(e.source for e in exercises))
    pdf.para(_("Source: {sources}.").format(sources=sources), size=LEAFLET_BODY, style="I")


def _pt(size: float, scale: float) -> float:
    """A summary font size at this scale, never under 9 pt (revision 4)."""
    return max(SUMMARY_SMALLEST, size * scale)


def _instruction(
    pdf: _Page,
    instr: Instruction,
    scale: float,
    heading: str,
    none: str | None = None,
) -> None:
    """What to do now, why, anything to check yourself, and the result it replaced (the summary).

    `heading` is a translated message with a {title} placeholder; `none` is said when no answer
    moved the result (else "You answered no to every warning sign.")."""
    pdf.heading(heading.format(title=instr.title), _pt(13, scale))
    if instr.on is not None:
        pdf.para(_from(instr.origin, instr.on), size=_pt(9, scale), style="I")
    pdf.para(instr.action, size=_pt(11, scale))
    pdf.ln(1)
    pdf.heading(_("Why"), _pt(11, scale))
    none = none if none is not None else _("You answered no to every warning sign.")
    pdf.bullets(list(instr.why) or [none], size=_pt(9.5, scale))
    if instr.also:
        pdf.para(
            _("Also tell the doctor about: {signs}.").format(signs="; ".join(instr.also)),
            size=_pt(9.5, scale),
        )
    for condition in instr.conditions:
        pdf.para(condition, size=_pt(9.5, scale), style="B")
    if instr.earlier:
        pdf.para(instr.earlier, size=_pt(9.5, scale), style="I")
    pdf.ln(1.5 * scale)


def _walks_cell(day: PlanDay) -> str:
    """A day's walks for the leaflet's table; day 1 says the test walk counts toward them."""
    walks = " + ".join(str(m) for m in day.walks)
    return f"{walks} ({_(TEST_WALK_COUNTS)})" if day.test_walk else walks


#: The leaflet's plan table's column headings (shown as `_(heading)`).
PLAN_COLUMNS = (N_("Day"), N_("Date"), N_("Level"), N_("Walks (minutes)"), N_("Optional stroll"))


def _plan_table(pdf: _Page, plan: Plan) -> None:
    pdf.room_for(40)
    pdf.heading(_("Your 14-day walking plan, from {date}").format(date=day_long(plan.start)), LEAFLET_HEADING)
    pdf.set_font("Helvetica", "", LEAFLET_BODY)
    with pdf.table(
        col_widths=(12, 30, 28, 52, 30),
        line_height=6.2,
        first_row_as_headings=True,
        text_align=("CENTER", "LEFT", "LEFT", "LEFT", "LEFT"),
    ) as table:
        table.row([_latin(_(h)) for h in PLAN_COLUMNS])
        for day in plan.days:
            extra = " + ".join(str(m) for m in day.optional)
            table.row(
                [str(day.day), _latin(day_short(day.date)), _latin(day.level_name),
                 _latin(_walks_cell(day)), extra]
            )  # fmt: skip
    pdf.ln(3)


def _safety_net(pdf: _Page, settings: Settings) -> None:
    """The stop-and-get-help card: 14 pt, boxed, on one page, with "print at 100%" on it."""
    flags = content.red_flags()
    size = LEAFLET_CARD
    groups = flags.safety_net_groups()
    lines = sum(len(g.signs) + 2 for g in groups)
    pdf.ln(4)
    pdf.room_for(lines * size * 0.5 + 30)
    top = pdf.get_y() + 2
    pdf.set_y(top + 3)
    pdf.heading(flags.safety_net.title, LEAFLET_HEADING + 2)
    for group in groups:
        pdf.set_font("Helvetica", "B", size)
        pdf.multi_cell(
            0, size * 0.48, _latin(settings.fill(group.when)), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.set_font("Helvetica", "", size)
        for sign in group.signs:
            pdf.multi_cell(
                0, size * 0.48, _latin(f"- {sign.sign}"), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
        pdf.ln(1.5)
    pdf.set_font("Helvetica", "I", LEAFLET_BODY)
    pdf.multi_cell(
        0, 5.4, _latin(_("Print this page at 100% (actual size), so the card stays easy to read.")),
        new_x=XPos.LMARGIN, new_y=YPos.NEXT,
    )  # fmt: skip
    pdf.set_draw_color(*GREY)
    pdf.set_line_width(0.6)
    pdf.rect(MARGIN - 3, top, pdf.w - 2 * MARGIN + 6, pdf.get_y() - top + 2)
    pdf.set_line_width(0.2)
    pdf.ln(8)


def _qr(pdf: _Page, text: str, keeps: str) -> None:
    """The QR code, large enough to scan from paper, with what it holds beside it (`keeps`)."""
    pdf.room_for(QR_MM + 4)
    y = pdf.get_y()
    pdf.image(io.BytesIO(qr_png(text, scale=4)), x=MARGIN, y=y, w=QR_MM, h=QR_MM)
    pdf.set_xy(MARGIN + QR_MM + 6, y + 6)
    pdf.set_font("Helvetica", "", LEAFLET_BODY)
    pdf.multi_cell(
        0, 5.6, _latin(keeps),
        align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT,
    )  # fmt: skip
    pdf.set_y(y + QR_MM + 4)


# -- the clinician summary ----------------------------------------------------
#: Chart colours: the app chart's Okabe-Ito palette (charts.py), so both read the same way.
WALKED = (0, 114, 178)
TARGET = (230, 159, 0)
PAIN = (213, 94, 0)
GREY = (107, 107, 107)
BETTER_BAND = (222, 242, 235)  # the "much better" zone, drawn pale instead of transparent


#: The summary lists only the latest of these, and says how many more there are: two pages at most.
SUMMARY_CHANGES = 8
SUMMARY_TICKS = 6
#: The summary's chart and day-by-day lines cover the last weeks only.
SUMMARY_CHART_DAYS = 42
SUMMARY_PLAN_BACK, SUMMARY_PLAN_AHEAD = 13, 7


def clinician_summary_pdf(journey: Journey, made: dt.date, settings: Settings) -> bytes:
    """One page for a GP or physio (two at most): the result and why, the plan and its latest changes,
    walking and pain.

    An emergency or urgent result, or a plan stopped by a warning sign or a 10, gets
    the result and its reasons only: never a walking plan. Set a little smaller when
    that keeps it to one page, never under 9 pt; long histories list their latest
    entries, so the length and the time to make it stay bounded.
    """
    for scale in (1.0, 0.9):
        pdf = _summary(journey, made, settings, scale)
        if pdf.page_no() == 1:
            break
    return bytes(pdf.output())


def _summary(journey: Journey, made: dt.date, settings: Settings, scale: float) -> _Page:
    pdf = _Page(format="A4")
    pdf.set_margins(MARGIN, 12, MARGIN)
    pdf.set_auto_page_break(auto=True, margin=10)
    pdf.set_title(_("Back on Track: summary for a GP or physio"))
    pdf.add_page()
    pdf.heading(_("Back on Track: summary for a GP or physio"), _pt(15, scale))
    pdf.para(
        _(
            "Made on {date} from what the person entered in the app. This is not a diagnosis. "
            "In an emergency, call {number}."
        ).format(date=date_long(made), number=settings.emergency_call),
        size=_pt(9.5, scale),
    )
    pdf.ln(2 * scale)
    _result_part(pdf, journey, settings, scale)
    adapted = journey.showable
    if adapted is not None:
        _plan_part(pdf, journey, adapted, scale)
    elif journey.check is not None and journey.check.result.plan_allowed and not journey.stopped:
        pdf.para(_("No walking plan has been made yet."), size=_pt(9.5, scale))
        pdf.ln(1)
    _ticks_part(pdf, journey, scale)
    return pdf


def _result_part(pdf: _Page, journey: Journey, settings: Settings, scale: float) -> None:
    """What to do now first (a stop from the log beats the check), then the check it replaced."""
    check = journey.check
    instr = governing(journey, settings)
    if check is None or instr is None:
        pdf.heading(_("No check yet"), _pt(11, scale))
        pdf.para(_("The person has not done the check in the app yet."), size=_pt(9.5, scale))
        pdf.ln(1)
        return
    _instruction(
        pdf,
        instr.on_paper(),
        scale=scale,
        heading=_("What to do now: {title}"),
        none=_("The person answered no to every warning sign."),
    )
    if instr.earlier:
        flags = content.red_flags()
        said = "; ".join(flags.label(r.id) for r in check.result.reasons)
        answered = (
            _("Answers at that check: {answers}.").format(answers=said)
            if said
            else _("Answers at that check: none of the warning signs.")
        )
        pdf.para(answered, size=_pt(9.5, scale))
        pdf.ln(1.5 * scale)


def _latest(lines: list[str], keep: int, left_out: Callable[[int], str]) -> list[str]:
    """The last `keep` lines, with one saying how many earlier ones are left out (the app has them all):
    `left_out(count)` is that line."""
    if len(lines) <= keep:
        return lines
    return [left_out(len(lines) - keep), *lines[-keep:]]


def _changes_left_out(left: int) -> str:
    return ngettext(
        "{count} earlier change is not listed here (the app shows them all).",
        "{count} earlier changes are not listed here (the app shows them all).",
        left,
    ).format(count=left)


def _logs_left_out(left: int) -> str:
    return ngettext(
        "{count} earlier log is not listed here (the app shows them all).",
        "{count} earlier logs are not listed here (the app shows them all).",
        left,
    ).format(count=left)


def _plan_part(pdf: _Page, journey: Journey, adapted: AdaptedPlan, scale: float) -> None:
    plan = adapted.plan
    profile = plan.profile
    length = content.walking_plan().rules.plan_days
    size = _pt(9.5, scale)
    pdf.heading(_("Test walk and plan"), _pt(11, scale))
    minutes, pain = profile.baseline_minutes, profile.baseline_pain
    if profile.baseline_is_guess:
        test_walk = ngettext(
            "Test walk: {minutes} minute (a best guess: the person could not do the walk yet). "
            "Pain before it: {pain}/10.",
            "Test walk: {minutes} minutes (a best guess: the person could not do the walk yet). "
            "Pain before it: {pain}/10.",
            minutes,
        )
    else:
        test_walk = ngettext(
            "Test walk: {minutes} minute. Pain before it: {pain}/10.",
            "Test walk: {minutes} minutes. Pain before it: {pain}/10.",
            minutes,
        )
    day = journey.day_number or 0
    started = date_short(plan.start)
    where = (
        _("Plan started {start}. Today is day {day} of {length}.")
        if day <= length
        else _("Plan started {start}. Today is day {day}, going on after the first {length}.")
    )
    first = journey.today - dt.timedelta(days=SUMMARY_PLAN_BACK)
    last = journey.today + dt.timedelta(days=SUMMARY_PLAN_AHEAD)
    shown = [d for d in adapted.days if first <= d.date <= last] or adapted.days[:length]
    pdf.bullets(
        [
            test_walk.format(minutes=minutes, pain=pain),
            where.format(start=started, day=day, length=length),
            *plan_lines(plan.model_copy(update={"days": shown})),
        ],
        size=size,
    )
    pdf.ln(1)
    pdf.para(_("Changes to the plan, and why:"), size=size, style="B")
    if adapted.adjustments:
        sentences = [a.sentence for a in adapted.adjustments]
        pdf.bullets(_latest(sentences, SUMMARY_CHANGES, _changes_left_out), size=size)
    else:
        pdf.para(_("The plan has not changed so far."), size=size)
    pdf.ln(1.5 * scale)
    frame = journey.progress_frame()
    if frame is None:
        frame = daily_frame(adapted, journey.logs)
    pdf.heading(_("Walking and pain, day by day"), _pt(11, scale))
    recent = frame[frame["date"] > pd.Timestamp(journey.today - dt.timedelta(days=SUMMARY_CHART_DAYS))]
    _chart(
        pdf, recent.reset_index(drop=True), profile.baseline_pain, height=46 * scale, size=SUMMARY_SMALLEST
    )
    pdf.ln(1.5 * scale)
    _numbers(pdf, frame, adapted, scale)


def _numbers(pdf: _Page, frame: pd.DataFrame, adapted: AdaptedPlan, scale: float) -> None:
    """Pain against the start, days logged, and minutes walked against the plan, up to today."""
    summary = summarise(frame, adapted)
    past = frame[frame["date"] <= pd.Timestamp(adapted.today)]
    walked = int(past["minutes"].fillna(0).sum())
    planned = int(past["target_minutes"].sum())
    start = adapted.plan.profile.baseline_pain
    if summary.mean_pain_7d is None:
        pain = _("Pain: {start}/10 at the start. No days were logged in the last 7 days.").format(start=start)
    else:
        pain = _("Pain: {mean}/10 on average over the last 7 days, against {start}/10 at the start.").format(
            mean=write_number(summary.mean_pain_7d), start=start
        )
    if planned:
        minutes = _("Minutes walked: {walked} of {planned} planned so far ({share}).").format(
            walked=walked, planned=planned, share=write_share(walked / planned)
        )
    else:
        minutes = _("Minutes walked: {walked} of {planned} planned so far.").format(
            walked=walked, planned=planned
        )
    pdf.bullets(
        [
            pain,
            summary.change.sentence,
            _("Days logged: {logged} of {so_far} so far.").format(
                logged=summary.days_logged, so_far=summary.days_so_far
            ),
            minutes,
        ],
        size=_pt(9.5, scale),
    )
    pdf.ln(1.5 * scale)


def _ticks_part(pdf: _Page, journey: Journey, scale: float) -> None:
    flags = content.red_flags()
    stops = [e for e in journey.logs if e.red_flags or e.pain >= flags.worst_pain]
    pdf.heading(_("Warning signs and pain of 10 in the daily log"), _pt(11, scale))
    if not stops:
        pdf.para(_("None were logged."), size=_pt(9.5, scale))
        return
    lines = []
    for e in stops:
        what = [flags.item(i).label for i in e.red_flags]
        if e.pain >= flags.worst_pain:
            what.append(_("pain of 10 out of 10"))
        lines.append(f"{date_short(e.date)}: " + "; ".join(what) + ".")
    pdf.bullets(_latest(lines, SUMMARY_TICKS, _logs_left_out), size=_pt(9.5, scale))


def _chart(pdf: _Page, frame: pd.DataFrame, baseline_pain: int, height: float, size: float) -> None:
    """The app's progress chart, drawn with lines and boxes: minutes walked (bars) against the
    target (steps), pain (dots) with its start (dashes) and the much-better band, flare days (x)
    and plan changes (dotted lines)."""
    if pdf.get_y() + height + 12 > pdf.page_break_trigger:
        pdf.add_page()
    left, right = MARGIN + 9, pdf.w - MARGIN - 7
    top = pdf.get_y() + 2
    bottom = top + height
    width = right - left
    days = len(frame)
    slot = width / max(days, 1)
    most = max(float(frame["target_minutes"].max()), float(frame["minutes"].fillna(0).max()), 1.0)
    step = 5 if most <= 30 else 10 if most <= 80 else 20
    top_minutes = step * math.ceil(most / step)

    def y_minutes(m: float) -> float:
        return bottom - height * m / top_minutes

    def y_pain(p: float) -> float:
        return bottom - height * p / 10.5

    def x_mid(i: int) -> float:
        return left + slot * (i + 0.5)

    pdf.set_font("Helvetica", "", size)
    fall = meaningful_fall(baseline_pain)
    if fall > 0:
        pdf.set_fill_color(*BETTER_BAND)
        pdf.rect(left, y_pain(baseline_pain - fall), width, bottom - y_pain(baseline_pain - fall), style="F")
    # Axes and scales: minutes on the left, pain on the right.
    pdf.set_draw_color(*GREY)
    pdf.set_line_width(0.2)
    pdf.line(left, bottom, right, bottom)
    pdf.line(left, top, left, bottom)
    pdf.line(right, top, right, bottom)
    pdf.set_text_color(*GREY)
    for minutes in range(0, top_minutes + 1, step):
        pdf.text(
            left - 1 - pdf.get_string_width(str(minutes)), y_minutes(minutes) + size * 0.12, str(minutes)
        )
    for pain in range(0, 11, 2):
        pdf.text(right + 1, y_pain(pain) + size * 0.12, str(pain))
    label_every = max(1, math.ceil(days / 14))
    for i, date in enumerate(frame["date"]):
        if i % label_every == 0:
            label = day_month(date)
            pdf.text(x_mid(i) - pdf.get_string_width(label) / 2, bottom + size * 0.45, label)
    # Minutes walked: bars.
    pdf.set_fill_color(*WALKED)
    for i, minutes in enumerate(frame["minutes"]):
        if not pd.isna(minutes) and minutes > 0:
            shown = min(float(minutes), top_minutes)
            pdf.rect(
                x_mid(i) - slot * 0.3, y_minutes(shown), slot * 0.6, bottom - y_minutes(shown), style="F"
            )
    # Target minutes: steps.
    pdf.set_draw_color(*TARGET)
    pdf.set_line_width(0.7)
    targets = [float(t) for t in frame["target_minutes"]]
    for i, target in enumerate(targets):
        pdf.line(left + slot * i, y_minutes(target), left + slot * (i + 1), y_minutes(target))
        if i and targets[i - 1] != target:
            pdf.line(left + slot * i, y_minutes(targets[i - 1]), left + slot * i, y_minutes(target))
    # Plan changes: dotted lines; pain at the start: dashes.
    pdf.set_line_width(0.25)
    pdf.set_draw_color(*GREY)
    pdf.set_dash_pattern(dash=0.6, gap=0.9)
    for i, adjusted in enumerate(frame["adjusted"]):
        if adjusted:
            pdf.line(left + slot * i, top, left + slot * i, bottom)
    pdf.set_draw_color(*PAIN)
    pdf.set_dash_pattern(dash=2, gap=1.2)
    pdf.line(left, y_pain(baseline_pain), right, y_pain(baseline_pain))
    pdf.set_dash_pattern()
    # Pain: dots joined across days not logged.
    points = [(x_mid(i), y_pain(float(p))) for i, p in enumerate(frame["pain"]) if not pd.isna(p)]
    pdf.set_line_width(0.45)
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        pdf.line(x1, y1, x2, y2)
    pdf.set_fill_color(*PAIN)
    for x, y in points:
        pdf.ellipse(x - 0.8, y - 0.8, 1.6, 1.6, style="F")
    # Flare days: crosses at the top of the pain scale.
    pdf.set_draw_color(*GREY)
    for i, flare in enumerate(frame["flare"]):
        if flare:
            x, y = x_mid(i), y_pain(10)
            pdf.line(x - 1, y - 1, x + 1, y + 1)
            pdf.line(x - 1, y + 1, x + 1, y - 1)
    pdf.set_line_width(0.2)
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(MARGIN, bottom + size * 0.8)
    pdf.para(
        _(
            "Blue bars: minutes walked (left scale). Orange steps: target minutes. Red dots: pain 0-10 "
            "(right scale); red dashes: pain at the start ({pain}). Green band: much better than "
            "at the start. Crosses: flare days. Dotted lines: plan changes."
        ).format(pain=baseline_pain),
        size=size,
    )
