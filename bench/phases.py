"""The four ways the bench drives a server: one tab, saturated, 50 paced tabs, and tabs coming and going."""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from websockets.exceptions import ConnectionClosed, InvalidHandshake

from bench.client import RunResult, RunTimeout, Session

#: What goes wrong on the wire: recorded as a problem of that run, never as a fast run.
WIRE_ERRORS = (RunTimeout, ConnectionClosed, InvalidHandshake, OSError, TimeoutError)


@dataclass
class Problems:
    """How many runs went wrong, and how (first words of each kind of problem)."""

    runs: int = 0
    kinds: Counter[str] = field(default_factory=Counter)

    def add(self, problems: list[str]) -> None:
        if problems:
            self.runs += 1
            for problem in problems:
                self.kinds[problem[:160]] += 1

    def merge(self, other: Problems) -> None:
        self.runs += other.runs
        self.kinds.update(other.kinds)


@dataclass
class Single:
    """Phase 1 for one page: a new tab's first run, then reruns of the same page in that tab."""

    first_ms: float = float("nan")
    first_bytes: int = 0
    rerun_ms: list[float] = field(default_factory=list)
    rerun_bytes: int = 0
    elements: int = 0
    rerun_elements: int = 0
    problems: Problems = field(default_factory=Problems)


@dataclass
class Load:
    """Phases 2 and 3 for one page: latencies of the runs that finished in the window."""

    ms: list[float] = field(default_factory=list)
    seconds: float = 0.0
    problems: Problems = field(default_factory=Problems)

    @property
    def per_second(self) -> float:
        return len(self.ms) / self.seconds if self.seconds else float("nan")


async def _run(session: Session, problems: Problems) -> RunResult | None:
    """One run; a wire failure is recorded and returns None (the tab is then dead)."""
    try:
        result = await session.run()
    except WIRE_ERRORS as exc:
        problems.add([f"{type(exc).__name__}: {exc}"])
        return None
    problems.add(result.problems)
    return result


async def _open(session: Session, problems: Problems) -> bool:
    try:
        await session.open()
    except WIRE_ERRORS as exc:
        problems.add([f"cannot connect: {type(exc).__name__}: {exc}"])
        return False
    return True


async def single(
    port: int, page: str, *, warmups: int, runs: int, budget: float, min_runs: int, timeout: float
) -> Single:
    """One tab: the first run, `warmups` reruns not counted, then up to `runs` timed reruns.

    Stops early once `budget` seconds of timed reruns have passed and at least
    `min_runs` were taken, so a slow page costs the bench time, not the table its row.
    """
    out = Single()
    session = Session(port, page, timeout=timeout)
    if not await _open(session, out.problems):
        return out
    try:
        first = await _run(session, out.problems)
        if first is None:
            return out
        out.first_ms, out.first_bytes, out.elements = first.ms, first.bytes, first.elements
        for _ in range(warmups):
            if await _run(session, out.problems) is None:
                return out
        began = time.perf_counter()
        for count in range(runs):
            result = await _run(session, out.problems)
            if result is None:
                return out
            if result.ok:
                out.rerun_ms.append(result.ms)
                out.rerun_bytes, out.rerun_elements = result.bytes, result.elements
            if count + 1 >= min_runs and time.perf_counter() - began > budget:
                break
        return out
    finally:
        await session.close()


async def _open_many(sessions: list[Session], problems: Problems, concurrency: int) -> list[Session]:
    """Open tabs and run each one's first page, `concurrency` at a time; returns the tabs that made it."""
    gate = asyncio.Semaphore(concurrency)

    async def one(session: Session) -> Session | None:
        async with gate:
            if not await _open(session, problems):
                return None
            if await _run(session, problems) is None:
                await session.close()
                return None
            return session

    opened = await asyncio.gather(*(one(s) for s in sessions))
    return [s for s in opened if s is not None]


async def close_all(sessions: list[Session]) -> None:
    await asyncio.gather(*(s.close() for s in sessions))


