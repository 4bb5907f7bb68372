"""``POST /api/messages``: the Bot Framework endpoint, with authentication that fails closed.

botbuilder's ``CloudAdapter.process`` answers 401 to a missing token or a wrong audience, but
500 to a token it cannot decode, one whose signature does not verify, one that expired, or
one signed with an unknown key (those errors are not ``PermissionError``). This handler
authenticates first, through the adapter's own ``BotFrameworkAuthentication``, and answers
**401 to every authentication failure**; only an authenticated activity reaches the bot. It
also answers 415 to a body that is not JSON and 400 to one that is not an activity, instead of
the SDK's unhandled errors.
"""

from __future__ import annotations

import json
import logging
from typing import Final

from aiohttp import web
from botbuilder.core import Bot, CloudAdapterBase, serializer_helper
from botbuilder.schema import Activity
from msrest.serialization import Model

logger = logging.getLogger(__name__)

JSON_TYPE: Final = "application/json"


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
        except (json.JSONDecodeError, UnicodeDecodeError):
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
        try:
            invoke_response = await self.adapter.process_activity(
                authenticated, activity, self.bot.on_turn
            )
        except Exception as exc:  # the bot catches its own errors; this is the adapter's
            logger.exception("teams: the adapter failed on an activity: %s", type(exc).__name__)
            return _problem(500, "internal error")
        if invoke_response is None:
            return web.Response(status=201)
        body = invoke_response.body
        if isinstance(body, Model):
            body = serializer_helper(body)
        return web.json_response(body, status=invoke_response.status)
