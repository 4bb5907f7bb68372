"""Logging for the server: text or JSON lines, and no message text unless asked for.

Message contents never go into a log's message. Code that wants to log what a user wrote (for
debugging) passes it as ``extra={"message_text": text}``; :class:`MessageTextFilter` replaces
it by its length unless ``NOBLESSE_LOG_MESSAGE_TEXT=1``. The database drivers, whose DEBUG
lines carry statement parameters (and so message text), stay above DEBUG unless that flag is
set. Both formatters put ``extra`` fields on the line (JSON keys, or ``key=value`` after a text
message).
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, Final, TextIO

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web_request import BaseRequest
from aiohttp.web_response import StreamResponse

from bot.settings import Settings

MESSAGE_TEXT: Final = "message_text"
ACCESS_LOGGER: Final = "adapters.server.access"
QUIET_PATHS: Final = frozenset({"/healthz", "/readyz", "/metrics"})
STATEMENT_LOGGERS: Final = ("aiosqlite", "sqlalchemy.engine", "asyncpg")

# Attributes every LogRecord has; anything else on a record came in through ``extra``.
_STANDARD = frozenset(
    vars(logging.LogRecord("n", logging.INFO, "p", 1, "m", None, None)).keys()
) | {"message", "asctime", "taskName"}


def extras(record: logging.LogRecord) -> dict[str, Any]:
    """The fields a log call added with ``extra=...``."""
    return {
        key: value
        for key, value in vars(record).items()
        if key not in _STANDARD and not key.startswith("_")
    }


class MessageTextFilter(logging.Filter):
    """Keeps message text out of the logs unless the operator switched it on."""

    def __init__(self, allow: bool) -> None:
        super().__init__()
        self.allow = allow

    def filter(self, record: logging.LogRecord) -> bool:
        text = getattr(record, MESSAGE_TEXT, None)
        if text is not None and not self.allow:
            setattr(record, MESSAGE_TEXT, f"<{len(str(text))} characters>")
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, extra fields, exception."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in extras(record).items():
            data.setdefault(key, value)
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """``2026-11-30 10:00:00,123 INFO name: message key=value``."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = extras(record)
        if not fields:
            return line
        head, newline, rest = line.partition("\n")
        tail = " ".join(f"{key}={value}" for key, value in fields.items())
        return f"{head} {tail}{newline}{rest}"


def configure_logging(settings: Settings, stream: TextIO | None = None) -> logging.Handler:
    """Send every log record to ``stream`` (stderr) in the configured format and level."""
    handler = logging.StreamHandler(stream or sys.stderr)
    json_lines = settings.log_format.strip().lower() == "json"
    handler.setFormatter(JsonFormatter() if json_lines else TextFormatter())
    handler.addFilter(MessageTextFilter(settings.log_message_text))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    level = settings.log_level if settings.log_level in logging.getLevelNamesMapping() else "INFO"
    root.setLevel(level)
    # Schema migrations narrate every step at INFO; the store logs the revision it reached.
    logging.getLogger("alembic").setLevel(logging.DEBUG if level == "DEBUG" else logging.WARNING)
    # Database drivers log statements with their parameters (message text) at DEBUG.
    for name in STATEMENT_LOGGERS:
        quiet = logging.INFO if name == "aiosqlite" else logging.WARNING
        logging.getLogger(name).setLevel(logging.NOTSET if settings.log_message_text else quiet)
    return handler


class AccessLogger(AbstractAccessLogger):
    """One line per request: method, path (never the query string), status, duration.

    Health, readiness and metrics probes are logged at DEBUG so they don't drown the rest.
    """

    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        level = logging.DEBUG if request.path in QUIET_PATHS else logging.INFO
        if not self.logger.isEnabledFor(level):
            return
        duration_ms = round(time * 1000, 1)
        self.logger.log(
            level,
            "%s %s %d %.1fms",
            request.method,
            request.path,
            response.status,
            duration_ms,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status,
                "duration_ms": duration_ms,
            },
        )

    @property
    def enabled(self) -> bool:
        return self.logger.isEnabledFor(logging.DEBUG)
