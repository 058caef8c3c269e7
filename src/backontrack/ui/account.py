"""Hosted mode's sign-in, through Streamlit's own st.login / st.user / st.logout (OIDC).

The rules (who the account is, when a session ends) are in backontrack.accounts; this module
only reads Streamlit's state. A visitor who chooses to try the app without an account gets a
session of their own in memory, as at a kiosk (context.store).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import NoReturn

import streamlit as st
from streamlit.errors import StreamlitAuthError

from backontrack import accounts
from backontrack.i18n import _

TRIAL_KEY = "account.trial"
_LOG = logging.getLogger(__name__)


def claims() -> Mapping[str, object]:
    return dict(st.user.to_dict())


def signed_in() -> bool:
    return bool(claims().get("is_logged_in", False))


def identity() -> tuple[str, str]:
    return accounts.identity(claims())


def signed_in_at() -> dt.datetime | None:
    return accounts.signed_in_at(claims())


def trying() -> bool:
    """A signed-out visitor who chose "Try it without an account"."""
    return bool(st.session_state.get(TRIAL_KEY, False)) and not signed_in()


def start_trial() -> None:
    st.session_state[TRIAL_KEY] = True


def sign_in() -> None:
    """Off to the identity provider; a server with no [auth] settings says so instead of failing."""
    try:
        st.login()
    except StreamlitAuthError:
        # The operator's details go to the server log (no personal data here); the person gets plain words.
        _LOG.error(
            "Sign-in is not set up: add an [auth] section to .streamlit/secrets.toml (deploy/README.md)"
        )
        st.error(
            _("Signing in does not work here yet. You can still try Back on Track without an account."),
            icon=":material/error:",
        )


def sign_out() -> None:
    """End the session: Streamlit deletes the identity cookie and starts a new, empty session.

    Nothing may run after it: a rerun asked for later in the same run (say, by the page that
    just deleted the account) would race the browser's trip to /auth/logout and could win,
    leaving the identity cookie in place.
    """
    st.logout()
    st.stop()


def end_if_expired(hours: int) -> None:
    """Sign out a session older than `hours` (Streamlit's cookie alone would last 30 days)."""
    if signed_in() and usable() and accounts.session_expired(claims(), dt.datetime.now(dt.UTC), hours):
        sign_out()


def usable() -> bool:
    """Whether this sign-in's identity can key an account (accounts.identity)."""
    return accounts.usable(claims())


def unusable() -> bool:
    """Signed in with an identity that cannot key an account (a control character in it, or longer
    than OpenID Connect allows)."""
    return signed_in() and not usable()


def refuse() -> NoReturn:
    """An unusable sign-in reads and saves nothing: the person is told why, and signs out here
    (issue 25: a NUL byte gave a database error on every screen and Sign out did nothing; an
    over-long one went straight to the provider's page with no word of why)."""
    st.error(
        _(
            "Signing in did not work: the sign-in service gave an account name that Back on Track cannot "
            "use. Nothing was read or saved. Sign out, then try again, or use Back on Track without an "
            "account."
        ),
        icon=":material/error:",
    )
    if st.button(_("Sign out"), type="primary", key="account.refused_sign_out"):
        sign_out()
    st.stop()
