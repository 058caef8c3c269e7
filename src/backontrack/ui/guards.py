"""Guards every page shares: what to show instead of a plan, and when.

Whatever the route (menu, URL, state left from an earlier run), an emergency
result is the first and only thing on a screen, and an urgent result or a
plan stopped by the daily re-check shows its instruction and nothing of the plan.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from backontrack.journey import Journey
from backontrack.models import Answers
from backontrack.ui import context, state
from backontrack.ui.layout import end_screen
from backontrack.ui.widgets import result_panel

NO_SIDEBAR = (
    "<style>[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'],"
    " [data-testid='stExpandSidebarButton'] { display: none !important; }</style>"
)
CHECK = "check"
LOG = "log"


def emergency_first(journey: Journey) -> None:
    """On an emergency result show the instruction first, the facts below it, then stop the page.

    Nothing sits above the instruction (no page title, intro or "saved" box);
    the way back from a mistaken answer is a small button at the very end.
    """
    result = journey.governing_result
    if result is None or result.tier != "emergency":
        return
    # The router draws no menu for an emergency; this also hides one left from the run before.
    st.html(NO_SIDEBAR)
    instr = context.instruction(journey)
    assert instr is not None
    result_panel(instr)
    stopped_on = journey.adapted.stopped_on if journey.adapted else None
    if stopped_on is not None:
        st.caption(f"From the daily check in your log for {stopped_on:%A %d %B}. That log is saved.")
        state.drop(LOG, "saved")
        if st.button(
            "I ticked a sign by mistake: change that day's log",
            type="tertiary",
            key=state.key("guard", "fix_log"),
        ):
            state.put(LOG, "correcting", stopped_on.isoformat())
            st.switch_page("pages/log.py")
    elif journey.check is not None:
        st.caption(f"From your check on {journey.check.created_at:%d %B %Y}.")
        if st.button(
            "I answered by mistake: change my answers", type="tertiary", key=state.key("guard", "redo")
        ):
            reopen_check(journey.check.answers)
    end_screen()


def reopen_check(previous: Answers | dict[str, Any] | None) -> None:
    """Open the questionnaire again, pre-filled with earlier answers when correcting them.

    `previous` may be a check from before questions were added: the new
    questions are then left unanswered, never filled in as "no".
    """
    held: dict[str, object] = {}
    if previous is not None:
        data: dict[str, Any] = previous.model_dump() if isinstance(previous, Answers) else previous
        held = {name: data.get(name) for name in ("age", "pain_weeks", "pain_now", "seen_clinician")}
        held |= {f"answer.{k}": v for k, v in (data.get("answers") or {}).items()}
        held |= {f"yellow.{k}": v for k, v in (data.get("yellow_flags") or {}).items()}
    state.put(CHECK, "answers", held)
    state.put(CHECK, "step", 0)
    state.put(CHECK, "showing", "form")
    st.switch_page("pages/check.py")


def new_check_button() -> None:
    """Straight to an empty questionnaire (a link would land on the result it replaces)."""
    if st.button("Do a new check", key=state.key("guard", "new_check"), icon=":material/checklist:"):
        reopen_check(None)


def plan_or_instruction(journey: Journey) -> bool:
    """True if the page may go on to show plan content; otherwise show what to do instead."""
    emergency_first(journey)
    result = journey.governing_result
    if result is None:
        st.info("Start with the check. It makes sure walking is safe for you right now.")
        st.page_link("pages/check.py", label="Do the check", icon=":material/checklist:")
        return False
    if not result.plan_allowed:
        instr = context.instruction(journey)
        assert instr is not None
        result_panel(instr)
        new_check_button()
        return False
    return True
