"""The bench's tables: ratios to the empty page first, then the absolute numbers behind them."""

# ruff: noqa: RUF001  (the tables write ratios with a multiplication sign and gaps with an en dash)

from __future__ import annotations

import math
import os
import platform
import sys
from collections.abc import Callable
from importlib.metadata import version

from bench.phases import Load, Problems
from bench.run import DATABASES, EMPTIES, EMPTY_DEFAULT, ROWS, SCREENS, TreeResult
from bench.stats import p50, p95

HISTORY = {"14d": "14 d", "1y": "1 y", "5y": "5 y", "-": "–"}
Cell = Callable[[TreeResult, str], str]


def _missing(value: float) -> bool:
    return value is None or math.isnan(value)


def _error(problems: Problems) -> str | None:
    return f"ERROR ×{problems.runs}" if problems.runs else None


def single_ratio(result: TreeResult, row: str, db: str) -> str:
    """p50 rerun of the page over p50 rerun of the empty page under the same server settings."""
    key = (row, "-" if row in EMPTIES else db)
    single = result.single.get(key)
    reference = result.reference()
    if single is None:
        return "–"
    if error := _error(single.problems):
        return error
    if not reference or not single.rerun_ms:
        return "–"
    return f"{p50(single.rerun_ms) / p50(reference):.2f}×"


def _load_cell(loads: dict[str, Load], row: str, value: Callable[[Load], float], fmt: str) -> str:
    load = loads.get(row)
    if load is None:
        return "–"
    if error := _error(load.problems):
        return error
    number = value(load)
    return "–" if _missing(number) else format(number, fmt)


def saturated_cell(result: TreeResult, row: str) -> str:
    return _load_cell(result.saturated, row, lambda load: load.per_second, ".1f")


def paced_cell(result: TreeResult, row: str) -> str:
    return _load_cell(result.paced, row, lambda load: p95(load.ms), ".0f")


def rss_per_tab(result: TreeResult, row: str) -> float:
    before, opened, count = result.rss.get(row if row in EMPTIES else "app", (math.nan, math.nan, 0))
    return (opened - before) / count if count else math.nan


def rss_cell(result: TreeResult, row: str) -> str:
    value = rss_per_tab(result, row)
    return "–" if _missing(value) else f"{value:.2f}"


def _single_cell(db: str) -> Cell:
    def cell(result: TreeResult, row: str) -> str:
        return single_ratio(result, row, db)

    return cell


def _pair(after: TreeResult, before: TreeResult | None, cell: Cell, row: str) -> str:
    now = cell(after, row)
    return now if before is None else f"{cell(before, row)} → {now}"


