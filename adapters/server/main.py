"""``noblesse serve`` / ``python -m adapters.server.main``: run the server until SIGTERM.

Start-up: logging, the store (migrated), the coach, the surfaces that are switched on, the
application on ``--host``/``--port`` (``NOBLESSE_HOST``/``NOBLESSE_PORT``, 127.0.0.1:3978 by
default), then the tip scheduler and the retention job. The log says which surfaces are on,
why the others are off, and where the playground is.

Shutdown on SIGTERM or Ctrl-C: stop accepting connections, let running requests finish (up to
``--shutdown-timeout`` seconds), stop the background jobs, close the surfaces and the store,
log "stopped" and exit 0.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
from collections.abc import Sequence

from bot.errors import ConfigurationError
from bot.settings import Settings

logger = logging.getLogger(__name__)

EXIT_ERROR = 1


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``serve`` options, for this module's parser and the ``noblesse`` CLI's."""
    parser.add_argument("--host", default=None, help="address to listen on (NOBLESSE_HOST)")
    parser.add_argument("--port", type=int, default=None, help="port to listen on (NOBLESSE_PORT)")
    parser.add_argument(
        "--tip-interval",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="how often the tip scheduler looks for due tips (default 60)",
    )
    parser.add_argument(
        "--shutdown-timeout",
        type=float,
        default=15.0,
        metavar="SECONDS",
        help="how long running requests may take to finish at shutdown (default 15)",
    )


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env()
    host = getattr(args, "host", None) or settings.host
    port = getattr(args, "port", None)
    return dataclasses.replace(settings, host=host, port=settings.port if port is None else port)


def serve(args: argparse.Namespace) -> int:
    """The ``serve`` subcommand: configure logging from the environment and run the server."""
    from adapters.server.logs import configure_logging
    from adapters.server.runner import run_server

    try:
        settings = _settings(args)
    except ConfigurationError as exc:
        logging.basicConfig()
        logger.error("%s", exc)
        return EXIT_ERROR
    configure_logging(settings)
    return asyncio.run(
        run_server(
            settings,
            tip_interval_s=getattr(args, "tip_interval", 60.0),
            shutdown_timeout_s=getattr(args, "shutdown_timeout", 15.0),
        )
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="noblesse serve",
        description="Run the Noblesse server: web playground, Slack and Teams, daily tips.",
    )
    add_serve_arguments(parser)
    return serve(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
