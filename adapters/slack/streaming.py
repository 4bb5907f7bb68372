"""Streaming the customer's words into a Slack thread while the model produces them.

The coach words each customer move through its ``Voice``. :class:`StreamingVoice` wraps that
voice: when the task handling a message has opened a :class:`CustomerStream` (see
:func:`streaming_into`) and the voice can stream (a model is configured), the chunks go to
Slack as they arrive (``chat.startStream`` / ``appendStream`` / ``stopStream`` through
slack_sdk's ``AsyncChatStream``) and the finished line is returned to the coach as usual. In
every other case it is the wrapped voice, unchanged.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextvars import ContextVar
from typing import Any, Final

from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_chat_stream import AsyncChatStream

from adapters.slack.blocks import Block
from adapters.slack.mrkdwn import escape
from bot.coach.collaborators import Voice, Wording
from bot.coach.model_backed import wording_of
from bot.customer.errors import CustomerError
from bot.customer.model import Decision
from bot.customer.scenario import load_scenario
from bot.identity import UserKey
from bot.llm.voice import Exchange, VoiceStream

logger = logging.getLogger(__name__)

BUFFER_CHARS: Final = 48
"""Characters gathered before each ``appendStream`` call: visible progress, few API calls."""

OpenStream = Callable[[], Awaitable[AsyncChatStream]]


class CustomerStream:
    """One streamed customer line in one thread; the Slack stream opens with the first chunk.

    Slack trouble while streaming never costs the turn: the stream is marked ``failed``, the
    rest of the line is still collected, and the caller posts the line as a normal message."""

    def __init__(self, open_stream: OpenStream) -> None:
        self._open = open_stream
        self._stream: AsyncChatStream | None = None
        self._finished = False
        self.failed = False
        self.text = ""
        self.corrected = False

    @property
    def used(self) -> bool:
        """A line was handed to this stream (streamed or, after a failure, only collected)."""
        return self._stream is not None or self.failed

    @property
    def shown(self) -> bool:
        """The line is on screen as a streamed message that can be finished."""
        return self._stream is not None and not self.failed

    @property
    def ts(self) -> str | None:
        return self._stream.ts if self._stream is not None else None

    async def begin(self, speaker: str) -> None:
        if self.used:
            return
        try:
            self._stream = await self._open()
            await self._stream.append(markdown_text=f"**{escape(speaker)}:** ")
        except (SlackApiError, SlackClientError, OSError, TimeoutError) as exc:
            self._fail(exc)

    async def write(self, chunk: str) -> None:
        """Show a chunk (escaped: the model's words can never ping anyone)."""
        self.text += chunk
        if self._stream is None or self.failed or self._finished or not chunk:
            return
        try:
            await self._stream.append(markdown_text=escape(chunk))
        except (SlackApiError, SlackClientError, OSError, TimeoutError) as exc:
            self._fail(exc)

    async def finish(self, blocks: Sequence[Block] = ()) -> str | None:
        """Close the stream, with ``blocks`` (badge, buttons) under the line. Returns its ts,
        or None when nothing usable is on screen."""
        if self._stream is None or self._finished:
            return None if self.failed else self.ts
        self._finished = True
        try:
            await self._stream.stop(blocks=list(blocks) or None)
        except (SlackApiError, SlackClientError, OSError, TimeoutError) as exc:
            self._fail(exc)
            return None
        return None if self.failed else self._stream.ts

    def _fail(self, exc: BaseException) -> None:
        logger.warning("streaming to Slack failed: %s", type(exc).__name__)
        self.failed = True


_SINK: ContextVar[CustomerStream | None] = ContextVar("noblesse_slack_stream", default=None)


@contextlib.contextmanager
def streaming_into(sink: CustomerStream | None) -> Iterator[CustomerStream | None]:
    """Within this block, customer lines worded in this task are streamed into ``sink``."""
    token = _SINK.set(sink)
    try:
        yield sink
    finally:
        _SINK.reset(token)


class StreamingVoice:
    """The coach's voice, streaming into Slack where the current task asked for it."""

    def __init__(self, inner: Voice) -> None:
        self.inner = inner

    async def word(
        self,
        decision: Decision,
        user: UserKey,
        *,
        seller_text: str | None = None,
        recent: Sequence[Exchange] | None = None,
    ) -> Wording:
        sink = _SINK.get()
        chunks = self.inner.stream(decision, user) if sink is not None and not sink.used else None
        if sink is None or chunks is None:
            return await self.inner.word(decision, user, seller_text=seller_text, recent=recent)
        await sink.begin(_speaker(decision))
        shown: list[str] = []
        async for chunk in chunks:
            shown.append(chunk)
            await sink.write(chunk)
        if isinstance(chunks, VoiceStream) and chunks.result is not None:
            sink.corrected = chunks.corrected
            return wording_of(chunks.result)
        return Wording("".join(shown).strip(), "model")

    def stream(self, decision: Decision, user: UserKey) -> AsyncIterator[str] | None:
        return self.inner.stream(decision, user)

    def __getattr__(self, name: str) -> Any:
        # What else the coach may ask of its voice (``wants_history``, ``forget``) is the
        # wrapped voice's answer.
        if name == "inner":
            raise AttributeError(name)
        return getattr(self.inner, name)


def _speaker(decision: Decision) -> str:
    try:
        return load_scenario(decision.state.scenario_id).customer.name
    except CustomerError:
        return "…"