def ratio_table(after: TreeResult, before: TreeResult | None = None) -> str:
    """The headline: one row per page, single-tab ratios per history length, then the load columns."""
    plan = after.plan
    load = HISTORY[plan.load_database]
    columns: list[tuple[str, Cell]] = [(f"{HISTORY[db]} (p50 ×)", _single_cell(db)) for db in plan.databases]
    columns.append((f"saturated reruns/s ({load})", saturated_cell))
    if plan.paced_sessions:
        columns.append((f"{plan.paced_sessions} tabs p95 ms ({load})", paced_cell))
        columns.append(("RSS MB/tab", rss_cell))
    lines = [
        "| page | " + " | ".join(name for name, _ in columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    for row in ROWS:
        cells = [_pair(after, before, cell, row) for _, cell in columns]
        lines.append(f"| {row} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def absolute_table(result: TreeResult) -> str:
    lines = [
        "| page | history | new tab, first run ms | rerun p50 ms | rerun p95 ms | reruns timed "
        "| KB per rerun | elements (first / rerun) | problems |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for (row, db), single in result.single.items():
        lines.append(
            f"| {row} | {HISTORY[db]} | {single.first_ms:.0f} | {p50(single.rerun_ms):.0f} "
            f"| {p95(single.rerun_ms):.0f} | {len(single.rerun_ms)} | {single.rerun_bytes / 1000:.1f} "
            f"| {single.elements} / {single.rerun_elements} | {single.problems.runs or ''} |"
        )
    return "\n".join(lines)


def load_table(result: TreeResult) -> str:
    plan = result.plan
    lines = [
        f"| page | saturated ({plan.saturated_sessions} tabs) reruns/s | saturated p50 / p95 ms "
        f"| {plan.paced_sessions} paced tabs: runs | p50 / p95 ms | problems |",
        "|---|---|---|---|---|---|",
    ]
    for row in ROWS:
        sat = result.saturated.get(row, Load())
        paced = result.paced.get(row, Load())
        problems = sat.problems.runs + paced.problems.runs
        lines.append(
            f"| {row} | {sat.per_second:.1f} | {p50(sat.ms):.0f} / {p95(sat.ms):.0f} "
            f"| {len(paced.ms)} | {p50(paced.ms):.0f} / {p95(paced.ms):.0f} | {problems or ''} |"
        )
    return "\n".join(lines)


def memory_lines(result: TreeResult) -> list[str]:
    lines = []
    for name, (before, opened, count) in result.rss.items():
        if count:
            lines.append(
                f"- {name}: RSS {before:.0f} MB → {opened:.0f} MB with {count} tabs open: "
                f"{(opened - before) / count:.2f} MB per tab"
            )
    churn = result.churn
    if churn is not None:
        change = 100 * (churn.rss_after - churn.rss_start) / churn.rss_start
        line = (
            f"- {churn.sessions} tabs opened, run and closed ({churn.done} completed): "
            f"RSS {churn.rss_start:.0f} MB → {churn.rss_after:.0f} MB right after ({change:+.1f} %)"
        )
        if churn.rss_after_ttl is not None:
            after_ttl = 100 * (churn.rss_after_ttl - churn.rss_start) / churn.rss_start
            verdict = "within" if abs(after_ttl) <= 10 else "NOT within"
            line += (
                f", {churn.rss_after_ttl:.0f} MB after the {churn.ttl}s disconnected-session TTL "
                f"({after_ttl:+.1f} %, {verdict} 10 % of the start)"
            )
        lines.append(line)
    return lines


def problem_lines(result: TreeResult) -> list[str]:
    lines = []
    for (row, db), single in result.single.items():
        for kind, count in single.problems.kinds.items():
            lines.append(f"- single {row} {HISTORY[db]}: {count}× {kind}")
    for phase, loads in (("saturated", result.saturated), ("paced", result.paced)):
        for row, load in loads.items():
            for kind, count in load.problems.kinds.items():
                lines.append(f"- {phase} {row}: {count}× {kind}")
    if result.churn is not None:
        for kind, count in result.churn.problems.kinds.items():
            lines.append(f"- churn: {count}× {kind}")
    if result.failure:
        lines.append(f"- the run FAILED: {result.failure.splitlines()[0]}")
    return lines


def has_problems(result: TreeResult) -> bool:
    return bool(problem_lines(result))


def _ratio(result: TreeResult, row: str, db: str) -> float:
    single = result.single.get((row, db))
    reference = result.reference()
    if single is None or not single.rerun_ms or not reference:
        return math.nan
    return p50(single.rerun_ms) / p50(reference)


def target_lines(result: TreeResult) -> list[str]:
    """The issue's targets, each with the number this run measured (information, never a failure)."""
    lines: list[str] = []

    def mark(ok: bool) -> str:
        return "met" if ok else "NOT met"

    dbs = result.plan.databases
    if "14d" in dbs and "5y" in dbs:
        flat = {
            row: p50(result.single[(row, "5y")].rerun_ms) / p50(result.single[(row, "14d")].rerun_ms)
            for row in SCREENS
            if (row, "5y") in result.single and (row, "14d") in result.single
        }
        worst = max(flat, key=lambda row: flat[row], default=None)
        if worst is not None:
            lines.append(
                f"- every page at 5 y ≤ 1.2× itself at 14 d: {mark(flat[worst] <= 1.2)} "
                f"(worst {worst} {flat[worst]:.2f}×; "
                + ", ".join(f"{row} {value:.2f}×" for row, value in flat.items())
                + ")"
            )
    for db in dbs:
        ratios = {row: _ratio(result, row, db) for row in SCREENS}
        worst = max(ratios, key=lambda row: -1 if math.isnan(ratios[row]) else ratios[row])
        log_ratio = ratios.get("log", math.nan)
        lines.append(
            f"- {HISTORY[db]}: every page ≤ 2.5× the empty page (same settings): "
            f"{mark(ratios[worst] <= 2.5)} "
            f"(worst {worst} {ratios[worst]:.2f}×); daily log ≤ 1.5×: {mark(log_ratio <= 1.5)} "
            f"({log_ratio:.2f}×)"
        )
    if result.saturated:
        busiest = min(SCREENS, key=lambda row: result.saturated.get(row, Load()).per_second)
        empty = result.saturated.get(EMPTY_DEFAULT, Load()).per_second
        value = result.saturated.get(busiest, Load()).per_second
        lines.append(
            f"- saturated reruns/s on the busiest page ≥ the default empty page: {mark(value >= empty)} "
            f"({busiest} {value:.1f}/s against {empty:.1f}/s)"
        )
    if result.paced:
        worst_p95 = max(SCREENS, key=lambda row: p95(result.paced.get(row, Load()).ms))
        value = p95(result.paced[worst_p95].ms)
        lines.append(
            f"- {result.plan.paced_sessions} tabs acting every ~5 s, p95 ≤ 250 ms on every page: "
            f"{mark(value <= 250)} (worst {worst_p95} {value:.0f} ms)"
        )
    if "app" in result.rss:
        per_tab = rss_per_tab(result, "home")
        lines.append(f"- ≤ 1 MB server memory per open tab: {mark(per_tab <= 1)} ({per_tab:.2f} MB)")
    return lines


def _browser_lines(result: TreeResult) -> list[str]:
    lines = []
    for name, found in result.browser.items():
        if "error" in found:
            lines.append(f"- {name}: not measured: {found['error']}")
            continue
        requests = found.get("off_machine", [])
        assert isinstance(requests, list)
        size, tbt, fcp = (float(found.get(key, math.nan)) for key in ("bytes", "tbt_ms", "fcp_ms"))  # type: ignore[arg-type]
        lines.append(
            f"- {name}: {size / 1e6:.2f} MB transferred "
            f"in {found.get('requests')} requests, "
            f"total blocking time {tbt:.0f} ms "
            f"({found.get('long_tasks')} long tasks, FCP {fcp:.0f} ms), "
            f"{len(requests)} requests off the machine"
            + ("" if not requests else ": " + ", ".join(str(r) for r in requests[:10]))
        )
    return lines


def tree_line(result: TreeResult) -> str:
    tree = result.tree
    dirty = " + uncommitted changes in the working tree" if tree.dirty else ""
    return f"{tree.label}: {tree.sha}{dirty} ({tree.path})"


def run_line(result: TreeResult, trees: int) -> str:
    before, after = result.load_average
    other = result.other_cpu_seconds
    share = 100 * other / result.seconds if result.seconds else 0.0
    together = f", the {trees} trees interleaved page by page" if trees > 1 else ""
    return (
        f"run: {result.seconds:.0f}s{together}; other processes on the machine used {other:.0f} "
        f"CPU-seconds meanwhile ({share:.0f} % of one core; 1-minute load average {before:.1f} before, "
        f"{after:.1f} at the end)"
    )


def document(after: TreeResult, before: TreeResult | None, stamp: str) -> str:
    """The whole results file."""
    plan = after.plan
    trees = [before, after] if before is not None else [after]
    lines = [
        f"# Back on Track bench, {stamp}",
        "",
        f"- machine: {os.cpu_count()} cores, {platform.machine()}, {platform.system()} {platform.release()}",
        f"- Python {sys.version.split()[0]}, Streamlit {version('streamlit')}",
        *[f"- {tree_line(result)}" for result in trees],
        f"- {run_line(after, len(trees))}",
        f"- databases: {', '.join(f'{HISTORY[db]} = {DATABASES[db]} daily logs' for db in plan.databases)}; "
        f"load phases on {HISTORY[plan.load_database]}",
        f"- single tab: {plan.single_warmups} warm-up reruns, then up to {plan.single_runs} timed reruns "
        f"(at least {plan.single_min_runs}, about {plan.single_budget:.0f}s per page); "
        f"saturated: {plan.saturated_sessions} tabs for {plan.saturated_seconds:.0f}s per page; "
        f"paced: {plan.paced_sessions} tabs over the six pages, each rerunning every "
        f"{plan.think[0]:.0f}-{plan.think[1]:.0f}s for {plan.paced_seconds:.0f}s "
        f"(empty pages {plan.paced_empty_seconds:.0f}s)",
        "",
        "## Ratios to the empty page" + (" (before → after)" if before else ""),
        "",
        "Single tab: p50 rerun of the page over p50 rerun of the one-line empty app run with the app's "
        "own `.streamlit/config.toml`; the empty page's reruns are pooled from short blocks taken just "
        "before each page's, so the row 'empty (same settings)' is about 1.00×. 'empty (floor)' is the "
        "one-line app with no file watcher and no garbage collection after each run: the fastest a "
        "Streamlit page gets on this machine. "
        "Saturated and paced columns are absolute. RSS per tab on the app rows is one figure: "
        f"{plan.paced_sessions} tabs spread over the six pages.",
        "",
        ratio_table(after, before),
        "",
    ]
    for result in trees:
        lines += [f"## {result.tree.label}: targets of issue 11", "", *target_lines(result), ""]
        reference = result.reference()
        lines += [
            f"## {result.tree.label}: absolute numbers, one tab",
            "",
            f"Reference (empty page, same settings, pooled): rerun p50 {p50(reference):.1f} ms, "
            f"p95 {p95(reference):.1f} ms over {len(reference)} reruns.",
            "",
            absolute_table(result),
            "",
        ]
        if result.saturated or result.paced:
            lines += [f"## {result.tree.label}: under load", "", load_table(result), ""]
        if memory := memory_lines(result):
            lines += [f"## {result.tree.label}: server memory", "", *memory, ""]
        if browser := _browser_lines(result):
            lines += [f"## {result.tree.label}: in the browser (headless Chromium)", "", *browser, ""]
        problems = problem_lines(result)
        lines += [f"## {result.tree.label}: problems", "", *(problems or ["- none: every run rendered"]), ""]
    return "\n".join(lines)
