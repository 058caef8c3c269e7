"""What a page load sends over the wire, as Chromium's own network log (DevTools protocol) sees it:
each answer's headers, whether it came from the cache, and the bytes transferred (issue 26)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import BrowserContext, Page

#: Streamlit's own header for its hashed files (kept by ui/compression.py).
IMMUTABLE = "public, immutable, max-age=31536000"
TEXT = ("text/", "application/javascript", "application/json", "image/svg")


@dataclass
class Answer:
    url: str
    status: int
    kind: str
    headers: dict[str, str]
    from_cache: bool
    bytes: int = 0

    @property
    def encoding(self) -> str:
        return self.headers.get("content-encoding", "")

    @property
    def cache_control(self) -> str:
        return self.headers.get("cache-control", "")


@dataclass
class Visit:
    answers: dict[str, Answer] = field(default_factory=dict)
    cached: set[str] = field(default_factory=set)  # request ids served from the memory cache
    #: The status as it came over the wire, by request id: a 304 is shown to the page (and in
    #: responseReceived) as the cached answer's 200.
    wire: dict[str, int] = field(default_factory=dict)

    def over_the_wire(self, request: str) -> bool:
        """Whether the answer's body came over the network (not the cache, not a 304)."""
        answer = self.answers[request]
        fresh = not answer.from_cache and request not in self.cached
        return fresh and self.wire.get(request, answer.status) == 200

    def one(self, pattern: str) -> Answer:
        """The answer whose URL matches `pattern` (a regular expression) that came over the wire;
        exactly one (the same file again from the cache does not count)."""
        found = [a for r, a in self.answers.items() if re.search(pattern, a.url) and self.over_the_wire(r)]
        assert len(found) == 1, f"{len(found)} answers match {pattern}: {[a.url for a in found]}"
        return found[0]

    @property
    def transferred(self) -> int:
        """Bytes over HTTP (headers and bodies as sent, compressed where they were)."""
        return sum(a.bytes for a in self.answers.values())

    def plain_text(self, origin: str, at_least: int = 1024) -> list[str]:
        """Text answers from `origin` of `at_least` bytes that came over the wire uncompressed."""
        return [
            a.url
            for r, a in self.answers.items()
            if a.url.startswith(origin) and self.over_the_wire(r) and a.bytes >= at_least
            if not a.encoding and a.kind.startswith(TEXT)
        ]

    def downloaded(self, pattern: str) -> list[str]:
        """URLs matching `pattern` whose body came over the wire (not the cache, not a 304)."""
        return [a.url for r, a in self.answers.items() if re.search(pattern, a.url) and self.over_the_wire(r)]


@contextmanager
def recorded(context: BrowserContext, page: Page) -> Iterator[Visit]:
    """Record what `page` loads while the block runs."""
    visit = Visit()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")

    def received(event: dict[str, Any]) -> None:
        response = event["response"]
        headers = {k.lower(): v for k, v in (response.get("headers") or {}).items()}
        visit.answers[event["requestId"]] = Answer(
            url=response["url"],
            status=int(response["status"]),
            kind=response.get("mimeType", ""),
            headers=headers,
            from_cache=bool(response.get("fromDiskCache") or response.get("fromPrefetchCache")),
        )

    def finished(event: dict[str, Any]) -> None:
        if event["requestId"] in visit.answers:
            visit.answers[event["requestId"]].bytes = int(event.get("encodedDataLength", 0))

    cdp.on("Network.responseReceived", received)
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.requestServedFromCache", lambda event: visit.cached.add(event["requestId"]))
    cdp.on(
        "Network.responseReceivedExtraInfo",
        lambda event: visit.wire.__setitem__(event["requestId"], int(event["statusCode"])),
    )
    try:
        yield visit
    finally:
        cdp.detach()
