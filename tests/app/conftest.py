"""AppTest fixtures: each test gets its own SQLite database and fresh settings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from backontrack.store import Store
from backontrack.ui import context
from tests.conftest import REPO

APP = str(REPO / "app.py")
TIMEOUT = 30


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
    monkeypatch.setenv("BACKONTRACK_DATABASE_URL", url)
    monkeypatch.delenv("BACKONTRACK_EMERGENCY_NUMBER", raising=False)
    context.settings.cache_clear()
    yield url
    context.settings.cache_clear()


@pytest.fixture
def store(database_url: str) -> Store:
    return Store.from_url(database_url)


@pytest.fixture
def app(database_url: str) -> Callable[[], AppTest]:
    """A factory: each call is a fresh browser session on the same database."""

    def make() -> AppTest:
        return AppTest.from_file(APP, default_timeout=TIMEOUT)

    return make


@pytest.fixture
def in_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[str], Callable[[], AppTest]]]:
    """Sessions of the app in a given mode, with a data folder that must stay empty."""
    data = tmp_path / "data"

    def start(mode: str) -> Callable[[], AppTest]:
        monkeypatch.setenv("BACKONTRACK_MODE", mode)
        monkeypatch.setenv("BACKONTRACK_DATA_DIR", str(data))
        monkeypatch.delenv("BACKONTRACK_DATABASE_URL", raising=False)
        context.settings.cache_clear()
        return lambda: AppTest.from_file(APP, default_timeout=TIMEOUT)

    yield start
    context.settings.cache_clear()
    assert not data.exists() or not any(data.iterdir()), "something was written to the data folder"
