"""The app's context for one session: settings, the store, the person's profile and journey."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from functools import cache
from typing import Any, TypeVar

import streamlit as st

from backontrack import i18n
from backontrack import settings as settings_module
from backontrack.i18n import _
from backontrack.instruction import Instruction, Setting, governing
from backontrack.journey import Journey
from backontrack.settings import Mode, Settings
from backontrack.store import Store
from backontrack.ui import account, files

PROFILE_KEY = "app.profile_id"
GONE_KEY = "app.profile_gone"
ENDED_KEY = "app.sign_in_ended"
SESSION_STORE_KEY = "app.session_store"
JOURNEY_KEY = "app.journey"
DERIVED_KEY = "app.derived"

T = TypeVar("T")

#: The screens each mode offers (the router builds its pages from these; pages ask `offers`).
SCREENS: dict[Mode, tuple[str, ...]] = {
    "personal": ("home", "check", "plan", "log", "progress", "data"),
    "kiosk": ("start", "check", "plan", "handoff"),
    "demo": ("people", "home", "plan", "log", "progress", "check"),
    # Hosted: the personal screens, for a signed-in person or one trying it without an account;
    # a signed-out visitor gets only the welcome page (`screens`).
    "hosted": ("home", "check", "plan", "log", "progress", "data"),
}
SIGNED_OUT_SCREENS = ("welcome",)


@cache
def settings() -> Settings:
    """Read once per process (environment, not personal data)."""
    return settings_module.load()


def screens() -> tuple[str, ...]:
    """The screens this session may open; a hosted visitor who has not signed in (or chosen to
    try it without an account) gets only the welcome page, so no personal screen has an address."""
    mode = settings().mode
    if mode == "hosted":
        if not (account.signed_in() or account.trying()):
            return SIGNED_OUT_SCREENS
        # The welcome page stays reachable (not in the menu): the tab that was on it when the
        # person signed in or chose to try it goes on from there to the first screen.
        return (*SCREENS[mode], *SIGNED_OUT_SCREENS)
    return SCREENS[mode]


def stand_ins() -> tuple[str, ...]:
    """Addresses of screens this session may not open that show its first screen instead (a
    signed-out hosted visitor's bookmark to /log lands on the welcome page, not on an error)."""
    if screens() == SIGNED_OUT_SCREENS:
        return SCREENS["hosted"]
    return ()


def in_menu(screen: str) -> bool:
    """Whether the menu links to the screen: the welcome page only while it is all there is."""
    return screen not in SIGNED_OUT_SCREENS or screens() == SIGNED_OUT_SCREENS


def has_account() -> bool:
    """Hosted mode, signed in (with an identity that can key an account): the data is the account's
    rows in PostgreSQL."""
    return settings().mode == "hosted" and account.signed_in() and account.usable()


def store() -> Store:
    """Which store this session gets: the one decision about data that differs by mode.

    Personal mode: the SQLite file on this machine, shared by the person's tabs.
    Hosted mode, signed in: the shared PostgreSQL database, where row-level security shows
    each account only its own rows.
    Kiosk, demo and a hosted visitor without an account: a database in memory that belongs
    to this browser session alone and goes with it, so nothing is ever written to disk (a
    demo loads a made-up person into it, ui/demo.py).
    """
    if settings().mode == "personal" or has_account():
        return Store.from_url(settings().resolved_database_url)
    held: Store | None = st.session_state.get(SESSION_STORE_KEY)
    if held is None:
        held = Store.in_memory()
        st.session_state[SESSION_STORE_KEY] = held
    return held


def store_opener() -> Callable[[], Store]:
    """The session's store, to open later, away from the page (a download's file is made in a
    worker thread with no session): the database's address, or this session's own store."""
    if settings().mode == "personal" or has_account():
        url = settings().resolved_database_url
        return lambda: Store.from_url(url)
    current = store()
    return lambda: current


def known_profile_id() -> int | None:
    """The profile this session has already found (None if it has not looked yet): never a lookup."""
    value: int | None = st.session_state.get(PROFILE_KEY)
    return value


def offers(screen: str) -> bool:
    """Whether this session has the screen (so a page links to it only when it exists)."""
    return screen in screens()


def clears_between_people() -> bool:
    """A shared screen (kiosk): every page offers "Finish and clear", and idle sessions are wiped."""
    return settings().mode == "kiosk"


def keeps_language() -> bool:
    """Whether a person's choice of language is kept with their data: their own machine (personal)
    and their account (hosted); a kiosk or a demo keeps nothing."""
    return settings().mode == "personal" or has_account()


def follows_browser() -> bool:
    """Whether a first visit opens in the browser's language: everywhere but a kiosk, which starts
    every person in the clinic's own language (BACKONTRACK_LANGUAGE)."""
    return not clears_between_people()


def setting() -> Setting:
    """Where the person is reading: at a clinic kiosk the instructions speak to someone in a clinic."""
    return "kiosk" if settings().mode == "kiosk" else "home"


def instruction(journey: Journey) -> Instruction | None:
    """What to do now for this journey: the one instruction every screen shows (instruction.py)."""
    return governing(journey, settings(), setting=setting())


def today() -> dt.date:
    """The day the screens treat as today; in a demo, the story day the presenter stepped to."""
    if replays_stories():
        from backontrack.ui import demo  # the demo's own clock

        return demo.today()
    return dt.date.today()


def replays_stories() -> bool:
    """Workshop demo: made-up people, a day-by-day replay, and a banner saying nothing is saved."""
    return settings().mode == "demo"


def new_session_store() -> None:
    """Forget this session's in-memory store (kiosk and demo), so the next one starts empty."""
    st.session_state.pop(SESSION_STORE_KEY, None)
    forget_profile()


def profile_id() -> int | None:
    """The person's profile, if they have saved anything yet (looking creates nothing).

    A signed-in account always has one: signing in makes it the first time (and is audited).
    """
    if PROFILE_KEY not in st.session_state:
        if has_account():
            found = store().sign_in(*account.identity(), account.signed_in_at())
            if found is None:  # a copy of a sign-in that was ended (signed out, or account deleted)
                account.sign_out()
        else:
            found = store().find_local_profile()
        if found is None:
            return None
        st.session_state[PROFILE_KEY] = found
    value: int = st.session_state[PROFILE_KEY]
    return value


def own_profile() -> int:
    """The profile to save into: the account's, or the one local profile, made on the first save."""
    if has_account():
        pid = profile_id()
        assert pid is not None  # signing in makes the account's profile
        return pid
    if PROFILE_KEY not in st.session_state:
        st.session_state[PROFILE_KEY] = store().local_profile()
    value: int = st.session_state[PROFILE_KEY]
    return value


def check_profile() -> None:
    """Once per run: notice when this session's profile was deleted elsewhere (another tab), or its
    account's sign-in was ended in another tab (signed out, or the account deleted).

    A deleted profile starts the session afresh, and `profile_was_deleted` lets
    the page say that nothing entered here since was saved. An ended sign-in
    closes the session (`sign_in_ended_elsewhere`): it reads and saves nothing
    more, and the browser's cookie (perhaps someone else's by now) is left alone.
    """
    current = store()  # opens the database: a StorageError here names what to fix
    held = st.session_state.get(PROFILE_KEY)
    if (
        held is not None
        and has_account()
        and current.sign_in_ended(*account.identity(), account.signed_in_at())
    ):
        forget_profile()
        files.forget(files.session_id())  # its files go with it
        st.session_state[ENDED_KEY] = True
        return
    if held is not None and current.data_version(held) is None:
        forget_profile()
        st.session_state[GONE_KEY] = True


def sign_in_ended_elsewhere() -> bool:
    """This tab's sign-in was ended in another tab or window (issue 25): it must do nothing more."""
    return bool(st.session_state.get(ENDED_KEY, False))


def profile_was_deleted() -> bool:
    """True from the run that noticed this session's data was deleted elsewhere until the person says OK."""
    return bool(st.session_state.get(GONE_KEY, False))


def dismiss_profile_deleted() -> None:
    st.session_state.pop(GONE_KEY, None)


def delete_my_data() -> None:
    """Delete everything of this person's: the account and all its rows (hosted; the person is
    then signed out), or every row of the database (personal, kiosk, demo: all of it is theirs)."""
    if has_account():
        pid = profile_id()
        if pid is not None:
            store().delete_account(pid)
        sign_out()
        return
    store().delete_everything()
    files.forget(files.session_id())
    forget_profile()


def audit(event: str) -> None:
    """Record an export or import in the account's audit trail (hosted; elsewhere nothing is kept)."""
    pid = profile_id() if has_account() else None
    if pid is not None:
        store().audit(pid, event)


def journey() -> Journey:
    """The person's journey as saved, derived once per change of their data.

    Deriving it adapts the plan over every logged day, which grows with the
    history, and both the router and the page ask for it on every run. So the
    session keeps the last one, keyed on the database, the profile, its data
    version (every write bumps it, in this tab or another), today and the
    language (the plan's changes are told in sentences as it is derived): what
    is shown is still what is saved. Kept in this session's state only, never
    in a cache shared between people.
    """
    pid, day = profile_id(), today()
    if pid is None:
        return Journey.empty(day)
    current = store()
    version = current.data_version(pid)
    if version is None:  # deleted elsewhere since this run began; the next run says so
        return Journey.empty(day)
    key = (current.identity, pid, version, day, i18n.current())
    held: tuple[Hashable, Journey] | None = st.session_state.get(JOURNEY_KEY)
    if held is not None and held[0] == key:
        return held[1]
    # Kept small (`recent`): four weeks of days and logs, and the figures over the whole plan.
    fresh = Journey.load(current, pid, day).recent()
    st.session_state[JOURNEY_KEY] = (key, fresh)
    st.session_state.pop(DERIVED_KEY, None)
    return fresh


def whole_journey() -> Journey:
    """Every plan day and log since the plan began, for a screen that shows them all when asked.

    Not kept between runs: after years of logging it is large.
    """
    pid = profile_id()
    return Journey.empty(today()) if pid is None else Journey.load(store(), pid, today())


def derived(name: str, make: Callable[[], T], *args: Hashable) -> T:
    """What a page computes from the journey (a chart, a table), made again only when the data changes.

    Call after `journey()` in the same run; `args` are the screen's own choices
    (say, "show every week"), so each choice keeps its own copy; each language keeps its own too
    (what is made holds words).
    """
    held: tuple[Hashable, Journey] | None = st.session_state.get(JOURNEY_KEY)
    key = (held[0] if held else None, i18n.current(), args)
    kept: dict[str, tuple[Hashable, Any]] = st.session_state.setdefault(DERIVED_KEY, {})
    if name in kept and kept[name][0] == key:
        value: T = kept[name][1]
        return value
    made = make()
    kept[name] = (key, made)
    return made


def forget_profile() -> None:
    for name in (PROFILE_KEY, JOURNEY_KEY, DERIVED_KEY):
        st.session_state.pop(name, None)


def offers_take_home_import() -> bool:
    """Only where data is kept (personal, a signed-in account) is a clinic's take-home text read in."""
    return settings().mode == "personal" or has_account()


def offers_sign_out() -> bool:
    return has_account()


def sign_out() -> None:
    """End the account's sign-in everywhere: any copy of it made until now is refused from here on
    (Streamlit's own sign-out deletes only this browser's copy of the cookie)."""
    if has_account():
        # The token's own sign-in time (a session has one, or it was signed out on arrival).
        store().sign_out(*account.identity(), account.signed_in_at() or dt.datetime.now(dt.UTC))
    forget_profile()
    files.forget(files.session_id())  # the person's downloads die with the sign-in
    account.sign_out()


def offers_sign_in() -> bool:
    """A hosted visitor trying it without an account can still sign in from the menu."""
    return settings().mode == "hosted" and account.trying()


def where_data_is_kept() -> str:
    """One sentence for the data page: where what the person enters is kept, and for how long."""
    if has_account():
        return _(
            "Everything you enter is kept in your Back on Track account. Other people who use it cannot "
            "see your data, and the app collects no usage statistics."
        )
    if settings().mode == "hosted":
        return _(
            "You are using Back on Track without an account, so nothing is kept when you close or reload "
            "this tab. To keep your check, plan and log, save all your data below first. Then press "
            "Sign in in the menu, and bring the file back on this page."
        )
    return _(
        "Everything you enter stays on this computer, in a file only this app reads. Nothing is sent "
        "anywhere, and the app collects no usage statistics."
    )


def offers_menu() -> bool:
    """A kiosk leads one person through its screens in order: no menu to wander off with."""
    return not clears_between_people()
