"""How heavy each page is on a first and a second visit, and how soon a phone paints it (issues 19, 26).

    python -m bench.weight            # or: make bench-browser, or make bench BROWSER=1
    python -m bench.weight --hosted   # ... and through HAProxy in hosted mode too

Seeds one person with 20 days of logs with the tree's own code and starts the app as a person
does (`make run`: serve.py), in personal, kiosk and demo mode (and hosted, with --hosted), beside
three anchors measured in the same run: a stock empty Streamlit page (stock settings,
`streamlit run` on a one-line app), an empty page with the app's settings, and a bare Streamlit
page that shows the very figure the progress page's interactive chart drew (read from that chart
in the browser, so it is the same data and layout). The progress page opens with a picture of
its chart; its interactive chart, one tap away, is measured as a row of its own (the load and
the tap). Each page, in a fresh browser context, is loaded `--repeat` times (the median
counts), and the report gives, per page:

- bytes transferred on a first visit (HTTP as Chromium counts it, compressed where it was sent
  so, plus the websocket's messages) as a ratio to the stock empty page. Targets (issue 26):
  at most 0.45x, and 1.0x for progress (with its interactive chart too);
- bytes transferred on a second visit, the cache warm (HTTP): at most 100 KB;
- total blocking time against the empty page with the app's settings (the bare figure page for
  the interactive chart), as issue 19 set it: at most 1.1x (1.2x for the chart), or within 50 ms;
- a Lighthouse mobile run (its default: a mid-range phone, simulated slow 4G and CPU),
  performance only: score, first and largest contentful paint, total blocking time and total
  byte weight, for every page as it opens and the anchors. Targets (issue 26): first and largest
  contentful paint at most 0.5x the stock empty page's. Lighthouse comes from the npm registry
  (bench/lighthouse/package.json, installed by make bench-browser) and drives Debian's
  Chromium; without node or it, that part says so and the rest still runs.

The results go to bench/results/<stamp>-<sha>-weight.md. Like the rest of the bench, it never
fails on a figure, only when a page does not load.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from playwright.sync_api import sync_playwright

from backontrack.store import Store
from bench import browser
from bench.run import BENCH, seed
from bench.server import Server, app_server, empty_server, free_port, wait_healthy

REPO = BENCH.parent
#: The app's screens (personal mode) by their address.
PAGES = {"home": "", "check": "check", "plan": "plan", "log": "log", "progress": "progress", "data": "data"}
#: The progress page opens with a picture of the chart; its interactive chart is one tap away.
INTERACTIVE = "progress, interactive chart"
TOGGLE = "Interactive chart: zoom in and see each day's numbers (loads about 1 MB)"
STOCK = "stock empty Streamlit page"
EMPTY = "empty page, app's settings"
FIGURE = "bare page, same figure"
#: Issue 19's targets: a page's blocking time as a multiple of its anchor's.
TARGET = {INTERACTIVE: 1.2}
OTHER_TARGET = 1.1
#: Issue 26's targets, against the stock empty page: bytes of a first visit, and first and largest
#: contentful paint in Lighthouse's mobile run; and a second visit's bytes, in KB.
BYTES_TARGET = {"progress": 1.0, INTERACTIVE: 1.0}
OTHER_BYTES_TARGET = 0.45
PAINT_TARGET = 0.5
SECOND_VISIT_KB = 100
#: Below this many ms of difference, blocking time passes whatever the ratio.
TBT_SLACK_MS = 50.0
LIGHTHOUSE = BENCH / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
#: The anchor for every other page: one line of text (Lighthouse needs something painted to time).
EMPTY_APP = 'import streamlit as st\n\nst.write("An empty page.")\n'
#: The bare figure page reads the figure the progress page drew, as plotly JSON.
FIGURE_APP = """import json
import pathlib

import plotly.graph_objects as go
import streamlit as st

spec = json.loads(pathlib.Path("figure.json").read_text())
st.plotly_chart(go.Figure(spec, skip_invalid=True), width="stretch", config={"displayModeBar": False})
"""
READ_FIGURE = "() => { const g = document.querySelector('.js-plotly-plot'); "
READ_FIGURE += "return g ? JSON.stringify({data: g.data, layout: g.layout}) : null; }"


@dataclass(frozen=True)
class Row:
    """A page measured: its name in the report, its address, the screen it is (for its targets)
    and the cookies a browser holds for it (a signed-in account through the proxy)."""

    name: str
    url: str
    screen: str
    cookies: dict[str, str] = field(default_factory=dict)
    #: A tap once the page is idle (the interactive chart's switch), measured with the load.
    act: Callable[[Any], None] | None = None


def interactive_chart(page: Any) -> None:
    """Tap the progress page's switch to its interactive chart, and wait until it is drawn."""
    page.get_by_text(TOGGLE).click()
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=60_000)


