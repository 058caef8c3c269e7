"""`python -m bench`: measure this tree (and optionally another commit) and write bench/results/."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from bench.client import use_quickack
from bench.report import document, has_problems, ratio_table, run_line, tree_line
from bench.run import DATABASES, SMOKE, Plan, Progress, Tree, git, measure, quiet

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Time every personal-mode page over Streamlit's websocket protocol, as ratios to an "
        "empty Streamlit page (see bench/README.md).",
    )
    parser.add_argument("--smoke", action="store_true", help="a short run for make test: 14 days, few reruns")
    parser.add_argument("--ref", help="also measure this git ref (e.g. 1c42d42) and show before → after")
    parser.add_argument("--browser", action="store_true", help="also load progress in headless Chromium")
    parser.add_argument(
        "--results-dir", type=Path, help=f"where the .md goes (default {RESULTS}; smoke: none)"
    )
    parser.add_argument("--databases", default=None, help="comma list of 14d,1y,5y (default all)")
    parser.add_argument("--load-db", choices=sorted(DATABASES), help="load phases history (default 1y)")
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=None,
        metavar="SECONDS",
        help="before each tree, wait up to this long for the machine's CPU to be under 20 %% busy "
        "(default 120, smoke 0)",
    )
    parser.add_argument(
        "--delayed-ack",
        action="store_true",
        help="let the kernel delay this client's ACKs as a browser's are (see README: Nagle)",
    )
    parser.add_argument(
        "--priority",
        type=int,
        default=0,
        metavar="N",
        help="lower the bench's and its servers' nice value by N (needs root; a busy shared machine)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (server logs, data)")
    return parser.parse_args(argv)


def make_plan(args: argparse.Namespace) -> Plan:
    plan = SMOKE if args.smoke else Plan()
    if args.databases:
        chosen = tuple(db.strip() for db in args.databases.split(","))
        unknown = set(chosen) - set(DATABASES)
        if unknown:
            raise SystemExit(f"unknown databases {sorted(unknown)}; choose from {sorted(DATABASES)}")
        plan = replace(plan, databases=chosen)
    if args.load_db:
        plan = replace(plan, load_database=args.load_db)
    if plan.load_database not in plan.databases:
        plan = replace(plan, databases=(*plan.databases, plan.load_database))
    return replace(plan, browser=args.browser, quickack=not args.delayed_ack)


def this_tree() -> Tree:
    sha = git(REPO, "rev-parse", "--short", "HEAD")
    dirty = bool(git(REPO, "status", "--porcelain", "--untracked-files=no"))
    return Tree("after", REPO, sha, dirty)


def add_worktree(ref: str, work: Path) -> Tree:
    """A worktree of `ref`, served by this venv with PYTHONPATH=<worktree>/src (its own backontrack)."""
    sha = git(REPO, "rev-parse", "--short", f"{ref}^{{commit}}")
    path = work / f"tree-{sha}"
    git(REPO, "worktree", "add", "--detach", str(path), sha)
    return Tree("before", path, sha, False)


def remove_worktree(tree: Tree) -> None:
    subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree.path)], check=False)
    subprocess.run(["git", "-C", str(REPO), "worktree", "prune"], check=False)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.smoke and args.ref:
        raise SystemExit("--smoke measures this tree only; drop --ref")
    plan = make_plan(args)
    use_quickack(plan.quickack)
    wait_quiet = args.wait_quiet if args.wait_quiet is not None else (0.0 if args.smoke else 120.0)
    say = Progress()
    if args.priority:
        try:
            os.setpriority(os.PRIO_PROCESS, 0, os.getpriority(os.PRIO_PROCESS, 0) - args.priority)
            say(f"running at nice {os.getpriority(os.PRIO_PROCESS, 0)} (servers inherit it)")
        except OSError as exc:
            say(f"cannot raise the priority ({exc}); running at the usual one")
    current = this_tree()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H%M%SZ")
    work = Path(tempfile.mkdtemp(prefix="backontrack-bench-"))
    kind = "smoke " if args.smoke else ""
    say(f"bench {kind}in {work}; this tree {current.sha}{' (dirty)' * current.dirty}")
    ref: Tree | None = None
    try:
        if args.ref:
            ref = add_worktree(args.ref, work)
        if wait_quiet:
            quiet(wait_quiet, say)
        trees = [current] if ref is None else [current, ref]
        results = asyncio.run(measure(trees, plan, work, say))
        after, before = results[0], (results[1] if ref is not None else None)
    finally:
        if ref is not None:
            remove_worktree(ref)
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    print()
    for result in [r for r in (before, after) if r is not None]:
        print(f"- {tree_line(result)}")
    print(f"- {run_line(after, 1 if before is None else 2)}")
    print()
    print(ratio_table(after, before))
    print()
    results_dir = args.results_dir or (None if args.smoke else RESULTS)
    if results_dir is not None:
        results_dir.mkdir(parents=True, exist_ok=True)
        path = results_dir / f"{stamp}-{current.sha}.md"
        path.write_text(document(after, before, stamp) + "\n")
        print(f"results: {path}")
    weight_failed = False
    if args.browser and not args.smoke:  # each page's weight against its anchor (issue 19)
        from bench import weight

        weight_failed = weight.main([]) != 0
    if has_problems(after) or weight_failed:
        print("PROBLEMS: some runs did not render (see the problems section / lines above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
