"""The customer's words streamed into a Teams personal chat while a language model writes them.

Teams' streaming protocol (personal chats only; group chats answer "Method Not Allowed"):

1. an *informative* ``typing`` activity with a ``streaminfo`` entity (``streamSequence`` 1);
   the connector's answer carries the id of the stream;
2. *streaming* ``typing`` activities, each with the whole text so far, the stream id and the
   next sequence number, at most about one a second;
3. a final ``message`` with the stream id and ``streamType: final``: it replaces what was shown.

The coach words the customer inside ``Coach.handle`` (``Voice.word``) and returns the finished
line. :class:`TeamsStream` is Teams' :class:`~bot.coach.streaming.StreamSink`: when the Teams
turn that is running has opened one (:func:`~bot.coach.streaming.streaming_into`), the coach's
:class:`~bot.coach.streaming.StreamingVoice` words the line through ``Voice.stream`` and
pushes every chunk into it. The adapter then sends the coach's
:class:`~bot.coach.replies.CustomerLine` as the stream's final message.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Awaitable, Callable
from typing import Final

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ResourceResponse

from adapters.teams.rendering import mark_stream, stream_update
from bot.coach.messages import say
from bot.coach.streaming import Speaker, StreamingVoice

__all__ = ["MAX_INFORMATIVE_CHARS", "MIN_INTERVAL_S", "StreamingVoice", "TeamsStream"]

logger = logging.getLogger(__name__)

MIN_INTERVAL_S: Final = 1.0
"""Teams asks for no more than about one streaming update a second."""
MAX_INFORMATIVE_CHARS: Final = 1_000


class TeamsStream:
    """One streamed message in the conversation of ``context``.

    Nothing is sent until :meth:`begin`. Any failed send (Teams refusing the stream, a
    connector error) switches streaming off for the rest of the turn; :meth:`finish` then sends
    the final message as an ordinary one, so the user always gets the line.
    """

    def __init__(
        self,
        context: TurnContext,
        *,
        informative: str,
        min_interval_s: float = MIN_INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
        on_begin: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.context = context
        self.informative = informative[:MAX_INFORMATIVE_CHARS]
        self.min_interval_s = min_interval_s
        self.clock = clock
        self.on_begin = on_begin
        self.stream_id: str | None = None
        self.sequence = 0
        self.text = ""
        self.failed = False
        self._sent_text = ""
        self._last_sent = -math.inf

    @property
    def streaming(self) -> bool:
        """True once the stream is open and nothing has failed."""
        return self.stream_id is not None and not self.failed

    @property
    def accepting(self) -> bool:
        """One line per turn: once the stream opened (or failed), others are sent plainly."""
        return self.stream_id is None and not self.failed

    async def begin(self, speaker: Speaker | None = None) -> None:
        """Open the stream with the informative update (once); the streamed text starts with
        the speaker (if any), as the final message introduces the customer's words."""
        if self.stream_id is not None or self.failed:
            return
        self.text = _prefix(speaker)
        if self.on_begin is not None:
            await self.on_begin()
        self.sequence += 1
        update = stream_update(self.informative, "informative", stream_id=None, sequence=1)
        response = await self._send(update)
        if response is None or not response.id:
            self.failed = True
            return
        self.stream_id = str(response.id)

    async def push(self, chunk: str) -> None:
        """Add ``chunk`` to the text; send an update unless one went out less than
        ``min_interval_s`` ago."""
        self.text += chunk
        if not self.streaming or self.text == self._sent_text:
            return
        now = self.clock()
        if now - self._last_sent < self.min_interval_s:
            return
        self.sequence += 1
        update = stream_update(
            self.text, "streaming", stream_id=self.stream_id, sequence=self.sequence
        )
        if await self._send(update) is None:
            self.failed = True
            return
        self._sent_text = self.text
        self._last_sent = now

    def worded(self, text: str, *, corrected: bool) -> None:
        """Nothing to do: the final message (the coach's line) replaces what was shown."""

    async def finish(self, final: Activity) -> None:
        """Send ``final`` as the stream's last message (an ordinary message when the stream
        never opened or failed)."""
        if self.streaming:
            mark_stream(final, "final", stream_id=self.stream_id)
        await self.context.send_activity(final)

    async def _send(self, activity: Activity) -> ResourceResponse | None:
        try:
            return await self.context.send_activity(activity)
        except Exception as exc:  # streaming is a nicety: the final message still goes out
            logger.warning("teams stream update refused, sending plainly: %s", type(exc).__name__)
            return None


def _prefix(speaker: Speaker | None) -> str:
    """ "Marleen Claes: ": how the final message introduces the customer's words."""
    if speaker is None or speaker.name is None:
        return ""
    return say(speaker.lang, "customer_says", name=speaker.name, line="")
