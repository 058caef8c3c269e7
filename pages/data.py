"""Your data: where it is kept, and deleting all of it."""

from __future__ import annotations

import streamlit as st

from backontrack.ui import context, state
from backontrack.ui.layout import page_setup

PAGE = "data"

page_setup()
st.title("Your data")
st.write(
    "Everything you enter stays on this computer, in a file only this app reads. Nothing is sent anywhere, "
    "and the app collects no usage statistics."
)
if state.get(PAGE, "deleted"):
    st.success("All your data has been deleted.", icon=":material/check_circle:")
    state.drop(PAGE, "deleted")
st.header("Delete all my data")
st.write("This removes every check, plan and daily log. It cannot be undone.")
sure = st.checkbox("I understand that this deletes everything for good", key=state.key(PAGE, "sure"))
if st.button("Delete all my data", type="primary", disabled=not sure, key=state.key(PAGE, "delete")):
    context.delete_my_data()
    state.wipe()
    state.put(PAGE, "deleted", True)
    st.rerun()
