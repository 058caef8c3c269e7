"""Workshop demo mode: pick a made-up person, step through their days, and try "what if?".

The persona is loaded into this session's in-memory store (ui/context.py), and
the demo's "today" is the story day the presenter has stepped to, so every
normal screen (plan, log, progress) shows the plan as it stood that day.
Editing a day's log in the daily log re-derives everything, as for anyone.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from backontrack import demo
from backontrack.i18n import _
from backontrack.journey import Journey
from backontrack.triage import assess
from backontrack.ui import context, state

PERSONA = "demo.persona"
DAY = "demo.day"
START = "demo.start"
PLAYING = "demo.playing"
PLAY_SECONDS = 2


def current() -> demo.Persona | None:
    chosen = st.session_state.get(PERSONA)
    return demo.persona(chosen) if chosen else None


def story_start() -> dt.date:
    """The made-up plan began so that the story's last day is today's date."""
    start: dt.date = st.session_state.get(START) or dt.date.today() - dt.timedelta(days=demo.STORY_DAYS - 1)
    return start


def story_day() -> int:
    day: int = st.session_state.get(DAY, 1)
    return day


def story_length(who: demo.Persona) -> int:
    return max([demo.STORY_DAYS, *(log.day for log in who.logs)])


def today() -> dt.date:
    """The demo's "today": the story day the presenter has stepped to."""
    return story_start() + dt.timedelta(days=story_day() - 1)


def show(persona_id: str) -> None:
    """Load a persona into a fresh in-memory store, at the first day of the story."""
    who = demo.persona(persona_id)
    context.new_session_store()
    start = dt.date.today() - dt.timedelta(days=demo.STORY_DAYS - 1)
    store, person = context.store(), context.own_profile()
    check = store.save_check(person, who.answers(), assess(who.answers()))
    plan = who.plan(start)
    if plan is not None:
        store.save_plan(person, check.id, plan)
        for entry in who.log_entries(start):
            store.upsert_log(person, entry)
    st.session_state[PERSONA] = persona_id
    st.session_state[START] = start
    st.session_state[DAY] = 1
    st.session_state[PLAYING] = False
    # A new person starts paused: Play left on would run on into their story (issue 17).
    st.session_state.pop(state.key("demo", "play"), None)


def step(by: int) -> None:
    who = current()
    if who is not None:
        st.session_state[DAY] = min(max(1, story_day() + by), story_length(who))


def banner(journey: Journey) -> None:
    """On every demo screen: made-up people, nothing saved, and what changed on this day."""
    who = current()
    if who is not None:
        said = _(
            "**Demo: made-up people, nothing is saved.** Showing **{name}**, day {day} of the story."
        ).format(name=who.name, day=story_day())
    else:
        said = _("**Demo: made-up people, nothing is saved.**")
    st.info(said, icon=":material/co_present:")
    if who is not None:
        st.page_link("pages/people.py", label=_("Choose another person"), icon=":material/groups:")
    if journey.adapted is not None:
        changed = [a.sentence for a in journey.adapted.adjustments if journey.today in a.log_dates]
        if changed:
            st.warning(
                _("**What changed today:** {changes}").format(changes=" ".join(changed)),
                icon=":material/change_circle:",
            )


def controls() -> None:
    """Replay in the sidebar: previous and next day, play, and back to the start of the story."""
    who = current()
    with st.sidebar:
        st.markdown("### " + _("Demo"))
        st.page_link("pages/people.py", label=_("Choose a person"), icon=":material/groups:")
        if who is None:
            return
        st.markdown(
            _("**{name}**: day {day} of {days}").format(
                name=who.name, day=story_day(), days=story_length(who)
            )
        )
        st.button(_("Next day"), key=state.key("demo", "next"), on_click=step, args=(1,), width="stretch")
        st.button(
            _("Previous day"), key=state.key("demo", "back"), on_click=step, args=(-1,), width="stretch"
        )
        playing = st.toggle(_("Play, a day every 2 seconds"), key=state.key("demo", "play"))
        if st.button(_("Reset this person"), key=state.key("demo", "reset"), width="stretch"):
            show(who.id)
            st.rerun()
    if playing and story_day() < story_length(who):
        _play()


@st.fragment(run_every=dt.timedelta(seconds=PLAY_SECONDS))
def _play() -> None:
    """While playing, move on a day at a time and redraw the whole screen."""
    if st.session_state.get("demo.ticked"):
        step(1)
        st.session_state["demo.ticked"] = False
        st.rerun(scope="app")
    st.session_state["demo.ticked"] = True
