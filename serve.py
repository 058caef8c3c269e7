"""Back on Track as an ASGI app: `streamlit run serve.py` (what `make run` and the tests start).

The same app as `streamlit run app.py`, which still works, plus one thing Streamlit alone cannot
do: an address the app does not have (/home, /a/b, /pages/plan.py) lands on the mode's first
screen instead of a "page not found" dialog or a blank page (ui/addresses.py).
"""

import streamlit as st
from starlette.middleware import Middleware

from backontrack.settings import SettingsError, load
from backontrack.ui.addresses import UnknownAddresses, addresses
from backontrack.ui.context import SCREENS, SIGNED_OUT_SCREENS

try:
    MODE = load().mode
except SettingsError:
    MODE = "personal"  # the app's own pages explain the bad setting
# Hosted mode answers the welcome page and, signed out, every personal address (context.stand_ins).
ALWAYS = SIGNED_OUT_SCREENS if MODE == "hosted" else ()

app = st.App("app.py", middleware=[Middleware(UnknownAddresses, offered=addresses(SCREENS, MODE, ALWAYS))])
