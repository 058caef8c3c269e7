"""Home: what Back on Track is and is not (placeholder until the pages land)."""

import streamlit as st

st.title("Back on Track")
st.write(
    "A self-check and a personal two-week walking plan for back pain. "
    "It is not a diagnosis. In an emergency, call your local emergency number "
    "(999 in the UK, 911 in the US, 112 in the EU)."
)
st.info("The questionnaire, plan, daily log and progress pages are on their way.")
