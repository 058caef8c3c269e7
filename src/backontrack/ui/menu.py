"""The app's own menu: page links in the sidebar, drawn by the router.

Streamlit's automatic sidebar menu is turned off (client.showSidebarNavigation
in .streamlit/config.toml): on a freshly started server it would list the
files in pages/ by raw name before st.navigation had run. This menu exists
only once the router has decided what the screen may offer.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from backontrack.i18n import _
from backontrack.ui import account, context, language


def sidebar(pages: Sequence[StreamlitPage], *, sign_out: bool = False, sign_in: bool = False) -> None:
    """One link per screen this mode offers, in the sidebar; "Sign out" for a hosted account, and
    "Sign in" for a hosted visitor trying it without one."""
    with st.sidebar:
        for page in pages:
            st.page_link(page, label=page.title, icon=page.icon or None)
        if sign_out and st.button(_("Sign out"), key="menu.sign_out", icon=":material/logout:"):
            context.sign_out()
        if sign_in and st.button(_("Sign in"), key="menu.sign_in", icon=":material/login:"):
            account.sign_in()
        language.switch()
