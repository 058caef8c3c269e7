"""Browser tests: the app started as a user starts it, driven in Debian's headless Chromium.

Chromium comes from Debian's `chromium` package (`make test` installs it when
it can); Playwright's own browser download is never used. Without Chromium these tests are
skipped with one loud line, except under CI (CI=true), where that fails the run.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from backontrack.models import Answers, LogEntry
from backontrack.plan import build_plan
from backontrack.store import Store
from backontrack.triage import assess
from tests.conftest import REPO, answers_data, make_profile

CHROMIUM = Path(os.environ.get("BACKONTRACK_CHROMIUM", "/usr/bin/chromium"))
# A closed network: nothing in the background may try to reach the internet.
LAUNCH_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = REPO / "artifacts" / "screenshots"
SERVER_START_SECONDS = 60
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    message = f"BROWSER TESTS SKIPPED: no Chromium at {CHROMIUM} (install Debian's chromium package)"
    if os.environ.get("CI") == "true":
        pytest.exit(f"{message}; under CI a missing browser is a failure", returncode=1)
    mine = [item for item in items if HERE in Path(str(item.path)).parents]
    for item in mine:
        item.add_marker(pytest.mark.skip(reason=message))
    if mine:
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(message, red=True, bold=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": LAUNCH_FLAGS}


@dataclass(frozen=True)
class AppServer:
    url: str
    store: Store
    log: Path

    def seed_check(self, **answers: str) -> None:
        """A completed check with these answers (all others no), as if made in the app."""
        checked = Answers.model_validate(answers_data(**answers))
        self.store.save_check(self.store.local_profile(), checked, assess(checked))

    def seed_plan(self, start: dt.date, logs: Iterable[LogEntry] = ()) -> None:
        """A self-care check and a standard plan (and logs), as if made in the app."""
        profile = make_profile()
        profile_id = self.store.local_profile()
        check = self.store.save_check(profile_id, profile, assess(profile))
        self.store.save_plan(profile_id, check.id, build_plan(profile, start))
        for entry in logs:
            self.store.upsert_log(profile_id, entry)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@contextmanager
def serve(data: Path, **env: str) -> Iterator[str]:
    """`streamlit run serve.py` on a free port, as a person starts it; yields its URL once healthy."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ) | {"BACKONTRACK_EMERGENCY_NUMBER": "999"} | env
    log = (data / "server.log").open("a")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "serve.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_healthy(server, url, data / "server.log")
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The app on a free port with a fresh temporary database, shared by the browser tests."""
    data = tmp_path_factory.mktemp("browser-data")
    database_url = f"sqlite:///{data / 'browser.sqlite3'}"
    with serve(data, BACKONTRACK_DATABASE_URL=database_url) as url:
        yield AppServer(url=url, store=Store.from_url(database_url), log=data / "server.log")


def _wait_until_healthy(server: subprocess.Popen[bytes], url: str, log: Path) -> None:
    """Poll /_stcore/health (a wait for a condition, bounded in time)."""
    import time

    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()[-2000:]}")
        if _healthy(url):
            return
        time.sleep(0.2)
    raise RuntimeError(f"streamlit not healthy after {SERVER_START_SECONDS}s:\n{log.read_text()[-2000:]}")


@pytest.fixture(autouse=True)
def fresh_data(app_server: AppServer) -> None:
    """Personal mode keeps one profile per machine: start every test from an empty one."""
    for profile_id in app_server.store.profile_ids():
        app_server.store.delete_profile(profile_id)


@pytest.fixture(scope="session")
def base_url(app_server: AppServer) -> str:
    return app_server.url


@pytest.fixture(scope="session")
def shared_context(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    """One browser context for the run, so Streamlit's scripts load from cache after the first test."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800})
    yield context
    context.close()


@pytest.fixture
def page(shared_context: BrowserContext) -> Iterator[Page]:
    """A new tab per test: a page load is a new Streamlit session, and fresh_data empties the database."""
    tab = shared_context.new_page()
    yield tab
    tab.close()
