"""Back on Track: the router. Page config, then st.navigation over the screens in pages/."""

import streamlit as st

st.set_page_config(page_title="Back on Track", page_icon=":material/directions_walk:", layout="centered")

home = st.Page("pages/home.py", title="Home", icon=":material/home:", default=True)
st.navigation([home]).run()
