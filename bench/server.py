"""Start and stop Streamlit servers as a person does (`streamlit run`), and read their memory."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil

START_SECONDS = 90
#: The one-line app every page is compared with.
EMPTY_APP = 'import streamlit as st\n\nst.write("")\n'
#: The tiny reference app for the browser check: one 365-point plotly chart.
CHART_APP = """import math

import plotly.graph_objects as go
import streamlit as st

days = list(range(365))
figure = go.Figure(go.Scatter(x=days, y=[5 + 3 * math.sin(day / 20) for day in days], mode="lines"))
st.plotly_chart(figure)
"""


class ServerError(RuntimeError):
    """A server did not start; the message carries the tail of its log."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def streamlit_bin() -> Path:
    """The `streamlit` command of the Python running the bench (the project's .venv)."""
    found = Path(sys.executable).with_name("streamlit")
    if not found.exists():
        raise ServerError(f"no streamlit next to {sys.executable}: run 'make test' or 'make install' first")
    return found


def server_env(extra: dict[str, str]) -> dict[str, str]:
    """The environment minus anything that would change the app or Streamlit behind the bench's back."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("BACKONTRACK_", "STREAMLIT_")) and key != "PYTHONPATH"
    }
    return env | extra


@dataclass
class Server:
    """One `streamlit run` process on a free port of 127.0.0.1."""

    name: str
    cwd: Path
    script: str
    args: list[str]
    env: dict[str, str]
    log: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    pages: dict[str, str] = field(default_factory=dict)

    def start(self) -> None:
        self.port = free_port()
        command = [str(streamlit_bin()), "run", self.script, "--server.port", str(self.port), *self.args]
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as out:
            out.write(f"$ (cd {self.cwd} && {' '.join(command)})\n".encode())
            out.flush()
            self.process = subprocess.Popen(
                command, cwd=self.cwd, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    def tail(self, chars: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"

    def check_alive(self) -> None:
        if self.process is None or self.process.poll() is not None:
            code = None if self.process is None else self.process.returncode
            raise ServerError(f"server '{self.name}' exited (code {code}); its log ends:\n{self.tail()}")

    def rss_mb(self) -> float:
        """Resident memory of the server process and its children, in MB."""
        self.check_alive()
        assert self.process is not None
        root = psutil.Process(self.process.pid)
        total = root.memory_info().rss
        for child in root.children(recursive=True):
            with contextlib.suppress(psutil.NoSuchProcess):
                total += child.memory_info().rss
        return float(total) / 1e6

    def settle(self, seconds: float = 60.0, busy: float = 10.0) -> float:
        """Wait until the server is idle (under `busy` % of a core for 0.5 s), at most `seconds`.

        An overloaded server goes on running the reruns queued for tabs that have already
        closed; without this its work would land on whatever the bench measures next.
        Returns the seconds waited.
        """
        self.check_alive()
        assert self.process is not None
        process = psutil.Process(self.process.pid)
        began = time.monotonic()
        process.cpu_percent(None)
        while time.monotonic() - began < seconds:
            if process.cpu_percent(interval=0.5) < busy:
                break
        return time.monotonic() - began

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None


def wait_healthy(servers: list[Server], seconds: float = START_SECONDS) -> None:
    """Poll /_stcore/health of every server until all answer (bounded in time)."""
    deadline = time.monotonic() + seconds
    waiting = list(servers)
    while waiting:
        for server in list(waiting):
            server.check_alive()
            if server.healthy():
                waiting.remove(server)
        if not waiting:
            return
        if time.monotonic() > deadline:
            names = ", ".join(s.name for s in waiting)
            raise ServerError(f"not healthy after {seconds:.0f}s: {names}; log ends:\n{waiting[0].tail()}")
        time.sleep(0.2)


def app_server(
    name: str, tree: Path, data_dir: Path, log_dir: Path, extra_env: dict[str, str] | None = None
) -> Server:
    """The app of `tree`, started as its README says, on the data folder `data_dir` (`extra_env`:
    another mode, BACKONTRACK_MODE=kiosk)."""
    env = server_env({"BACKONTRACK_DATA_DIR": str(data_dir), "PYTHONPATH": str(tree / "src")})
    env |= extra_env or {}
    args = ["--server.headless", "true"]
    # `make run` starts serve.py (the app with its edge: addresses, compression, files); a tree from
    # before it had one starts app.py.
    script = "serve.py" if (tree / "serve.py").exists() else "app.py"
    return Server(name, tree, script, args, env, log_dir / f"{name}.log")


def empty_server(
    name: str,
    folder: Path,
    log_dir: Path,
    settings_from: Path | None,
    source: str,
    extra_args: list[str] | None = None,
) -> Server:
    """A one-file app in `folder`; with the app's .streamlit/ copied next to it when `settings_from`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "app.py").write_text(source)
    args = ["--server.headless", "true"]
    if settings_from is not None:
        if (settings_from / ".streamlit").is_dir():
            shutil.copytree(settings_from / ".streamlit", folder / ".streamlit", dirs_exist_ok=True)
    else:
        # Streamlit's defaults, except the two a benchmark must set: no prompt, no usage statistics
        # (and this machine only, as for the app).
        args += ["--browser.gatherUsageStats", "false", "--server.address", "127.0.0.1"]
    args += extra_args or []
    return Server(name, folder, "app.py", args, server_env({}), log_dir / f"{name}.log")
