"""Liveness (``/healthz``) and readiness (``/readyz``) probes.

``/healthz`` answers 200 while the process serves requests. ``/readyz`` answers 200 only when
the database answers too, and 503 once shutdown has begun, so a load balancer stops sending
new work before the server goes away.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from aiohttp import web

logger = logging.getLogger(__name__)


class Pingable(Protocol):
    async def ping(self) -> bool: ...


class Health:
    def __init__(self, store: Pingable, *, timeout_s: float = 3.0) -> None:
        self.store = store
        self.timeout_s = timeout_s
        self.stopping = False

    async def alive(self, request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def ready(self, request: web.Request) -> web.Response:
        if self.stopping:
            return web.json_response({"status": "stopping"}, status=503)
        try:
            async with asyncio.timeout(self.timeout_s):
                reachable = await self.store.ping()
        except TimeoutError:
            reachable = False
        if not reachable:
            logger.warning("not ready: the database does not answer")
            return web.json_response(
                {"status": "unavailable", "database": "unreachable"}, status=503
            )
        return web.json_response({"status": "ready", "database": "ok"})

    def mount(self, app: web.Application) -> None:
        app.router.add_get("/healthz", self.alive)
        app.router.add_get("/readyz", self.ready)

        async def begin_stopping(app: web.Application) -> None:
            self.stopping = True

        app.on_shutdown.append(begin_stopping)
