"""Page setup every page calls first: styles for large touch targets and readable text."""

from __future__ import annotations

import html
import re
from typing import NoReturn

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner_utils.exceptions import StopException

from backontrack.i18n import _
from backontrack.settings import SettingsError, spoken_services
from backontrack.store import StorageError
from backontrack.ui import context
from backontrack.ui.language import WORDS_STYLE

# Every control at least 48 CSS px each way (WCAG 2.5.5 asks 44; issue 19 part 6), and a visible
# focus ring. Controls too small to be worth enlarging are hidden: heading anchor links everywhere,
# and on a phone the element toolbar (fullscreen, download, search), which a small screen has no
# use for.
STYLE = (
    """
<style>
div[data-testid="stButtonGroup"] button,
div[data-testid="stButton"] button,
div[data-testid="stFormSubmitButton"] button,
div[data-testid="stDownloadButton"] button,
div[data-testid="stFileUploader"] button,
div[data-testid="stPageLink"] a {
  min-height: 48px;
  min-width: 48px;
  font-size: 1.05rem;
}
div[data-testid="stTextInput"] input, div[data-testid="stSelectbox"] [role="group"],
div[data-testid="stSelectbox"] input { min-height: 48px; }
div[data-testid="stSelectbox"] button { min-width: 48px; min-height: 48px; }
div[data-testid="stCheckbox"] label { min-height: 48px; align-items: center; }
div[data-testid="stExpander"] summary { min-height: 48px; }
[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapseButton"] button {
  min-width: 48px; min-height: 48px;
}
[data-testid="stHeaderActionElements"] { display: none !important; }
/* Plain tables (widgets.plain_table): a wide one scrolls inside its own box, never the page. */
.bot-table { overflow-x: auto; max-width: 100%; }
.bot-table table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
.bot-table caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
.bot-table th, .bot-table td { border-bottom: 1px solid #d5d7de; padding: 0.4rem 0.6rem; text-align: left;
  vertical-align: top; white-space: nowrap; }
.bot-table td.long { white-space: normal; min-width: 16rem; }
.bot-table th { background: #f0f2f6; }
.bot-table:focus-visible { outline-offset: 0; }
@media (max-width: 640px) { [data-testid="stElementToolbar"] { display: none !important; } }
/* A picture's toolbar (a small, unnamed fullscreen button) at every size: the exercise drawings
   are shown whole beside their steps (issue 25). */
[data-testid="stElementContainer"]:has([data-testid="stImage"]) [data-testid="stElementToolbar"],
[data-testid="stImageContainer"] + [data-testid="stElementToolbar"] { display: none !important; }
a.bot-start-again { display: inline-block; min-height: 48px; line-height: 48px; padding: 0 1.25rem;
  border-radius: 0.5rem; border: 1px solid #d5d7de; font-weight: 600; text-decoration: none; }
:focus-visible { outline: 3px solid #0b6e4f !important; outline-offset: 2px; }
/* Captions darker than Streamlit's default, for 4.5:1 contrast (WCAG AA). */
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #4d4f57 !important; }
/* One heading scale: h1 for the page, h2 for sections, cards and results. */
h2 { font-size: 1.45rem !important; }
"""
    + WORDS_STYLE  # Streamlit's own words shown in ours (language.py)
    + "</style>\n"
)


# A kiosk is read standing up and used by touch: larger type and targets everywhere
# (rem-based sizes follow the root size), and the idle warning over the page like a dialog.
KIOSK_STYLE = """
<style>
html { font-size: 20px !important; }
div[data-testid="stButtonGroup"] button, div[data-testid="stButton"] button,
div[data-testid="stDownloadButton"] button, div[data-testid="stPageLink"] a,
div[data-testid="stTextInput"] input, div[data-testid="stSelectbox"] [role="group"] {
  min-height: 56px; min-width: 56px; font-size: 1.1rem;
}
div[data-testid="stCheckbox"] label { min-height: 56px; align-items: center; }
div[data-testid="stSelectbox"] button { min-width: 56px; min-height: 56px; }
/* Heading anchors and table toolbars are small targets a kiosk has no use for. */
[data-testid="stHeaderActionElements"], [data-testid="stElementToolbar"] { display: none !important; }
.st-key-kiosk_idle {
  position: fixed; top: 18%; left: 6%; right: 6%; z-index: 1000;
  background: #ffffff; box-shadow: 0 0 0 100vmax rgba(0, 0, 0, 0.45); padding: 1.5rem;
}
</style>
"""

