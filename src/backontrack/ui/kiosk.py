"""The shared-screen parts of kiosk mode: finish and clear, and the idle wipe.

Both end in the same wipe (ui/state.py): every session key dropped and every
widget key renewed, the session's in-memory database with them. The router
draws these after each page, so they sit below the page (and below an
emergency instruction, never above it).
"""

from __future__ import annotations

import datetime as dt
import time

import streamlit as st

from backontrack.ui import context, state

LAST_SEEN = "kiosk.last_seen"
START_PAGE = "pages/start.py"


def touch() -> None:
    """A tap or a typed answer: the person is still here (called on every full run)."""
    st.session_state[LAST_SEEN] = time.monotonic()


def clear_for_the_next_person() -> None:
    """Forget everything of this session and go back to the start screen."""
    state.wipe()
    touch()
    st.switch_page(START_PAGE)


def finish_button() -> None:
    """'Finish and clear' at the foot of every kiosk screen."""
    st.divider()
    if st.button(
        "Finish and clear the screen",
        key=state.key("kiosk", "finish"),
        icon=":material/cleaning_services:",
        width="stretch",
        help="Wipes everything you entered, ready for the next person.",
    ):
        clear_for_the_next_person()


def idle_watch() -> None:
    """After the idle time with no tap, a countdown warning; then the same wipe as Finish and clear."""
    settings = context.settings()

    @st.fragment(run_every=dt.timedelta(seconds=1))
    def watch() -> None:
        quiet = time.monotonic() - st.session_state.get(LAST_SEEN, time.monotonic())
        left = settings.kiosk_idle_seconds + settings.kiosk_warning_seconds - quiet
        if quiet < settings.kiosk_idle_seconds:
            return
        if left <= 0:
            state.wipe()
            touch()
            st.switch_page(START_PAGE)
        with st.container(border=True, key="kiosk_idle"):
            st.warning(
                f"## Are you still there?\n\nThis screen clears itself in **{int(left)} seconds**, "
                "so the next person cannot see your answers.",
                icon=":material/timer:",
            )
            if st.button("I'm still here", type="primary", key=state.key("kiosk", "here"), width="stretch"):
                touch()
                st.rerun(scope="fragment")

    watch()
