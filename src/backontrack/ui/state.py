"""Session-state keys, namespaced by page and carrying a per-session generation number.

Streamlit keeps widget values in the browser even after session_state is
cleared; changing every widget key is what really wipes them. So every widget
key comes from `key()`, and `wipe()` bumps the generation (kiosk mode uses it).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

GENERATION = "app.generation"


def generation() -> int:
    value: int = st.session_state.setdefault(GENERATION, 0)
    return value


def key(page: str, name: str) -> str:
    """The widget key for `name` on `page`, e.g. 'check.answer.fever.g0'."""
    return f"{page}.{name}.g{generation()}"


def get(page: str, name: str, default: Any = None) -> Any:
    """Non-widget state for a page (answers in progress, which step is shown)."""
    return st.session_state.get(f"{page}.{name}", default)


def put(page: str, name: str, value: Any) -> None:
    st.session_state[f"{page}.{name}"] = value


def drop(page: str, *names: str) -> None:
    for name in names:
        st.session_state.pop(f"{page}.{name}", None)


def wipe() -> None:
    """Forget everything this session holds, and make every widget new."""
    next_generation = generation() + 1
    st.session_state.clear()
    st.session_state[GENERATION] = next_generation
