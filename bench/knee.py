"""Hosted capacity to its knee: how many paced signed-in tabs a machine serves (issue 26).

    python -m bench.knee                    # two app processes, then four, behind HAProxy
    python -m bench.knee --processes 2 --steps 100,200,300

For each number of app processes, deploy/hosted.py starts the whole stack (PostgreSQL, the test
sign-in provider, the processes, HAProxy) and tabs are added in steps, each a different account
with two weeks of plan and logs, signed in as a browser is (bench/hosted.py). Every tab reruns a
personal screen every 4 to 6 s, as the hosted phase of `make bench` does, and keeps doing so as
more are added. After each step's tabs have opened and settled, the runs of a measured window
give p50 and p95; CPU is read for the app processes, for everything else on the machine (this
client, PostgreSQL, HAProxy) and for the machine as a whole. The steps stop at the first that
misses the target (p95 <= 250 ms with no errors), and one more step halfway back finds the knee
more closely: the largest number of tabs that met it.

The client runs on the same machine and takes CPU of its own: the CPU column says how much, and
the knee is for this machine serving and loading itself. Results: bench/results/<stamp>-<sha>-knee.md
and a plot beside it (-knee.svg). Never fails on a figure; exits 1 when the stack cannot start.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from backontrack.store import Store
from bench import plot
from bench.client import RunTimeout, Session, app_pages
from bench.hosted import PAGES, TARGET_P95_MS, browser_cookies, identity_cookie, seed
from bench.stats import p50, p95
from deploy import hosted, postgres

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"
STEPS = (50, 100, 200, 300, 400, 500, 600, 800, 1000, 1200)
#: After a step's new tabs have opened, this long (or a second for every OPENED_A_SECOND new tabs,
#: if longer) for their first runs to be done before measuring.
SETTLE_SECONDS = 10.0
OPENED_A_SECOND = 20
THINK = (4.0, 6.0)
#: A miss this many tabs above the last step that met the target gets one more step halfway.
HALFWAY_FROM = 50


@dataclass(frozen=True)
class Stack:
    """The running hosted stack, and what a signed-in tab needs from it."""

    port: int
    address: str
    issuer: str
    secret: str
    store: Store
    app_pids: list[int]
    today: dt.date

    @classmethod
    def of(cls, folder: Path, port: int, address: str, processes: int) -> Stack:
        settings = tomllib.loads((folder / "secrets.toml").read_text())["auth"]
        owner, app = (folder / "pg" / "passwords").read_text().split()
        cluster = postgres.Cluster(folder / "pg", int((folder / "pg.port").read_text()), owner, app)
        return cls(
            port=port,
            address=address,
            issuer=settings["server_metadata_url"].split("/.well-known")[0],
            secret=settings["cookie_secret"],
            store=Store.from_url(cluster.app_url),
            app_pids=[int((folder / f"app{i}.pid").read_text()) for i in range(1, processes + 1)],
            today=dt.date.today(),
        )


@dataclass
class Step:
    tabs: int
    runs: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    app_cpu: float = 0.0  # cores, on average over the window
    other_cpu: float = 0.0
    machine_cpu: float = 0.0  # percent of the whole machine

    def __str__(self) -> str:
        return (
            f"{self.tabs} tabs: {len(self.runs)} runs, p50 {p50(self.runs):.0f} ms, "
            f"p95 {p95(self.runs):.0f} ms, errors {len(self.problems)}, app CPU {self.app_cpu:.2f} cores"
        )

    @property
    def met(self) -> bool:
        return bool(self.runs) and p95(self.runs) <= TARGET_P95_MS and not self.problems


@dataclass
class Crowd:
    """Signed-in tabs rerunning on their own, each every 4-6 s, until stopped; the runs that start
    inside the current window are kept."""

    port: int
    hashes: dict[str, str]
    opened: int = 0
    window: Step | None = None
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    stopping: bool = False

    async def tab(self, session: Session) -> None:
        rng = random.Random(session.cookies["_streamlit_user"][-8:])
        try:
            await session.open()
            await session.run()
            await asyncio.sleep(rng.uniform(0, THINK[1]))
            while not self.stopping:
                page = rng.choice(PAGES)
                session.navigate(page, self.hashes[page])
                window = self.window
                result = await session.run()
                if window is not None and window is self.window:
                    if result.ok:
                        window.runs.append(result.ms)
                    window.problems.extend(result.problems)
                await asyncio.sleep(rng.uniform(*THINK))
        except (RunTimeout, OSError) as exc:
            if self.window is not None:
                self.window.problems.append(f"{type(exc).__name__}: {exc}")
        finally:
            await session.close()

    def add(self, sessions: list[Session]) -> None:
        self.tasks += [asyncio.create_task(self.tab(s)) for s in sessions]

    async def stop(self) -> None:
        self.stopping = True
        await asyncio.gather(*self.tasks, return_exceptions=True)


def _cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            process = psutil.Process(pid)
            for member in [process, *process.children(recursive=True)]:
                times = member.cpu_times()
                total += times.user + times.system
        except psutil.Error:
            continue
    return total


async def measure_step(crowd: Crowd, step: Step, seconds: float, app_pids: list[int]) -> None:
    busy_before = psutil.cpu_times()
    app_before = _cpu_seconds(app_pids)
    began = time.monotonic()
    crowd.window = step
    await asyncio.sleep(seconds)
    crowd.window = None
    elapsed = time.monotonic() - began
    busy_after = psutil.cpu_times()
    used = sum(busy_after) - sum(busy_before)
    idle = (busy_after.idle + busy_after.iowait) - (busy_before.idle + busy_before.iowait)
    machine = (used - idle) / elapsed  # cores busy
    step.app_cpu = (_cpu_seconds(app_pids) - app_before) / elapsed
    step.other_cpu = max(0.0, machine - step.app_cpu)
    step.machine_cpu = 100 * machine / (os.cpu_count() or 1)


async def grow(crowd: Crowd, to: int, context: Stack, seconds: float) -> Step:
    """Add tabs (seeded accounts, signed in) until `to` run at once, let them settle, measure."""
    new = range(crowd.opened, to)
    # Seeding and the cookies' HTTP requests block: in a thread, so the tabs already open go on.
    await asyncio.to_thread(
        lambda: [seed(context.store, context.issuer, f"knee-{i:04d}", context.today) for i in new]
    )
    jars = await asyncio.to_thread(lambda: [browser_cookies(context.port) for _ in new])
    sessions = []
    for i, jar in zip(new, jars, strict=True):
        jar["_streamlit_user"] = identity_cookie(
            context.secret, context.address, context.issuer, f"knee-{i:04d}"
        )
        sessions.append(Session(context.port, "", cookies=jar, timeout=60))
    crowd.add(sessions)
    crowd.opened = to
    await asyncio.sleep(max(SETTLE_SECONDS, len(new) / OPENED_A_SECOND))
    step = Step(to)
    await measure_step(crowd, step, seconds, context.app_pids)
    return step


async def curve(processes: int, steps: tuple[int, ...], seconds: float, work: Path, say) -> list[Step]:
    """The steps on `processes` app processes, up to the first that misses the target, and one
    more halfway back from it."""
    folder = work / f"stack-{processes}"
    port = postgres.free_port()
    say(f"{processes} processes: starting PostgreSQL, the sign-in provider, the app and HAProxy")
    address = hosted.start(port, folder, processes=processes)
    try:
        context = Stack.of(folder, port, address, processes)
        hashes: dict[str, str] = {}
        found: list[Step] = []

        async def run(counts: list[int]) -> None:
            if not hashes:
                jar = browser_cookies(port)
                jar["_streamlit_user"] = identity_cookie(
                    context.secret, address, context.issuer, "knee-pages"
                )
                hashes.update(await app_pages(port, cookies=jar))
            crowd = Crowd(port, hashes)
            try:
                for tabs in counts:
                    began = time.perf_counter()
                    step = await grow(crowd, tabs, context, seconds)
                    found.append(step)
                    say(f"{processes} processes, {step} ({time.perf_counter() - began:.0f} s)")
                    if not step.met:
                        return
            finally:
                await crowd.stop()

        await run(sorted(set(steps)))
        good = [s.tabs for s in found if s.met]
        if found and not found[-1].met and good and found[-1].tabs - max(good) > HALFWAY_FROM:
            # Tabs can only be added: the halfway step starts a crowd of its own.
            await run([(max(good) + found[-1].tabs) // 2])
        return sorted(found, key=lambda s: s.tabs)
    finally:
        hosted.stop(folder)


def knee(found: list[Step]) -> int | None:
    """The largest number of tabs that met the target (none above it missed it below)."""
    good = [s.tabs for s in found if s.met]
    return max(good) if good else None


def report(curves: dict[int, list[Step]], stamp: str, sha: str, seconds: float, picture: str) -> str:
    cores = os.cpu_count() or 1
    lines = [
        f"# Hosted capacity to its knee, {stamp}, {sha}",
        "",
        f"- This machine: {cores} cores. Each tab is a signed-in account with 14 days of plan and logs, "
        f"rerunning a personal screen every {THINK[0]:.0f}-{THINK[1]:.0f} s; tabs are added in steps "
        f"and keep running; each step settles {SETTLE_SECONDS:.0f} s, then {seconds:.0f} s of runs "
        "are measured.",
        f"- Target: p95 <= {TARGET_P95_MS:.0f} ms with no errors. The client loading the app runs on "
        "the same machine: its CPU is in 'other'.",
        "",
    ]
    for processes, found in curves.items():
        best = knee(found)
        per_core = f"{best / cores:.0f} tabs per core" if best else "no step met the target"
        lines.append(f"- **{processes} app processes: knee at {best or 0} tabs ({per_core}).**")
    lines += [
        "",
        "| app processes | tabs | runs | p50 ms | p95 ms | errors | app CPU (cores) | other CPU (cores) "
        "| machine CPU % | target met |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for processes, found in curves.items():
        for s in found:
            lines.append(
                f"| {processes} | {s.tabs} | {len(s.runs)} | {p50(s.runs):.0f} | {p95(s.runs):.0f} | "
                f"{len(s.problems)} | {s.app_cpu:.2f} | {s.other_cpu:.2f} | {s.machine_cpu:.0f} | "
                f"{'yes' if s.met else 'NO'} |"
            )
    problems = sorted({p for found in curves.values() for s in found for p in s.problems})
    if problems:
        lines += ["", "## Problems", "", *(f"- {p}" for p in problems[:20])]
    lines += ["", f"![p95 and CPU against tabs]({picture})", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.knee", description=__doc__.splitlines()[0])
    parser.add_argument("--processes", default="2,4", help="app process counts to try (default 2,4)")
    parser.add_argument("--steps", default=",".join(map(str, STEPS)), help="tab counts, in order")
    parser.add_argument("--seconds", type=float, default=30.0, help="measured seconds a step")
    parser.add_argument("--results-dir", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    try:
        counts = [int(n) for n in args.processes.split(",")]
        steps = tuple(int(n) for n in args.steps.split(","))
    except ValueError:
        parser.error("--processes and --steps take whole numbers separated by commas, e.g. 2,4")
    work = Path(tempfile.mkdtemp(prefix="backontrack-bench-knee-"))
    work.chmod(0o755)  # the postgres user reaches its cluster through this folder
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H%M%SZ")
    sha = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    curves: dict[int, list[Step]] = {}
    try:
        for processes in counts:
            curves[processes] = asyncio.run(
                curve(processes, steps, args.seconds, work, lambda line: print(line, flush=True))
            )
    except postgres.ClusterError as exc:
        print(exc, file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.results_dir.mkdir(parents=True, exist_ok=True)
    base = args.results_dir / f"{stamp}-{sha}-knee"
    series = {
        f"{n} processes": [(s.tabs, p95(s.runs), s.machine_cpu) for s in found] for n, found in curves.items()
    }
    base.with_suffix(".svg").write_text(plot.knee_svg(series, TARGET_P95_MS))
    text = report(curves, stamp, sha, args.seconds, base.with_suffix(".svg").name)
    base.with_suffix(".md").write_text(text)
    print(text)
    print(f"results: {base}.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
