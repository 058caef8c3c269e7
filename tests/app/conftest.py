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
