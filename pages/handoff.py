"""Take it with you (kiosk): the result and plan on paper (PDF), and a QR code holding the plan itself."""

from __future__ import annotations

import base64
import html
from collections.abc import Callable

import streamlit as st

from backontrack.handoff import PLAN_ON_PAPER, take_home_text
from backontrack.i18n import _
from backontrack.instruction import governing
from backontrack.journey import Journey
from backontrack.pdf import take_home_pdf
from backontrack.qr import qr_png
from backontrack.ui import context, files, state
from backontrack.ui.downloads import DownloadRefused
from backontrack.ui.guards import emergency_first
from backontrack.ui.layout import end_screen, page_setup
from backontrack.ui.widgets import result_panel

PAGE = "handoff"
FILE_NAME = "back-on-track.pdf"


def printout() -> Callable[[], bytes]:
    """The leaflet, made from the store when the button is pressed, never from the page as drawn."""
    open_store, profile_id = context.store_opener(), context.known_profile_id()
    today, settings, setting = context.today(), context.settings(), context.setting()

    def build() -> bytes:
        journey = Journey.load(open_store(), profile_id, today) if profile_id is not None else None
        instr = governing(journey, settings, setting=setting) if journey is not None else None
        if journey is None or journey.check is None or instr is None:
            raise DownloadRefused("nothing to print: the check was cleared")
        shown = journey.showable
        return take_home_pdf(journey.check.answers, instr, shown.plan if shown else None, today, settings)

    return files.made_for_this_session(build, "application/pdf", FILE_NAME)


page_setup()
journey = context.journey()
emergency_first(journey)  # an emergency gets its instruction, not documents to read
st.title(_("Take it with you"))
result = journey.governing_result
if journey.check is None or result is None:
    st.info(_("Do the check first. Then you can take your result and plan with you."))
    st.page_link("pages/check.py", label=_("Do the check"), icon=":material/checklist:")
    end_screen()
adapted = journey.showable
plan = adapted.plan if adapted is not None else None
if result.plan_allowed and plan is None:
    st.info(_("Make your walking plan first, so you can take it with you."))
    st.page_link("pages/plan.py", label=_("Make my plan"), icon=":material/directions_walk:")
    end_screen()
instr = context.instruction(journey)
assert instr is not None
if plan is None:
    result_panel(instr)  # urgent: the instruction and why; no plan is given
text = take_home_text(journey.check.answers, instr, plan, context.today(), context.settings())
code, paper = st.columns(2)
with code:
    st.header(_("On your phone"))
    encoded = base64.b64encode(qr_png(text, scale=8)).decode("ascii")
    if plan is not None and _(PLAN_ON_PAPER) not in text:  # the code holds the plan too
        alt = _("QR code holding your result and what to do, and your plan as text")
        shows = _(
            "Point your phone's camera at the code. It shows your result and what to do, and your plan "
            "as text, with no link."
        )
    else:
        alt = _("QR code holding your result and what to do as text")
        shows = (
            _(
                "Point your phone's camera at the code. It shows your result and what to do as text, "
                "with no link. Your day-by-day plan is on the printout."
            )
            if plan is not None
            else _(
                "Point your phone's camera at the code. It shows your result and what to do as text, "
                "with no link."
            )
        )
    st.html(
        f'<img src="data:image/png;base64,{encoded}" alt="{html.escape(alt)}" '
        'style="width: 100%; max-width: 420px; image-rendering: pixelated;">'
    )
    st.write(shows)
with paper:
    st.header(_("On paper"))
    if plan is not None and instr.plan_allowed:
        st.write(
            _(
                "Your result and the reasons, your plan, and the signs to watch for. Then a page of "
                "stretches and core exercises, with drawings."
            )
        )
    else:
        st.write(_("Your result and the reasons, and the signs to watch for."))
    st.download_button(
        _("Print my page (PDF)"),
        data=printout(),
        file_name=FILE_NAME,
        mime="application/pdf",
        key=state.key(PAGE, "pdf"),
        type="primary",
        width="stretch",
        icon=":material/print:",
    )
st.info(_("When you have what you need, press Finish below. The screen then forgets everything."))