def anchor(screen: str) -> str:
    return FIGURE if screen == INTERACTIVE else EMPTY


def target(screen: str) -> float:
    return TARGET.get(screen, OTHER_TARGET)


def bytes_target(screen: str) -> float:
    return BYTES_TARGET.get(screen, OTHER_BYTES_TARGET)


def median_of(runs: list[dict[str, Any]], key: str) -> float:
    return float(statistics.median(float(run[key]) for run in runs))


def load(row: Row, repeat: int, keep_figure: Path | None = None) -> dict[str, Any]:
    """The page loaded `repeat` times, each in a fresh context and then once more with its cache
    warm; medians of bytes (first and second visit) and blocking time."""
    runs = [
        browser.measure(
            {"page": row.url},
            read=READ_FIGURE if keep_figure else None,
            again=True,
            cookies=row.cookies,
            act=row.act,
        )["page"]
        for _ in range(repeat)
    ]
    failed = [run["error"] for run in runs if "error" in run]
    if failed:
        return {"error": failed[0]}
    if keep_figure is not None:
        figure = runs[-1].get("read")
        if not figure:
            return {"error": "the progress page's interactive chart drew nothing"}
        keep_figure.write_text(figure)
    return {
        "bytes": median_of(runs, "bytes"),
        "ws_bytes": median_of(runs, "ws_bytes"),
        "again_http_bytes": median_of(runs, "again_http_bytes"),
        "again_ws_bytes": median_of(runs, "again_ws_bytes"),
        "tbt_ms": median_of(runs, "tbt_ms"),
        "blocking_ms": median_of(runs, "blocking_ms"),
        "off_machine": sorted({u for run in runs for u in run["off_machine"]}),
        "uncompressed": sorted({u for run in runs for u, _ in run["uncompressed"]}),
        "encodings": sorted({e for run in runs for e in run["encodings"]}),
    }


@contextmanager
def chromium_with_cookies(row: Row, work: Path) -> Iterator[int]:
    """Debian's Chromium, headless, holding `row`'s cookies; yields its DevTools port."""
    port = free_port()
    profile = Path(tempfile.mkdtemp(prefix="chromium-", dir=work))
    process = subprocess.Popen(
        [str(browser.CHROMIUM), "--headless=new", *browser.LAUNCH_FLAGS, f"--remote-debugging-port={port}",
         f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        with sync_playwright() as playwright:
            driven = playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}", timeout=30_000)
            origin = "{0.scheme}://{0.netloc}".format(urlparse(row.url))
            driven.contexts[0].add_cookies(
                [{"name": k, "value": v, "url": origin} for k, v in row.cookies.items()]
            )
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(profile, ignore_errors=True)


def lighthouse(row: Row, work: Path) -> dict[str, Any]:
    """One Lighthouse mobile run (performance only) against Debian's Chromium."""
    node = shutil.which("node")
    if node is None or not LIGHTHOUSE.exists():
        return {"error": "no Lighthouse (make bench-browser installs it; it needs node)"}
    flags = " ".join(["--headless=new", *browser.LAUNCH_FLAGS])
    env = dict(os.environ) | {"CHROME_PATH": str(browser.CHROMIUM)}
    out = work / "lighthouse.json"
    out.unlink(missing_ok=True)
    with ExitStack() as stack:
        where = [f"--chrome-flags={flags}"]
        if row.cookies:
            # Lighthouse's --extra-headers do not reach the websocket, so a signed-in page would be
            # timed signed out: it drives a Chromium that holds the account's cookies instead.
            port = stack.enter_context(chromium_with_cookies(row, work))
            where = [f"--port={port}", "--disable-storage-reset"]
        done = subprocess.run(
            [node, str(LIGHTHOUSE), row.url, "--quiet", "--only-categories=performance", "--output=json",
             f"--output-path={out}", "--max-wait-for-load=60000", *where],
            env=env, capture_output=True, text=True, timeout=240, check=False,
        )  # fmt: skip
    if done.returncode != 0 or not out.exists():
        return {"error": (done.stderr.strip().splitlines() or ["Lighthouse failed"])[-1][:200]}
    report = json.loads(out.read_text())
    audits = report["audits"]

    def value(name: str) -> float:
        return float(audits[name].get("numericValue") or 0.0)

    element = audits.get("largest-contentful-paint-element", {}).get("details", {}).get("items") or [{}]
    node_found = (element[0].get("items") or [{}])[0].get("node", {}) if element[0].get("items") else {}
    return {
        "score": round(100 * (report["categories"]["performance"]["score"] or 0)),
        "fcp_ms": value("first-contentful-paint"),
        "lcp_ms": value("largest-contentful-paint"),
        "tbt_ms": value("total-blocking-time"),
        "bytes": value("total-byte-weight"),
        "lcp_element": " ".join(str(node_found.get("nodeLabel") or "-").split())[:60],
    }


def within(value: float, base: float, limit: float) -> bool:
    """At most `limit` times the anchor's, or within TBT_SLACK_MS of it (a ratio of small numbers)."""
    return value <= limit * base or value - base <= TBT_SLACK_MS


def ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}x" if base > 0 else "-"


