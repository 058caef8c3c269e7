"""Hosted mode's accounts, as plain rules on the identity provider's claims (no Streamlit here).

An account is the provider's (issuer, subject): the pair an OpenID Connect provider promises
never to reuse or change, unlike an email address. A session lasts BACKONTRACK_SESSION_HOURS
from the moment the person signed in: Streamlit's identity cookie lasts 30 days and does not
look at the token's expiry, so the app does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

#: How far ahead of this server's clock a provider's clock may be.
CLOCK_SKEW = dt.timedelta(minutes=5)


class AccountError(ValueError):
    """The provider's claims cannot name an account (no issuer or subject)."""


#: OpenID Connect caps the subject at 255 ASCII characters; the accounts table keeps that much.
MAX_IDENTITY = 255


def identity(claims: Mapping[str, object]) -> tuple[str, str]:
    """(issuer, subject) from the ID token's claims; never the email."""
    issuer, subject = claims.get("iss"), claims.get("sub")
    if not (isinstance(issuer, str) and issuer and isinstance(subject, str) and subject):
        raise AccountError("The sign-in service did not say who you are (no issuer or subject).")
    if len(issuer) > MAX_IDENTITY or len(subject) > MAX_IDENTITY:
        raise AccountError("The sign-in service gave a name longer than OpenID Connect allows.")
    if not (issuer.isprintable() and subject.isprintable()):
        # OpenID Connect subjects are printable ASCII; a NUL byte broke every query (issue 25).
        raise AccountError("The sign-in service gave a name with characters no account name has.")
    return issuer, subject


def usable(claims: Mapping[str, object]) -> bool:
    """Whether the claims can key an account (a session that cannot is signed out, not crashed)."""
    try:
        identity(claims)
    except AccountError:
        return False
    return True


def signed_in_at(claims: Mapping[str, object]) -> dt.datetime | None:
    """When the person signed in: the provider's auth_time, else the token's issue time (iat)."""
    for name in ("auth_time", "iat"):
        value = claims.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 2**40:
            return dt.datetime.fromtimestamp(value, dt.UTC)
    return None


def session_expired(claims: Mapping[str, object], now: dt.datetime, hours: int) -> bool:
    """True once `hours` have passed since signing in, or when the sign-in time is unknown.

    Unknown counts as expired: a session the app cannot date is not one it can vouch for.
    """
    started = signed_in_at(claims)
    if started is None or started - now > CLOCK_SKEW:  # unknown, or signed in "in the future"
        return True
    return now - started >= dt.timedelta(hours=hours)
