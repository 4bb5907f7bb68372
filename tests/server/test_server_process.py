"""The real thing: ``python -m adapters.server.main`` in a subprocess on a temporary SQLite file.

A role-play survives SIGKILL in the middle (the next turn after a restart continues the same
session), and SIGTERM shuts down cleanly: exit code 0, a "stopped" log line, JSON logs that
never contain what the user wrote.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest

pytestmark = pytest.mark.timeout(60)

REPO = Path(__file__).resolve().parents[2]
FIRST = "I understand the pressure on your budget. What matters most to you besides the price?"
SECOND = "We can't go to 15%. If you commit to three years, we can look at the payment terms."


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NOBLESSE_", "SLACK_"))}
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path}/noblesse.sqlite3",
            "NOBLESSE_LOG_FORMAT": "json",
            "NOBLESSE_LOG_LEVEL": "DEBUG",  # the debug lines are where message text would show
            "NOBLESSE_TEAMS_DISABLED": "1",
            "PYTHONPATH": str(REPO),
        }
    )
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_ENDPOINT", "MicrosoftAppId"):
        env.pop(name, None)
    return env


@contextmanager
def server(tmp_path: Path, port: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("ab") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "adapters.server.main", "--port", str(port)],
            cwd=tmp_path,
            env=server_env(tmp_path),
            stdout=sink,
            stderr=sink,
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


async def wait_ready(
    http: aiohttp.ClientSession, port: int, process: subprocess.Popen[bytes]
) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}")
        try:
            async with http.get(f"http://127.0.0.1:{port}/readyz") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.05)
    raise TimeoutError("the server did not become ready in 15 s")


async def post(
    http: aiohttp.ClientSession, port: int, action: str, body: dict[str, Any]
) -> dict[str, Any]:
    async with http.post(f"http://127.0.0.1:{port}/api/playground/{action}", json=body) as response:
        assert response.status == 200, await response.text()
        return dict(await response.json())


async def test_a_roleplay_survives_sigkill_and_sigterm_stops_cleanly(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    port = free_port()
    tab = {"tab": "restart-tab-1"}
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        with server(tmp_path, port, log) as first:
            await wait_ready(http, port, first)
            started = await post(
                http,
                port,
                "start",
                {**tab, "scenario": "price_squeeze", "difficulty": "hard", "seed": 5},
            )
            session_id = started["session"]["id"]
            turn = await post(http, port, "turn", {**tab, "text": FIRST})
            assert turn["session"] == {**turn["session"], "id": session_id, "turns": 1}
            first.send_signal(signal.SIGKILL)  # no goodbye, no cleanup
            assert first.wait(10) == -signal.SIGKILL

        with server(tmp_path, port, log) as second:
            await wait_ready(http, port, second)
            turn = await post(http, port, "turn", {**tab, "text": SECOND})
            assert turn["session"]["id"] == session_id and turn["session"]["turns"] == 2
            line = next(r for r in turn["replies"] if r["type"] == "customer_line")
            assert line["turn"] == 2
            async with http.get(
                f"http://127.0.0.1:{port}/api/playground/session", params=tab
            ) as response:
                restored = await response.json()
            said = [r["text"] for r in restored["replies"] if r["type"] == "salesperson"]
            assert said == [FIRST, SECOND]

            second.send_signal(signal.SIGTERM)
            assert second.wait(20) == 0

    lines = log.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]  # every line is a JSON object
    ours = [r["message"] for r in records if r["logger"] == "adapters.server.runner"]
    assert ours[-1] == "stopped" and ours[-2].startswith("stopping")
    messages = [record["message"] for record in records]
    assert any(m.startswith("listening on 127.0.0.1") for m in messages)
    assert any(record.get("message_text", "").startswith("<") for record in records)
    for secret in (FIRST, SECOND, "three years", "pressure on your budget"):
        leaks = [line[:300] for line in lines if secret in line]
        assert not leaks, leaks
