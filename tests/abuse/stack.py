"""The whole server as ``noblesse serve`` wires it — store, coach, playground, Slack and Teams —
on an aiohttp test server, talking to local fakes of Slack, the Bot Connector and OpenAI.

:func:`open_stack` mirrors ``adapters.server.runner.run_server``: ``build_coach``, then
``discover_surfaces`` (Slack is on because its variables point at the fake; Teams runs with
authentication off, as with the Emulator), then ``build_app`` with the server's access logger.
Every request helper measures how long the answer took.

The fakes here add what an outage test needs to the ones in ``tests/slack`` and
``tests/teams``: :class:`FlakySlack` answers every Web API call with an error status while it
is "down", :class:`CountingConnector` counts every attempt (the failed ones too), and
:class:`ResettingServer` accepts connections and drops them at once.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import socket
import struct
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Protocol

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from slack.fake_slack import Call, Failure, FakeSlack
from slack.support import BOT_TOKEN, SECRET
from teams.fake_connector import FakeConnector

from adapters.server.app import build_app
from adapters.server.coaching import CoachBundle, build_coach
from adapters.server.limits import RateLimiter
from adapters.server.logs import ACCESS_LOGGER, AccessLogger
from adapters.server.metrics import Metrics
from adapters.server.surfaces import SurfaceRegistry, discover_surfaces
from adapters.slack.surface import SlackSurface
from adapters.teams.surface import TeamsSurface
from bot.settings import LLMSettings, Settings, SlackSettings
from bot.store import Store

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
PLAYGROUND = "/api/playground/"
SLACK_EVENTS = "/slack/events"
TEAMS_MESSAGES = "/api/messages"
SETTLE_S = 20.0


class DatabaseLike(Protocol):
    """The root conftest's ``Database``: where the store lives (URL and PostgreSQL schema)."""

    @property
    def backend(self) -> str: ...

    @property
    def url(self) -> str: ...

    @property
    def schema(self) -> str | None: ...


@dataclass(frozen=True)
class SqliteDatabase:
    """A store in a SQLite file (for tests whose subject is not the database)."""

    backend: str
    url: str
    schema: str | None = None


def slack_signature(body: bytes, timestamp: str, secret: str | None = None) -> str:
    """Slack's request signature over the raw bytes (``slack_sdk`` only signs text), with the
    app's signing secret unless another is given."""
    base = b"v0:" + timestamp.encode() + b":" + body
    key = (secret or SECRET).encode()
    return "v0=" + hmac.new(key, base, hashlib.sha256).hexdigest()


def slack_headers(body: bytes, content_type: str | None) -> dict[str, str]:
    stamp = str(int(time.time()))
    headers = {
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": slack_signature(body, stamp),
    }
    if content_type is not None:
        headers["Content-Type"] = content_type
    return headers


@dataclass(frozen=True, slots=True)
class Answer:
    """An HTTP answer and how long it took to arrive."""

    status: int
    body: bytes
    content_type: str
    seconds: float

    def json(self) -> Any:
        return json.loads(self.body)


# --- fakes with outages -----------------------------------------------------------------------


class FlakySlack(FakeSlack):
    """The fake Slack, which can go down: while ``down`` is an HTTP status, every Web API call
    and every ``response_url`` post is recorded and answered with that status."""

    def __init__(self) -> None:
        super().__init__()
        self.down: int | None = None

    async def _api(self, request: web.Request) -> web.Response:
        if self.down is not None:
            method = request.match_info["method"]
            self.failures[method] = [Failure("internal_error", self.down, {"Retry-After": "0"})]
        return await super()._api(request)

    async def _respond(self, request: web.Request) -> web.Response:
        if self.down is None:
            return await super()._respond(request)
        body = await request.json()
        await self._record(Call("respond", {"key": request.match_info["key"], **body}, None))
        return web.Response(status=self.down, text="internal_error")


@dataclass
class CountingConnector(FakeConnector):
    """The fake Bot Connector, counting every attempt to post (``attempts``: conversation ids)
    and answering ``down`` (an HTTP status) to all of them while it is set."""

    attempts: list[str] = field(default_factory=list)
    down: int | None = None

    async def _record(self, request: web.Request, reply_to: str | None) -> web.Response:
        self.attempts.append(request.match_info["conversation"])
        if self.down is not None:
            await request.read()
            return web.json_response(
                {"error": {"code": "ServiceError", "message": "down"}},
                status=self.down,
                headers={"Retry-After": "0"},
            )
        return await super()._record(request, reply_to)


