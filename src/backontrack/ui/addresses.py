"""Every address a person can type lands on a screen, or on a real "not found" page with a way home.

Streamlit alone shows a "page not found" dialog for an unknown page name (/home, /_x), and a blank
white page (status 200) for any deeper address, its own route prefixes included (/a/b, /_stcore/x,
/static/x, /auth/x): it answers them with its single-page app, whose relative script paths then
point into a folder that does not exist. `serve.py` wraps the app in this ASGI middleware:

- a page load of an address the app does not have, outside Streamlit's own routes, is redirected
  to the mode's first screen ("/");
- a page load under one of Streamlit's route prefixes that Streamlit would answer with its app
  page (anything but a real route) gets a real 404 page in the app's look, with a link home.

Only page loads are touched (a GET that asks for HTML); scripts, the websocket, uploads, media,
sign-in and health checks pass through untouched.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from backontrack import i18n
from backontrack.i18n import N_, _
from backontrack.settings import Mode

#: First path segments that belong to Streamlit's own routes, never to a screen.
STREAMLIT_ROUTES = frozenset({"_stcore", "static", "media", "auth", "oauth2callback", "component", "app"})
#: Of those, the ones that are an address on their own (sign-in's return from the provider).
ROUTES_OF_THEIR_OWN = frozenset({"oauth2callback"})

#: The words of the "not found" page, translated where the page is made (`not_found_page`).
NOT_FOUND_WORDS = {
    "title": N_("Page not found - Back on Track"),
    "heading": N_("This page does not exist"),
    "text": N_("The address may be mistyped, or the page has moved. Nothing you entered is lost."),
    "link": N_("Go to Back on Track"),
}

#: The page for an address that cannot be a screen: plain HTML, no script, nothing fetched from
#: anywhere (no fonts, no icons), in the app's colours, with one way on.
NOT_FOUND_TEMPLATE = """<!doctype html>
<html lang="{language}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #31333f;
  margin: 0; padding: 3rem 1.5rem; line-height: 1.5; }}
main {{ max-width: 40rem; margin: 0 auto; }}
h1 {{ font-size: 2rem; margin: 0 0 1rem; }}
a {{ display: inline-block; min-height: 48px; line-height: 48px; padding: 0 1.25rem; border-radius: 0.5rem;
  background: #ff4b4b; color: #ffffff; font-weight: 600; text-decoration: none; }}
a:focus-visible {{ outline: 3px solid #0b6e4f; outline-offset: 2px; }}
</style></head>
<body><main>
<h1>{heading}</h1>
<p>{text}</p>
<p><a href="/">{link}</a></p>
</main></body></html>
"""


def not_found_page(accept_language: str = "") -> bytes:
    """The "not found" page in the browser's language (its Accept-Language header) when the app has
    a catalogue for it, else in English."""
    language = i18n.negotiate(accept_language, i18n.known()) or i18n.REFERENCE
    with i18n.speaking(language):
        words = {name: html.escape(_(text)) for name, text in NOT_FOUND_WORDS.items()}
    return NOT_FOUND_TEMPLATE.format(language=language, **words).encode()


#: The page in English (as before: tests and anything that wants the bytes without a request).
NOT_FOUND_PAGE = not_found_page()


def landing(path: str, accept: str, offered: Iterable[str]) -> str | None:
    """Where a page load of `path` should go instead ("/"), or None to let Streamlit answer it."""
    if not page_load(accept):
        return None
    segments = [s for s in path.split("/") if s]
    if not segments:
        return None
    if segments[0] in STREAMLIT_ROUTES:
        # A route prefix on its own (/app, /static) is no address of anything: the first screen.
        return "/" if len(segments) == 1 and segments[0] not in ROUTES_OF_THEIR_OWN else None
    if len(segments) == 1 and segments[0] in set(offered):
        return None
    return "/"


def page_load(accept: str) -> bool:
    """A browser asking for a page to show (not a script, an image or data)."""
    return "text/html" in accept


def under_streamlit(path: str) -> bool:
    """An address under one of Streamlit's own route prefixes (not "/" or a screen)."""
    segments = [s for s in path.split("/") if s]
    return bool(segments) and segments[0] in STREAMLIT_ROUTES


def addresses(screens: dict[Mode, tuple[str, ...]], mode: Mode, always: Iterable[str] = ()) -> set[str]:
    """The page names this mode answers, except its first screen (that one is "/")."""
    names = list(screens[mode]) + list(always)
    return set(names[1:]) | set(always)


class UnknownAddresses:
    """ASGI middleware: unknown page loads go to "/", and Streamlit's app page served under one of its
    own route prefixes becomes a real 404 page."""

    def __init__(self, app: Any, offered: Iterable[str]) -> None:
        self.app = app
        self.offered = frozenset(offered)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        accept = headers.get(b"accept", b"").decode("latin-1")
        path = scope.get("path", "/")
        target = landing(path, accept, self.offered)
        if target is not None:
            await send(
                {"type": "http.response.start", "status": 302, "headers": [(b"location", target.encode())]}
            )
            await send({"type": "http.response.body", "body": b""})
            return
        if page_load(accept) and under_streamlit(path):
            page = not_found_page(headers.get(b"accept-language", b"").decode("latin-1"))
            await self.app(scope, receive, _not_found_for_the_app_page(send, page))
            return
        await self.app(scope, receive, send)


def _not_found_for_the_app_page(send: Any, page: bytes = NOT_FOUND_PAGE) -> Any:
    """Pass Streamlit's answer on, unless it is its app page (HTML, status 200): that becomes a 404."""
    replacing = False

    async def wrapped(message: dict[str, Any]) -> None:
        nonlocal replacing
        if message["type"] == "http.response.start":
            kind = dict(message.get("headers") or []).get(b"content-type", b"")
            replacing = message["status"] == 200 and kind.startswith(b"text/html")
            if replacing:
                await send(
                    {
                        "type": "http.response.start",
                        "status": 404,
                        "headers": [
                            (b"content-type", b"text/html; charset=utf-8"),
                            (b"content-length", str(len(page)).encode()),
                            (b"cache-control", b"no-store"),
                        ],
                    }
                )
                return
        elif message["type"] == "http.response.body" and replacing:
            if not message.get("more_body", False):
                await send({"type": "http.response.body", "body": page})
            return
        await send(message)

    return wrapped
