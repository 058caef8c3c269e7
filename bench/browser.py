"""Optional (--browser): what a page costs in Debian's headless Chromium, Lighthouse-style.

For each URL, in a fresh browser context (empty cache): bytes transferred
(HTTP bodies and headers as Chromium counts them, plus websocket frames),
total blocking time (the sum over long tasks of their time beyond 50 ms,
between first contentful paint and the moment the app is idle with no request
for half a second), and every request to a host other than this machine.
Chromium comes from /usr/bin/chromium (BACKONTRACK_CHROMIUM); Playwright's own
browser download is never used.
"""

from __future__ import annotations

import base64
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from playwright.sync_api import sync_playwright

CHROMIUM = Path(os.environ.get("BACKONTRACK_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
IDLE_APP = (
    "[data-testid='stApp'][data-test-connection-state='CONNECTED'][data-test-script-state='notRunning']"
)
QUIET_MS = 500
#: A text answer (script, style, page, JSON) bigger than this sent without content-encoding is
#: reported as "uncompressed": below it, compression saves less than its own headers.
PLAIN_BYTES = 1024
TEXT_KINDS = ("text/", "application/javascript", "application/json", "image/svg")
LOAD_SECONDS = 60
#: Collects long tasks and paint timings from before the page's first script runs.
OBSERVER = """
window.__bench = {longTasks: [], fcp: null};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    window.__bench.longTasks.push([entry.startTime, entry.duration]);
  }
}).observe({type: "longtask", buffered: true});
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.name === "first-contentful-paint") window.__bench.fcp = entry.startTime;
  }
}).observe({type: "paint", buffered: true});
"""


def measure(
    urls: dict[str, str],
    read: str | None = None,
    again: bool = False,
    cookies: dict[str, str] | None = None,
    act: Callable[[Any], None] | None = None,
) -> dict[str, dict[str, Any]]:
    """{name: findings} for each URL; a missing Chromium is reported, not raised.

    `read`, a JavaScript function, is evaluated once the page is idle; its result is kept as "read".
    `again`: then load the page a second time in the same context (its cache warm), and keep what
    that visit transferred as "again_http_bytes" and "again_ws_bytes".
    `cookies` are set for each URL's host first (a signed-in account, through the proxy); `act`
    is done on each page once it is idle (a tap), and the load measured until idle again.
    """
    if not CHROMIUM.exists():
        return {name: {"error": f"no Chromium at {CHROMIUM}"} for name in urls}
    found: dict[str, dict[str, Any]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_FLAGS)
        try:
            for name, url in urls.items():
                found[name] = _load(browser, url, read, again, cookies or {}, act)
        finally:
            browser.close()
    return found


def _load(
    browser: Any,
    url: str,
    read: str | None,
    again: bool,
    cookies: dict[str, str],
    act: Callable[[Any], None] | None,
) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 1350, "height": 940})
    try:
        origin = "{0.scheme}://{0.netloc}".format(urlparse(url))
        if cookies:
            context.add_cookies([{"name": k, "value": v, "url": origin} for k, v in cookies.items()])
        first = _visit(context, url, read, act)
        if again:
            # A second visit, in a new tab of the same browser: what its cache does not hold (HTTP;
            # the websocket's messages, the page's own content, come again every visit).
            second = _visit(context, url, None, act)
            first["again_http_bytes"], first["again_ws_bytes"] = second["http_bytes"], second["ws_bytes"]
        return first
    finally:
        context.close()


def _settle(page: Any, last_activity: list[float]) -> None:
    """Until the app is idle and nothing has come over the network for QUIET_MS."""
    page.locator(IDLE_APP).wait_for(state="attached", timeout=LOAD_SECONDS * 1000)
    page.get_by_test_id("stSkeleton").first.wait_for(state="detached", timeout=LOAD_SECONDS * 1000)
    deadline = time.monotonic() + LOAD_SECONDS
    while time.monotonic() - last_activity[0] < QUIET_MS / 1000 and time.monotonic() < deadline:
        page.wait_for_timeout(100)


