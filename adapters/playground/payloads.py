"""Reading and checking the playground API's JSON bodies.

Anything wrong with a request raises :class:`PayloadError`, which the API answers with a
friendly 4xx JSON error naming the field, never a 5xx.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aiohttp import web

from bot.errors import InputError

_TAB: Final = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
JSON_TYPE: Final = "application/json"
MAX_TIMEZONE_CHARS: Final = 64
MAX_SEED: Final = 2**31


class PayloadError(InputError):
    """A request the API cannot use: ``key`` names the sentence in ``texts``; ``status`` is
    the HTTP status to answer with."""

    def __init__(self, key: str, status: int = 400, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.status = status
        self.values = values


async def read_body(request: web.Request) -> dict[str, Any]:
    """The JSON object a POST carries (``{}`` for an empty body); for a GET, its query.

    POSTs must say ``Content-Type: application/json``: a page on another site cannot send that
    without the browser asking first, so a cross-site form cannot act for a visitor.
    """
    if request.method in {"GET", "HEAD"}:
        return dict(request.query)
    if request.content_type != JSON_TYPE:
        raise PayloadError("content_type", 415)
    raw = await request.read()
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise PayloadError("invalid_json") from exc
    if not isinstance(data, dict):
        raise PayloadError("not_object")
    return data


def optional_text(body: Mapping[str, Any], field: str, *, limit: int | None = None) -> str | None:
    value = body.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise PayloadError("not_text", field=field)
    if limit is not None and len(value) > limit:
        raise PayloadError("too_long", field=field, limit=limit)
    return value


def required_text(body: Mapping[str, Any], field: str, *, limit: int | None = None) -> str:
    value = optional_text(body, field, limit=limit)
    if value is None:
        raise PayloadError("missing", field=field)
    return value


def optional_choice(body: Mapping[str, Any], field: str, choices: Collection[str]) -> str | None:
    value = body.get(field)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or value not in choices:
        raise PayloadError("bad_choice", field=field, choices=", ".join(choices))
    return value


def optional_bool(body: Mapping[str, Any], field: str) -> bool | None:
    value = body.get(field)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise PayloadError("not_bool", field=field)
    return value


def optional_seed(body: Mapping[str, Any]) -> int | None:
    value = body.get("seed")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < MAX_SEED:
        raise PayloadError("bad_choice", field="seed", choices=f"0 … {MAX_SEED - 1}")
    return value


def tab_of(body: Mapping[str, Any]) -> str | None:
    """The browser tab's id (one role-play per tab), or None for the visitor's default."""
    value = body.get("tab")
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _TAB.match(value):
        raise PayloadError("bad_tab")
    return value


def timezone_of(body: Mapping[str, Any]) -> str | None:
    """The browser's IANA time zone; an unknown name is ignored (tips then use UTC)."""
    value = optional_text(body, "timezone", limit=MAX_TIMEZONE_CHARS)
    if not value:
        return None
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return value
