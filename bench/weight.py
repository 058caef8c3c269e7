"""How heavy each page is in a browser, against its anchor (issue 19, part 3).

    python -m bench.weight            # or: make bench-browser, or make bench BENCH_ARGS=--browser

Seeds one person with 20 days of logs (the issue's case) with the tree's own code, starts the app
as a person does, an empty Streamlit page with the app's settings, and a bare Streamlit page that
shows the very figure the progress page drew (read from the progress page in the browser, so it
is the same data and layout). Then, each in a fresh browser context, loads every page
`--repeat` times (the median counts) and reports, per page:

- bytes transferred and total blocking time in headless Chromium (bench/browser.py), and each
  as a ratio to its anchor: the bare figure page for progress, the empty page for the others.
  Targets: at most 1.2 x (progress) and 1.1 x (the others). A blocking time within 50 ms of
  its anchor passes too: a ratio of two small numbers says nothing;
- a Lighthouse mobile run (its default: a mid-range phone, simulated slow 4G and CPU),
  performance only: score, first and largest contentful paint, total blocking time and total
  byte weight, for the pages and both anchors. Lighthouse comes from the npm registry
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
from pathlib import Path
from typing import Any

from bench import browser
from bench.run import BENCH, seed
from bench.server import Server, app_server, empty_server, wait_healthy

REPO = BENCH.parent
#: The app's screens (personal mode) by their address.
PAGES = {"home": "", "check": "check", "plan": "plan", "log": "log", "progress": "progress", "data": "data"}
EMPTY = "empty Streamlit page"
FIGURE = "bare page, same figure"
#: Issue 19's targets: a page's weight as a multiple of its anchor's.
TARGET = {"progress": 1.2}
OTHER_TARGET = 1.1
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


def anchor(page: str) -> str:
    return FIGURE if page == "progress" else EMPTY


def target(page: str) -> float:
    return TARGET.get(page, OTHER_TARGET)


def median_of(runs: list[dict[str, Any]], key: str) -> float:
    return float(statistics.median(float(run[key]) for run in runs))


def load(url: str, repeat: int, keep_figure: Path | None = None) -> dict[str, Any]:
    """The page loaded `repeat` times, each in a fresh context; medians of bytes and blocking time."""
    runs = [
        browser.measure({"page": url}, read=READ_FIGURE if keep_figure else None)["page"]
        for _ in range(repeat)
    ]
    failed = [run["error"] for run in runs if "error" in run]
    if failed:
        return {"error": failed[0]}
    if keep_figure is not None:
        figure = runs[-1].get("read")
        if not figure:
            return {"error": "the progress page drew no chart"}
        keep_figure.write_text(figure)
    off = sorted({u for run in runs for u in run["off_machine"]})
    return {
        "bytes": median_of(runs, "bytes"),
        "tbt_ms": median_of(runs, "tbt_ms"),
        "blocking_ms": median_of(runs, "blocking_ms"),
        "off_machine": off,
    }


def lighthouse(url: str, work: Path) -> dict[str, Any]:
    """One Lighthouse mobile run (performance only) against Debian's Chromium."""
    node = shutil.which("node")
    if node is None or not LIGHTHOUSE.exists():
        return {"error": "no Lighthouse (make bench-browser installs it; it needs node)"}
    flags = " ".join(["--headless=new", *browser.LAUNCH_FLAGS])
    env = dict(os.environ) | {"CHROME_PATH": str(browser.CHROMIUM)}
    out = work / "lighthouse.json"
    done = subprocess.run(
        [node, str(LIGHTHOUSE), url, "--quiet", "--only-categories=performance", "--output=json",
         f"--output-path={out}", f"--chrome-flags={flags}", "--max-wait-for-load=60000"],
        env=env, capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    if done.returncode != 0 or not out.exists():
        return {"error": (done.stderr.strip().splitlines() or ["Lighthouse failed"])[-1][:200]}
    report = json.loads(out.read_text())
    audits = report["audits"]

    def value(name: str) -> float:
        return float(audits[name].get("numericValue") or 0.0)

    return {
        "score": round(100 * (report["categories"]["performance"]["score"] or 0)),
        "fcp_ms": value("first-contentful-paint"),
        "lcp_ms": value("largest-contentful-paint"),
        "tbt_ms": value("total-blocking-time"),
        "bytes": value("total-byte-weight"),
    }


def within(value: float, base: float, limit: float) -> bool:
    """At most `limit` times the anchor's, or within TBT_SLACK_MS of it (a ratio of small numbers)."""
    return value <= limit * base or value - base <= TBT_SLACK_MS


def ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}x" if base > 0 else "-"


def judge(name: str, page: dict[str, Any], base: dict[str, Any]) -> bool:
    """Bytes, and blocking, within the page's target. Blocking is TBT as Lighthouse counts it,
    except for progress against the bare figure page: that page paints nothing before its chart,
    so its TBT leaves out the chart's own work, and the whole load's blocking is compared."""
    limit = target(name)
    blocking = "blocking_ms" if name == "progress" else "tbt_ms"
    return page["bytes"] <= limit * base["bytes"] and within(page[blocking], base[blocking], limit)


