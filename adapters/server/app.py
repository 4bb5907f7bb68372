"""The one aiohttp application: probes, metrics, the playground and the platform surfaces.

:func:`build_app` only assembles; the caller owns the store and the coach (``main`` opens and
closes them). Background jobs passed in start after the surfaces when the app starts, and stop
before the surfaces shut down, once the running requests have finished.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from typing import Final

from aiohttp import web

from adapters.playground.api import PlaygroundApi
from adapters.playground.page import mount_page
from adapters.server.health import Health
from adapters.server.limits import RateLimiter, body_limit_middleware
from adapters.server.metering import MeteredCoach
from adapters.server.metrics import Metrics, metrics_handler, metrics_middleware
from adapters.server.periodic import PeriodicJob
from adapters.server.surfaces import SurfaceRegistry
from bot.settings import Settings
from bot.store import Store

logger = logging.getLogger(__name__)

METRICS: Final = web.AppKey("noblesse_metrics", Metrics)
STORE: Final = web.AppKey("noblesse_store", Store)
COACH: Final = web.AppKey("noblesse_coach", MeteredCoach)
SURFACES: Final = web.AppKey("noblesse_surfaces", SurfaceRegistry)


def build_app(
    settings: Settings,
    store: Store,
    coach: MeteredCoach,
    *,
    metrics: Metrics | None = None,
    surfaces: SurfaceRegistry | None = None,
    jobs: Sequence[PeriodicJob] = (),
    rate_limiter: RateLimiter | None = None,
) -> web.Application:
    """The server's application, ready for an ``AppRunner`` or aiohttp's test server."""
    metrics = metrics or Metrics()
    surfaces = surfaces or SurfaceRegistry()
    app = web.Application(
        client_max_size=settings.max_body_bytes,
        middlewares=[metrics_middleware(metrics), body_limit_middleware(settings.max_body_bytes)],
    )
    app[METRICS] = metrics
    app[STORE] = store
    app[COACH] = coach
    app[SURFACES] = surfaces

    Health(store).mount(app)
    app.router.add_get("/metrics", metrics_handler(metrics))
    mount_page(app)
    PlaygroundApi(coach, store, limiter=rate_limiter, metrics=metrics).mount(app)
    surfaces.mount_all(app)

    async def lifecycle(app: web.Application) -> AsyncIterator[None]:
        await surfaces.startup_all()
        for job in jobs:
            job.start()
        try:
            yield
        finally:
            for job in jobs:
                await job.stop()
            await surfaces.shutdown_all()

    app.cleanup_ctx.append(lifecycle)
    return app
