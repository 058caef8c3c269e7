"""Take it with you (kiosk): the result and plan on paper (PDF), and a QR code holding the plan itself."""

from __future__ import annotations

import base64

import streamlit as st

from backontrack.handoff import take_home_text
from backontrack.pdf import take_home_pdf
from backontrack.qr import qr_png
from backontrack.ui import context, state
from backontrack.ui.guards import emergency_first
from backontrack.ui.layout import end_screen, page_setup
from backontrack.ui.widgets import result_panel

PAGE = "handoff"

page_setup()
journey = context.journey()
emergency_first(journey)  # an emergency gets its instruction, not documents to read
st.title("Take it with you")
result = journey.governing_result
if journey.check is None or result is None:
    st.info("Do the check first. Then you can take your result and plan with you.")
    st.page_link("pages/check.py", label="Do the check", icon=":material/checklist:")
    end_screen()
adapted = journey.showable
plan = adapted.plan if adapted is not None else None
if result.plan_allowed and plan is None:
    st.info("Make your walking plan first, so you can take it with you.")
    st.page_link("pages/plan.py", label="Make my plan", icon=":material/directions_walk:")
    end_screen()
instr = context.instruction(journey)
assert instr is not None
if plan is None:
    result_panel(instr)  # urgent: the instruction and why; no plan is given
text = take_home_text(journey.check.answers, instr, plan, context.today())
code, paper = st.columns(2)
with code:
    st.header("On your phone")
    encoded = base64.b64encode(qr_png(text, scale=8)).decode("ascii")
    st.html(
        f'<img src="data:image/png;base64,{encoded}" alt="QR code holding your result and plan as text" '
        'style="width: 100%; max-width: 420px; image-rendering: pixelated;">'
    )
    st.write("Point your phone's camera at the code. It shows your result and plan as text, with no link.")
with paper:
    st.header("On paper")
    if plan is not None and instr.plan_allowed:
        st.write(
            "Your result and the reasons, your plan, and the signs to watch for. Then a page of "
            "stretches and core exercises, with drawings."
        )
    else:
        st.write("Your result and the reasons, and the signs to watch for.")
    st.download_button(
        "Print my page (PDF)",
        data=take_home_pdf(journey.check.answers, instr, plan, context.today(), context.settings()),
        file_name="back-on-track.pdf",
        mime="application/pdf",
        key=state.key(PAGE, "pdf"),
        type="primary",
        width="stretch",
        icon=":material/print:",
    )
st.info("When you have what you need, press Finish below. The screen then forgets everything.")
