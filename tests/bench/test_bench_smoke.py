"""The benchmark cannot rot: its smoke run drives every page and prints its table.

Behaviour only: these tests never look at how fast anything was.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench.client import Session
from bench.server import empty_server, wait_healthy

REPO = Path(__file__).resolve().parents[2]
EMPTIES = ("empty (default settings)", "empty (same settings)", "empty (floor)")
ROWS = (*EMPTIES, "home", "log", "progress", "plan", "check", "data")
#: A measured ratio, like 1.25 followed by the multiplication sign U+00D7, as the table writes it.
RATIO = re.compile(r"\d+\.\d\d\u00d7")
TABLE_ROW = re.compile(r"^\| (?P<page>[^|]+?) \| (?P<cells>.+) \|$", re.MULTILINE)


def test_smoke_run_prints_a_row_per_page_and_every_page_renders(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--results-dir", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = f"stdout:\n{done.stdout}\nstderr:\n{done.stderr[-6000:]}"
    assert done.returncode == 0, output
    rows = {match["page"]: match["cells"] for match in TABLE_ROW.finditer(done.stdout)}
    assert set(ROWS) <= set(rows), output
    for page in ROWS:
        assert "ERROR" not in rows[page], output
        assert RATIO.search(rows[page]), f"no ratio measured for {page}\n{output}"
    (written,) = tmp_path.glob("*.md")
    assert "every run rendered" in written.read_text()


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ('import streamlit as st\n\nst.write("hello")\nraise ValueError("boom")\n', "exception: ValueError"),
        ('import streamlit as st\n\nst.error("Back on Track cannot reach its data.")\n', "st.error"),
    ],
)
def test_a_page_that_fails_counts_as_an_error_not_as_fast(tmp_path: Path, source: str, problem: str) -> None:
    server = empty_server("broken", tmp_path / "app", tmp_path / "logs", None, source)
    server.start()
    try:
        wait_healthy([server])

        async def one_run() -> list[str]:
            tab = Session(server.port, "", timeout=60)
            await tab.open()
            try:
                return (await tab.run()).problems
            finally:
                await tab.close()

        # A thread of its own: Playwright's sync API (the browser tests) can leave an event loop
        # running in this one, and asyncio.run refuses to start inside a running loop.
        with ThreadPoolExecutor(max_workers=1) as pool:
            problems = pool.submit(asyncio.run, one_run()).result()
    finally:
        server.stop()
    assert any(p.startswith(problem) for p in problems), problems
