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
#: The fastest a Streamlit page gets here: no file watcher, no garbage collection after each run.
EMPTY_FLOOR = "empty (floor)"
EMPTIES = (EMPTY_DEFAULT, EMPTY_SAME, EMPTY_FLOOR)
FLOOR_ARGS = ["--server.fileWatcherType", "none", "--runner.postScriptGC", "false"]
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
    reference_runs: int = 10
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
    reference_runs=0,
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
    reference_ms: list[float] = field(default_factory=list)
    """Reruns of the same-settings empty page, taken in short blocks before every page's (phase 1)."""

    def reference(self) -> list[float]:
        """The empty page's reruns the single-tab ratios divide by: every block taken during phase 1."""
        main = self.single.get((EMPTY_SAME, "-"))
        return [*self.reference_ms, *(main.rerun_ms if main else [])]


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


@dataclass
class Stand:
    """One tree's servers while the bench runs, and what was measured on them."""

    tree: Tree
    work: Path
    result: TreeResult
    servers: dict[str, Server] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)
    churn_end: float = 0.0

    def say(self, say: Callable[[str], None]) -> Callable[[str], None]:
        return _prefixed(say, f"[{self.tree.label}] ")


def _servers(tree: Tree, plan: Plan, work: Path) -> dict[str, Server]:
    logs = work / "logs"
    servers: dict[str, Server] = {
        EMPTY_DEFAULT: empty_server("empty-default", work / "empty-default", logs, None, EMPTY_APP),
        EMPTY_SAME: empty_server("empty-same", work / "empty-same", logs, tree.path, EMPTY_APP),
        EMPTY_FLOOR: empty_server("empty-floor", work / "empty-floor", logs, None, EMPTY_APP, FLOOR_ARGS),
    }
    for db in plan.databases:
        servers[db] = app_server(f"app-{db}", tree.path, work / f"data-{db}", logs)
    if plan.churn_sessions:
        shutil.copytree(work / f"data-{plan.load_database}", work / "data-churn")
        servers["churn"] = app_server("app-churn", tree.path, work / "data-churn", logs)
    if plan.browser:
        servers["chart"] = empty_server("chart", work / "chart", logs, tree.path, CHART_APP)
    return servers


async def _start(stand: Stand, plan: Plan, say: Callable[[str], None]) -> None:
    """Seed with the tree's own code, start its servers, find its pages, warm them up."""
    tree = stand.tree
    say(f"seeding {', '.join(plan.databases)} with {tree.path} ({tree.sha})")
    await asyncio.gather(
        *(seed(tree.path, stand.work / f"data-{db}", DATABASES[db]) for db in plan.databases)
    )
    stand.servers = _servers(tree, plan, stand.work)
    for server in stand.servers.values():
        server.start()
    say(f"starting {len(stand.servers)} servers: " + ", ".join(s.name for s in stand.servers.values()))
    await asyncio.to_thread(wait_healthy, list(stand.servers.values()))
    apps = [key for key in stand.servers if key in DATABASES or key == "churn"]
    for key in apps:
        stand.servers[key].pages = await app_pages(stand.servers[key].port, plan.timeout)
        stand.paths = screen_paths(stand.servers[key].pages)
    for key in EMPTIES:
        stand.servers[key].pages = {"": ""}
    for key in apps if plan.warm else []:
        warm_problems = await warm(stand.servers[key], stand.paths, plan.timeout)
        if warm_problems.runs:
            say(f"warm-up of {stand.servers[key].name} had problems: {dict(warm_problems.kinds)}")
    say(f"servers up and warm; pages {stand.paths}")


async def _single(stand: Stand, plan: Plan, key: str, row: str, say: Callable[[str], None]) -> None:
    path = "" if key in EMPTIES else stand.paths[row]
    if key not in EMPTIES and plan.reference_runs:
        # A short block of the empty page just before, so the ratio's two sides share the machine's mood.
        block = await phases.single(
            stand.servers[EMPTY_SAME].port,
            "",
            warmups=1,
            runs=plan.reference_runs,
            budget=2.0,
            min_runs=plan.reference_runs,
            timeout=plan.timeout,
        )
        stand.result.reference_ms.extend(block.rerun_ms)
        stand.result.single[(EMPTY_SAME, "-")].problems.merge(block.problems)
    single = await phases.single(
        stand.servers[key].port,
        path,
        warmups=plan.single_warmups,
        runs=plan.single_runs,
        budget=plan.single_budget,
        min_runs=plan.single_min_runs,
        timeout=plan.timeout,
    )
    db = "-" if key in EMPTIES else key
    stand.result.single[(row, db)] = single
    say(
        f"single {row} {db}: first {single.first_ms:.0f} ms, "
        f"rerun p50 {p50(single.rerun_ms):.0f} ms (n={len(single.rerun_ms)})"
        + (f"  PROBLEMS {dict(single.problems.kinds)}" if single.problems.runs else "")
    )


