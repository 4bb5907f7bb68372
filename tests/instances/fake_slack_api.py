"""A fake Slack Web API that several server processes share, counting what they ask of it.

It runs in a thread with its own event loop, so that it serves the servers' background work
(daily tips, replies after an acknowledgement) between tests and across pytest-asyncio's
per-test loops. Each call is recorded with its method, arguments and bot token; the token tells
which server made it when the servers are given different tokens.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

TEAM = "T0INSTANCES"
BOT_USER = "U0NOBLESSE"


@dataclass(frozen=True)
class ApiCall:
    method: str
    args: dict[str, Any]
    token: str | None
    at: float = field(default_factory=time.monotonic)


def dm_channel(user_id: str) -> str:
    """The DM channel the fake opens with a user (``conversations.open``)."""
    return f"D{user_id}"


def _decoded(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class FakeSlackApi:
    """``with FakeSlackApi() as slack:`` — point ``SLACK_API_URL`` at ``slack.api_url``."""

    def __init__(self) -> None:
        self._calls: list[ApiCall] = []
        self._guard = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fake-slack-api")
        self._runner: web.AppRunner | None = None
        self._ts = 0
        self.port = 0

    # --- lifecycle ----------------------------------------------------------------------------

    def __enter__(self) -> FakeSlackApi:
        self._thread.start()
        self.port = asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    async def _start(self) -> int:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        return int(self._runner.addresses[0][1])

    async def _stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    # --- inspection ---------------------------------------------------------------------------

    def calls(self, method: str | None = None, *, channel: str | None = None) -> list[ApiCall]:
        with self._guard:
            found = list(self._calls)
        if method is not None:
            found = [call for call in found if call.method == method]
        if channel is not None:
            found = [call for call in found if call.args.get("channel") == channel]
        return found

    def posts(self, channel: str) -> list[ApiCall]:
        """``chat.postMessage`` calls into ``channel``."""
        return self.calls("chat.postMessage", channel=channel)

    async def wait_for(self, condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while not condition():
            if loop.time() > deadline:
                raise AssertionError(f"the fake Slack did not see that within {timeout_s:.0f} s")
            await asyncio.sleep(0.05)

    async def settle(self, quiet_s: float = 1.0, timeout_s: float = 15.0) -> None:
        """Wait until no call has arrived for ``quiet_s`` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while True:
            last = max((call.at for call in self.calls()), default=0.0)
            if time.monotonic() - last >= quiet_s:
                return
            if loop.time() > deadline:
                raise AssertionError(f"the fake Slack never went quiet for {quiet_s} s")
            await asyncio.sleep(0.05)

    # --- the Web API --------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args: dict[str, Any] = dict(request.query)
        raw = await request.read()
        if raw and request.content_type == "application/json":
            args.update(json.loads(raw))
        elif raw:
            args.update(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
        args = {key: _decoded(value) for key, value in args.items()}
        token = args.pop("token", None)
        authorization = request.headers.get("Authorization", "")
        if authorization.startswith("Bearer "):
            token = authorization.removeprefix("Bearer ")
        with self._guard:
            self._calls.append(ApiCall(method, args, token))
            self._ts += 1
            ts = f"1700000000.{self._ts:06d}"
        return web.json_response(self._answer(method, args, ts))

    @staticmethod
    def _answer(method: str, args: dict[str, Any], ts: str) -> dict[str, Any]:
        match method:
            case "auth.test":
                return {
                    "ok": True,
                    "url": "https://instances.slack.com/",
                    "team": "Instances",
                    "team_id": TEAM,
                    "user": "noblesse",
                    "user_id": BOT_USER,
                    "bot_id": "B0NOBLESSE",
                }
            case "users.info":
                user = str(args.get("user", ""))
                return {
                    "ok": True,
                    "user": {
                        "id": user,
                        "is_bot": False,
                        "tz": "Europe/Brussels",
                        "locale": "en-US",
                    },
                }
            case "conversations.open":
                return {"ok": True, "channel": {"id": dm_channel(str(args.get("users", "")))}}
            case "chat.postMessage":
                return {"ok": True, "channel": args.get("channel"), "ts": ts}
            case "chat.update":
                return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts")}
        return {"ok": True}