async def saturated(
    port: int,
    pages: dict[str, str],
    *,
    sessions: int,
    seconds: float,
    warmups: int,
    timeout: float,
    progress: Callable[[str], None],
) -> dict[str, Load]:
    """`sessions` tabs rerunning back to back for `seconds` on each page in turn.

    The tabs open once on the first page; for each next page every tab moves to
    it through the app's menu (a run that is not counted), reruns `warmups`
    times, then all rerun as fast as the server answers. reruns/s counts the
    successful runs that finished inside the window.
    """
    results: dict[str, Load] = {}
    setup = Problems()
    first_page = next(iter(pages))
    tabs = await _open_many(
        [Session(port, first_page, timeout=timeout) for _ in range(sessions)], setup, sessions
    )
    try:
        for page, page_hash in pages.items():
            load = Load()
            load.problems.merge(setup)
            setup = Problems()
            for tab in tabs:
                if tab.page != page:
                    tab.navigate(page, page_hash)
            live = [tab for tab in tabs if tab.ws is not None]
            for _ in range(1 + warmups):
                await asyncio.gather(*(_run(tab, load.problems) for tab in live))
            began = time.perf_counter()
            ends = began + seconds

            async def loop(tab: Session, load: Load = load, ends: float = ends) -> None:
                while time.perf_counter() < ends:
                    result = await _run(tab, load.problems)
                    if result is None:
                        return
                    if result.ok and time.perf_counter() <= ends:
                        load.ms.append(result.ms)

            await asyncio.gather(*(loop(tab) for tab in live))
            load.seconds = seconds
            results[page] = load
            progress(f"saturated /{page}: {load.per_second:.1f} reruns/s with {len(live)} tabs")
    finally:
        await close_all(tabs)
    return results


@dataclass
class Paced:
    """Phase 3 (and 4): many tabs each acting every few seconds, and the server's memory around it."""

    pages: dict[str, Load]
    rss_before: float
    rss_open: float
    opened: int
    problems: Problems


async def paced(
    port: int,
    pages: list[str],
    *,
    sessions: int,
    seconds: float,
    think: tuple[float, float],
    ramp_concurrency: int,
    timeout: float,
    rss: Callable[[], float],
    progress: Callable[[str], None],
    seed: int = 11,
) -> Paced:
    """`sessions` tabs spread over `pages`; each reruns, waits uniform(think) seconds, and again.

    The server's RSS is read before the tabs open and once all have run their
    first page (phase 4: memory per open session).
    """
    rng = random.Random(seed)
    setup = Problems()
    await asyncio.sleep(1)
    rss_before = rss()
    tabs = await _open_many(
        [Session(port, pages[i % len(pages)], timeout=timeout) for i in range(sessions)],
        setup,
        ramp_concurrency,
    )
    await asyncio.sleep(1)
    rss_open = rss()
    progress(f"paced: {len(tabs)} tabs open, RSS {rss_before:.0f} → {rss_open:.0f} MB")
    loads = {page: Load(seconds=seconds) for page in pages}
    began = time.perf_counter()
    ends = began + seconds

    async def user(tab: Session, offset: float) -> None:
        await asyncio.sleep(offset)
        while time.perf_counter() < ends:
            result = await _run(tab, loads[tab.page].problems)
            if result is None:
                return
            if result.ok:
                loads[tab.page].ms.append(result.ms)
            await asyncio.sleep(rng.uniform(*think))

    try:
        await asyncio.gather(*(user(tab, rng.uniform(0, think[1])) for tab in tabs))
    finally:
        await close_all(tabs)
    return Paced(pages=loads, rss_before=rss_before, rss_open=rss_open, opened=len(tabs), problems=setup)


async def churn(
    port: int, pages: list[str], *, total: int, concurrency: int, timeout: float
) -> tuple[int, Problems]:
    """`total` tabs opened (each runs one page) and closed again, `concurrency` at a time."""
    problems = Problems()
    gate = asyncio.Semaphore(concurrency)
    done = 0

    async def one(index: int) -> None:
        nonlocal done
        async with gate:
            session = Session(port, pages[index % len(pages)], timeout=timeout)
            if await _open(session, problems):
                try:
                    if await _run(session, problems) is not None:
                        done += 1
                finally:
                    await session.close()

    await asyncio.gather(*(one(i) for i in range(total)))
    return done, problems
