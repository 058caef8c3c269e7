"""A person's files (the summary, the export, the logs, the calendar, the printout) die with their session.

Streamlit keeps a download in its media store and serves it at /media/<id> to anyone who asks,
until a later clean-up: the address of the previous person's printout still answered at a kiosk
after "Finish and clear", and a closed browser's export was served to a client with no cookies
for minutes (issue 25). So every file the app hands out is made here (`made_for_this_session`),
which records who it was made for: the session, and the browser it belongs to (a cookie of our
own, `BROWSER_COOKIE`, set by `PersonalFiles` on every page load). Then:

- `PersonalFiles`, an ASGI middleware in serve.py, serves such a file only to the browser it was
  made for, and only while the session that made it is alive; any other request gets a 404;
- `forget` deletes a session's files from the media store at once: Finish and clear, the idle
  wipe, signing out and deleting an account all call it.

Files that belong to nobody (the exercise drawings) pass through untouched.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st
from streamlit import runtime
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage, _calculate_file_id
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from backontrack import i18n

#: The browser's own token, set on page loads: a file is served back only to the browser it was made in.
BROWSER_COOKIE = "bot_browser"
MEDIA_PREFIX = "/media/"


@dataclass(frozen=True)
class Owner:
    session: str
    browser: str


_LOCK = threading.Lock()
_OWNERS: dict[str, Owner] = {}


def session_id() -> str | None:
    """The running session's id (None outside a Streamlit run, as in a unit test)."""
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else None


def browser_token() -> str:
    """This browser's token (the cookie PersonalFiles sets), or "" when it has none."""
    try:
        return str(st.context.cookies.get(BROWSER_COOKIE, ""))
    except Exception:  # no request behind this run (AppTest): no browser to tie a file to
        return ""


def made_for_this_session(make: Callable[[], bytes], mime: str, file_name: str) -> Callable[[], bytes]:
    """A download's callable that records, as it makes the file, whose file it is.

    The callable runs later, in a worker thread with no session (Streamlit's deferred downloads):
    the session and the browser are read now, while the page is drawn.
    """
    owner = Owner(session=session_id() or "", browser=browser_token())
    language = i18n.current()  # the worker thread has no run, so no language of its own

    def build() -> bytes:
        with i18n.speaking(language):
            data = make()
        file_id = _calculate_file_id(data, mime, file_name)  # the id Streamlit's media store gives it
        with _LOCK:
            _OWNERS[file_id] = owner
        return data

    return build


def forget(session: str | None) -> int:
    """Delete every file made for `session` from the media store, now; how many were deleted."""
    if not session:
        return 0
    with _LOCK:
        gone = [file_id for file_id, owner in _OWNERS.items() if owner.session == session]
        for file_id in gone:
            del _OWNERS[file_id]
    storage = _storage()
    for file_id in gone:
        if storage is not None:
            storage.delete_file(file_id)
    return len(gone)


def _storage() -> MemoryMediaFileStorage | None:
    if not runtime.exists():
        return None
    stored = runtime.get_instance().media_file_mgr._storage  # Streamlit has no public way to delete one
    return stored if isinstance(stored, MemoryMediaFileStorage) else None


def may_serve(file_id: str, browser: str) -> bool:
    """Whether a request from `browser` may have the media file `file_id`: any file of nobody's, and a
    person's file only in the browser it was made in while its session lives (else it is deleted)."""
    with _LOCK:
        owner = _OWNERS.get(file_id)
    if owner is None:
        return True
    alive = runtime.exists() and runtime.get_instance().is_active_session(owner.session)
    if not alive:
        forget(owner.session)
        return False
    return bool(browser) and secrets.compare_digest(browser, owner.browser)


def _cookie(headers: dict[bytes, bytes], name: str) -> str:
    for part in headers.get(b"cookie", b"").decode("latin-1").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return ""


class PersonalFiles:
    """ASGI middleware: a person's file only for their browser and session; a browser token on page loads."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        path: str = scope.get("path", "")
        if path.startswith(MEDIA_PREFIX):
            file_id = path[len(MEDIA_PREFIX) :].split("/")[0].split(".")[0]
            if not may_serve(file_id, _cookie(headers, BROWSER_COOKIE)):
                await send(
                    {
                        "type": "http.response.start",
                        "status": 404,
                        "headers": [(b"cache-control", b"no-store")],
                    }
                )
                await send({"type": "http.response.body", "body": b"File not found"})
                return
        if scope.get("method") == "GET" and not _cookie(headers, BROWSER_COOKIE):
            await self.app(scope, receive, _with_token(send))
            return
        await self.app(scope, receive, send)


def _with_token(send: Any) -> Any:
    """Give a browser with no token one, on its next HTML page."""

    async def wrapped(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            kind = dict(message.get("headers") or []).get(b"content-type", b"")
            if kind.startswith(b"text/html"):
                cookie = f"{BROWSER_COOKIE}={secrets.token_urlsafe(24)}; Path=/; HttpOnly; SameSite=Strict"
                message = {
                    **message,
                    "headers": [*message.get("headers", []), (b"set-cookie", cookie.encode())],
                }
        await send(message)

    return wrapped