class ResettingServer:
    """A TCP port that accepts every connection and resets it at once, counting them."""

    def __init__(self) -> None:
        self.connections = 0
        self._server: asyncio.Server | None = None

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.sockets[0].getsockname()[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        raw = writer.get_extra_info("socket")
        if raw is not None:  # SO_LINGER 0: close with a reset, as a crashed service would
            raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()

    async def __aenter__(self) -> ResettingServer:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()


def closed_port() -> int:
    """A local port nothing listens on: connecting to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- the stack --------------------------------------------------------------------------------


@dataclass
class Stack:
    """The running server and the fakes around it."""

    client: TestClient[Any, Any]
    store: Store
    bundle: CoachBundle
    settings: Settings
    slack: SlackSurface
    teams: TeamsSurface
    fake_slack: FlakySlack
    connector: CountingConnector
    metrics: Metrics

    async def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        *,
        cookies: bool = True,
    ) -> Answer:
        """One request; ``cookies=False`` sends it from a browser without cookies (a session of
        its own, whose cookies are thrown away)."""
        sent = dict(headers or {})
        started = time.perf_counter()
        if cookies:
            response = await self.client.request(method, path, data=body, headers=sent)
            raw = await response.read()
        else:
            async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as anonymous:
                url = self.client.make_url(path)
                async with anonymous.request(method, url, data=body, headers=sent) as response:
                    raw = await response.read()
        seconds = time.perf_counter() - started
        return Answer(response.status, raw, response.content_type, seconds)

    async def slack_post(
        self, body: bytes, content_type: str | None = JSON, **headers: str
    ) -> Answer:
        """A correctly signed request to ``/slack/events``."""
        return await self.request(
            "POST", SLACK_EVENTS, body, {**slack_headers(body, content_type), **headers}
        )

    async def teams_post(self, body: bytes, content_type: str | None = JSON) -> Answer:
        headers = {"Content-Type": content_type} if content_type is not None else {}
        return await self.request("POST", TEAMS_MESSAGES, body, headers)

    async def teams_activity(self, activity: Mapping[str, Any]) -> Answer:
        return await self.teams_post(json.dumps(activity).encode())

    async def playground(
        self, action: str, payload: Any = None, *, method: str = "POST", **options: Any
    ) -> Answer:
        """A JSON call to the playground API (``payload`` None: no body)."""
        body = None if payload is None else json.dumps(payload).encode()
        headers = {"Content-Type": JSON} if body is not None else {}
        return await self.request(method, PLAYGROUND + action, body, headers, **options)

    async def settle(self) -> None:
        """Wait until the Slack work started by earlier requests is done."""
        assert await self.slack.drain(SETTLE_S), "Slack background work did not finish"

    async def alive(self) -> None:
        """The server still answers: the liveness probe, and the readiness probe (which asks
        the store)."""
        for probe in ("/healthz", "/readyz"):
            answer = await self.request("GET", probe)
            assert answer.status == 200, (probe, answer)


def stack_settings(
    database: DatabaseLike, fake_slack: FakeSlack, llm: LLMSettings | None
) -> Settings:
    slack = SlackSettings(bot_token=BOT_TOKEN, signing_secret=SECRET, api_url=fake_slack.api_url)
    return Settings(database_url=database.url, slack=slack, llm=llm or LLMSettings())


@asynccontextmanager
async def open_stack(
    database: DatabaseLike,
    *,
    llm: LLMSettings | None = None,
    rate_limiter: RateLimiter | None = None,
) -> AsyncIterator[Stack]:
    """The server on ``database`` (a fresh store), with Slack and Teams on their fakes."""
    fake_slack = FlakySlack()
    async with fake_slack:
        connector = CountingConnector()
        await connector.start()
        store = await Store.open(database.url, schema=database.schema)
        settings = stack_settings(database, fake_slack, llm)
        metrics = Metrics()
        bundle = build_coach(settings, store, metrics)
        try:
            surfaces = SurfaceRegistry(discover_surfaces(settings, bundle.coach, store))
            slack = surfaces.for_platform("slack")
            teams = surfaces.for_platform("teams")
            assert isinstance(slack, SlackSurface), surfaces.describe()
            assert isinstance(teams, TeamsSurface), surfaces.describe()
            app = build_app(
                settings,
                store,
                bundle.coach,
                metrics=metrics,
                surfaces=surfaces,
                rate_limiter=rate_limiter,
            )
            server = TestServer(app, host="127.0.0.1")
            # (TestServer drops its constructor's runner options: pass them when starting)
            await server.start_server(
                access_log_class=AccessLogger, access_log=logging.getLogger(ACCESS_LOGGER)
            )
            fake_slack.calls.clear()  # the start-up auth.test is no request's work
            client: TestClient[Any, Any] = TestClient(server)
            async with client:
                yield Stack(
                    client,
                    store,
                    bundle,
                    settings,
                    slack,
                    teams,
                    fake_slack,
                    connector,
                    metrics,
                )
        finally:
            await bundle.aclose()
            await store.close()
            await connector.close()