def report(found: dict[str, dict[str, Any]], lights: dict[str, dict[str, Any]], sha: str, days: int) -> str:
    lines = [
        f"# Page weight, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {sha}",
        "",
        f"One person with {days} days of logs; medians of the loads in headless Chromium (1350 x 940).",
        f"Targets (issue 19): progress ≤ {TARGET['progress']}x the bare page with the same figure, "
        f"every other page ≤ {OTHER_TARGET}x an empty Streamlit page, in bytes and in total blocking "
        f"time (TBT, as Lighthouse counts it: long tasks after the first paint; a TBT within "
        f"{TBT_SLACK_MS:.0f} ms of the anchor's passes too). For progress, blocking over the whole load "
        "(every long task beyond 50 ms from navigation on) stands in for TBT: the bare page paints "
        "nothing before its chart, so its TBT misses the chart's own work.",
        "",
        "| page | MB | TBT ms | blocking ms | anchor | bytes ratio | TBT ratio | blocking ratio "
        "| target met | off the machine |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name in (EMPTY, FIGURE):
        row = found[name]
        if "error" in row:
            lines.append(f"| {name} | not measured: {row['error']} | | | | | | | | |")
        else:
            figures = f"{row['bytes'] / 1e6:.2f} | {row['tbt_ms']:.0f} | {row['blocking_ms']:.0f}"
            lines.append(f"| {name} | {figures} | - | - | - | - | - | {len(row['off_machine'])} |")
    for name in PAGES:
        row, base = found[name], found[anchor(name)]
        if "error" in row or "error" in base:
            lines.append(
                f"| {name} | not measured: {row.get('error') or base.get('error')} | | | | | | | | |"
            )
            continue
        ok = judge(name, row, base)
        ratios = " | ".join(ratio(row[k], base[k]) for k in ("bytes", "tbt_ms", "blocking_ms"))
        lines.append(
            f"| {name} | {row['bytes'] / 1e6:.2f} | {row['tbt_ms']:.0f} | {row['blocking_ms']:.0f} | "
            f"{anchor(name)} | {ratios} | {'yes' if ok else 'NO'} (≤ {target(name)}x) | "
            f"{len(row['off_machine'])} |"
        )
    lines += [
        "",
        "## Lighthouse, mobile (simulated mid-range phone on slow 4G), performance only",
        "",
        "| page | score | FCP ms | LCP ms | TBT ms | total byte weight MB |",
        "|---|---|---|---|---|---|",
    ]
    for name, light in lights.items():
        if "error" in light:
            lines.append(f"| {name} | not measured: {light['error']} | | | | |")
        else:
            lines.append(f"| {name} | {light['score']} | {light['fcp_ms']:.0f} | {light['lcp_ms']:.0f} | "
                         f"{light['tbt_ms']:.0f} | {light['bytes'] / 1e6:.2f} |")  # fmt: skip
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.weight", description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=20, help="days of logs (default 20, as in issue 19)")
    parser.add_argument("--repeat", type=int, default=3, help="loads per page in Chromium (default 3)")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip the Lighthouse runs")
    args = parser.parse_args(argv)
    sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                         check=False).stdout.strip() or "unknown"  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-weight-") as folder:
        work = Path(folder)
        print(f"weight: seeding {args.days} days of logs", flush=True)
        asyncio.run(seed(REPO, work / "data", args.days))
        logs = work / "logs"
        app = app_server("app", REPO, work / "data", logs)
        empty = empty_server("empty", work / "empty", logs, REPO, EMPTY_APP)
        bare = empty_server("figure", work / "figure", logs, REPO, FIGURE_APP)
        servers: list[Server] = [app, empty, bare]
        try:
            for server in servers:
                server.start()
            wait_healthy(servers)
            found: dict[str, dict[str, Any]] = {}
            print("weight: progress first (its figure is the bare page's)", flush=True)
            found["progress"] = load(
                f"{app.url}/progress", args.repeat, keep_figure=work / "figure" / "figure.json"
            )
            found[FIGURE] = load(bare.url, args.repeat)
            found[EMPTY] = load(empty.url, args.repeat)
            for name, path in PAGES.items():
                if name != "progress":
                    print(f"weight: {name}", flush=True)
                    found[name] = load(f"{app.url}/{path}", args.repeat)
            lights: dict[str, dict[str, Any]] = {}
            if not args.no_lighthouse:
                urls = {EMPTY: empty.url, FIGURE: bare.url} | {n: f"{app.url}/{p}" for n, p in PAGES.items()}
                for name, url in urls.items():
                    print(f"weight: Lighthouse {name}", flush=True)
                    lights[name] = lighthouse(url, work)
        finally:
            for server in servers:
                server.stop()
    text = report(found, lights, sha, args.days)
    out = BENCH / "results" / f"{dt.datetime.now(dt.UTC):%Y-%m-%dT%H%M%SZ}-{sha}-weight.md"
    out.write_text(text)
    print(text)
    print(f"saved {out.relative_to(REPO)}")
    return 1 if any("error" in row for row in found.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
