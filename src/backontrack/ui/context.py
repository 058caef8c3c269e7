"""The app's context for one session: settings, the store, the person's profile and journey."""

from __future__ import annotations

import datetime as dt
from functools import cache

import streamlit as st

from backontrack import settings as settings_module
from backontrack.journey import Journey
from backontrack.settings import Settings
from backontrack.store import Store

PROFILE_KEY = "app.profile_id"


@cache
def settings() -> Settings:
    """Read once per process (environment, not personal data)."""
    return settings_module.load()


def store() -> Store:
    return Store.from_url(settings().resolved_database_url)


def today() -> dt.date:
    return dt.date.today()


def profile_id() -> int:
    """Personal mode: the one local profile on this machine, looked up once per session."""
    if PROFILE_KEY not in st.session_state:
        st.session_state[PROFILE_KEY] = store().local_profile()
    value: int = st.session_state[PROFILE_KEY]
    return value


def journey() -> Journey:
    """Fresh from the store on every run, so what is shown is what is saved."""
    return Journey.load(store(), profile_id(), today())


def forget_profile() -> None:
    st.session_state.pop(PROFILE_KEY, None)
