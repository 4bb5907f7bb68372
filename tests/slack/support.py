"""The test harness: the Slack surface on an aiohttp test server, signed requests to it, and
hand-written Slack payloads (no recordings, no secrets)."""

from __future__ import annotations

import asyncio
import json
import random
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from typing import Any, Protocol
from urllib.parse import urlencode

from aiohttp import ClientResponse, web
from aiohttp.test_utils import TestClient, TestServer
from slack_sdk.signature import SignatureVerifier

from adapters.slack import create_surface
from adapters.slack.surface import SlackSurface
from bot.coach.coach import Coach
from bot.coach.collaborators import Judge, Judgement, Voice
from bot.footing import analyze
from bot.footing.model import Assessment
from bot.identity import UserKey
from bot.settings import Settings, SlackSettings
from bot.store import Store

from .fake_slack import FakeSlack

SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
TEAM = FakeSlack.TEAM
ALICE = "U0ALICE"
BOB = "U0BOB"
CHANNEL = "C0SALES"
ALICE_KEY = UserKey("slack", TEAM, ALICE)
BOB_KEY = UserKey("slack", TEAM, BOB)


def settings_for(fake: FakeSlack, **changes: Any) -> Settings:
    slack = SlackSettings(bot_token=BOT_TOKEN, signing_secret=SECRET, api_url=fake.api_url)
    return Settings(slack=replace(slack, **changes))


def signed_headers(
    body: bytes, *, secret: str = SECRET, timestamp: int | None = None
) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature}


class DatabaseLike(Protocol):
    """The root conftest's ``database`` fixture: a URL and, on PostgreSQL, a schema."""

    url: str
    schema: str | None


@dataclass
class Harness:
    """One Slack surface on a test server, with the fake Slack it talks to."""

    http: TestClient[web.Request, web.Application]
    surface: SlackSurface
    fake: FakeSlack
    store: Store

    async def post(
        self,
        body: bytes,
        content_type: str,
        *,
        headers: dict[str, str] | None = None,
        secret: str = SECRET,
        timestamp: int | None = None,
    ) -> ClientResponse:
        sent = {
            "Content-Type": content_type,
            **signed_headers(body, secret=secret, timestamp=timestamp),
        }
        sent.update(headers or {})
        return await self.http.post("/slack/events", data=body, headers=sent)

    async def command(
        self,
        text: str,
        *,
        user: str = ALICE,
        channel: str = CHANNEL,
        key: str = "r1",
        team: str = TEAM,
    ) -> ClientResponse:
        body = command_body(self.fake, text, user=user, channel=channel, key=key, team=team)
        return await self.post(body, FORM)

    async def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        retry: int | None = None,
        team: str = TEAM,
    ) -> ClientResponse:
        headers = {}
        if retry is not None:
            headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        body = json.dumps(event_body(event, event_id=event_id, team=team)).encode()
        return await self.post(body, "application/json", headers=headers)

    async def interact(self, payload: dict[str, Any]) -> ClientResponse:
        return await self.post(urlencode({"payload": json.dumps(payload)}).encode(), FORM)

    async def settle(self) -> None:
        assert await self.surface.drain(20.0), "background work did not finish"


FORM = "application/x-www-form-urlencoded"


def command_body(
    fake: FakeSlack,
    text: str,
    *,
    user: str = ALICE,
    channel: str = CHANNEL,
    key: str = "r1",
    team: str = TEAM,
) -> bytes:
    return urlencode(
        {
            "token": "legacy",
            "team_id": team,
            "team_domain": "acme",
            "channel_id": channel,
            "channel_name": "sales",
            "user_id": user,
            "user_name": "alice",
            "command": "/coach",
            "text": text,
            "api_app_id": "A0NOBLESSE",
            "response_url": fake.response_url(key),
            "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        }
    ).encode()


def event_body(
    event: dict[str, Any], *, event_id: str | None = None, team: str = TEAM
) -> dict[str, Any]:
    return {
        "token": "legacy",
        "team_id": team,
        "api_app_id": "A0NOBLESSE",
        "event": event,
        "type": "event_callback",
        "event_id": event_id or "Ev" + uuid.uuid4().hex[:10].upper(),
        "event_time": int(time.time()),
        "authorizations": [
            {
                "team_id": team,
                "user_id": FakeSlack.BOT_USER,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
    }


def message_event(
    text: str,
    *,
    user: str = ALICE,
    channel: str = CHANNEL,
    thread_ts: str | None = None,
    channel_type: str = "channel",
    ts: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "message",
        "user": user,
        "text": text,
        "channel": channel,
        "channel_type": channel_type,
        "ts": ts or f"{time.time():.6f}",
        "team": TEAM,
    }
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
    event.update(extra)
    return event


def block_action(
    action_id: str,
    value: str = "",
    *,
    user: str = ALICE,
    channel: str | None = CHANNEL,
    message: dict[str, Any] | None = None,
    view: dict[str, Any] | None = None,
    response_url: str | None = None,
    **action_fields: Any,
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "acme"},
        "user": {"id": user, "team_id": TEAM},
        "api_app_id": "A0NOBLESSE",
        "trigger_id": "trigger-" + uuid.uuid4().hex[:8],
        "actions": [
            {
                "action_id": action_id,
                "block_id": "b",
                "type": "button",
                "value": value,
                "action_ts": f"{time.time():.6f}",
                **action_fields,
            }
        ],
    }
    if view is not None:
        payload["container"] = {"type": "view", "view_id": view.get("id", "VHOME")}
        payload["view"] = view
    else:
        payload["container"] = {
            "type": "message",
            "message_ts": (message or {}).get("ts", "1700000000.000001"),
            "channel_id": channel,
            "is_ephemeral": message is None,
        }
    if channel is not None and view is None:
        payload["channel"] = {"id": channel, "name": "sales"}
    if message is not None:
        payload["message"] = message
    if response_url is not None:
        payload["response_url"] = response_url
    return payload


# --- collaborators that take their time ------------------------------------------------------


class SlowJudge:
    """The offline analysis, after ``delay`` seconds: a model that takes its time."""

    def __init__(self, delay: float, assessment: Callable[[str], Assessment] | None = None) -> None:
        self.delay = delay
        self.assessment = assessment
        self.calls = 0

    async def judge(self, text: str, lang: str | None, user: UserKey) -> Judgement:
        self.calls += 1
        await asyncio.sleep(self.delay)
        found = self.assessment(text) if self.assessment is not None else analyze(text, lang)
        return Judgement(found, "model")


def build_coach(store: Store, *, judge: Judge | None = None, voice: Voice | None = None) -> Coach:
    return Coach(store, judge=judge, voice=voice, rng=random.Random(7))


@asynccontextmanager
async def running_surface(
    fake: FakeSlack, store: Store, *, coach: Coach | None = None, **changes: Any
) -> AsyncIterator[Harness]:
    """The surface for ``settings_for(fake, **changes)`` mounted on a test server, started."""
    settings = settings_for(fake, **changes)
    surface = create_surface(settings, coach or build_coach(store), store)
    assert surface is not None
    app = web.Application()
    surface.mount(app)
    http: TestClient[web.Request, web.Application] = TestClient(TestServer(app))
    await http.start_server()
    await surface.startup()
    fake.calls.clear()  # the start-up auth.test is no request's work
    try:
        yield Harness(http, surface, fake, store)
    finally:
        await surface.shutdown()
        await http.close()
