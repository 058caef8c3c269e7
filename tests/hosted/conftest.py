"""Hosted mode end to end (issue 18): PostgreSQL, the test sign-in provider, two app processes and
HAProxy, all started on loopback by deploy/hosted.py, and real headless Chromium through the proxy."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from deploy import hosted, postgres
from tests.browser.conftest import CHROMIUM, LAUNCH_FLAGS
from tests.clock import FOLDER as CLOCK_FOLDER
from tests.clock import OFFSET_ENV


@dataclass(frozen=True)
class Stack:
    url: str
    folder: Path
    cluster: postgres.Cluster

    @property
    def issuer(self) -> str:
        """The test provider's issuer: its own address (the provider's log names its port)."""
        provider = (self.folder / "secrets.toml").read_text().split('server_metadata_url = "')[1]
        return provider.split("/.well-known")[0]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": LAUNCH_FLAGS}


def _require_tools() -> None:
    if not CHROMIUM.exists() or not shutil.which("haproxy"):
        if os.geteuid() == 0 or os.environ.get("CI") == "true":
            pytest.fail("make test installs chromium and haproxy as root: missing here is a fault")
        pytest.skip("hosted tests need chromium and haproxy (sudo apt-get install chromium haproxy)")


@contextmanager
def _running(
    provider_env: dict[str, str] | None = None, app_env: dict[str, str] | None = None
) -> Iterator[Stack]:
    _require_tools()
    folder = Path(tempfile.mkdtemp(prefix="backontrack-hosted-"))
    try:
        url = hosted.start(
            postgres.free_port(),
            folder,
            {"BACKONTRACK_EMERGENCY_NUMBER": "999"} | (app_env or {}),
            provider_env,
        )
        port = int((folder / "pg.port").read_text())
        owner, app = (folder / "pg" / "passwords").read_text().split()
        yield Stack(url=url, folder=folder, cluster=postgres.Cluster(folder / "pg", port, owner, app))
    finally:
        hosted.stop(folder)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    with _running() as running:
        yield running


@pytest.fixture(scope="module")
def stale_stack() -> Iterator[Stack]:
    """A stack whose sign-in provider's clock is 13 hours behind: every sign-in it makes is already
    older than the app's 12 session hours (the app processes keep the real clock)."""
    shift = {"PYTHONPATH": str(CLOCK_FOLDER), OFFSET_ENV: str(-13 * 3600)}
    with _running(provider_env=shift) as running:
        yield running


@pytest.fixture(scope="module")
def pseudo_stack() -> Iterator[Stack]:
    """A stack whose app processes speak the test-only pseudo-language (tests/browser/test_languages)."""
    from tests.browser.test_languages import PSEUDO_SERVER

    with _running(app_env=PSEUDO_SERVER) as running:
        yield running