def judge_blocking(screen: str, page: dict[str, Any], base: dict[str, Any]) -> bool:
    """Blocking within issue 19's target. Blocking is TBT as Lighthouse counts it, except for
    the interactive chart against the bare figure page: that page paints nothing before its chart, so its TBT
    leaves out the chart's own work, and the whole load's blocking is compared."""
    blocking = "blocking_ms" if screen == INTERACTIVE else "tbt_ms"
    return within(page[blocking], base[blocking], target(screen))


def judge_bytes(row: Row, page: dict[str, Any], stock: dict[str, Any]) -> bool:
    """Issue 26: a first visit within its share of the stock page's bytes, a second within 100 KB."""
    first = float(page["bytes"]) <= bytes_target(row.screen) * float(stock["bytes"])
    return first and float(page["again_http_bytes"]) <= SECOND_VISIT_KB * 1000


def judge_paint(light: dict[str, Any], stock: dict[str, Any]) -> bool:
    return all(light[k] <= PAINT_TARGET * stock[k] for k in ("fcp_ms", "lcp_ms"))


def failed(row: dict[str, Any], *others: dict[str, Any]) -> str | None:
    for found in (row, *others):
        if "error" in found:
            return str(found["error"])
    return None


def bytes_lines(rows: list[Row], found: dict[str, dict[str, Any]]) -> list[str]:
    stock = found[STOCK]
    lines = [
        "## Bytes: a first visit (empty cache) and a second (cache warm)",
        "",
        f"Targets (issue 26): a first visit at most {OTHER_BYTES_TARGET}x the stock empty page's "
        f"bytes ({BYTES_TARGET['progress']}x for progress); a second visit at most {SECOND_VISIT_KB} KB "
        "over HTTP (the websocket brings the page's own content again on every visit: shown apart). "
        "'Plain' counts text answers over 1 KB sent without compression.",
        "",
        "| page | first visit MB | of it websocket KB | x stock | second visit HTTP KB | websocket KB "
        "| encodings | plain | target met | off the machine |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in [Row(STOCK, "", ""), Row(EMPTY, "", ""), Row(FIGURE, "", ""), *rows]:
        page = found[row.name]
        problem = failed(page, stock)
        if problem:
            lines.append(f"| {row.name} | not measured: {problem} | | | | | | | | |")
            continue
        met = "-" if row.name in (STOCK, EMPTY, FIGURE) else "yes" if judge_bytes(row, page, stock) else "NO"
        if met != "-":
            met += f" (≤ {bytes_target(row.screen)}x, ≤ {SECOND_VISIT_KB} KB)"
        lines.append(
            f"| {row.name} | {page['bytes'] / 1e6:.2f} | {page['ws_bytes'] / 1e3:.0f} | "
            f"{ratio(page['bytes'], stock['bytes'])} | {page['again_http_bytes'] / 1e3:.1f} | "
            f"{page['again_ws_bytes'] / 1e3:.0f} | {', '.join(page['encodings']) or 'none'} | "
            f"{len(page['uncompressed'])} | {met} | {len(page['off_machine'])} |"
        )
    plain = sorted({u for row in rows for u in found[row.name].get("uncompressed", [])})
    if plain:
        lines += ["", "Sent without compression:", "", *(f"- {u}" for u in plain[:20])]
    return lines


def blocking_lines(rows: list[Row], found: dict[str, dict[str, Any]]) -> list[str]:
    lines = [
        "## Blocking (issue 19)",
        "",
        f"Targets: the interactive chart ≤ {TARGET[INTERACTIVE]}x the bare page with the same figure, "
        f"every other page ≤ {OTHER_TARGET}x an empty Streamlit page with the app's settings, in total "
        f"blocking time (TBT, as Lighthouse counts it: long tasks after the first paint; within "
        f"{TBT_SLACK_MS:.0f} ms of the anchor's passes too). For the interactive chart, blocking over "
        "the whole load (every long task beyond 50 ms from navigation on) stands in for TBT: the bare "
        "page paints nothing before its "
        "chart, so its TBT misses the chart's own work.",
        "",
        "| page | TBT ms | blocking ms | anchor | TBT ratio | blocking ratio | target met |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in (EMPTY, FIGURE):
        page = found[name]
        if "error" not in page:
            lines.append(f"| {name} | {page['tbt_ms']:.0f} | {page['blocking_ms']:.0f} | - | - | - | - |")
    for row in rows:
        page, base = found[row.name], found[anchor(row.screen)]
        problem = failed(page, base)
        if problem:
            lines.append(f"| {row.name} | not measured: {problem} | | | | | |")
            continue
        ok = "yes" if judge_blocking(row.screen, page, base) else "NO"
        lines.append(
            f"| {row.name} | {page['tbt_ms']:.0f} | {page['blocking_ms']:.0f} | {anchor(row.screen)} | "
            f"{ratio(page['tbt_ms'], base['tbt_ms'])} | {ratio(page['blocking_ms'], base['blocking_ms'])} | "
            f"{ok} (≤ {target(row.screen)}x) |"
        )
    return lines


def lighthouse_lines(rows: list[Row], lights: dict[str, dict[str, Any]]) -> list[str]:
    if not lights:
        return []
    stock = lights[STOCK]
    lines = [
        "## Lighthouse, mobile (a simulated mid-range phone on slow 4G), performance only",
        "",
        f"Target (issue 26): first and largest contentful paint at most {PAINT_TARGET}x the stock "
        "empty page's.",
        "",
        "| page | score | FCP ms | FCP x stock | LCP ms | LCP x stock | TBT ms | MB | largest paint | "
        "target met |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name in [STOCK, EMPTY, FIGURE, *(row.name for row in rows)]:
        light = lights.get(name)
        if light is None:
            continue
        problem = failed(light, stock)
        if problem:
            lines.append(f"| {name} | not measured: {problem} | | | | | | | | |")
            continue
        anchors = name in (STOCK, EMPTY, FIGURE)
        met = "-" if anchors else "yes" if judge_paint(light, stock) else "NO"
        lines.append(
            f"| {name} | {light['score']} | "
            f"{light['fcp_ms']:.0f} | {ratio(light['fcp_ms'], stock['fcp_ms'])} | "
            f"{light['lcp_ms']:.0f} | {ratio(light['lcp_ms'], stock['lcp_ms'])} | {light['tbt_ms']:.0f} | "
            f"{light['bytes'] / 1e6:.2f} | {light['lcp_element'].replace('|', '/')} | {met} |"
        )
    return lines


def report(rows: list[Row], found: dict[str, dict[str, Any]], lights: dict[str, dict[str, Any]], sha: str,
           days: int) -> str:  # fmt: skip
    lines = [
        f"# Page weight, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {sha}",
        "",
        f"One person with {days} days of logs (a hosted account: 14); medians of "
        "the loads in headless Chromium (1350 x 940), each anchor measured in this same run.",
        "",
        *bytes_lines(rows, found),
        "",
        *blocking_lines(rows, found),
        "",
        *lighthouse_lines(rows, lights),
    ]
    return "\n".join(lines) + "\n"


@contextmanager
def hosted_rows(work: Path) -> Iterator[list[Row]]:
    """The hosted stack (PostgreSQL, sign-in provider, two app processes, HAProxy) started as
    `make hosted` does; its welcome page signed out, and every screen signed in as a seeded
    account (the cookies a browser would hold: bench/hosted.py makes them)."""
    from bench import hosted as hosted_bench
    from deploy import hosted, postgres

    work.chmod(0o755)  # the postgres user reaches its cluster through this folder
    stack = work / "stack"
    port = free_port()
    address = hosted.start(port, stack)
    try:
        settings = tomllib.loads((stack / "secrets.toml").read_text())["auth"]
        issuer = settings["server_metadata_url"].split("/.well-known")[0]
        owner, app = (stack / "pg" / "passwords").read_text().split()
        cluster = postgres.Cluster(stack / "pg", int((stack / "pg.port").read_text()), owner, app)
        hosted_bench.seed(Store.from_url(cluster.app_url), issuer, "weight", dt.date.today())
        cookies = hosted_bench.browser_cookies(port)
        cookies["_streamlit_user"] = hosted_bench.identity_cookie(
            settings["cookie_secret"], address, issuer, "weight"
        )
        signed_in = [Row(f"hosted: {n}", f"{address}/{path}", n, cookies) for n, path in PAGES.items()]
        yield [Row("hosted: welcome", address, "welcome"), *signed_in]
    finally:
        hosted.stop(stack)


def measure_all(rows: list[Row], found: dict[str, dict[str, Any]], repeat: int) -> None:
    for row in rows:
        if row.name not in found:
            print(f"weight: {row.name}", flush=True)
            found[row.name] = load(row, repeat)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.weight", description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=20, help="days of logs (default 20, as in issue 19)")
    parser.add_argument("--repeat", type=int, default=3, help="loads per page in Chromium (default 3)")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip the Lighthouse runs")
    parser.add_argument("--hosted", action="store_true", help="hosted mode through HAProxy too")
    args = parser.parse_args(argv)
    sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                         check=False).stdout.strip() or "unknown"  # fmt: skip
    found: dict[str, dict[str, Any]] = {}
    lights: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-weight-") as folder, ExitStack() as stack:
        work = Path(folder)
        print(f"weight: seeding {args.days} days of logs", flush=True)
        asyncio.run(seed(REPO, work / "data", args.days))
        logs = work / "logs"
        app = app_server("app", REPO, work / "data", logs)
        kiosk = app_server("kiosk", REPO, work / "kiosk", logs, {"BACKONTRACK_MODE": "kiosk"})
        demo = app_server("demo", REPO, work / "demo", logs, {"BACKONTRACK_MODE": "demo"})
        stock = empty_server("stock", work / "stock", logs, None, EMPTY_APP)
        empty = empty_server("empty", work / "empty", logs, REPO, EMPTY_APP)
        bare = empty_server("figure", work / "figure", logs, REPO, FIGURE_APP)
        servers: list[Server] = [app, kiosk, demo, stock, empty, bare]
        for server in servers:
            stack.callback(server.stop)
            server.start()
        wait_healthy(servers)
        rows = [Row(name, f"{app.url}/{path}", name) for name, path in PAGES.items()]
        rows.append(Row(INTERACTIVE, f"{app.url}/progress", INTERACTIVE, act=interactive_chart))
        rows += [Row("kiosk: start", kiosk.url, "start"), Row("demo: people", demo.url, "people")]
        if args.hosted:
            print("weight: starting the hosted stack (PostgreSQL, two app processes, HAProxy)", flush=True)
            rows += stack.enter_context(hosted_rows(work))
        print("weight: the interactive chart first (its figure is the bare page's)", flush=True)
        chart = next(row for row in rows if row.name == INTERACTIVE)
        found[INTERACTIVE] = load(chart, args.repeat, keep_figure=work / "figure" / "figure.json")
        anchors = [Row(STOCK, stock.url, ""), Row(EMPTY, empty.url, ""), Row(FIGURE, bare.url, "")]
        measure_all([*anchors, *rows], found, args.repeat)
        if not args.no_lighthouse:
            for row in [r for r in (*anchors, *rows) if r.act is None]:  # Lighthouse cannot tap
                print(f"weight: Lighthouse {row.name}", flush=True)
                lights[row.name] = lighthouse(row, work)
    text = report(rows, found, lights, sha, args.days)
    out = BENCH / "results" / f"{dt.datetime.now(dt.UTC):%Y-%m-%dT%H%M%SZ}-{sha}-weight.md"
    out.write_text(text)
    print(text)
    print(f"saved {out.relative_to(REPO)}")
    return 1 if any("error" in row for row in found.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
