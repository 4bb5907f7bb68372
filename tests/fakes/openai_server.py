"""A fake OpenAI-compatible Chat Completions server on 127.0.0.1, scripted by the test.

It answers ``POST /v1/chat/completions`` (OpenAI and compatible servers) and Azure's
``POST /openai/deployments/{deployment}/chat/completions?api-version=...`` with the real wire
format: a JSON ``chat.completion`` with ``usage``, or, when the request asks for ``stream``,
server-sent events ``data: {chat.completion.chunk}`` ending with ``data: [DONE]`` (plus a usage
chunk when ``stream_options.include_usage`` is set).

Tests queue steps, consumed one per request, in order::

    fake.queue(Status(429, retry_after="1"), Reply('{"verdict": "balanced", ...}'))

Steps: :class:`Reply` (an answer, streamed or not as the request asks), :class:`Status` (an
error status with an OpenAI error body and optional ``Retry-After``), :class:`Stall` (sleep past
the client's timeout), :class:`Malformed` (a 200 whose body is not valid JSON), :class:`Cut`
(send part of the answer, then drop the connection). Every request is recorded in
``fake.requests`` so that tests can assert on the model, messages, temperature,
``response_format`` and ``api-version`` the client really sent. A request that finds the script
empty is answered with 500 and counted in ``fake.unexpected``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections import deque
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from aiohttp import web


@dataclass(frozen=True, slots=True)
class Reply:
    """A successful answer. ``chunks`` says how a streamed answer is split (default: by words)."""

    content: str
    chunks: tuple[str, ...] | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    finish_reason: str = "stop"
    refusal: str | None = None
    include_usage: bool = True


@dataclass(frozen=True, slots=True)
class Status:
    """An HTTP error in OpenAI's error format, e.g. 429 with ``Retry-After`` or a 500."""

    status: int
    retry_after: str | None = None
    retry_after_ms: str | None = None
    message: str = "scripted failure"


@dataclass(frozen=True, slots=True)
class Stall:
    """Wait ``seconds`` (or until the server closes) before answering with ``then``."""

    seconds: float
    then: Reply = field(default_factory=lambda: Reply("too late"))


@dataclass(frozen=True, slots=True)
class Malformed:
    """A 200 response whose JSON body is cut off."""

    body: str = '{"id": "chatcmpl-broken", "object": "chat.completion", "choices": [{"ind'


@dataclass(frozen=True, slots=True)
class Cut:
    """Send these chunks (as SSE deltas, or as raw body bytes for a plain request), then drop
    the connection without finishing the response."""

    chunks: tuple[str, ...]


Step = Reply | Status | Stall | Malformed | Cut


@dataclass(frozen=True, slots=True)
class ReceivedRequest:
    """One request as the fake received it."""

    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: dict[str, Any]
    deployment: str | None

    @property
    def model(self) -> str | None:
        value = self.body.get("model")
        return value if isinstance(value, str) else None

    @property
    def messages(self) -> list[dict[str, Any]]:
        value = self.body.get("messages")
        return value if isinstance(value, list) else []

    @property
    def temperature(self) -> float | None:
        value = self.body.get("temperature")
        return float(value) if isinstance(value, int | float) else None

    @property
    def response_format(self) -> dict[str, Any] | None:
        value = self.body.get("response_format")
        return value if isinstance(value, dict) else None

    @property
    def stream(self) -> bool:
        return self.body.get("stream") is True

    @property
    def api_version(self) -> str | None:
        return self.query.get("api-version")

    def content_of(self, role: str) -> str:
        """The text of the first message with this role ("" if there is none)."""
        for message in self.messages:
            if message.get("role") == role:
                content = message.get("content")
                return content if isinstance(content, str) else ""
        return ""