async def _saturated(stand: Stand, plan: Plan, key: str, say: Callable[[str], None]) -> None:
    found, paths = stand.servers[key].pages, stand.paths
    pages = {"": ""} if key in EMPTIES else {paths[row]: found[paths[row]] for row in SCREENS}
    loads = await phases.saturated(
        stand.servers[key].port,
        pages,
        sessions=plan.saturated_sessions,
        seconds=plan.saturated_seconds,
        warmups=plan.saturated_warmups,
        timeout=plan.timeout,
        progress=_prefixed(say, f"{key}: "),
    )
    for row in [key] if key in EMPTIES else SCREENS:
        stand.result.saturated[row] = loads["" if key in EMPTIES else paths[row]]
    await _settle(stand.servers[key], say)


async def _settle(server: Server, say: Callable[[str], None]) -> None:
    waited = await asyncio.to_thread(server.settle)
    if waited > 2:
        say(f"{server.name} was still busy with closed tabs' reruns: waited {waited:.0f}s for it to go idle")


async def _paced(stand: Stand, plan: Plan, key: str, say: Callable[[str], None]) -> None:
    app = key not in EMPTIES
    rows = list(SCREENS) if app else [key]
    page_list = [stand.paths[row] for row in SCREENS] if app else [""]
    server = stand.servers[key]
    paced: Paced = await phases.paced(
        server.port,
        page_list,
        sessions=plan.paced_sessions,
        seconds=plan.paced_seconds if app else plan.paced_empty_seconds,
        think=plan.think,
        ramp_concurrency=8,
        timeout=plan.timeout,
        rss=server.rss_mb,
        progress=_prefixed(say, f"{key}: "),
    )
    stand.result.rss["app" if app else key] = (paced.rss_before, paced.rss_open, paced.opened)
    for row in rows:
        load = paced.pages[stand.paths[row] if app else ""]
        load.problems.merge(paced.problems)
        paced.problems = Problems()
        stand.result.paced[row] = load
    say(f"paced {key}: " + ", ".join(f"{row} p95 {p95(stand.result.paced[row].ms):.0f} ms" for row in rows))
    await _settle(server, say)


async def _browser(stand: Stand, plan: Plan, say: Callable[[str], None]) -> None:
    from bench import browser

    load_db, progress = plan.load_database, stand.paths["progress"]
    say(f"browser: loading /{progress} ({load_db}) and the one-chart page")
    stand.result.browser = await asyncio.to_thread(
        browser.measure,
        {
            f"progress ({load_db})": f"{stand.servers[load_db].url}/{progress}",
            "one 365-point chart": stand.servers["chart"].url,
        },
    )


def _alternate(stands: list[Stand], turn: int) -> list[Stand]:
    """Take the trees in turn, first one first, then the other first, so neither always goes second."""
    return stands if turn % 2 == 0 else stands[::-1]


async def measure(trees: list[Tree], plan: Plan, work: Path, say: Callable[[str], None]) -> list[TreeResult]:
    """Every phase of the plan on every tree, interleaved page by page so that whatever else the
    machine does falls on all trees alike. Servers are always stopped, whatever happens."""
    began = time.perf_counter()
    load_before = os.getloadavg()[0]
    busy_before, ours_before = _busy_seconds(), _our_seconds()
    stands = [Stand(tree, work / tree.label, TreeResult(tree=tree, plan=plan)) for tree in trees]
    turn = 0
    try:
        await asyncio.gather(*(_start(stand, plan, stand.say(say)) for stand in stands))
        if plan.churn_sessions:
            for stand in stands:
                stand.churn_end = await _churn_start(
                    stand.result, stand.servers["churn"], list(stand.paths.values()), plan, stand.tree, say
                )
                await _settle(stand.servers["churn"], stand.say(say))
        for key in (*EMPTIES, *plan.databases):
            for row in [key] if key in EMPTIES else SCREENS:
                for stand in _alternate(stands, turn := turn + 1):
                    await _single(stand, plan, key, row, stand.say(say))
        for key in (*EMPTIES, plan.load_database):
            for stand in _alternate(stands, turn := turn + 1):
                await _saturated(stand, plan, key, stand.say(say))
        if plan.paced_sessions:
            for key in (*EMPTIES, plan.load_database):
                for stand in _alternate(stands, turn := turn + 1):
                    await _paced(stand, plan, key, stand.say(say))
        if plan.browser:
            for stand in stands:
                await _browser(stand, plan, stand.say(say))
        for stand in stands:
            churn = stand.result.churn
            if plan.churn_sessions and churn is not None:
                await _churn_finish(
                    churn,
                    stand.servers["churn"],
                    stand.churn_end,
                    list(stand.paths.values()),
                    plan,
                    stand.say(say),
                )
    except Exception as exc:  # any failure: stop the servers, keep what was measured, say what broke
        failure = f"{type(exc).__name__}: {exc}"
        for stand in stands:
            stand.result.failure = failure
        say(f"FAILED: {failure}")
    finally:
        for stand in stands:
            for server in stand.servers.values():
                server.stop()
        seconds = time.perf_counter() - began
        other = (_busy_seconds() - busy_before) - (_our_seconds() - ours_before)
        for stand in stands:
            stand.result.seconds = seconds
            stand.result.load_average = (load_before, os.getloadavg()[0])
            stand.result.other_cpu_seconds = other
    say(f"done in {seconds:.0f}s")
    return [stand.result for stand in stands]


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
