"""Bodies over 1 MB (the default ``NOBLESSE_MAX_BODY_BYTES``) are refused with 413 on every
route that takes one — ``/slack/events``, ``/api/messages``, the playground API — before the
body is read when its length is declared, and as soon as reading crosses the limit when it is
streamed; a body just under the limit is served as usual."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest
from slack.support import event_body, message_event
from teams import activities

from .fuzzing import MAX_ANSWER_S
from .logbook import LogBook
from .stack import JSON, PLAYGROUND, SLACK_EVENTS, TEAMS_MESSAGES, Stack, slack_headers

pytestmark = pytest.mark.timeout(60)

LIMIT = 1_000_000
OVER = 1_200_000
ROUTES = [
    pytest.param(SLACK_EVENTS, id="slack"),
    pytest.param(TEAMS_MESSAGES, id="teams"),
    pytest.param(PLAYGROUND + "feedback", id="playground-feedback"),
    pytest.param(PLAYGROUND + "turn", id="playground-turn"),
]


def _text_body(path: str, text: str, service_url: str) -> bytes:
    """A body the route understands, carrying ``text``."""
    if path == SLACK_EVENTS:
        event = message_event(text, channel="D0ALICE", channel_type="im")
        return json.dumps(event_body(event)).encode()
    if path == TEAMS_MESSAGES:
        return json.dumps(activities.message(service_url, text)).encode()
    return json.dumps({"text": text}).encode()


def _headers(path: str, body: bytes) -> dict[str, str]:
    if path == SLACK_EVENTS:
        return slack_headers(body, JSON)
    return {"Content-Type": JSON}


def _refused(stack: Stack, status: int, payload: bytes) -> None:
    assert status == 413, (status, payload[:200])
    error = json.loads(payload)["error"]
    assert error["code"] == "too_large" and error["message"]
    assert not stack.fake_slack.calls, "Slack work started for a refused body"
    assert not stack.connector.attempts, "the bot answered a refused body"


async def _raw_exchange(stack: Stack, head: bytes, body_part: bytes) -> tuple[int, bytes]:
    """Send a request head and only part of its body over a plain socket; read the answer."""
    server = stack.client.server
    reader, writer = await asyncio.open_connection(server.host, server.port)
    try:
        writer.write(head + body_part)
        await writer.drain()
        async with asyncio.timeout(MAX_ANSWER_S):
            status_line = await reader.readline()
            headers: dict[str, str] = {}
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                headers[name.strip().lower()] = value.strip()
            payload = await reader.readexactly(int(headers.get("content-length", "0")))
    finally:
        writer.close()
    return int(status_line.split()[1]), payload


@pytest.mark.parametrize("path", ROUTES)
async def test_a_declared_length_over_the_limit_is_refused_before_the_body_is_read(
    sqlite_stack: Stack, book: LogBook, path: str
) -> None:
    stack = sqlite_stack
    prefix = b'{"text": "' + b"x" * 60_000
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {stack.client.server.host}\r\n"
        f"Content-Type: {JSON}\r\nContent-Length: {OVER}\r\n"
        "X-Slack-Request-Timestamp: 1\r\nX-Slack-Signature: v0=0\r\n\r\n"
    ).encode()
    # Only 60 kB of the 1.2 MB are ever sent: the answer can only come if nobody waits for more.
    status, payload = await _raw_exchange(stack, head, prefix)
    _refused(stack, status, payload)
    await stack.alive()
    book.assert_clean()


@pytest.mark.parametrize("path", ROUTES)
async def test_a_body_over_the_limit_is_refused(
    sqlite_stack: Stack, book: LogBook, path: str
) -> None:
    stack = sqlite_stack
    body = _text_body(path, "y" * OVER, stack.connector.url)
    answer = await stack.request("POST", path, body, _headers(path, body))
    _refused(stack, answer.status, answer.body)
    assert answer.seconds < MAX_ANSWER_S
    await stack.alive()
    book.assert_clean()


async def _chunks(body: bytes, size: int = 64 * 1024) -> AsyncIterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


@pytest.mark.parametrize("path", ROUTES)
async def test_a_streamed_body_over_the_limit_is_refused(
    sqlite_stack: Stack, book: LogBook, path: str
) -> None:
    """No ``Content-Length`` (chunked transfer): refused once reading passes 1 MB."""
    stack = sqlite_stack
    body = _text_body(path, "z" * OVER, stack.connector.url)
    answer = await stack.request("POST", path, _chunks(body), _headers(path, body))  # type: ignore[arg-type]
    _refused(stack, answer.status, answer.body)
    await stack.alive()
    book.assert_clean()


@pytest.mark.parametrize("path", ROUTES)
async def test_a_body_just_under_the_limit_is_served(
    sqlite_stack: Stack, book: LogBook, path: str
) -> None:
    stack = sqlite_stack
    if path.endswith("turn"):
        started = await stack.playground("start", {"scenario": "price_squeeze", "seed": 5})
        assert started.status == 200, started
    padding = LIMIT - len(_text_body(path, "", stack.connector.url)) - 1_000
    # One question, then filler: what is analysed stays an ordinary message.
    text = "What matters most to you in this renewal? " + "x" * (padding - 42)
    body = _text_body(path, text, stack.connector.url)
    assert LIMIT - 2_000 < len(body) < LIMIT
    answer = await stack.request("POST", path, body, _headers(path, body))
    assert answer.status in {200, 201}, answer
    assert answer.seconds < MAX_ANSWER_S
    await stack.settle()
    if path == SLACK_EVENTS:
        assert stack.fake_slack.of("chat.postMessage"), "the DM got no answer"
    elif path == TEAMS_MESSAGES:
        assert stack.connector.messages(), "the chat got no answer"
    else:
        assert answer.json()["replies"]
    book.assert_clean()
