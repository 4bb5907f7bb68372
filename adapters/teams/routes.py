"""``POST /api/messages``: the Bot Framework endpoint, with authentication that fails closed.

botbuilder's ``CloudAdapter.process`` answers 401 to a missing token or a wrong audience, but
500 to a token it cannot decode, one whose signature does not verify, one that expired, or
one signed with an unknown key (those errors are not ``PermissionError``). This handler
authenticates first, through the adapter's own ``BotFrameworkAuthentication``, and answers
**401 to every authentication failure**; only an authenticated activity reaches the bot. It
also answers 415 to a body that is not JSON and 400 to one that is not an activity (nested too
deep to parse included), instead of the SDK's unhandled errors.

An authenticated activity the bot could not answer is refused with 400 before it reaches the
bot: any without an http(s) ``serviceUrl``, a ``conversation.id`` or a ``from.id`` (strings,
as the Bot Framework sends them). Without a service URL the SDK would fall back to the public
Bot Framework service, which an unauthenticated request (the Emulator setting) must never make
the bot call. An ``adaptiveCard/action`` invoke whose ``value.action`` is not an object is
refused too (the SDK would fail on it inside the turn); the SDK's own error answers to other
malformed card actions, which it cannot serialise, are answered with their status.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import urlsplit

from aiohttp import web
from botbuilder.core import Bot, CloudAdapterBase, InvokeResponse, serializer_helper
from botbuilder.schema import Activity
from msrest.exceptions import SerializationError
from msrest.serialization import Model

logger = logging.getLogger(__name__)

JSON_TYPE: Final = "application/json"
CARD_ACTION: Final = "adaptiveCard/action"


def _problem(status: int, message: str) -> web.Response:
    return web.json_response({"error": {"code": status, "message": message}}, status=status)


class MessagesEndpoint:
    """The aiohttp handler that feeds authenticated activities to ``bot`` through ``adapter``."""

    def __init__(self, adapter: CloudAdapterBase, bot: Bot) -> None:
        self.adapter = adapter
        self.bot = bot

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if JSON_TYPE not in request.headers.get("Content-Type", ""):
            return _problem(415, "expected application/json")
        try:
            body = await request.json()
        except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError included
            return _problem(400, "the body is not JSON")
        if not isinstance(body, dict):
            return _problem(400, "the body is not an activity")
        try:
            activity = Activity().deserialize(body)
        except Exception as exc:  # msrest raises its own DeserializationError family
            logger.info("teams: an undecodable activity was refused (%s)", type(exc).__name__)
            return _problem(400, "the body is not an activity")
        if not activity.type:
            return _problem(400, "the activity has no type")
        authorization = request.headers.get("Authorization", "")
        try:
            authenticated = await self.adapter.bot_framework_authentication.authenticate_request(
                activity, authorization
            )
        except Exception as exc:  # every way a token can be wrong ends here, as 401
            logger.warning("teams: request refused, authentication failed (%s)", type(exc).__name__)
            return _problem(401, "unauthorized")
        refusal = unanswerable(body)
        if refusal is not None:
            logger.info("teams: an activity the bot cannot answer was refused (%s)", refusal)
            return _problem(400, refusal)
        try:
            invoke_response = await self.adapter.process_activity(
                authenticated, activity, self.bot.on_turn
            )
        except Exception as exc:  # the bot catches its own errors; this is the adapter's
            logger.exception("teams: the adapter failed on an activity: %s", type(exc).__name__)
            return _problem(500, "internal error")
        if invoke_response is None:
            return web.Response(status=201)
        return _invoke_answer(invoke_response)


def _invoke_answer(invoke_response: InvokeResponse) -> web.Response:
    """The invoke's answer as JSON. botbuilder's error answer to a malformed card action holds
    an ``Exception`` its own serializer cannot write: that one is answered with its status."""
    status = int(invoke_response.status)
    body = invoke_response.body
    if isinstance(body, Model):
        try:
            body = serializer_helper(body)
        except SerializationError:
            if status < 400:
                logger.exception("teams: an invoke answer could not be serialised")
                return _problem(500, "internal error")
            logger.info("teams: a refused invoke was answered with its status (%d)", status)
            return _problem(status, "the invoke was not understood")
    return web.json_response(body, status=status)


def _has_id(value: object) -> bool:
    if not isinstance(value, Mapping):
        return False
    found = value.get("id")
    return isinstance(found, str) and bool(found.strip())


def _is_http_url(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def unanswerable(body: Mapping[str, Any]) -> str | None:
    """Why the bot could not answer the activity ``body``, or None when it could.

    Every activity the Bot Framework delivers carries somewhere to answer (``serviceUrl``), a
    conversation and a sender; the bot needs all three for messages and invokes, and for the
    installation events it answers with a welcome or stores as a conversation reference. A
    card action needs an object as its action."""
    if not _is_http_url(body.get("serviceUrl")):
        return "the activity has no http(s) serviceUrl"
    if not _has_id(body.get("conversation")):
        return "the activity has no conversation.id"
    if not _has_id(body.get("from")):
        return "the activity has no from.id"
    if body.get("type") == "invoke" and body.get("name") == CARD_ACTION:
        value = body.get("value")
        action = value.get("action") if isinstance(value, Mapping) else None
        if action is not None and not isinstance(action, Mapping):
            return "the card action is not an object"
    return None
