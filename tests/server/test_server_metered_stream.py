"""Streamed customer lines are counted in /metrics like worded ones, once they are finished."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from adapters.server.metering import MeteredVoice
from adapters.server.metrics import Metrics
from bot.coach.collaborators import Wording


class _Stream:
    def __init__(self, source: str) -> None:
        self._chunks = ["Fine, ", "let's talk."]
        self.result = Wording("Fine, let's talk.", source)  # type: ignore[arg-type]
        self.corrected = False

    def __aiter__(self) -> _Stream:
        return self

    async def __anext__(self) -> str:
        if self._chunks:
            return self._chunks.pop(0)
        raise StopAsyncIteration


class _Voice:
    def __init__(self, source: str) -> None:
        self.source = source

    async def word(self, decision: Any, user: Any, **options: Any) -> Wording:
        raise AssertionError("the streamed path must not word the line twice")

    def stream(self, decision: Any, user: Any, **options: Any) -> AsyncIterator[str] | None:
        return _Stream(self.source)


async def test_a_streamed_line_is_counted_once_when_it_is_finished() -> None:
    metrics = Metrics()
    voice = MeteredVoice(_Voice("model"), metrics, model_enabled=True)  # type: ignore[arg-type]
    stream = voice.stream(None, None)  # type: ignore[arg-type]
    assert stream is not None
    chunks = [chunk async for chunk in stream]
    assert "".join(chunks) == "Fine, let's talk."
    assert metrics.customer_lines.value(source="model") == 1
    assert stream.corrected is False  # the stream's own attributes stay visible
    async for _ in stream:  # exhausted: iterating again counts nothing more
        pass
    assert metrics.customer_lines.value(source="model") == 1


async def test_an_offline_fallback_in_a_stream_counts_as_a_fallback() -> None:
    metrics = Metrics()
    voice = MeteredVoice(_Voice("offline"), metrics, model_enabled=True)  # type: ignore[arg-type]
    stream = voice.stream(None, None)  # type: ignore[arg-type]
    assert stream is not None
    [chunk async for chunk in stream]
    assert metrics.customer_lines.value(source="offline") == 1
    assert metrics.model_fallbacks.value(part="voice") == 1
