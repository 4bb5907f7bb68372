"""A local Bot Connector (the service a Teams bot replies to), on 127.0.0.1.

It answers the Bot Connector REST routes a bot uses to talk:

* ``POST /v3/conversations/{conversation}/activities/{reply_to}`` (a reply),
* ``POST /v3/conversations/{conversation}/activities`` (a new message, proactive sends),
* ``PUT /v3/conversations/{conversation}/activities/{id}`` (an update),

records every activity with its headers, and answers ``{"id": "..."}`` like the real service
(``201`` for the first activity of a stream, which carries the stream's id). A conversation can
be made to fail with a status (``connector.fail("a:conv", 403)``: the app was removed).
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass(frozen=True, slots=True)
class Posted:
    conversation_id: str
    reply_to: str | None
    body: dict[str, Any]
    authorization: str | None
    method: str = "POST"

    @property
    def type(self) -> str:
        return str(self.body.get("type", ""))

    @property
    def text(self) -> str:
        return str(self.body.get("text") or "")

    @property
    def fallback(self) -> str:
        """What a notification shows: the text, or a card message's summary."""
        return self.text or str(self.body.get("summary") or "")

    @property
    def card(self) -> dict[str, Any] | None:
        for item in self.body.get("attachments") or []:
            if item.get("contentType") == "application/vnd.microsoft.card.adaptive":
                content: dict[str, Any] = item["content"]
                return content
        return None

    @property
    def stream_info(self) -> dict[str, Any] | None:
        for entity in self.body.get("entities") or []:
            if entity.get("type") == "streaminfo":
                return dict(entity)
        return None


@dataclass
class FakeConnector:
    posted: list[Posted] = field(default_factory=list)
    failures: dict[str, int] = field(default_factory=dict)
    refuse_streams: bool = False  # answer 403 ContentStreamNotAllowed to streaming activities
    delay_s: float = 0.0
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Condition | None = None
    server: TestServer | None = None

    def fail(self, conversation_id: str, status: int) -> None:
        self.failures[conversation_id] = status

    @property
    def url(self) -> str:
        assert self.server is not None
        return str(self.server.make_url("/")).rstrip("/") + "/"

    def messages(self, conversation_id: str | None = None) -> list[Posted]:
        return [
            p
            for p in self.posted
            if p.type == "message"
            and (conversation_id is None or p.conversation_id == conversation_id)
        ]

    def clear(self) -> None:
        self.posted.clear()

    async def wait_for(self, count: int, timeout: float = 5.0) -> list[Posted]:
        """Wait until at least ``count`` activities have arrived."""
        assert self._changed is not None
        async with asyncio.timeout(timeout):
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.posted) >= count)
        return list(self.posted)

    async def _record(self, request: web.Request, reply_to: str | None) -> web.Response:
        conversation_id = request.match_info["conversation"]
        body = await request.json()
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        status = self.failures.get(conversation_id)
        if status is not None:
            return web.json_response(
                {"error": {"code": "BotNotInConversationRoster", "message": "gone"}},
                status=status,
                headers={"Retry-After": "0"},
            )
        if self.refuse_streams and any(
            entity.get("type") == "streaminfo" for entity in body.get("entities") or []
        ):
            return web.json_response(
                {"error": {"code": "ContentStreamNotAllowed", "message": "not allowed"}},
                status=403,
            )
        posted = Posted(
            conversation_id, reply_to, body, request.headers.get("Authorization"), request.method
        )
        assert self._changed is not None
        async with self._changed:
            self.posted.append(posted)
            self._changed.notify_all()
        info = posted.stream_info
        if info is not None and info.get("streamType") == "informative" and "streamId" not in info:
            return web.json_response({"id": f"stream-{next(self._ids)}"}, status=201)
        return web.json_response({"id": f"activity-{next(self._ids)}"})

    async def _reply(self, request: web.Request) -> web.Response:
        return await self._record(request, request.match_info["activity"])

    async def _send(self, request: web.Request) -> web.Response:
        return await self._record(request, None)

    async def start(self) -> FakeConnector:
        self._changed = asyncio.Condition()
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation}/activities/{activity}", self._reply)
        app.router.add_put("/v3/conversations/{conversation}/activities/{activity}", self._reply)
        app.router.add_post("/v3/conversations/{conversation}/activities", self._send)
        self.server = TestServer(app, host="127.0.0.1")
        await self.server.start_server()
        return self

    async def close(self) -> None:
        if self.server is not None:
            await self.server.close()
