"""One bench run of one tree: seed, start the servers, drive every phase, stop everything."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from bench import phases
from bench.client import Session, app_pages
from bench.phases import Load, Paced, Problems, Single
from bench.server import CHART_APP, EMPTY_APP, Server, ServerError, app_server, empty_server, wait_healthy
from bench.stats import p50, p95

BENCH = Path(__file__).resolve().parent
#: History lengths: one plan started this many days ago, logged every day.
DATABASES = {"14d": 14, "1y": 365, "5y": 1825}
#: The personal-mode screens, in the table's order, by their name in app.py's SCREENS.
SCREENS = ("home", "log", "progress", "plan", "check", "data")
EMPTY_DEFAULT = "empty (default settings)"
EMPTY_SAME = "empty (same settings)"
EMPTIES = (EMPTY_DEFAULT, EMPTY_SAME)
ROWS = (*EMPTIES, *SCREENS)
SEED_SECONDS = 600


@dataclass(frozen=True)
class Plan:
    """How much of each phase to run."""

    databases: tuple[str, ...] = ("14d", "1y", "5y")
    single_runs: int = 20
    single_warmups: int = 2
    single_min_runs: int = 6
    single_budget: float = 5.0
    saturated_sessions: int = 8
    saturated_seconds: float = 4.0
    saturated_warmups: int = 1
    warm: bool = True
    paced_sessions: int = 50
    paced_seconds: float = 30.0
    paced_empty_seconds: float = 15.0
    think: tuple[float, float] = (4.0, 6.0)
    churn_sessions: int = 200
    load_database: str = "1y"
    browser: bool = False
    quickack: bool = True
    timeout: float = 60.0


SMOKE = Plan(
    databases=("14d",),
    single_runs=3,
    single_warmups=0,
    single_min_runs=3,
    single_budget=1.0,
    saturated_sessions=2,
    saturated_seconds=1.0,
    saturated_warmups=0,
    warm=False,
    paced_sessions=0,
    churn_sessions=0,
    load_database="14d",
    timeout=60.0,
)


@dataclass(frozen=True)
class Tree:
    """A checkout of the app to measure: this working tree, or a worktree of another commit."""

    label: str
    path: Path
    sha: str
    dirty: bool


@dataclass
class Churn:
    """RSS of a server before 200 tabs came and went, right after, and after the session TTL."""

    sessions: int
    done: int
    rss_start: float
    rss_after: float
    rss_after_ttl: float | None
    ttl: int
    problems: Problems


@dataclass
class TreeResult:
    tree: Tree
    plan: Plan
    single: dict[tuple[str, str], Single] = field(default_factory=dict)
    saturated: dict[str, Load] = field(default_factory=dict)
    paced: dict[str, Load] = field(default_factory=dict)
    rss: dict[str, tuple[float, float, int]] = field(default_factory=dict)
    churn: Churn | None = None
    browser: dict[str, dict[str, object]] = field(default_factory=dict)
    seconds: float = 0.0
    load_average: tuple[float, float] = (0.0, 0.0)
    other_cpu_seconds: float = 0.0
    failure: str | None = None


class Progress:
    """Progress lines on stderr, with the seconds since the bench began."""

    def __init__(self) -> None:
        self.began = time.perf_counter()

    def __call__(self, line: str) -> None:
        print(f"[{time.perf_counter() - self.began:6.1f}s] {line}", file=sys.stderr, flush=True)


def session_ttl(tree: Path) -> int:
    """server.disconnectedSessionTTL as this tree's .streamlit/config.toml sets it (default 120)."""
    try:
        config = tomllib.loads((tree / ".streamlit" / "config.toml").read_text())
    except (OSError, tomllib.TOMLDecodeError):
        return 120
    return int(config.get("server", {}).get("disconnectedSessionTTL", 120))


async def seed(tree: Path, data_dir: Path, days: int) -> None:
    """Seed with the code of the tree being measured (its schema), by running bench/seed.py against it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BACKONTRACK_")}
    env["PYTHONPATH"] = str(tree / "src")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(BENCH / "seed.py"),
        "--data-dir",
        str(data_dir),
        "--days",
        str(days),
        cwd=tree,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        output, _ = await asyncio.wait_for(process.communicate(), SEED_SECONDS)
    except TimeoutError:
        process.kill()
        raise ServerError(f"seeding {days} days did not finish in {SEED_SECONDS}s") from None
    if process.returncode != 0:
        tail = output.decode(errors="replace")[-3000:]
        raise ServerError(f"seeding {days} days with {tree} failed:\n{tail}")


def screen_paths(found: dict[str, str]) -> dict[str, str]:
    """Each personal screen's URL path ("" for the default page at "/") and page hash."""
    missing = [name for name in SCREENS if name not in found]
    if len(missing) > 1 or (missing and "" not in found):
        raise ServerError(f"the app offers {sorted(found)}; cannot find the screens {missing}")
    paths = {name: name for name in SCREENS if name in found}
    if missing:
        paths[missing[0]] = ""
    return paths


