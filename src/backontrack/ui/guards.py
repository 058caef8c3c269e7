"""Guards the plan, log and progress pages share: what to show instead of a plan, and when."""

from __future__ import annotations

import streamlit as st

from backontrack.journey import Journey
from backontrack.ui.widgets import result_panel


def plan_or_instruction(journey: Journey) -> bool:
    """True if the page may go on to show plan content; otherwise show what to do instead.

    Whatever the route (menu, URL, state left from an earlier run), an
    emergency or urgent result, or a plan stopped by the daily re-check,
    shows the result's instruction and nothing of the plan.
    """
    result = journey.governing_result
    if result is None:
        st.info("Start with the check: it makes sure walking is safe for you right now.")
        st.page_link("pages/check.py", label="Do the check", icon=":material/checklist:")
        return False
    if not result.plan_allowed:
        result_panel(result, stopped_plan=journey.stopped)
        if result.tier != "emergency":
            st.page_link("pages/check.py", label="Do a new check", icon=":material/checklist:")
        return False
    return True
