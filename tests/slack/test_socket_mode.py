"""Socket Mode against a local WebSocket server: ``apps.connections.open`` gives its URL, the
server says hello and sends envelopes, and the app acknowledges each by its envelope id."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator

import pytest

from adapters.slack import create_surface
from adapters.slack.surface import SlackSurface
from bot.store import Store

from .fake_slack import FakeSlack
from .support import ALICE, CHANNEL, TEAM, build_coach, event_body, message_event, settings_for

pytestmark = pytest.mark.timeout(30)

APP_TOKEN = "xapp-1-test"


@pytest.fixture
async def socket_surface(fake: FakeSlack, store: Store) -> AsyncIterator[SlackSurface]:
    settings = settings_for(fake, signing_secret="", app_token=APP_TOKEN)
    surface = create_surface(settings, build_coach(store), store)
    assert surface is not None and surface.socket_mode and not surface.http_enabled
    await surface.startup()
    try:
        await asyncio.wait_for(fake.socket_connected.wait(), 5)
        yield surface
    finally:
        await surface.shutdown()


def _command(fake: FakeSlack, text: str) -> dict[str, str]:
    return {
        "team_id": TEAM,
        "channel_id": CHANNEL,
        "user_id": ALICE,
        "command": "/coach",
        "text": text,
        "response_url": fake.response_url("sock"),
        "trigger_id": "t-sock",
        "api_app_id": "A0NOBLESSE",
    }


async def test_socket_mode_connects_with_the_app_token(
    fake: FakeSlack, socket_surface: SlackSurface
) -> None:
    [opened] = fake.of("apps.connections.open")
    assert opened.token == APP_TOKEN


async def test_a_slash_command_is_acknowledged_by_envelope_id(
    fake: FakeSlack, socket_surface: SlackSurface
) -> None:
    started = time.monotonic()
    envelope_id = await fake.send_envelope("slash_commands", _command(fake, "help"))
    ack = await fake.ack(envelope_id)
    assert ack["envelope_id"] == envelope_id
    assert time.monotonic() - started < 1.0
    await socket_surface.drain(10)
    [reply] = fake.of("respond")
    assert reply.args["key"] == "sock" and "roleplay [scenario]" in json.dumps(reply.args)


async def test_events_and_their_retries_over_the_socket(
    fake: FakeSlack, socket_surface: SlackSurface
) -> None:
    event = message_event("tip", channel="D0ALICE", channel_type="im", ts="1700001000.000100")
    body = event_body(event, event_id="Ev0SOCKET")
    first = await fake.send_envelope("events_api", body)
    again = await fake.send_envelope("events_api", body, retry=1)
    await fake.ack(first)
    await fake.ack(again)
    await socket_surface.drain(10)
    [tip] = fake.of("chat.postMessage")
    assert tip.args["channel"] == "D0ALICE"


async def test_interactivity_over_the_socket(fake: FakeSlack, socket_surface: SlackSurface) -> None:
    payload = {
        "type": "shortcut",
        "callback_id": "check_draft",
        "trigger_id": "t-socket-shortcut",
        "team": {"id": TEAM},
        "user": {"id": ALICE},
    }
    envelope_id = await fake.send_envelope("interactive", payload)
    await fake.ack(envelope_id)
    await socket_surface.drain(10)
    [opened] = fake.of("views.open")
    assert opened.args["trigger_id"] == "t-socket-shortcut"


async def test_shutdown_closes_the_socket(fake: FakeSlack, store: Store) -> None:
    settings = settings_for(fake, signing_secret="", app_token=APP_TOKEN)
    surface = create_surface(settings, build_coach(store), store)
    assert surface is not None
    await surface.startup()
    assert len(fake.sockets) == 1
    await surface.shutdown()
    await fake.wait_for(lambda _: not fake.sockets, timeout=5)