def _approximate_tokens(text: str) -> int:
    return max(1, len(text) // 4)


def _words(text: str) -> tuple[str, ...]:
    """Split text into word-sized chunks that concatenate back to exactly ``text``."""
    pieces: list[str] = []
    current = ""
    for char in text:
        current += char
        if char == " ":
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    return tuple(pieces) or ("",)


class FakeOpenAI:
    """The fake server. Use as ``async with FakeOpenAI() as fake:`` or ``start()``/``close()``."""

    def __init__(self, *, model_name: str = "fake-model-2026") -> None:
        self.model_name = model_name
        self.requests: list[ReceivedRequest] = []
        self.unexpected = 0
        self._script: deque[Step] = deque()
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._port = 0
        self._counter = 0

    # -- scripting ---------------------------------------------------------------------------

    def queue(self, *steps: Step) -> None:
        self._script.extend(steps)

    def queue_json(self, data: Any, **reply_options: Any) -> None:
        """Queue a structured-output answer: the JSON text of ``data`` as the message content."""
        self._script.append(Reply(json.dumps(data, ensure_ascii=False), **reply_options))

    @property
    def pending(self) -> int:
        """Steps queued but not yet consumed."""
        return len(self._script)

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` (the Azure endpoint form)."""
        return f"http://127.0.0.1:{self._port}"

    @property
    def openai_url(self) -> str:
        """``http://127.0.0.1:PORT/v1`` (the ``base_url`` form of OpenAI-compatible servers)."""
        return f"{self.base_url}/v1"

    async def start(self) -> FakeOpenAI:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._handle)
        app.router.add_post("/openai/deployments/{deployment}/chat/completions", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        address = self._runner.addresses[0]
        self._port = int(address[1])
        return self

    async def close(self) -> None:
        self._closing.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeOpenAI:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # -- protocol ----------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        raw = await request.read()
        try:
            body = json.loads(raw)
        except ValueError:
            return self._error(400, "request body is not JSON")
        if not isinstance(body, dict):
            return self._error(400, "request body is not a JSON object")
        received = ReceivedRequest(
            path=request.path,
            query=dict(request.query),
            headers=dict(request.headers),
            body=body,
            deployment=request.match_info.get("deployment"),
        )
        self.requests.append(received)
        if not self._script:
            self.unexpected += 1
            return self._error(500, "the fake server has nothing scripted for this request")
        step = self._script.popleft()
        if isinstance(step, Stall):
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), step.seconds)
            step_after: Step = step.then
        else:
            step_after = step
        try:
            return await self._answer(request, received, step_after)
        except ConnectionResetError:
            # The client gave up (e.g. it timed out during a stall): nobody is listening.
            return web.Response(status=499)

    async def _answer(
        self, request: web.Request, received: ReceivedRequest, step: Step
    ) -> web.StreamResponse:
        if isinstance(step, Status):
            headers: dict[str, str] = {}
            if step.retry_after is not None:
                headers["Retry-After"] = step.retry_after
            if step.retry_after_ms is not None:
                headers["retry-after-ms"] = step.retry_after_ms
            return self._error(step.status, step.message, headers=headers)
        if isinstance(step, Malformed):
            return web.Response(status=200, text=step.body, content_type="application/json")
        if isinstance(step, Cut):
            return await self._cut(request, received, step)
        if isinstance(step, Reply):
            if received.stream:
                return await self._stream(request, received, step)
            return web.json_response(self._completion(received, step))
        raise TypeError(f"unknown step {step!r}")

    def _next_id(self) -> str:
        self._counter += 1
        return f"chatcmpl-fake{self._counter}"

    def _usage(self, received: ReceivedRequest, reply: Reply) -> dict[str, int]:
        prompt_text = "".join(
            str(message.get("content", "")) for message in received.messages if message
        )
        prompt = reply.prompt_tokens
        if prompt is None:
            prompt = _approximate_tokens(prompt_text)
        completion = reply.completion_tokens
        if completion is None:
            completion = _approximate_tokens(reply.content)
        return {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        }

    def _completion(self, received: ReceivedRequest, reply: Reply) -> dict[str, Any]:
        message: dict[str, Any] = {
            "role": "assistant",
            "content": None if reply.refusal is not None else reply.content,
            "refusal": reply.refusal,
        }
        data: dict[str, Any] = {
            "id": self._next_id(),
            "object": "chat.completion",
            "created": int(time.time()),
            "model": self.model_name,
            "choices": [
                {
                    "index": 0,
                    "message": message,
                    "logprobs": None,
                    "finish_reason": reply.finish_reason,
                }
            ],
        }
        if reply.include_usage:
            data["usage"] = self._usage(received, reply)
        return data

    def _chunk(
        self, completion_id: str, delta: dict[str, Any], finish_reason: str | None
    ) -> dict[str, Any]:
        return {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": self.model_name,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
        }

    @staticmethod
    def _event(data: dict[str, Any] | str) -> bytes:
        text = data if isinstance(data, str) else json.dumps(data)
        return f"data: {text}\n\n".encode()

    async def _open_sse(self, request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(
            status=200, headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        )
        await response.prepare(request)
        return response

    async def _stream(
        self, request: web.Request, received: ReceivedRequest, reply: Reply
    ) -> web.StreamResponse:
        response = await self._open_sse(request)
        completion_id = self._next_id()
        await response.write(
            self._event(self._chunk(completion_id, {"role": "assistant", "content": ""}, None))
        )
        for piece in reply.chunks if reply.chunks is not None else _words(reply.content):
            await response.write(self._event(self._chunk(completion_id, {"content": piece}, None)))
        await response.write(self._event(self._chunk(completion_id, {}, reply.finish_reason)))
        options = received.body.get("stream_options")
        if reply.include_usage and isinstance(options, dict) and options.get("include_usage"):
            usage_chunk = self._chunk(completion_id, {}, None)
            usage_chunk["choices"] = []
            usage_chunk["usage"] = self._usage(received, reply)
            await response.write(self._event(usage_chunk))
        await response.write(self._event("[DONE]"))
        await response.write_eof()
        return response

    async def _cut(
        self, request: web.Request, received: ReceivedRequest, cut: Cut
    ) -> web.StreamResponse:
        if received.stream:
            response = await self._open_sse(request)
            completion_id = self._next_id()
            await response.write(
                self._event(self._chunk(completion_id, {"role": "assistant", "content": ""}, None))
            )
            for piece in cut.chunks:
                await response.write(
                    self._event(self._chunk(completion_id, {"content": piece}, None))
                )
        else:
            partial = "".join(cut.chunks).encode()
            response = web.StreamResponse(status=200)
            response.content_type = "application/json"
            response.content_length = len(partial) + 1000
            await response.prepare(request)
            await response.write(partial)
        # Give the client a moment to read what was sent, then drop the connection.
        await asyncio.sleep(0.02)
        transport = request.transport
        if transport is not None:
            transport.abort()
        return response

    @staticmethod
    def _error(status: int, message: str, *, headers: dict[str, str] | None = None) -> web.Response:
        kind = "rate_limit_exceeded" if status == 429 else "server_error"
        body = {"error": {"message": message, "type": kind, "param": None, "code": kind}}
        return web.json_response(body, status=status, headers=headers)