async def warm(server: Server, paths: dict[str, str], timeout: float) -> Problems:
    """One tab through every page (imports, first compiles), so phase 1 times a warm server."""
    problems = Problems()
    tab = Session(server.port, "", timeout=timeout)
    await tab.open()
    try:
        first = await tab.run()
        problems.add(first.problems)
        for path in paths.values():
            tab.navigate(path, server.pages[path])
            problems.add((await tab.run()).problems)
    finally:
        await tab.close()
    return problems


async def measure_tree(tree: Tree, plan: Plan, work: Path, say: Callable[[str], None]) -> TreeResult:
    """Every phase of the plan on one tree; servers are always stopped, whatever happens."""
    began = time.perf_counter()
    result = TreeResult(tree=tree, plan=plan)
    load_before = os.getloadavg()[0]
    busy_before, ours_before = _busy_seconds(), _our_seconds()
    logs = work / "logs"
    say(f"[{tree.label}] seeding {', '.join(plan.databases)} with {tree.path} ({tree.sha})")
    data = {db: work / f"data-{db}" for db in plan.databases}
    await asyncio.gather(*(seed(tree.path, data[db], DATABASES[db]) for db in plan.databases))

    servers: dict[str, Server] = {
        EMPTY_DEFAULT: empty_server("empty-default", work / "empty-default", logs, None, EMPTY_APP),
        EMPTY_SAME: empty_server("empty-same", work / "empty-same", logs, tree.path, EMPTY_APP),
    }
    for db in plan.databases:
        servers[db] = app_server(f"app-{db}", tree.path, data[db], logs)
    if plan.churn_sessions:
        shutil.copytree(data[plan.load_database], work / "data-churn")
        servers["churn"] = app_server("app-churn", tree.path, work / "data-churn", logs)
    if plan.browser:
        servers["chart"] = empty_server("chart", work / "chart", logs, tree.path, CHART_APP)
    try:
        for server in servers.values():
            server.start()
        say(f"[{tree.label}] starting {len(servers)} servers: " + ", ".join(s.name for s in servers.values()))
        await asyncio.to_thread(wait_healthy, list(servers.values()))
        apps = [key for key in servers if key in DATABASES or key == "churn"]
        paths: dict[str, str] = {}
        for key in apps:
            servers[key].pages = await app_pages(servers[key].port, plan.timeout)
            paths = screen_paths(servers[key].pages)
        for key in EMPTIES:
            servers[key].pages = {"": ""}
        for key in apps if plan.warm else []:
            warm_problems = await warm(servers[key], paths, plan.timeout)
            if warm_problems.runs:
                kinds = dict(warm_problems.kinds)
                say(f"[{tree.label}] warm-up of {servers[key].name} had problems: {kinds}")
        say(f"[{tree.label}] servers up and warm; pages {paths}")

        churn_end = 0.0
        if plan.churn_sessions:
            churn_end = await _churn_start(result, servers["churn"], list(paths.values()), plan, tree, say)

        # Phase 1: one tab per page, reruns of the same page.
        for key in (*EMPTIES, *plan.databases):
            rows = [key] if key in EMPTIES else list(SCREENS)
            for row in rows:
                path = "" if key in EMPTIES else paths[row]
                single = await phases.single(
                    servers[key].port,
                    path,
                    warmups=plan.single_warmups,
                    runs=plan.single_runs,
                    budget=plan.single_budget,
                    min_runs=plan.single_min_runs,
                    timeout=plan.timeout,
                )
                db = "-" if key in EMPTIES else key
                result.single[(row, db)] = single
                say(
                    f"[{tree.label}] single {row} {db}: first {single.first_ms:.0f} ms, "
                    f"rerun p50 {p50(single.rerun_ms):.0f} ms (n={len(single.rerun_ms)})"
                    + (f"  PROBLEMS {dict(single.problems.kinds)}" if single.problems.runs else "")
                )

        # Phase 2: saturated.
        load_db = plan.load_database
        for key in (*EMPTIES, load_db):
            found = servers[key].pages
            pages = {"": ""} if key in EMPTIES else {paths[row]: found[paths[row]] for row in SCREENS}
            loads = await phases.saturated(
                servers[key].port,
                pages,
                sessions=plan.saturated_sessions,
                seconds=plan.saturated_seconds,
                warmups=plan.saturated_warmups,
                timeout=plan.timeout,
                progress=_prefixed(say, f"[{tree.label}] {key}: "),
            )
            for row in [key] if key in EMPTIES else SCREENS:
                result.saturated[row] = loads["" if key in EMPTIES else paths[row]]

        # Phases 3 and 4: 50 paced tabs, and memory per open tab.
        if plan.paced_sessions:
            for key in (*EMPTIES, load_db):
                app = key not in EMPTIES
                page_list = [paths[row] for row in SCREENS] if app else [""]
                server = servers[key]
                paced: Paced = await phases.paced(
                    server.port,
                    page_list,
                    sessions=plan.paced_sessions,
                    seconds=plan.paced_seconds if app else plan.paced_empty_seconds,
                    think=plan.think,
                    ramp_concurrency=8,
                    timeout=plan.timeout,
                    rss=server.rss_mb,
                    progress=_prefixed(say, f"[{tree.label}] {key}: "),
                )
                result.rss["app" if app else key] = (paced.rss_before, paced.rss_open, paced.opened)
                for row in SCREENS if app else [key]:
                    load = paced.pages[paths[row] if app else ""]
                    load.problems.merge(paced.problems)
                    paced.problems = Problems()
                    result.paced[row] = load
                say(
                    f"[{tree.label}] paced {key}: "
                    + ", ".join(
                        f"{row} p95 {p95(result.paced[row].ms):.0f} ms" for row in (SCREENS if app else [key])
                    )
                )

        if plan.browser:
            from bench import browser

            say(f"[{tree.label}] browser: loading /{paths['progress']} ({load_db}) and the one-chart page")
            result.browser = await asyncio.to_thread(
                browser.measure,
                {
                    f"progress ({load_db})": f"{servers[load_db].url}/{paths['progress']}",
                    "one 365-point chart": servers["chart"].url,
                },
            )

        if plan.churn_sessions and result.churn is not None:
            await _churn_finish(result.churn, servers["churn"], churn_end, list(paths.values()), plan, say)
    except Exception as exc:  # any failure: stop the servers, keep what was measured, say what broke
        result.failure = f"{type(exc).__name__}: {exc}"
        say(f"[{tree.label}] FAILED: {result.failure}")
    finally:
        for server in servers.values():
            server.stop()
        result.seconds = time.perf_counter() - began
        result.load_average = (load_before, os.getloadavg()[0])
        result.other_cpu_seconds = (_busy_seconds() - busy_before) - (_our_seconds() - ours_before)
    say(f"[{tree.label}] done in {result.seconds:.0f}s")
    return result


