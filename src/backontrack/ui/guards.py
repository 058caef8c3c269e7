"""Guards every page shares: what to show instead of a plan, and when.

Whatever the route (menu, URL, state left from an earlier run), an emergency
result is the first and only thing on a screen, and an urgent result or a
plan stopped by the daily re-check shows its instruction and nothing of the plan.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from backontrack.dates import date_long, day_long
from backontrack.i18n import _
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


def emergency_first(journey: Journey, *, then_data: bool = False) -> None:
    """On an emergency result show the instruction first, the facts below it, then stop the page.

    Nothing sits above the instruction (no page title, intro or "saved" box);
    the ways on (seen about it since, or a mistaken answer) are small buttons
    at the very end, and so is the way to the person's own data, which a stop
    never locks away (revision 4). `then_data`: the data page goes on below.
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
        st.caption(
            _("From the daily check in your log for {day}. That log is saved.").format(
                day=day_words(stopped_on)
            )
        )
        state.drop(LOG, "saved")
        seen_since_button(small=True)
        if st.button(
            _("I ticked a sign by mistake: change that day's log"),
            type="tertiary",
            key=state.key("guard", "fix_log"),
        ):
            state.put(LOG, "correcting", stopped_on.isoformat())
            st.switch_page("pages/log.py")
    elif journey.check is not None:
        st.caption(_("From your check on {date}.").format(date=date_long(journey.check.created_at)))
        if st.button(
            _("I answered by mistake: change my answers"), type="tertiary", key=state.key("guard", "redo")
        ):
            reopen_check(journey.check.answers)
    if then_data:
        return
    if stopped_on is not None:
        data_link()  # a stop never locks the person's data away (revision 4); a check's result has none yet
    end_screen()


def day_words(date: dt.date) -> str:
    """A day as every screen writes it: 'Sunday 6 December' (never '06'; dates.day_long)."""
    return day_long(date)


def seen_since_button(*, small: bool = False) -> None:
    """The way on after a daily-log stop (revision 4): a new check with "checked by a doctor, nurse or
    physio" already ticked (the person can untick it); the logs are kept, and the stop becomes earlier.
    `small`: under an emergency instruction nothing may compete with it."""
    if st.button(
        _("I have had advice about this since: do a new check"),
        key=state.key("guard", "seen_since"),
        icon=":material/checklist:",
        type="tertiary" if small else "secondary",
    ):
        reopen_check({"seen_clinician": True})


def data_link() -> None:
    """Beneath an instruction that stands alone: the person's data is still theirs to take or delete."""
    if context.offers("data"):
        st.page_link(
            "pages/data.py",
            label=_("Your data: a summary for your GP or physio, save it all, or delete it"),
            icon=":material/folder_shared:",
        )


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
        # What a clinician knew (revision 4): "yes, and no change" for each sign it lowered.
        for item_id in data.get("clinician_knew") or []:
            held |= {f"knew.{item_id}": "yes", f"changed.{item_id}": "no"}
    state.put(CHECK, "answers", held)
    state.put(CHECK, "step", 0)
    state.put(CHECK, "showing", "form")
    st.switch_page("pages/check.py")


def new_check_button() -> None:
    """Straight to an empty questionnaire (a link would land on the result it replaces)."""
    if st.button(_("Do a new check"), key=state.key("guard", "new_check"), icon=":material/checklist:"):
        reopen_check(None)


def plan_or_instruction(journey: Journey) -> bool:
    """True if the page may go on to show plan content; otherwise show what to do instead."""
    emergency_first(journey)
    result = journey.governing_result
    if result is None:
        st.info(
            _(
                "Start with the check. It looks for signs that need a doctor or nurse before you start "
                "walking."
            )
        )
        st.page_link("pages/check.py", label=_("Do the check"), icon=":material/checklist:")
        return False
    if not result.plan_allowed:
        instruction_only(journey)
        return False
    return True


def instruction_only(journey: Journey) -> None:
    """An urgent result or a stopped plan: the instruction and why, the way on, and the person's data."""
    instr = context.instruction(journey)
    assert instr is not None
    result_panel(instr)
    if journey.stopped:
        seen_since_button()
    else:
        new_check_button()
    data_link()
