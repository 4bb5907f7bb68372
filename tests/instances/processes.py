"""``noblesse serve`` in subprocesses: start on a free port, wait until ready, kill, read logs.

Each server runs exactly as a user would start it (``noblesse serve``, here through
``python -m adapters.terminal.cli serve``) with default logging, its output (stdout and stderr)
in a log file of its own. The environment is built from scratch: only what the process needs
plus the variables a test passes, never the developer's credentials.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import aiohttp

REPO = Path(__file__).resolve().parents[2]
READY_TIMEOUT_S = 30.0
_KEPT_VARIABLES = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "SYSTEMROOT")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(database_url: str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a server: the database, no Teams (it would accept anonymous
    Emulator traffic), nothing else configured unless ``extra`` says so."""
    env = {name: os.environ[name] for name in _KEPT_VARIABLES if name in os.environ}
    env.update(
        {
            "DATABASE_URL": database_url,
            "NOBLESSE_TEAMS_DISABLED": "1",
            "PYTHONPATH": str(REPO),
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra or {})
    return env


@dataclass
class ServerProcess:
    """One running ``noblesse serve``."""

    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def alive(self) -> bool:
        return self.process.poll() is None

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def kill(self) -> None:
        """SIGKILL: no goodbye, no cleanup, connections cut by the kernel."""
        if self.alive():
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)


def launch(
    name: str,
    env: Mapping[str, str],
    workdir: Path,
    *,
    tip_interval_s: float | None = None,
) -> ServerProcess:
    """Start ``noblesse serve`` on a free port (not waiting for it: see ``wait_ready``)."""
    port = free_port()
    command = [sys.executable, "-m", "adapters.terminal.cli", "serve", "--port", str(port)]
    if tip_interval_s is not None:
        command += ["--tip-interval", str(tip_interval_s)]
    log = workdir / f"{name}.log"
    with log.open("ab") as sink:
        process = subprocess.Popen(
            command, cwd=workdir, env=dict(env), stdout=sink, stderr=subprocess.STDOUT
        )
    return ServerProcess(name, port, process, log)


def _failed_start(server: ServerProcess) -> AssertionError:
    tail = server.log_text()[-2000:]
    return AssertionError(f"{server.name} exited with {server.process.returncode}:\n{tail}")


async def wait_ready(server: ServerProcess, timeout_s: float = READY_TIMEOUT_S) -> float:
    """Poll ``/readyz`` until it answers 200; returns the seconds waited. For tests whose own
    event loop must keep running meanwhile (a proxy in front of the database, say)."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    probe = aiohttp.ClientTimeout(total=2)
    async with aiohttp.ClientSession(timeout=probe) as http:
        while True:
            if not server.alive():
                raise _failed_start(server)
            try:
                async with http.get(f"{server.url}/readyz") as response:
                    if response.status == 200:
                        return loop.time() - started
            except (aiohttp.ClientError, TimeoutError):
                pass
            if loop.time() - started > timeout_s:
                raise AssertionError(f"{server.name} was not ready within {timeout_s:.0f} s")
            await asyncio.sleep(0.05)


def wait_ready_blocking(server: ServerProcess, timeout_s: float = READY_TIMEOUT_S) -> float:
    """``wait_ready`` for synchronous (module-scoped) fixtures."""
    started = time.monotonic()
    while True:
        if not server.alive():
            raise _failed_start(server)
        try:
            with urllib.request.urlopen(f"{server.url}/readyz", timeout=2) as response:
                if response.status == 200:
                    return time.monotonic() - started
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() - started > timeout_s:
            raise AssertionError(f"{server.name} was not ready within {timeout_s:.0f} s")
        time.sleep(0.05)


class Fleet:
    """The servers one test starts (all with the same environment); ``stop`` ends them all."""

    def __init__(self, env: Mapping[str, str], workdir: Path) -> None:
        self.env = dict(env)
        self.workdir = workdir
        self.servers: list[ServerProcess] = []

    async def start(self, *names: str) -> list[ServerProcess]:
        """Launch servers at the same moment and wait until all are ready."""
        started = [launch(name, self.env, self.workdir) for name in names]
        self.servers.extend(started)
        await asyncio.gather(*(wait_ready(server) for server in started))
        return started

    async def aclose(self) -> None:
        """Stop every server, in a thread: the test's loop may run what they need to shut
        down (a proxy in front of their database, say)."""
        await asyncio.to_thread(stop_all, self.servers)


def stop_all(servers: Sequence[ServerProcess]) -> None:
    """SIGTERM every server still running (then SIGKILL the stubborn ones)."""
    for server in servers:
        if server.alive():
            server.process.send_signal(signal.SIGTERM)
    for server in servers:
        try:
            server.process.wait(20)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(10)
