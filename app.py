"""Back on Track: the router. Page config, then st.navigation over the screens in pages/."""

import streamlit as st

from backontrack.settings import SettingsError
from backontrack.ui import context

st.set_page_config(page_title="Back on Track", page_icon=":material/directions_walk:", layout="centered")

pages = [
    st.Page("pages/home.py", title="Home", icon=":material/home:", url_path="home", default=True),
    st.Page("pages/check.py", title="Check", icon=":material/checklist:", url_path="check"),
    st.Page("pages/plan.py", title="Plan", icon=":material/directions_walk:", url_path="plan"),
    st.Page("pages/log.py", title="Daily log", icon=":material/edit_calendar:", url_path="log"),
    st.Page("pages/progress.py", title="Progress", icon=":material/monitoring:", url_path="progress"),
    st.Page("pages/data.py", title="Your data", icon=":material/folder_shared:", url_path="data"),
]

# An emergency result leaves nothing on screen to compete with it, the menu included.
try:
    result = context.journey().governing_result
except SettingsError:
    result = None  # each page explains a bad setting itself
position = "hidden" if result is not None and result.tier == "emergency" else "sidebar"
st.navigation(pages, position=position).run()
