"""Back on Track: the router. Page config, the screens this mode offers, one place for storage failures."""

from contextlib import suppress
from pathlib import Path

import streamlit as st

from backontrack.i18n import N_, _
from backontrack.settings import SettingsError
from backontrack.store import StorageError
from backontrack.ui import account, context, demo, heap, kiosk, language, menu
from backontrack.ui.layout import ScreenDone, storage_problem

#: The tab's icon is a file shipped with the app: a ":material/...:" icon would make the browser
#: fetch it from a font server on every load (a request off the machine, and an error offline).
ICON = Path(__file__).parent / "assets" / "icon.png"

heap.settle()  # once per process: the libraries stay out of every garbage collection
# The app's name, the same in every language (the tab's title).
st.set_page_config(page_title="Back on Track", page_icon=str(ICON), layout="centered")

#: Every screen there is; each mode offers some of them (context.SCREENS), the first as its default.
#: The titles (menu and browser tab) are translated where each st.Page is made, on every run.
SCREENS = {
    "people": ("pages/people.py", N_("Choose a person"), ":material/groups:"),
    "home": ("pages/home.py", N_("Home"), ":material/home:"),
    "start": ("pages/start.py", N_("Start"), ":material/touch_app:"),
    "check": ("pages/check.py", N_("Check"), ":material/checklist:"),
    "plan": ("pages/plan.py", N_("Plan"), ":material/directions_walk:"),
    "handoff": ("pages/handoff.py", N_("Take it with you"), ":material/qr_code_2:"),
    "log": ("pages/log.py", N_("Daily log"), ":material/edit_calendar:"),
    "progress": ("pages/progress.py", N_("Progress"), ":material/monitoring:"),
    "data": ("pages/data.py", N_("Your data"), ":material/folder_shared:"),
    "welcome": ("pages/welcome.py", N_("Welcome"), ":material/waving_hand:"),
}

try:
    # The account's checks speak the language chosen here or the browser's: the choice kept with
    # an account is read only once the sign-in is known to be usable, just below.
    early = language.speak(kept=False)
    if context.settings().mode == "hosted":
        if account.unusable():  # an identity no account can be keyed on: told why, and nothing more
            language.tell_the_page(early)  # the refusal ends the run: the page's language first
            account.refuse()
        account.end_if_expired(context.settings().session_hours)  # before anything of theirs is read
except SettingsError:
    pass  # each page explains the bad setting itself
try:
    # Before any word is drawn, and after the account checks: it reads the choice kept with the data.
    spoken = language.speak()
except (SettingsError, StorageError):
    spoken = "en"  # the page explains the bad setting or the database in English
try:
    offered, standing_in = context.screens(), context.stand_ins()
except SettingsError:
    offered, standing_in = context.SCREENS["personal"], ()  # each page explains the bad setting itself
pages = [
    st.Page(SCREENS[name][0], title=_(SCREENS[name][1]), icon=SCREENS[name][2], url_path=name, default=i == 0)
    for i, name in enumerate(offered)
]
# A signed-out visitor at a personal screen's address (a bookmark, Back after signing out) gets
# the first screen there, with no "page not found" over it; the menu never lists these.
first = SCREENS[offered[0]]
pages += [st.Page(first[0], title=_(first[1]), icon=first[2], url_path=name) for name in standing_in]
try:
    result = context.journey().governing_result
    show_menu, shared_screen = context.offers_menu(), context.clears_between_people()
    replay = context.replays_stories()
except (SettingsError, StorageError):
    result, show_menu, shared_screen, replay = None, True, False, False
if shared_screen:
    kiosk.touch()  # every full run is a tap or an answer
language.tell_the_page(spoken)
# The switch where everyone sees it first at a kiosk, and wherever the menu is not shown (an
# emergency screen must be readable in the person's own language); else in the menu.
menu_shown = show_menu and (result is None or result.tier != "emergency")
if not menu_shown:
    with suppress(SettingsError, StorageError):  # the page explains either
        language.switch(where="kiosk" if shared_screen else "top")
page = st.navigation(pages, position="hidden")
try:
    page.run()
except ScreenDone:
    pass  # the page ended early (an instruction that stands alone); its footer still follows
except StorageError as exc:
    storage_problem(exc)
finally:
    # Drawn after the page, so never above it. An emergency result leaves nothing on screen to
    # compete with it, the menu included.
    if menu_shown:
        menu.sidebar(
            [p for p in pages if context.in_menu(p.url_path) and p.url_path not in standing_in],
            sign_out=context.offers_sign_out(),
            sign_in=context.offers_sign_in(),
        )
    if shared_screen:
        kiosk.finish_button()
        kiosk.idle_watch(emergency=kiosk.showing_emergency(result))
    if replay:
        demo.controls()