def _visit(context: Any, url: str, read: str | None, act: Callable[[Any], None] | None) -> dict[str, Any]:
    """One load of `url` in a new tab of `context`, measured until the app is idle (after `act`,
    when given: a person's next step on the page, such as a tap)."""
    page = context.new_page()
    page.add_init_script(OBSERVER)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    transferred = {"http": 0, "ws": 0}
    requested: list[str] = []
    last_activity = [time.monotonic()]

    answered: dict[str, tuple[str, str, str]] = {}  # request id: URL, content type, content-encoding
    plain: list[tuple[str, int]] = []  # text answers sent uncompressed, with their size

    def received(event: dict[str, Any]) -> None:
        response = event["response"]
        headers = {k.lower(): v for k, v in (response.get("headers") or {}).items()}
        kind = response.get("mimeType", "")
        answered[event["requestId"]] = (response["url"], kind, headers.get("content-encoding", ""))

    def finished(event: dict[str, Any]) -> None:
        size = int(event.get("encodedDataLength", 0))
        transferred["http"] += size
        url, kind, encoding = answered.get(event["requestId"], ("", "", ""))
        if not encoding and size > PLAIN_BYTES and kind.startswith(TEXT_KINDS):
            plain.append((url, size))
        last_activity[0] = time.monotonic()

    def sent(event: dict[str, Any]) -> None:
        requested.append(event["request"]["url"])
        last_activity[0] = time.monotonic()

    def frame(event: dict[str, Any]) -> None:
        payload = event["response"].get("payloadData", "")
        binary = event["response"].get("opcode") == 2
        transferred["ws"] += len(base64.b64decode(payload)) if binary else len(payload.encode())

    cdp.on("Network.responseReceived", received)
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.webSocketFrameReceived", frame)
    page.goto(url, wait_until="load", timeout=LOAD_SECONDS * 1000)
    _settle(page, last_activity)
    if act is not None:  # what a person does next (a tap), measured with the load
        act(page)
        last_activity[0] = time.monotonic()
        _settle(page, last_activity)
    timings = page.evaluate(
        """() => {
          const entry = performance.getEntriesByName("first-contentful-paint")[0];
          const fcp = entry ? entry.startTime : window.__bench.fcp;
          return {fcp: fcp, now: performance.now(),
                  longTasks: window.__bench.longTasks};
        }"""
    )
    # Without a first-contentful-paint entry the window starts at navigation (counts more, not less).
    fcp = timings["fcp"] if timings["fcp"] is not None else 0.0
    idle_at = timings["now"] - QUIET_MS
    blocking = blocking_all = 0.0
    for start, duration in timings["longTasks"]:
        # As Lighthouse does: a task is clipped to the window, then counts beyond its first 50 ms.
        clipped = min(start + duration, idle_at) - max(start, fcp)
        blocking += max(0.0, clipped - 50)
        # From navigation on: a page whose chart is its first paint blocks before its FCP, so
        # comparing it with a page that paints a title first needs the whole load.
        blocking_all += max(0.0, min(start + duration, idle_at) - start - 50)
    off_machine = sorted(
        {u for u in requested if urlparse(u).scheme in ("http", "https", "ws", "wss")}
        - {u for u in requested if (urlparse(u).hostname or "") in LOCAL_HOSTS}
    )
    return {
        "read": page.evaluate(read) if read else None,
        "bytes": transferred["http"] + transferred["ws"],
        "http_bytes": transferred["http"],
        "ws_bytes": transferred["ws"],
        "requests": len(requested),
        "fcp_ms": fcp if timings["fcp"] is not None else float("nan"),
        "tbt_ms": blocking,
        "blocking_ms": blocking_all,
        "long_tasks": len(timings["longTasks"]),
        "off_machine": off_machine,
        "uncompressed": plain,
        "encodings": sorted({encoding for _, _, encoding in answered.values() if encoding}),
    }
