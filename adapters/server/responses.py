"""Friendly JSON error answers shared by the server's own routes and the playground API.

Every error is ``{"error": {"code": ..., "message": ...}}`` with a short sentence in the
caller's language (English or Dutch), never an exception's text.
"""

from __future__ import annotations

from typing import Final

from aiohttp import web

from bot.coach.messages import pick_lang

_MESSAGES: Final[dict[str, dict[str, str]]] = {
    "en": {
        "too_large": "That request is too large. Please send a shorter message.",
        "not_found": "There is nothing at this address.",
    },
    "nl": {
        "too_large": "Die aanvraag is te groot. Stuur een korter bericht.",
        "not_found": "Op dit adres staat niets.",
    },
}


def request_lang(request: web.Request) -> str:
    """The caller's language from ``Accept-Language`` (English when none fits)."""
    header = request.headers.get("Accept-Language", "")
    candidates = [part.split(";")[0].strip() for part in header.split(",") if part.strip()]
    return pick_lang(*candidates) if candidates else "en"


def json_error(
    status: int, code: str, message: str, *, headers: dict[str, str] | None = None
) -> web.Response:
    return web.json_response(
        {"error": {"code": code, "message": message}}, status=status, headers=headers
    )


def server_message(lang: str, key: str) -> str:
    return _MESSAGES[pick_lang(lang)][key]
