"""Helpers shared by the server and playground tests: a settable clock, the app on a test
server with a fresh SQLite store, and a fake platform surface that records what it was asked."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from adapters.server.app import build_app
from adapters.server.coaching import build_coach
from adapters.server.limits import RateLimiter
from adapters.server.metering import MeteredCoach
from adapters.server.metrics import Metrics
from adapters.server.periodic import PeriodicJob
from adapters.server.surfaces import SurfaceRegistry
from bot.coach.replies import TipCard
from bot.settings import Settings
from bot.store import Store
from bot.store.records import UserRecord


class FakeClock:
    """A settable UTC clock."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def set(self, when: datetime) -> None:
        self.now = when.astimezone(UTC)

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@dataclass
class FakeSurface:
    """A platform surface that records tips instead of sending them.

    ``answer`` is what ``send_tip`` returns; an exception instance is raised instead.
    """

    name: str = "fake"
    answer: bool | Exception = True
    sends: list[tuple[UserRecord, TipCard]] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)

    def mount(self, app: web.Application) -> None:
        self.calls.append("mount")

        async def hello(request: web.Request) -> web.Response:
            return web.json_response({"surface": self.name})

        app.router.add_get(f"/{self.name}/hello", hello)

    async def startup(self) -> None:
        self.calls.append("startup")

    async def shutdown(self) -> None:
        self.calls.append("shutdown")

    async def send_tip(self, user: UserRecord, tip: TipCard) -> bool:
        self.calls.append("send_tip")
        if isinstance(self.answer, Exception):
            raise self.answer
        if self.answer:
            self.sends.append((user, tip))
        return self.answer


@dataclass
class Served:
    client: TestClient[Any, Any]
    store: Store
    metrics: Metrics
    coach: MeteredCoach

    async def post(self, action: str, body: Any = None, **options: Any) -> tuple[int, Any]:
        """POST JSON to the playground API; returns the status and the decoded answer."""
        response = await self.client.post(f"/api/playground/{action}", json=body or {}, **options)
        return response.status, await response.json()

    async def get(self, action: str, **query: str) -> tuple[int, Any]:
        response = await self.client.get(f"/api/playground/{action}", params=query)
        return response.status, await response.json()


def sqlite_url(tmp_path: Path, name: str = "noblesse.sqlite3") -> str:
    return f"sqlite+aiosqlite:///{tmp_path}/{name}"


@asynccontextmanager
async def serve_app(
    tmp_path: Path,
    *,
    settings: Settings | None = None,
    surfaces: SurfaceRegistry | None = None,
    rate_limiter: RateLimiter | None = None,
    jobs: Sequence[PeriodicJob] = (),
    store: Store | None = None,
) -> AsyncIterator[Served]:
    """The server's application on a test server, with a fresh SQLite store (unless given)."""
    settings = settings or replace(Settings(), database_url=sqlite_url(tmp_path))
    own_store = store is None
    store = store or await Store.open(settings.resolved_database_url)
    metrics = Metrics()
    coach = build_coach(settings, store, metrics).coach  # offline: no model is configured
    app = build_app(
        settings,
        store,
        coach,
        metrics=metrics,
        surfaces=surfaces,
        jobs=jobs,
        rate_limiter=rate_limiter,
    )
    try:
        async with TestServer(app) as server:
            client: TestClient[Any, Any] = TestClient(server)
            async with client:
                yield Served(client, store, metrics, coach)
    finally:
        if own_store:
            await store.close()
