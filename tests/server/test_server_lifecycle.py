"""Start-up and shutdown in-process: the start-up log, graceful shutdown order, log formats."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import socket
from dataclasses import replace
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import make_mocked_request

from adapters.server.app import build_app
from adapters.server.coaching import build_coach
from adapters.server.logs import AccessLogger, configure_logging
from adapters.server.metrics import Metrics
from adapters.server.periodic import PeriodicJob
from adapters.server.runner import public_url, run_server
from bot.settings import Settings, TeamsSettings
from bot.store import Store

from .support import sqlite_url

pytestmark = pytest.mark.timeout(40)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def wait_ready(port: int, timeout_s: float = 15.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout_s
    async with aiohttp.ClientSession() as http:
        while True:
            try:
                async with http.get(f"http://127.0.0.1:{port}/readyz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError("the server did not become ready")
            await asyncio.sleep(0.05)


async def test_the_start_up_log_says_what_is_on_and_where(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    port = free_port()
    settings = replace(
        Settings(),
        database_url=sqlite_url(tmp_path),
        port=port,
        teams=replace(TeamsSettings(), enabled=False),
    )
    stop = asyncio.Event()
    server = asyncio.create_task(
        run_server(settings, stop=stop, tip_interval_s=0.05, freeze_startup_objects=False)
    )
    await wait_ready(port)
    stop.set()
    assert await asyncio.wait_for(server, 20) == 0
    messages = [record.getMessage() for record in caplog.records]
    assert any(m.startswith(("Slack on:", "Slack off:")) for m in messages), messages
    assert any(m.startswith(("Teams on:", "Teams off:")) for m in messages), messages
    assert any(f"the playground is at http://127.0.0.1:{port}/" in m for m in messages)
    assert messages[-1] == "stopped"


async def test_a_port_in_use_is_a_clear_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        settings = replace(Settings(), database_url=sqlite_url(tmp_path), port=port)
        assert await run_server(settings, stop=asyncio.Event(), freeze_startup_objects=False) == 1
    assert any("cannot listen on 127.0.0.1" in r.getMessage() for r in caplog.records)


async def test_an_unreachable_database_is_a_clear_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"postgresql+asyncpg://nobody@127.0.0.1:{free_port()}/none"
    settings = replace(Settings(), database_url=url, port=free_port())
    assert await run_server(settings, stop=asyncio.Event()) == 1
    assert any("cannot open the database" in r.getMessage() for r in caplog.records)


def test_public_urls() -> None:
    assert public_url("0.0.0.0", 3978) == "http://127.0.0.1:3978/"
    assert public_url("::1", 80) == "http://[::1]:80/"
    assert public_url("example.org", 8080) == "http://example.org:8080/"


class StopRecorder(PeriodicJob):
    name = "recorder"

    def __init__(self, events: list[str]) -> None:
        super().__init__(3600, first_delay_s=3600)
        self.events = events

    async def tick(self) -> None:
        self.events.append("tick")

    async def stop(self, timeout_s: float = 10.0) -> None:
        self.events.append("jobs stopped")
        await super().stop(timeout_s)


async def test_shutdown_finishes_running_requests_before_stopping_jobs(tmp_path: Path) -> None:
    events: list[str] = []
    settings = replace(Settings(), database_url=sqlite_url(tmp_path))
    store = await Store.open(settings.resolved_database_url)
    metrics = Metrics()
    app = build_app(
        settings,
        store,
        build_coach(settings, store, metrics).coach,
        metrics=metrics,
        jobs=[StopRecorder(events)],
    )

    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(0.5)
        events.append("request finished")
        return web.json_response({"done": True})

    app.router.add_get("/slow", slow)
    runner = web.AppRunner(app, shutdown_timeout=5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        async with aiohttp.ClientSession() as http:
            pending = asyncio.create_task(http.get(f"http://127.0.0.1:{port}/slow"))
            await asyncio.sleep(0.15)
            await runner.cleanup()
            response = await pending
            assert response.status == 200 and (await response.json()) == {"done": True}
            with pytest.raises(aiohttp.ClientConnectionError):
                await http.get(f"http://127.0.0.1:{port}/healthz")
    finally:
        await store.close()
    assert events == ["request finished", "jobs stopped"]


def test_json_logs_keep_message_text_out_unless_allowed() -> None:
    for allowed in (False, True):
        stream = io.StringIO()
        settings = replace(Settings(), log_format="json", log_message_text=allowed)
        handler = configure_logging(settings, stream)
        try:
            log = logging.getLogger("tests.server.logs")
            log.info(
                "a turn from %s", "someone", extra={"message_text": "We can do 5% if you sign."}
            )
            try:
                raise ValueError("boom")
            except ValueError:
                log.exception("it failed", extra={"route": "/x"})
        finally:
            logging.getLogger().removeHandler(handler)
        lines = [json.loads(line) for line in stream.getvalue().splitlines()]
        assert lines[0]["message"] == "a turn from someone" and lines[0]["level"] == "info"
        assert lines[0]["logger"] == "tests.server.logs" and lines[0]["time"].endswith("+00:00")
        if allowed:
            assert lines[0]["message_text"] == "We can do 5% if you sign."
        else:
            assert lines[0]["message_text"] == "<25 characters>"
            assert "5%" not in stream.getvalue()
        assert lines[1]["route"] == "/x" and "ValueError: boom" in lines[1]["exception"]


def test_text_logs_put_extra_fields_after_the_message() -> None:
    stream = io.StringIO()
    handler = configure_logging(replace(Settings(), log_format="text"), stream)
    try:
        logging.getLogger("tests.server.logs").warning("slow", extra={"route": "/a"})
    finally:
        logging.getLogger().removeHandler(handler)
    assert stream.getvalue().rstrip().endswith("WARNING tests.server.logs: slow route=/a")


def test_the_access_log_leaves_out_query_strings(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="noblesse.access.test")
    access = AccessLogger(logging.getLogger("noblesse.access.test"), "")
    request = make_mocked_request("GET", "/api/playground/session?tab=secret-tab&locale=en")
    access.log(request, web.Response(status=200), 0.0123)
    probe = make_mocked_request("GET", "/healthz")
    access.log(probe, web.Response(status=200), 0.001)
    first, second = caplog.records
    assert first.getMessage() == "GET /api/playground/session 200 12.3ms"
    assert first.levelno == logging.INFO and second.levelno == logging.DEBUG
    assert "secret" not in caplog.text
