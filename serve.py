"""Back on Track as an ASGI app: `streamlit run serve.py` (what `make run` and the tests start).

The same app as `streamlit run app.py`, which still works, plus what Streamlit alone cannot do at
its edge: an address the app does not have (/home, /a/b, /pages/plan.py) lands on the mode's first
screen instead of a "page not found" dialog, and an address under Streamlit's own routes that is
not one of them (/_stcore/x, /static/x) gets a real 404 page instead of a blank one
(ui/addresses.py); every byte of the page's own files goes compressed, each file compressed once,
and the icon font holds only the icons that can appear (ui/compression.py, ui/icon_font.py); and a
person's downloads are served only to the browser and session they were made for, and die with
that session (ui/files.py).
"""

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from streamlit import file_util

from backontrack.settings import SettingsError, load
from backontrack.ui.addresses import UnknownAddresses, addresses
from backontrack.ui.compression import CompressedStatic
from backontrack.ui.context import SCREENS
from backontrack.ui.files import PersonalFiles

try:
    MODE = load().mode
except SettingsError:
    MODE = "personal"  # the app's own pages explain the bad setting
# Hosted mode answers every personal screen's address: signed out, each shows the welcome page
# (context.stand_ins). The welcome page's own address goes to "/", which is the welcome page signed
# out and the home screen signed in.

OFFERED = addresses(SCREENS, MODE)
HERE = Path(__file__).resolve().parent

app = st.App(
    "app.py",
    middleware=[
        # A person's files only for their own browser and session, and gone with them (ui/files.py).
        Middleware(PersonalFiles),
        Middleware(UnknownAddresses, offered=OFFERED),
        # The page's own files compressed once each, Brotli or gzip (ui/compression.py).
        Middleware(
            CompressedStatic,
            root=Path(file_util.get_static_dir()),
            pages=frozenset(f"/{name}" for name in OFFERED),
            # The icon font cut down to the icons these files and Streamlit name (ui/icon_font.py).
            icon_sources=(HERE / "app.py", HERE / "pages", HERE / "src"),
        ),
    ],
)
