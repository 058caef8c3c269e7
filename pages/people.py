"""Choose a person (demo): made-up people, each a short story, to show how the check and plan behave."""

from __future__ import annotations

import streamlit as st

from backontrack import content, demo
from backontrack.i18n import _
from backontrack.ui import demo as demo_ui
from backontrack.ui import state
from backontrack.ui.layout import page_setup

PAGE = "people"

page_setup()
st.title(_("Choose a person"))
st.write(
    _(
        "Each of these people is made up. Pick one to see their check, their plan and how it changes day "
        "by day. Step through the days with the buttons in the sidebar, or change a day in the daily log "
        'to ask "what if?".'
    )
)
for who in demo.personas():
    with st.container(border=True):
        st.subheader(who.name)
        st.write(who.story)
        st.caption(
            _("Check result: {result}.").format(result=content.red_flags().tiers[who.promises.tier].title)
        )
        if st.button(
            _("Show {name}").format(name=who.name.split(",")[0]), key=state.key(PAGE, who.id), type="primary"
        ):
            demo_ui.show(who.id)
            st.switch_page("pages/plan.py" if who.promises.tier != "emergency" else "pages/check.py")
