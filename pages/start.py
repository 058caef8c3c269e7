"""Start (kiosk): what this is and is not, one big Start button, and a promise that nothing is kept."""

from __future__ import annotations

import streamlit as st

from backontrack import content
from backontrack.i18n import _
from backontrack.ui import context, state
from backontrack.ui.guards import emergency_first, reopen_check
from backontrack.ui.kiosk import idle_time
from backontrack.ui.layout import page_setup

PAGE = "start"

page_setup()
journey = context.journey()
emergency_first(journey)
st.title(_("Back on Track"))
st.header(_("Is walking right for your back pain?"))
st.write(
    _(
        "Tell us your age and how long and how bad your pain has been. Then read some lists of warning "
        "signs and mark any that apply to you. You find out whether walking is a good place to start for "
        "you now, or whether to get help first. If walking suits you, you get a two-week walking plan to "
        "take home, on paper or on your phone."
    )
)
st.markdown(
    "- "
    + _("It takes about {minutes} minutes.").format(minutes=content.red_flags().check.minutes)
    + "\n- "
    + _("It is not a diagnosis, and it does not replace a doctor or nurse.")
    + "\n- "
    + _("You do not need to give your name or an email address.")
)
if st.button(
    _("Start"), type="primary", key=state.key(PAGE, "go"), width="stretch", icon=":material/arrow_forward:"
):
    reopen_check(None)
st.caption(
    _(
        "Nothing you enter is kept. The screen clears when you press Finish, or after {time} without a tap."
    ).format(time=idle_time(context.settings().kiosk_idle_seconds + context.settings().kiosk_warning_seconds))
)
st.warning(
    _("**In an emergency, call {number}** or tell the reception desk now.").format(
        number=context.settings().emergency_call
    ),
    icon=":material/emergency:",
)
