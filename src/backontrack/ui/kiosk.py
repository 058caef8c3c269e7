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

from backontrack.i18n import _, ngettext
from backontrack.models import TriageResult
from backontrack.settings import Settings
from backontrack.ui import context, files, state

LAST_SEEN = "kiosk.last_seen"
WARNING = "kiosk.warning"
OWN_RERUN = "kiosk.own_rerun"
START_PAGE = "pages/start.py"


def touch() -> None:
    """Called on every full run: a tap or an answer means the person is still here.

    The idle watch's own switch into the countdown is a full run too; it marks
    itself so it does not count as a tap.
    """
    if st.session_state.pop(OWN_RERUN, False):
        return
    st.session_state[LAST_SEEN] = time.monotonic()
    st.session_state.pop(WARNING, None)


def clear_for_the_next_person() -> None:
    """Forget everything of this session, its files too, and go back to the start screen."""
    files.forget(files.session_id())
    state.wipe()
    touch()
    st.switch_page(START_PAGE)


def finish_button() -> None:
    """'Finish and clear' at the foot of every kiosk screen."""
    st.divider()
    if st.button(
        _("Finish and clear the screen"),
        key=state.key("kiosk", "finish"),
        icon=":material/cleaning_services:",
        width="stretch",
        help=_("Wipes everything you entered, ready for the next person."),
    ):
        clear_for_the_next_person()


#: Revision 3: an emergency instruction stays on screen at least this long without a tap,
#: so the reception desk can read it; then the screen still clears itself for the next person.
EMERGENCY_SECONDS = 600


def idle_time(seconds: int) -> str:
    """A length of time as people say it: '2 minutes', '1 minute', '90 seconds'."""
    if seconds % 60 == 30 and seconds > 60:
        return _("{minutes}½ minutes").format(minutes=seconds // 60)
    if seconds % 60:
        return ngettext("{n} second", "{n} seconds", seconds).format(n=seconds)
    minutes = seconds // 60
    return ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)


def idle_seconds(settings: Settings, *, emergency: bool) -> int:
    """How long a screen waits without a tap before the warning: longer for an emergency."""
    return max(settings.kiosk_idle_seconds, EMERGENCY_SECONDS) if emergency else settings.kiosk_idle_seconds


def showing_emergency(result: TriageResult | None) -> bool:
    """An emergency result, or the check's "call now" screen after an emergency yes."""
    return (result is not None and result.tier == "emergency") or bool(state.get("check", "stop_now"))


def idle_watch(*, emergency: bool = False) -> None:
    """After the idle time with no tap, a countdown warning; then the same wipe as Finish and clear.

    The watch wakes once when the idle time is up, and every second only while
    the warning counts down: a quiet kiosk costs the server next to nothing.
    An emergency instruction waits at least EMERGENCY_SECONDS before the warning.
    """
    settings = context.settings()
    idle = idle_seconds(settings, emergency=emergency)
    warning = bool(st.session_state.get(WARNING))
    every = 1 if warning else idle

    @st.fragment(run_every=dt.timedelta(seconds=every))
    def watch() -> None:
        quiet = time.monotonic() - st.session_state.get(LAST_SEEN, time.monotonic())
        if quiet < idle:
            return
        if not st.session_state.get(WARNING):
            # Redraw the page with a one-second watch for the countdown (not a tap).
            st.session_state[WARNING] = True
            st.session_state[OWN_RERUN] = True
            st.rerun(scope="app")
        left = idle + settings.kiosk_warning_seconds - quiet
        if left <= 0:
            clear_for_the_next_person()
        with st.container(border=True, key="kiosk_idle"):
            # The English says "seconds" even for 1 (as it always has); each language uses its own forms.
            st.warning(
                "## "
                + _("Are you still there?")
                + "\n\n"
                + ngettext(
                    "This screen clears itself in **{n} seconds**, so the next person cannot see your "
                    "answers.",
                    "This screen clears itself in **{n} seconds**, so the next person cannot see your "
                    "answers.",
                    int(left),
                ).format(n=int(left)),
                icon=":material/timer:",
            )
            if st.button(
                _("I'm still here"), type="primary", key=state.key("kiosk", "here"), width="stretch"
            ):
                st.session_state.pop(WARNING, None)
                st.session_state[LAST_SEEN] = time.monotonic()
                st.rerun(scope="app")

    watch()
