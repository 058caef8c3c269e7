"""The take-home printout: one A4 page with the result, why, the plan, today's guidance and the signs.

Made for a clinic printer from core models alone (no streamlit), so every mode
can offer it and tests can read it back. An emergency or urgent result prints
the instruction and the reasons, and no plan.
"""

from __future__ import annotations

import datetime as dt
import io

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from backontrack import content
from backontrack.handoff import take_home_text
from backontrack.models import Answers, Plan, TriageResult
from backontrack.qr import qr_png
from backontrack.settings import Settings

#: Guidance printed for every walking day (the plan's own day-by-day tips are on screen).
PRINTED_TIPS = ("pain_during_walk", "posture", "surfaces_and_shoes")
PLAIN = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)
MARGIN = 14.0


def _latin(text: str) -> str:
    """The built-in PDF fonts know Latin-1 only: plain quotes and dashes, anything else as '?'."""
    return text.translate(PLAIN).encode("latin-1", "replace").decode("latin-1")


class _Page(FPDF):
    def heading(self, text: str, size: float = 12) -> None:
        self.set_font("Helvetica", "B", size)
        self.multi_cell(0, size * 0.5, _latin(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def para(self, text: str, size: float = 9.5, style: str = "") -> None:
        self.set_font("Helvetica", style, size)
        self.multi_cell(0, size * 0.45, _latin(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def bullets(self, lines: list[str], size: float = 9) -> None:
        self.set_font("Helvetica", "", size)
        for line in lines:
            self.multi_cell(0, size * 0.45, _latin(f"- {line}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def take_home_pdf(
    answers: Answers, result: TriageResult, plan: Plan | None, made: dt.date, settings: Settings
) -> bytes:
    """The one-page printout as PDF bytes."""
    flags = content.red_flags()
    tier = flags.tiers[result.tier]
    pdf = _Page(format="A4")
    pdf.set_margins(MARGIN, 12, MARGIN)
    pdf.set_auto_page_break(auto=False)
    pdf.set_title("Back on Track: your result and walking plan")
    pdf.add_page()
    pdf.heading("Back on Track: your result" + (" and walking plan" if plan else ""), 15)
    pdf.para(
        f"Made on {made:%d %B %Y}. This is not a diagnosis. In an emergency, call {settings.emergency_call}.",
        size=9,
    )
    pdf.ln(2)
    pdf.heading(settings.fill(tier.title), 13)
    pdf.para(settings.fill(tier.action), size=10.5)
    pdf.ln(1)
    if result.reasons:
        pdf.heading("Why", 11)
        pdf.bullets(
            [
                f"{flags.label(r.id)}. {r.said} {r.why} (Source: {content.shown_source(r.source)}.)"
                for r in result.reasons
            ],
            size=8.5,
        )
        pdf.ln(1)
    if plan is not None and result.plan_allowed:
        _plan_table(pdf, plan)
        tips = {t.id: t for t in content.guidance().tips}
        pdf.heading("Every walking day", 11)
        pdf.bullets([f"{tips[i].title}: {tips[i].text}" for i in PRINTED_TIPS], size=8.5)
        pdf.ln(1)
    _safety_net(pdf, settings)
    _qr(pdf, take_home_text(answers, result, plan, made))
    return bytes(pdf.output())


def _plan_table(pdf: _Page, plan: Plan) -> None:
    pdf.heading(f"Your 14-day walking plan, from {plan.start:%A %d %B}", 11)
    pdf.set_font("Helvetica", "", 8.5)
    with pdf.table(
        col_widths=(10, 24, 26, 36, 30),
        line_height=4.2,
        first_row_as_headings=True,
        text_align=("CENTER", "LEFT", "LEFT", "LEFT", "LEFT"),
    ) as table:
        table.row(["Day", "Date", "Level", "Walks (minutes)", "Extra, if it feels fine"])
        for day in plan.days:
            extra = " + ".join(str(m) for m in day.optional)
            table.row(
                [
                    str(day.day),
                    f"{day.date:%a %d %b}",
                    _latin(day.level_name),
                    " + ".join(str(m) for m in day.walks),
                    extra,
                ]
            )
    pdf.ln(2)


def _safety_net(pdf: _Page, settings: Settings) -> None:
    flags = content.red_flags()
    pdf.heading(flags.safety_net.title, 11)
    width = (pdf.w - 2 * MARGIN - 52) / 2  # two columns, leaving room for the QR code
    for group in flags.safety_net_groups():
        pdf.set_font("Helvetica", "B", 8.5)
        pdf.multi_cell(2 * width, 3.8, _latin(settings.fill(group.when)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("Helvetica", "", 8)
        signs = [s.label for s in group.signs]
        half = (len(signs) + 1) // 2
        top = pdf.get_y()
        for column, part in enumerate((signs[:half], signs[half:])):
            pdf.set_xy(MARGIN + column * width, top)
            for sign in part:
                pdf.set_x(MARGIN + column * width)
                pdf.multi_cell(width, 3.6, _latin(f"- {sign}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            if column == 0:
                bottom = pdf.get_y()
        pdf.set_y(max(bottom, pdf.get_y()))
        pdf.ln(1)


def _qr(pdf: _Page, text: str) -> None:
    size = 46.0
    x, y = pdf.w - MARGIN - size, pdf.h - 12 - size - 8
    pdf.image(io.BytesIO(qr_png(text, scale=3)), x=x, y=y, w=size, h=size)
    pdf.set_xy(x - 4, y + size)
    pdf.set_font("Helvetica", "", 7.5)
    pdf.multi_cell(size + 8, 3.4, "Scan with your phone's camera to keep this plan.", align="C")
