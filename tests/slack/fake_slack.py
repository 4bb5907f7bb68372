"""A fake Slack on 127.0.0.1: the Web API, ``response_url`` endpoints and a Socket Mode server.

The app under test uses the real ``AsyncWebClient`` (``base_url`` pointed here) and the real
Socket Mode client. Every Web API call is recorded (method, arguments, token) and answered with
a plausible payload; tests queue failures with :meth:`FakeSlack.fail`. Messages posted to a
``response_url`` are recorded as calls of the pseudo-method ``"respond"``.

Socket Mode: ``apps.connections.open`` returns the URL of the WebSocket endpoint, which greets
the client with ``hello``; :meth:`FakeSlack.send_envelope` pushes an envelope and
:meth:`FakeSlack.ack` waits for the app's acknowledgement of it.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str | None
    at: float = field(default_factory=time.monotonic)

    def text_content(self) -> str:
        """Every piece of text the call carries (fallback, blocks, views, stream chunks)."""
        return json.dumps(self.args, ensure_ascii=False)


@dataclass
class Failure:
    error: str
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


def _decode(value: Any) -> Any:
    """Form fields that hold JSON (blocks, view, prompts) decoded, as Slack would."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class FakeSlack:
    """The fake Slack: start with ``async with FakeSlack() as fake``."""

    BOT_USER = "UBOT"
    BOT_ID = "BBOT"
    TEAM = "T1"

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.failures: dict[str, list[Failure]] = {}
        self.users: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.oauth_access: dict[str, Any] | None = None
        self._ts = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.sockets: list[web.WebSocketResponse] = []
        self.acks: dict[str, dict[str, Any]] = {}
        self.socket_connected = asyncio.Event()

    # --- lifecycle ----------------------------------------------------------------------------

    async def __aenter__(self) -> FakeSlack:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/respond/{key}", self._respond)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for socket in list(self.sockets):
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, key: str = "r1") -> str:
        return f"{self.url}/respond/{key}"

    # --- scripting and inspection -------------------------------------------------------------

    def fail(
        self, method: str, error: str, *, times: int = 1, status: int = 200, **headers: str
    ) -> None:
        """The next ``times`` calls of ``method`` fail with ``error`` (and HTTP ``status``)."""
        self.failures.setdefault(method, []).extend(
            Failure(error, status, dict(headers)) for _ in range(times)
        )

    def of(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def methods(self) -> list[str]:
        return [call.method for call in self.calls]

    def posted(self) -> list[Call]:
        """Messages the app showed: posts, ephemerals, responses, updates and streams."""
        shown = {
            "chat.postMessage",
            "chat.postEphemeral",
            "respond",
            "chat.update",
            "chat.startStream",
            "chat.appendStream",
            "chat.stopStream",
        }
        return [call for call in self.calls if call.method in shown]

    async def wait_for(
        self, predicate: Callable[[list[Call]], bool], timeout: float = 5.0
    ) -> list[Call]:
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(lambda: predicate(self.calls))
        return self.calls

    async def _record(self, call: Call) -> None:
        self.calls.append(call)
        await self._notify()

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    # --- the Web API --------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args: dict[str, Any] = dict(request.query)
        raw = await request.read()
        if raw:
            if request.content_type == "application/json":
                args.update(json.loads(raw))
            else:
                args.update(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
        args = {key: _decode(value) for key, value in args.items()}
        token = args.pop("token", None)
        authorization = request.headers.get("Authorization", "")
        if authorization.startswith("Bearer "):
            token = authorization.removeprefix("Bearer ")
        await self._record(Call(method, args, token))
        queued = self.failures.get(method)
        if queued:
            failure = queued.pop(0)
            return web.json_response(
                {"ok": False, "error": failure.error},
                status=failure.status,
                headers=failure.headers,
            )
        return web.json_response(self._answer(method, args, token))

    def _answer(self, method: str, args: dict[str, Any], token: str | None) -> dict[str, Any]:
        match method:
            case "auth.test":
                known = self.tokens.get(token or "")
                if known is not None:
                    return {"ok": True, **known}
                return {
                    "ok": True,
                    "url": "https://acme.slack.com/",
                    "team": "Acme",
                    "user": "noblesse",
                    "team_id": self.TEAM,
                    "user_id": self.BOT_USER,
                    "bot_id": self.BOT_ID,
                }
            case "users.info":
                user = str(args.get("user", ""))
                profile = {"tz": "Europe/Brussels", "locale": "en-US", **self.users.get(user, {})}
                return {"ok": True, "user": {"id": user, "is_bot": False, **profile}}
            case "chat.postMessage" | "chat.startStream":
                ts = self.next_ts()
                return {"ok": True, "channel": args.get("channel"), "ts": ts}
            case "chat.postEphemeral":
                return {"ok": True, "message_ts": self.next_ts()}
            case "chat.update" | "chat.appendStream" | "chat.stopStream":
                return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts")}
            case "conversations.open":
                users = str(args.get("users", ""))
                return {"ok": True, "channel": {"id": "D" + users.lstrip("U")}}
            case "views.open" | "views.update" | "views.publish":
                view = args.get("view") if isinstance(args.get("view"), dict) else {}
                view_id = str(args.get("view_id") or "V" + uuid.uuid4().hex[:8].upper())
                return {"ok": True, "view": {**view, "id": view_id}}
            case "apps.connections.open":
                return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}
            case "conversations.replies" | "conversations.history":
                return {"ok": True, "messages": [], "has_more": False}
            case "oauth.v2.access":
                return {"ok": True, **(self.oauth_access or {})}
        return {"ok": True}

    async def _respond(self, request: web.Request) -> web.Response:
        body = await request.json()
        await self._record(Call("respond", {"key": request.match_info["key"], **body}, None))
        return web.Response(text="ok")

    # --- Socket Mode --------------------------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self.sockets.append(socket)
        await socket.send_json({"type": "hello", "num_connections": 1, "debug_info": {}})
        self.socket_connected.set()
        async for message in socket:
            if message.type != WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            envelope_id = data.get("envelope_id")
            if envelope_id:
                self.acks[envelope_id] = data
                await self._record(Call("socket.ack", data, None))
        self.sockets.remove(socket)
        await self._notify()
        return socket

    async def send_envelope(self, kind: str, payload: dict[str, Any], *, retry: int = 0) -> str:
        """Push an envelope (``events_api``, ``slash_commands``, ``interactive``) to the app."""
        envelope_id = uuid.uuid4().hex
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": retry,
            "retry_reason": "timeout" if retry else "",
        }
        await self.sockets[-1].send_json(envelope)
        return envelope_id

    async def ack(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        await self.wait_for(lambda _: envelope_id in self.acks, timeout)
        return self.acks[envelope_id]
