"""Every address a person can type lands on a screen: unknown ones go to the mode's first screen.

Streamlit alone shows a "page not found" dialog for an unknown page name (/home), and a blank page
for an address deeper than one segment (/a/b, /pages/plan.py): the page's relative script paths
then point into a folder that does not exist. `serve.py` wraps the app in this ASGI middleware,
which answers such a page load with a redirect to "/" before Streamlit sees it. Only page loads
are redirected (a GET that asks for HTML); scripts, the websocket, uploads, media, sign-in and
health checks pass through untouched.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from backontrack.settings import Mode

#: First path segments that belong to Streamlit's own routes, never to a screen.
STREAMLIT_ROUTES = frozenset({"_stcore", "static", "media", "auth", "oauth2callback", "component", "app"})


def landing(path: str, accept: str, offered: Iterable[str]) -> str | None:
    """Where a page load of `path` should go instead ("/"), or None to let Streamlit answer it."""
    if "text/html" not in accept:
        return None
    segments = [s for s in path.split("/") if s]
    if not segments or segments[0] in STREAMLIT_ROUTES or segments[0].startswith("_"):
        return None
    if len(segments) == 1 and segments[0] in set(offered):
        return None
    return "/"


def addresses(screens: dict[Mode, tuple[str, ...]], mode: Mode, always: Iterable[str] = ()) -> set[str]:
    """The page names this mode answers, except its first screen (that one is "/")."""
    names = list(screens[mode]) + list(always)
    return set(names[1:]) | set(always)


class UnknownAddresses:
    """ASGI middleware: a page load of an address the app does not have is redirected to "/"."""

    def __init__(self, app: Any, offered: Iterable[str]) -> None:
        self.app = app
        self.offered = frozenset(offered)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            headers = dict(scope.get("headers") or [])
            accept = headers.get(b"accept", b"").decode("latin-1")
            target = landing(scope.get("path", "/"), accept, self.offered)
            if target is not None:
                await send(
                    {
                        "type": "http.response.start",
                        "status": 302,
                        "headers": [(b"location", target.encode())],
                    }
                )
                await send({"type": "http.response.body", "body": b""})
                return
        await self.app(scope, receive, send)
