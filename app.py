"""Back on Track: the router. Page config, the screens on offer, and one place for storage failures."""

import streamlit as st

from backontrack.settings import SettingsError
from backontrack.store import StorageError
from backontrack.ui import context, menu
from backontrack.ui.layout import storage_problem

st.set_page_config(page_title="Back on Track", page_icon=":material/directions_walk:", layout="centered")

pages = [
    st.Page("pages/home.py", title="Home", icon=":material/home:", url_path="home", default=True),
    st.Page("pages/check.py", title="Check", icon=":material/checklist:", url_path="check"),
    st.Page("pages/plan.py", title="Plan", icon=":material/directions_walk:", url_path="plan"),
    st.Page("pages/log.py", title="Daily log", icon=":material/edit_calendar:", url_path="log"),
    st.Page("pages/progress.py", title="Progress", icon=":material/monitoring:", url_path="progress"),
    st.Page("pages/data.py", title="Your data", icon=":material/folder_shared:", url_path="data"),
]

try:
    result = context.journey().governing_result
except (SettingsError, StorageError):
    result = None  # each page explains a bad setting or a storage problem itself
page = st.navigation(pages, position="hidden")
try:
    page.run()
except StorageError as exc:
    storage_problem(exc)
finally:
    # Drawn after the page: elements sent before the page runs are lost on a first load at a
    # sub-path. An emergency result leaves nothing on screen to compete with it, the menu included.
    if result is None or result.tier != "emergency":
        menu.sidebar(pages)
