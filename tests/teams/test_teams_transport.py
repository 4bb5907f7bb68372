"""The connector client on aiohttp: tokens, retries and errors, against a local server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import requests
from aiohttp import web
from aiohttp.test_utils import TestServer
from botbuilder.schema import Activity, ChannelAccount, ConversationAccount, ErrorResponseException
from botframework.connector.auth import MicrosoftAppCredentials
from msrest.authentication import Authentication

from adapters.teams.proactive import status_of
from adapters.teams.transport import HttpSessions, aiohttp_connector_client

pytestmark = pytest.mark.timeout(20)


class Script:
    """Answers in order; every request is recorded with its Authorization header."""

    def __init__(self, *answers: tuple[int, dict[str, str]]) -> None:
        self.answers = list(answers)
        self.seen: list[tuple[str, str | None, dict[str, Any]]] = []

    async def handle(self, request: web.Request) -> web.Response:
        self.seen.append((request.path, request.headers.get("Authorization"), await request.json()))
        status, headers = self.answers.pop(0) if self.answers else (200, {})
        body = {"id": "r1"} if status < 400 else {"error": {"code": "X", "message": "no"}}
        return web.json_response(body, status=status, headers=headers)


@pytest.fixture
async def server() -> AsyncIterator[tuple[TestServer, Script]]:
    script = Script()
    app = web.Application()
    app.router.add_post("/v3/conversations/{conversation}/activities/{activity}", script.handle)
    test_server = TestServer(app, host="127.0.0.1")
    await test_server.start_server()
    try:
        yield test_server, script
    finally:
        await test_server.close()


class Rotating(Authentication):
    """Credentials whose token changes each time they are asked."""

    def __init__(self) -> None:
        self.asked = 0

    def signed_session(self, session: requests.Session | None = None) -> requests.Session:
        session = session or requests.Session()
        self.asked += 1
        session.headers["Authorization"] = f"Bearer token-{self.asked}"
        return session


def reply() -> Activity:
    return Activity(
        type="message",
        text="Hello",
        conversation=ConversationAccount(id="a:1"),
        from_property=ChannelAccount(id="bot"),
        recipient=ChannelAccount(id="user"),
    )


async def test_replies_carry_a_token_that_is_kept_between_calls(
    server: tuple[TestServer, Script],
) -> None:
    test_server, script = server
    credentials = Rotating()
    sessions = HttpSessions()
    client = aiohttp_connector_client(credentials, str(test_server.make_url("/")), sessions)
    try:
        first = await client.conversations.reply_to_activity("a:1", "m1", reply())
        await client.conversations.reply_to_activity("a:1", "m2", reply())
    finally:
        await sessions.close()

    assert first.id == "r1"
    assert [seen[1] for seen in script.seen] == ["Bearer token-1", "Bearer token-1"]
    assert credentials.asked == 1
    assert script.seen[0][0] == "/v3/conversations/a:1/activities/m1"
    assert script.seen[0][2]["text"] == "Hello"


async def test_a_refused_token_is_renewed_once(server: tuple[TestServer, Script]) -> None:
    test_server, script = server
    script.answers = [(401, {}), (200, {})]
    sessions = HttpSessions()
    client = aiohttp_connector_client(Rotating(), str(test_server.make_url("/")), sessions)
    try:
        await client.conversations.reply_to_activity("a:1", "m1", reply())
    finally:
        await sessions.close()

    assert [seen[1] for seen in script.seen] == ["Bearer token-1", "Bearer token-2"]


async def test_throttling_is_retried_once_after_retry_after(
    server: tuple[TestServer, Script],
) -> None:
    test_server, script = server
    script.answers = [(429, {"Retry-After": "0"}), (200, {})]
    sessions = HttpSessions()
    client = aiohttp_connector_client(Rotating(), str(test_server.make_url("/")), sessions)
    try:
        answer = await client.conversations.reply_to_activity("a:1", "m1", reply())
    finally:
        await sessions.close()

    assert answer.id == "r1" and len(script.seen) == 2


async def test_errors_are_the_sdks_with_the_status(server: tuple[TestServer, Script]) -> None:
    test_server, script = server
    script.answers = [(403, {})]
    sessions = HttpSessions()
    client = aiohttp_connector_client(Rotating(), str(test_server.make_url("/")), sessions)
    try:
        with pytest.raises(ErrorResponseException) as raised:
            await client.conversations.reply_to_activity("a:1", "m1", reply())
    finally:
        await sessions.close()

    assert status_of(raised.value) == 403
    assert raised.value.error.error.code == "X"


async def test_without_an_app_id_no_token_is_sent(server: tuple[TestServer, Script]) -> None:
    test_server, script = server
    sessions = HttpSessions()
    client = aiohttp_connector_client(
        MicrosoftAppCredentials.empty(), str(test_server.make_url("/")), sessions
    )
    try:
        await client.conversations.reply_to_activity("a:1", "m1", reply())
    finally:
        await sessions.close()

    assert script.seen[0][1] is None
