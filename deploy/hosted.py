"""`make hosted` / `make hosted-stop`: the whole hosted stack on this machine, to try it.

A throwaway PostgreSQL cluster (git-ignored .hosted/), an OpenID Connect test provider
(oidc-provider-mock: sign in as any name you type), two app processes and HAProxy in front,
all on loopback. Nothing here is for production: see deploy/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from deploy import postgres

REPO = Path(__file__).resolve().parents[1]
FOLDER = REPO / ".hosted"
PROCESSES = 2


def _wait(url: str, seconds: float = 60, folder: Path = FOLDER) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as answer:
            if answer.status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s (logs in {folder})")


def _spawn(folder: Path, name: str, command: list[str], env: dict[str, str] | None = None) -> int:
    log = (folder / f"{name}.log").open("ab")
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    (folder / f"{name}.pid").write_text(str(process.pid))
    return process.pid


def secrets_file(folder: Path, port: int, provider: str) -> Path:
    """Streamlit's [auth] section for the test provider; the cookie secret is shared by every process."""
    path = folder / "secrets.toml"
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "backontrack-local"\n'
        f'client_secret = "{secrets.token_hex(16)}"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )
    path.chmod(0o600)
    return path


def haproxy_config(folder: Path, port: int, app_ports: list[int]) -> Path:
    """deploy/haproxy.cfg's backend, on loopback and without TLS (so the cookie is not Secure)."""
    servers = "\n".join(
        f"    server app{i} 127.0.0.1:{p} check cookie app{i}" for i, p in enumerate(app_ports, 1)
    )
    path = folder / "haproxy.cfg"
    path.write_text(
        f"""global
    maxconn 2048
    pidfile {folder / "haproxy.pid"}
defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    timeout tunnel 12h
frontend public
    bind 127.0.0.1:{port}
    default_backend app
backend app
    balance roundrobin
    # A process that died: the next request is retried on another one at once (redispatch),
    # before the health check has even noticed.
    option redispatch
    retries 2
    cookie BOT_PROCESS insert indirect nocache httponly attr "SameSite=Lax"
    option httpchk GET /_stcore/health
    http-check expect status 200
    default-server inter 1s fall 2 rise 1
{servers}
"""
    )
    return path


def start(
    port: int,
    folder: Path = FOLDER,
    extra_env: dict[str, str] | None = None,
    provider_env: dict[str, str] | None = None,
    processes: int = PROCESSES,
) -> str:
    """Start the stack in `folder` with `processes` app processes; returns the proxy's address.
    `extra_env` reaches the app processes, `provider_env` the sign-in provider (the tests move its
    clock to make old sessions)."""
    folder.mkdir(exist_ok=True)
    folder.chmod(0o755)  # the postgres user reaches its cluster folder through this one
    cluster = postgres.start(folder / "pg")
    (folder / "pg.port").write_text(str(cluster.port))
    env = dict(os.environ) | {
        "BACKONTRACK_MIGRATE_URL": cluster.owner_url,
        "BACKONTRACK_DATABASE_URL": cluster.app_url,
    }
    subprocess.run([sys.executable, "-m", "backontrack", "migrate"], env=env, check=True)
    provider_port = postgres.free_port()
    provider = f"http://127.0.0.1:{provider_port}"
    _spawn(
        folder,
        "provider",
        [
            sys.executable,
            "-m",
            "oidc_provider_mock",
            "--port",
            str(provider_port),
            "--token-max-age",
            "172800",
        ],
        env=dict(os.environ) | (provider_env or {}),
    )
    _wait(f"{provider}/.well-known/openid-configuration", folder=folder)
    secret = secrets_file(folder, port, provider)
    cookie_secret = secrets.token_hex(32)
    # Every process shares the cookie secret (Streamlit takes it only from a file or the environment).
    app_env = env | {"BACKONTRACK_MODE": "hosted", "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret}
    app_env |= extra_env or {}
    app_env.pop("BACKONTRACK_MIGRATE_URL")
    app_ports = [postgres.free_port() for _ in range(processes)]
    for i, app_port in enumerate(app_ports, 1):
        _spawn(
            folder,
            f"app{i}",
            [
                *(sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(app_port)),
                *("--server.address", "127.0.0.1", "--secrets.files", str(secret)),
                *("--browser.gatherUsageStats", "false"),
            ],
            env=app_env,
        )
    for app_port in app_ports:
        _wait(f"http://127.0.0.1:{app_port}/_stcore/health", folder=folder)
    subprocess.run(["haproxy", "-D", "-f", str(haproxy_config(folder, port, app_ports))], check=True)
    address = f"http://127.0.0.1:{port}"
    _wait(f"{address}/_stcore/health", folder=folder)
    return address


def stop(folder: Path = FOLDER) -> None:
    for pid_file in sorted(folder.glob("*.pid")):
        with contextlib.suppress(ValueError, ProcessLookupError, PermissionError):
            pid = int(pid_file.read_text().split()[0])
            os.killpg(pid, signal.SIGTERM) if pid_file.stem != "haproxy" else os.kill(pid, signal.SIGTERM)
        pid_file.unlink()
    if (folder / "pg" / "data").exists():
        port = int((folder / "pg.port").read_text()) if (folder / "pg.port").exists() else 0
        postgres.Cluster(folder / "pg", port, "", "").stop()


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.hosted")
    parser.add_argument("action", choices=["start", "stop"])
    args = parser.parse_args()
    if args.action == "stop":
        stop()
        print("hosted mode stopped")
        return 0
    port_text = os.environ.get("BACKONTRACK_HOSTED_PORT", "8780")
    if not port_text.isascii() or not port_text.isdigit() or not 1024 <= int(port_text) <= 65535:
        print(
            f"BACKONTRACK_HOSTED_PORT must be a port from 1024 to 65535 (got {port_text!r})", file=sys.stderr
        )
        return 2
    stop()  # whatever an earlier run left
    try:
        address = start(int(port_text))
    except postgres.ClusterError as exc:  # initdb's own words, and what to do (issue 25)
        print(exc, file=sys.stderr)
        stop()
        return 1
    print(f"Back on Track (hosted) is at {address} — sign in with any name. Stop it with: make hosted-stop")
    return 0


if __name__ == "__main__":
    sys.exit(main())