# A workshop demo is read from the back of a room on a 1920 x 1080 projector: wider
# pages, larger type, and chart text large enough to read.
PRESENTER_STYLE = """
<style>
html { font-size: 21px !important; }
.stMainBlockContainer { max-width: 1500px !important; }
.js-plotly-plot .plotly :is(.xtick, .ytick, .y2tick, .g-xtitle, .g-ytitle, .g-y2title) text {
  font-size: 17px !important;
}
</style>
"""

#: Set once a session has been sent through the router.
ROUTED = "app.routed"


class ScreenDone(StopException):
    """Raised by `end_screen`: the page has said all it may; the router still draws its footer.

    A StopException, so a page run outside the router (AppTest's switch_page) stops cleanly.
    """


def end_screen() -> NoReturn:
    """End the page here, like st.stop(), but let the router draw what follows every page.

    After st.stop() Streamlit drops whatever the script draws next, so a kiosk's
    "Finish and clear" and its idle wipe would be missing from exactly the
    screens that need them most (an emergency result). The router catches this.
    """
    raise ScreenDone


def page_setup() -> None:
    """Styles, then a stop with one clear sentence if the settings or the database cannot be used."""
    through_router()
    st.html(STYLE)
    try:
        if context.clears_between_people():
            st.html(KIOSK_STYLE)
    except SettingsError:
        pass  # explained just below
    # st.stop() here, not end_screen(): with a bad setting or an unusable database the router's
    # footer (menu, kiosk Finish) could only lead back to this same sentence, or fail itself.
    try:
        context.settings()
    except SettingsError as exc:
        st.error(
            _("Back on Track cannot start: {problem}").format(problem=escape_markdown(str(exc))),
            icon=":material/error:",
        )
        emergency_banner()
        st.stop()
    try:
        context.check_profile()
    except StorageError as exc:
        storage_problem(exc)
        st.stop()
    if context.sign_in_ended_elsewhere():
        # Signed out (or the account deleted) in another tab: this one reads and saves nothing more,
        # and leaves the browser's cookie alone (it may be the next person's by now).
        st.info(
            _(
                "You signed out in another tab or window, so this one is closed too. Nothing of yours "
                "can be seen or saved here now."
            ),
            icon=":material/logout:",
        )
        st.html(
            '<a href="/" target="_self" class="bot-start-again">{label}</a>'.format(
                label=html.escape(_("Start again"))
            )
        )
        emergency_banner()
        st.stop()
    if context.replays_stories():
        from backontrack.ui import demo

        st.html(PRESENTER_STYLE)
        demo.banner(context.journey())
    if context.profile_was_deleted():
        st.warning(
            _(
                "Your data was deleted in another tab or window. Nothing you entered here since then was "
                "saved, so this page starts afresh."
            ),
            icon=":material/info:",
        )
        st.button(_("OK"), key="layout.deleted_ok", on_click=context.dismiss_profile_deleted)


def through_router() -> None:
    """Make sure the router (app.py) runs: a freshly started server runs a page file on its own.

    Because pages/ sits beside app.py, Streamlit starts in its legacy
    multipage mode and runs the first page asked for (say /check) directly,
    without app.py, until some session has called st.navigation. Streamlit's
    own st.navigation turns that mode off by this same flag; doing it here and
    rerunning sends the very first request through the router too. Only a
    session's first run does this (a first run has no tap to lose).
    """
    if PagesManager.uses_pages_directory and not st.session_state.get(ROUTED):
        st.session_state[ROUTED] = True
        PagesManager.uses_pages_directory = False
        st.rerun()
    st.session_state[ROUTED] = True


def storage_problem(exc: StorageError) -> None:
    """A database that cannot be used: one sentence on what to do, and the emergency number."""
    st.error(
        _("Back on Track cannot reach its data. {problem}").format(problem=escape_markdown(str(exc))),
        icon=":material/error:",
    )
    emergency_banner()


def emergency_banner() -> None:
    """Whatever else fails, the emergency number stays on screen."""
    try:
        call = context.settings().emergency_call
    except SettingsError:
        call = spoken_services().emergency_call  # the default numbers, as Settings would say them
    st.warning(
        _("**This is not a diagnosis.** In an emergency, call {number}.").format(number=call),
        icon=":material/emergency:",
    )


def escape_markdown(text: str) -> str:
    """Show text (a refused setting, a file path) exactly as typed, never as markdown."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:])", r"\\\1", text)
