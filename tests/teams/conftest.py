"""The Teams surface on a real aiohttp server, talking to a local fake Bot Connector."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from botframework.connector.auth import ServiceClientCredentialsFactory

from adapters.teams.bot import TeamsOptions
from adapters.teams.surface import TeamsSurface
from bot.coach.coach import Coach
from bot.settings import Settings
from bot.store import Store

from .fake_connector import FakeConnector

FAST = TeamsOptions(typing_delay_s=30.0, stream_interval_s=0.0)
"""No typing indicator in quick turns (tests that want one ask for it), no stream throttle."""


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open("sqlite+aiosqlite:///" + str(tmp_path / "teams.sqlite3"))
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = await FakeConnector().start()
    try:
        yield fake
    finally:
        await fake.close()


@dataclass
class TeamsApp:
    """The bot's HTTP endpoint, the fake connector it answers through, and the store."""

    surface: TeamsSurface
    client: TestClient[Any, Any]
    connector: FakeConnector
    store: Store

    @property
    def service_url(self) -> str:
        return self.connector.url

    async def post(
        self, activity: dict[str, Any], *, headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        response = await self.client.post("/api/messages", json=activity, headers=headers)
        body: Any = None
        if response.content_type == "application/json":
            body = await response.json()
        return response.status, body


MakeTeams = Callable[..., Awaitable[TeamsApp]]


@pytest.fixture
async def make_teams(store: Store, connector: FakeConnector) -> AsyncIterator[MakeTeams]:
    """Build a Teams surface (settings, coach, options and credentials as the test needs)."""
    clients: list[TestClient[Any, Any]] = []
    surfaces: list[TeamsSurface] = []

    async def make(
        settings: Settings | None = None,
        *,
        coach: Coach | None = None,
        options: TeamsOptions = FAST,
        credentials_factory: ServiceClientCredentialsFactory | None = None,
    ) -> TeamsApp:
        surface = TeamsSurface(
            settings or Settings(),
            coach or Coach(store, rng=random.Random(7)),
            store,
            options=options,
            credentials_factory=credentials_factory,
        )
        app = web.Application()
        surface.mount(app)
        client: TestClient[Any, Any] = TestClient(TestServer(app, host="127.0.0.1"))
        await client.start_server()
        await surface.startup()
        clients.append(client)
        surfaces.append(surface)
        return TeamsApp(surface, client, connector, store)

    yield make
    for surface in surfaces:
        await surface.shutdown()
    for client in clients:
        await client.close()


@pytest.fixture
async def teams(make_teams: MakeTeams) -> TeamsApp:
    return await make_teams()
