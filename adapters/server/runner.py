"""Running the server: open the store, build the coach and the app, listen, and shut down
gracefully when told to (SIGTERM or Ctrl-C by default).

Shutdown order: stop accepting connections, let running requests finish (up to the shutdown
timeout), stop the background jobs, close the surfaces, the model gateway and the store, then
log "stopped".
"""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
import time
from collections.abc import Sequence

from aiohttp import web

from adapters.server.app import build_app
from adapters.server.coaching import CoachBundle, build_coach
from adapters.server.logs import ACCESS_LOGGER, AccessLogger
from adapters.server.metrics import Metrics
from adapters.server.retention import RetentionJob
from adapters.server.scheduler import TipScheduler
from adapters.server.surfaces import SurfaceRegistry, discover_surfaces
from bot.errors import ConfigurationError
from bot.settings import Settings
from bot.store import Store, StoreError

logger = logging.getLogger(__name__)

EXIT_OK, EXIT_ERROR = 0, 1
_WILDCARD_HOSTS = {"0.0.0.0", "::", ""}


def public_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in _WILDCARD_HOSTS else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


async def run_server(
    settings: Settings,
    *,
    tip_interval_s: float = 60.0,
    shutdown_timeout_s: float = 15.0,
    stop: asyncio.Event | None = None,
    freeze_startup_objects: bool = True,
) -> int:
    """Serve until ``stop`` is set (by SIGTERM/SIGINT when not given). Returns the exit code.

    ``freeze_startup_objects`` moves everything loaded at start-up out of the garbage
    collector's reach (``gc.freeze``); tests that run the server in their own process turn it
    off."""
    started = time.perf_counter()
    stop = stop or _stop_on_signals()
    try:
        store = await Store.from_settings(settings)
    except (StoreError, ConfigurationError) as exc:
        logger.error("cannot open the database: %s", exc)
        return EXIT_ERROR
    metrics = Metrics()
    bundle: CoachBundle | None = None
    try:
        bundle = build_coach(settings, store, metrics)
        surfaces = SurfaceRegistry(discover_surfaces(settings, bundle.coach, store))
        jobs = [
            TipScheduler(
                store,
                surfaces,
                picker=bundle.coach.tips,  # one catalogue, shared with "today's tip" requests
                metrics=metrics,
                interval_s=tip_interval_s,
            ),
            RetentionJob(store, settings.retention_days, metrics=metrics),
        ]
        app = build_app(
            settings, store, bundle.coach, metrics=metrics, surfaces=surfaces, jobs=jobs
        )
        runner = web.AppRunner(
            app,
            access_log_class=AccessLogger,
            access_log=logging.getLogger(ACCESS_LOGGER),
            shutdown_timeout=shutdown_timeout_s,
        )
        await runner.setup()
        # Everything loaded so far (modules, lexicons, catalogues) lives as long as the process:
        # keep it out of the garbage collector's full passes, which otherwise stall every
        # request for ~0.1 s now and then under load.
        if freeze_startup_objects:
            gc.collect()
            gc.freeze()
        try:
            site = web.TCPSite(runner, settings.host, settings.port)
            try:
                await site.start()
            except OSError as exc:
                logger.error(
                    "cannot listen on %s:%d: %s", settings.host, settings.port, exc.strerror or exc
                )
                return EXIT_ERROR
            port = _bound_port(runner.addresses, settings.port)
            for line in surfaces.describe():
                logger.info("%s", line)
            logger.info(
                "listening on %s:%d (ready in %.2f s); the playground is at %s",
                settings.host,
                port,
                time.perf_counter() - started,
                public_url(settings.host, port),
            )
            await stop.wait()
            logger.info("stopping: no new connections; finishing the running requests")
        finally:
            await runner.cleanup()
    finally:
        if bundle is not None:
            await bundle.aclose()
        await store.close()
    logger.info("stopped")
    return EXIT_OK


def _bound_port(addresses: Sequence[object], wanted: int) -> int:
    for address in addresses:
        if isinstance(address, tuple) and len(address) >= 2 and isinstance(address[1], int):
            return address[1]
    return wanted


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)
    return stop
