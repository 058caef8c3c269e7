"""A throwaway PostgreSQL cluster on a free loopback port, for `make hosted` and the tests.

Debian's binaries (/usr/lib/postgresql/<version>/bin). `initdb` and `postgres` refuse to run as
root, so as root they run as the `postgres` user, in a folder that user owns. The cluster
listens on 127.0.0.1 only; the superuser connects through the Unix socket in the folder
(trust), every other role by password (scram-sha-256).

Two roles are made, as a real deployment has them: the owner, which runs the migrations and owns
the tables, and the app's role, which owns nothing, is no superuser and cannot bypass row-level
security.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DATABASE = "backontrack"
OWNER = "backontrack_owner"
APP = "backontrack_app"


def binaries() -> Path:
    """The newest installed PostgreSQL's bin folder."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if found:
        return found[-1].parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).resolve().parent
    raise RuntimeError(
        "PostgreSQL is not installed: sudo apt-get install postgresql (make test does it as root)"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ClusterError(RuntimeError):
    """A PostgreSQL tool failed; the message is its own, with what to do about it."""


def _as_postgres(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    try:
        return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    except subprocess.CalledProcessError as exc:
        said = (exc.stderr or exc.stdout or "").strip().splitlines()
        raise ClusterError(_explained(said)) from exc


def _explained(said: list[str]) -> str:
    """A failed tool's own last words, and (as root) the usual cause: a folder the postgres user
    cannot reach (a checkout under a 0700 home folder, say)."""
    words = said[-1] if said else "no message"
    text = f"PostgreSQL could not start the test database: {words}"
    if os.geteuid() == 0 and ("Permission denied" in " ".join(said) or "could not" in words):
        text += (
            ". As root, the tests run PostgreSQL as the postgres user, who must be able to reach the "
            "temporary folder and the checkout: make every folder above them readable and searchable "
            "(chmod o+x on each, for example /root), or run from a checkout under /tmp or /srv."
        )
    return text


@dataclass(frozen=True)
class Cluster:
    folder: Path
    port: int
    owner_password: str
    app_password: str

    @property
    def socket_dir(self) -> Path:
        return self.folder / "socket"

    def url(self, role: str, password: str | None = None, database: str = DATABASE) -> str:
        """A SQLAlchemy URL (psycopg 3): the superuser by socket, other roles by password over TCP."""
        if password is None:
            return f"postgresql+psycopg://{role}@/{database}?host={self.socket_dir}&port={self.port}"
        return f"postgresql+psycopg://{role}:{password}@127.0.0.1:{self.port}/{database}"

    @property
    def owner_url(self) -> str:
        return self.url(OWNER, self.owner_password)

    @property
    def app_url(self) -> str:
        return self.url(APP, self.app_password)

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run SQL as the superuser; returns what psql printed."""
        command = [str(binaries() / "psql"), "-v", "ON_ERROR_STOP=1", "-qAt", "-h", str(self.socket_dir)]
        command += ["-p", str(self.port), "-U", "postgres", "-d", database, "-c", sql]
        return _as_postgres(command).stdout

    def stop(self) -> None:
        with contextlib.suppress(ClusterError):
            _as_postgres(
                [str(binaries() / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop"]
            )


def start(folder: Path | None = None, port: int | None = None) -> Cluster:
    """Make a new cluster (or reuse the one in `folder`) and start it; provision the two roles."""
    folder = folder or Path(tempfile.mkdtemp(prefix="backontrack-pg-"))
    folder.mkdir(parents=True, exist_ok=True)
    fresh = not (folder / "data" / "PG_VERSION").exists()
    (folder / "socket").mkdir(exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(folder / "socket", "postgres")
    secrets_file = folder / "passwords"
    if fresh:
        _as_postgres(
            [
                str(binaries() / "initdb"),
                "-D",
                str(folder / "data"),
                "-U",
                "postgres",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        )
        secrets_file.write_text(f"{secrets.token_hex(16)}\n{secrets.token_hex(16)}\n")
        secrets_file.chmod(0o600)
    owner_password, app_password = secrets_file.read_text().split()
    port = port or free_port()
    options = f"-p {port} -k {folder / 'socket'} -c listen_addresses=127.0.0.1 -c max_connections=200"
    _as_postgres(
        [
            str(binaries() / "pg_ctl"),
            "-D",
            str(folder / "data"),
            "-o",
            options,
            "-l",
            str(folder / "log"),
            "-w",
            "start",
        ]
    )
    cluster = Cluster(folder=folder, port=port, owner_password=owner_password, app_password=app_password)
    if fresh:
        cluster.psql(
            f"CREATE ROLE {OWNER} LOGIN PASSWORD '{owner_password}';"
            f"CREATE ROLE {APP} LOGIN PASSWORD '{app_password}' "
            "NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;"
        )
        cluster.psql(f"CREATE DATABASE {DATABASE} OWNER {OWNER}")
        # PostgreSQL 15 already keeps CREATE on schema public from everyone but the database owner.
        cluster.psql("REVOKE CREATE ON SCHEMA public FROM PUBLIC", database=DATABASE)
    return cluster


@contextlib.contextmanager
def running(folder: Path | None = None) -> Iterator[Cluster]:
    """A cluster for the length of a `with` block: stopped and deleted at the end."""
    cluster = start(folder)
    try:
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(cluster.folder, ignore_errors=True)
