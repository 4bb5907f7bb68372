"""Streaming the customer's words into a Slack thread while the model produces them.

:class:`CustomerStream` is Slack's :class:`~bot.coach.streaming.StreamSink`: when the task
handling a message has opened one (:func:`~bot.coach.streaming.streaming_into`) and the coach's
:class:`~bot.coach.streaming.StreamingVoice` can stream (a model is configured), the chunks go
to Slack as they arrive (``chat.startStream`` / ``appendStream`` / ``stopStream`` through
slack_sdk's ``AsyncChatStream``) and the finished line is returned to the coach as usual.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Final

from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_chat_stream import AsyncChatStream

from adapters.slack.blocks import Block
from adapters.slack.mrkdwn import escape
from bot.coach.streaming import Speaker, StreamingVoice

__all__ = ["BUFFER_CHARS", "CustomerStream", "OpenStream", "StreamingVoice"]

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

    @property
    def accepting(self) -> bool:
        """One line per stream: a second line in the same task is posted normally."""
        return not self.used

    async def begin(self, speaker: Speaker) -> None:
        if self.used:
            return
        try:
            self._stream = await self._open()
            name = escape(speaker.name or "…")
            await self._stream.append(markdown_text=f"**{name}:** ")
        except (SlackApiError, SlackClientError, OSError, TimeoutError) as exc:
            self._fail(exc)

    async def push(self, chunk: str) -> None:
        """Show a chunk (escaped: the model's words can never ping anyone)."""
        self.text += chunk
        if self._stream is None or self.failed or self._finished or not chunk:
            return
        try:
            await self._stream.append(markdown_text=escape(chunk))
        except (SlackApiError, SlackClientError, OSError, TimeoutError) as exc:
            self._fail(exc)

    def worded(self, text: str, *, corrected: bool) -> None:
        """The coach's line is final; ``corrected``: replace what was streamed with it."""
        self.corrected = corrected

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
