"""Page setup every page calls first: styles for large touch targets and readable text."""

from __future__ import annotations

import streamlit as st

from backontrack.settings import SettingsError
from backontrack.ui import context

# Touch targets at least 48 CSS px (WCAG asks 44) and a visible focus ring.
STYLE = """
<style>
div[data-testid="stButtonGroup"] button,
div[data-testid="stButton"] button,
div[data-testid="stFormSubmitButton"] button,
div[data-testid="stPageLink"] a {
  min-height: 48px;
  min-width: 48px;
  font-size: 1.05rem;
}
:focus-visible { outline: 3px solid #0b6e4f !important; outline-offset: 2px; }
/* Captions darker than Streamlit's default, for 4.5:1 contrast (WCAG AA). */
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #4d4f57 !important; }
/* One heading scale: h1 for the page, h2 for sections, cards and results. */
h2 { font-size: 1.45rem !important; }
</style>
"""


def page_setup() -> None:
    """Styles, and a stop with a clear message if the environment is misconfigured."""
    st.html(STYLE)
    try:
        context.settings()
    except SettingsError as exc:
        st.error(f"Back on Track cannot start: {exc}")
        st.stop()
