"""A Streamlit client that speaks the browser's websocket protocol, and nothing else.

One `Session` is one browser tab: it connects to /_stcore/stream, asks for a
page the way Streamlit's frontend does, and times each run from sending the
BackMsg to receiving the ForwardMsg that says the script finished.

What the frontend sends (App.sendRerunBackMsg in Streamlit's frontend):

- the first run of a tab names the page by its URL path (`page_name`, "" for
  the default page at "/") with an empty `page_script_hash`;
- every later run of that page sends the page's `page_script_hash`, learnt from
  the `navigation` message (multipage apps) or from `new_session` (a one-file
  app), and an empty `page_name`;
- every run carries `context_info` (time zone, locale) and the hashes of the
  cacheable messages the tab still holds (`cached_message_hashes`), so the
  server sends a short `ref_hash` instead of a large element it already sent.

Widget values are not sent back (a rerun with every widget at its default),
which costs the server the same as a click that changes nothing.

A run counts as rendered only when it finished successfully, drew at least one
element, showed no exception, no `st.error`, no "page not found", and ran the
page that was asked for. Anything else is recorded as a problem, never as fast.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
from dataclasses import dataclass, field

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

#: Frontend's default for how many runs a cached message survives unseen (Config.max_cached_message_age).
DEFAULT_MAX_MESSAGE_AGE = 2
STREAM_PATH = "/_stcore/stream"
#: Whether new sessions acknowledge at once (see Session._quickack); `--delayed-ack` turns it off.
_QUICKACK = [True]


def use_quickack(on: bool) -> None:
    _QUICKACK[0] = on


class RunTimeout(Exception):
    """The server did not finish a run in time."""


@dataclass
class RunResult:
    """One script run as the browser saw it."""

    ms: float
    status: int | None
    elements: int
    bytes: int
    page_hash: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Session:
    """One browser tab on one server, showing one page at a time."""

    port: int
    page: str
    """The page's URL path: "" for the app's default page, else e.g. "progress"."""
    timeout: float = 60.0
    ws: ClientConnection | None = None
    page_hash: str = ""
    runs: int = 0
    max_message_age: int = DEFAULT_MAX_MESSAGE_AGE
    quickack: bool = field(default_factory=lambda: _QUICKACK[0])
    _cache: dict[str, int] = field(default_factory=dict)
    _seen_this_run: set[str] = field(default_factory=set)
    #: Cookies a signed-in browser sends (hosted mode: identity, XSRF, the proxy's affinity).
    cookies: dict[str, str] = field(default_factory=dict)

    async def open(self) -> None:
        headers, protocols = {}, [Subprotocol("streamlit")]
        if self.cookies:
            # As the browser does: the cookies, the page's origin, and the XSRF token as the
            # second subprotocol (Streamlit checks it against the cookie before reading the user).
            headers = {
                "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                "Origin": f"http://127.0.0.1:{self.port}",
            }
            protocols.append(Subprotocol(self.cookies["_streamlit_xsrf"]))
        self.ws = await asyncio.wait_for(
            connect(
                f"ws://127.0.0.1:{self.port}{STREAM_PATH}",
                subprotocols=protocols,
                additional_headers=headers,
                max_size=None,
                ping_interval=None,
                open_timeout=self.timeout,
                close_timeout=5,
            ),
            self.timeout,
        )

    def _quickack(self) -> None:
        """Acknowledge what arrives at once (Linux TCP_QUICKACK; the kernel clears it, so set it again).

        Streamlit's server socket leaves Nagle's algorithm on, so a run whose messages go out in
        two or more flushes waits for this client's delayed ACK (40 ms on Linux) between them.
        That wait is the transport's, not the page's; see bench/README.md.
        """
        if self.ws is None or not hasattr(socket, "TCP_QUICKACK"):
            return
        sock = self.ws.transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(TimeoutError, OSError):
                await asyncio.wait_for(self.ws.close(), 10)
            self.ws = None

    def navigate(self, page: str, page_hash: str) -> None:
        """Go to another page of the app, as its menu does: same tab, same session, the page's hash."""
        self.page = page
        self.page_hash = page_hash

    def _back_msg(self) -> bytes:
        first = not self.page_hash
        state = ClientState(
            query_string="",
            page_script_hash=self.page_hash,
            page_name=self.page if first else "",
            cached_message_hashes=sorted(self._cache),
            context_info=ContextInfo(
                timezone="UTC",
                timezone_offset=0,
                locale="en-GB",
                url=f"http://127.0.0.1:{self.port}/{self.page}",
                is_embedded=False,
                color_scheme="light",
            ),
        )
        data: bytes = BackMsg(rerun_script=state).SerializeToString()
        return data

    async def run(self) -> RunResult:
        """Ask for the page (first run) or rerun it; wait for the run to finish."""
        if self.ws is None:
            raise RuntimeError("session is not open")
        asked_hash = self.page_hash
        self._seen_this_run = set()
        began = time.perf_counter()
        if self.quickack:
            self._quickack()
        await self.ws.send(self._back_msg())
        elements = size = 0
        problems: list[str] = []
        nav_hash = session_hash = ""
        nav_paths: dict[str, str] = {}
        deadline = began + self.timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise RunTimeout(f"no script_finished within {self.timeout:.0f}s")
            try:
                data = await asyncio.wait_for(self.ws.recv(), remaining)
            except TimeoutError as exc:
                raise RunTimeout(f"no script_finished within {self.timeout:.0f}s") from exc
            if self.quickack:
                self._quickack()
            if isinstance(data, str):
                problems.append("text frame from server")
                continue
            size += len(data)
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if msg.metadata.cacheable and msg.hash:
                self._cache[msg.hash] = 0
                self._seen_this_run.add(msg.hash)
            if kind == "new_session":
                session_hash = msg.new_session.page_script_hash
                if msg.new_session.config.max_cached_message_age:
                    self.max_message_age = msg.new_session.config.max_cached_message_age
                elements = 0  # a rerun started: count this run's elements only
            elif kind == "navigation":
                nav_hash = msg.navigation.page_script_hash
                nav_paths = {p.page_script_hash: p.url_pathname for p in msg.navigation.app_pages}
            elif kind == "delta":
                elements += 1
                problems.extend(_delta_problems(msg))
            elif kind == "ref_hash":
                elements += 1
                self._seen_this_run.add(msg.ref_hash)
                self._cache[msg.ref_hash] = 0
            elif kind == "page_not_found":
                problems.append(f"page not found: {msg.page_not_found.page_name or self.page!r}")
            elif kind == "script_finished":
                if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the script asked for a rerun (st.rerun, st.navigation's first run): wait on
                break
        ms = (time.perf_counter() - began) * 1000
        status = msg.script_finished
        if status not in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
            problems.append(f"script finished with status {ForwardMsg.ScriptFinishedStatus.Name(status)}")
        if elements == 0:
            problems.append("no element drawn")
        ran = nav_hash or session_hash
        if asked_hash and ran != asked_hash:
            problems.append(f"ran page {ran} instead of {asked_hash}")
        if not asked_hash and nav_paths and nav_paths.get(ran, "") != self.page:
            problems.append(f"asked for /{self.page}, ran /{nav_paths.get(ran, '?')}")
        self.page_hash = ran
        self.runs += 1
        self._age_cache()
        return RunResult(ms, status, elements, size, ran, problems)

    def _age_cache(self) -> None:
        """The frontend forgets cached messages not seen for `max_message_age` runs."""
        for key in list(self._cache):
            if key in self._seen_this_run:
                self._cache[key] = 0
                continue
            self._cache[key] += 1
            if self._cache[key] > self.max_message_age:
                del self._cache[key]


def _delta_problems(msg: ForwardMsg) -> list[str]:
    if msg.delta.WhichOneof("type") != "new_element":
        return []
    element = msg.delta.new_element
    which = element.WhichOneof("type")
    if which == "exception":
        return [f"exception: {element.exception.type}: {element.exception.message[:200]}"]
    if which == "alert" and element.alert.format == Alert.ERROR:
        return [f"st.error: {element.alert.body[:200]}"]
    return []


async def app_pages(
    port: int, timeout: float = 60.0, cookies: dict[str, str] | None = None
) -> dict[str, str]:
    """The app's pages as {url path: page script hash}, from one run of its default page
    (`cookies`: a signed-in browser's, for hosted mode, whose pages depend on signing in)."""
    session = Session(port, "", timeout=timeout, cookies=cookies or {})
    await session.open()
    try:
        assert session.ws is not None
        await session.ws.send(session._back_msg())
        found: dict[str, str] = {}
        deadline = time.perf_counter() + timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise RunTimeout("no script_finished while listing pages")
            msg = ForwardMsg()
            msg.ParseFromString(await asyncio.wait_for(session.ws.recv(), remaining))
            kind = msg.WhichOneof("type")
            if kind == "navigation":
                found = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
            elif kind == "script_finished" and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return found
    finally:
        await session.close()
