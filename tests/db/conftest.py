"""A PostgreSQL cluster for the database tests: started once on a free loopback port, stopped at the end."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from backontrack.store import migrations
from deploy import postgres


@pytest.fixture(scope="session")
def cluster() -> Iterator[postgres.Cluster]:
    try:
        postgres.binaries()
    except RuntimeError as exc:
        if os.geteuid() == 0:
            raise  # make test installs PostgreSQL as root: missing here is a fault, not a skip
        pytest.skip(str(exc))
    with postgres.running() as running:
        migrations.migrate(running.owner_url)
        yield running
