"""Welcome (hosted, signed out): what this is and is not, the emergency line, and two ways in."""

from __future__ import annotations

import streamlit as st

from backontrack import content
from backontrack.i18n import _, ngettext
from backontrack.ui import account, context, state
from backontrack.ui.layout import page_setup

PAGE = "welcome"

page_setup()
if account.signed_in() or account.trying():
    st.switch_page("pages/home.py")  # the person has chosen a way in: go on to the first screen
st.title(_("Back on Track"))
st.header(_("Walking for back pain, one step at a time"))
st.write(
    _(
        "First, a short check asks about warning signs. You find out whether walking is a good place to "
        "start for you now, or whether to get help first. If walking suits you, you get a two-week walking "
        "plan, a daily log that takes seconds, and a chart of how you are doing. The plan changes with your "
        "log and says why."
    )
)
st.markdown(
    "- "
    + _("The check takes about {minutes} minutes.").format(minutes=content.red_flags().check.minutes)
    + "\n- "
    + _("It is not a diagnosis, and it does not replace a doctor or nurse.")
    + "\n- "
    + _("It is for people aged 16 and over.")
)
st.warning(
    _("**In an emergency, call {number} now.** Do not use this app first.").format(
        number=context.settings().emergency_call
    ),
    icon=":material/emergency:",
)
left, right = st.columns(2)
with left:
    st.subheader(_("Keep your plan and log"))
    hours = context.settings().session_hours
    # The English says "hours" even for 1 (as it always has); each language uses its own forms.
    st.write(
        ngettext(
            "Sign in to keep your check, plan and daily log in your own account. Other people who use "
            "Back on Track cannot see them. You stay signed in for {hours} hours at most.",
            "Sign in to keep your check, plan and daily log in your own account. Other people who use "
            "Back on Track cannot see them. You stay signed in for {hours} hours at most.",
            hours,
        ).format(hours=hours)
    )
    if st.button(_("Sign in"), type="primary", key=state.key(PAGE, "sign_in"), width="stretch"):
        account.sign_in()
with right:
    st.subheader(_("Just look around"))
    st.write(
        _(
            "Try it without an account. Nothing is kept when you close or reload this tab, but you can "
            "save your data as a file and bring it back after signing in."
        )
    )
    # A callback: the choice is made before the next run, so the router already offers the screens.
    st.button(
        _("Try it without an account"),
        key=state.key(PAGE, "try"),
        width="stretch",
        on_click=account.start_trial,
    )