async def _churn_start(
    result: TreeResult, server: Server, pages: list[str], plan: Plan, tree: Tree, say: Callable[[str], None]
) -> float:
    """Open and close `churn_sessions` tabs on a server of its own; its memory is read again at the end."""
    await asyncio.sleep(1)
    rss_start = server.rss_mb()
    say(f"[{tree.label}] churn: {plan.churn_sessions} tabs open, run a page, close (RSS {rss_start:.0f} MB)")
    done, problems = await phases.churn(
        server.port, pages, total=plan.churn_sessions, concurrency=10, timeout=plan.timeout
    )
    await asyncio.sleep(2)
    rss_after = server.rss_mb()
    ttl = session_ttl(tree.path)
    result.churn = Churn(plan.churn_sessions, done, rss_start, rss_after, None, ttl, problems)
    say(f"[{tree.label}] churn: {done} tabs came and went; RSS {rss_start:.0f} → {rss_after:.0f} MB")
    return time.perf_counter()


async def _churn_finish(
    churn: Churn, server: Server, ended: float, pages: list[str], plan: Plan, say: Callable[[str], None]
) -> None:
    """After the disconnected-session TTL, one more tab (which lets Streamlit drop expired sessions)."""
    wait = ended + churn.ttl + 5 - time.perf_counter()
    if wait > 0:
        say(f"churn: waiting {wait:.0f}s for the {churn.ttl}s disconnected-session TTL to pass")
        await asyncio.sleep(wait)
    _, problems = await phases.churn(server.port, pages[:1], total=1, concurrency=1, timeout=plan.timeout)
    churn.problems.merge(problems)
    await asyncio.sleep(2)
    churn.rss_after_ttl = server.rss_mb()
    say(f"churn: RSS after the TTL {churn.rss_after_ttl:.0f} MB (start {churn.rss_start:.0f} MB)")


def _prefixed(say: Callable[[str], None], prefix: str) -> Callable[[str], None]:
    def line(text: str) -> None:
        say(prefix + text)

    return line


def _busy_seconds() -> float:
    """CPU seconds the whole machine has been busy (every process, every core)."""
    times = psutil.cpu_times()
    return float(sum(times) - times.idle - getattr(times, "iowait", 0.0))


def _our_seconds() -> float:
    """CPU seconds of the bench and every child it has waited for (servers, seeding)."""
    times = psutil.Process().cpu_times()
    return float(times.user + times.system + times.children_user + times.children_system)


def quiet(max_wait: float, say: Callable[[str], None], threshold: float = 20.0) -> float:
    """Wait (at most `max_wait` s) until the machine's CPU use stays under `threshold` % for 3 s."""
    began = time.monotonic()
    while True:
        busy = float(psutil.cpu_percent(interval=3))
        if busy < threshold or time.monotonic() - began >= max_wait:
            return busy
        say(f"waiting for a quiet machine: CPU {busy:.0f} % busy (other work is running)")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, timeout=60
    ).stdout.strip()
