"""The customer's words streamed into a Teams personal chat while a language model writes them.

Teams' streaming protocol (personal chats only; group chats answer "Method Not Allowed"):

1. an *informative* ``typing`` activity with a ``streaminfo`` entity (``streamSequence`` 1);
   the connector's answer carries the id of the stream;
2. *streaming* ``typing`` activities, each with the whole text so far, the stream id and the
   next sequence number, at most about one a second;
3. a final ``message`` with the stream id and ``streamType: final``: it replaces what was shown.

The coach words the customer inside ``Coach.handle`` (``Voice.word``) and returns the finished
line. :class:`StreamingVoice` wraps the coach's voice: when the Teams turn that is running has
opened a :class:`TeamsStream` (:func:`streaming_into`, a context variable, so other surfaces
and other turns are untouched), it words the line through ``Voice.stream`` and pushes every
chunk into that stream; everywhere else it is the wrapped voice. The adapter then sends the
coach's :class:`~bot.coach.replies.CustomerLine` as the stream's final message.
"""

from __future__ import annotations

import contextlib
import logging
import math
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextvars import ContextVar
from typing import Final, Protocol

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ResourceResponse

from adapters.teams.rendering import mark_stream, stream_update
from bot.coach.collaborators import Source, Voice, Wording
from bot.coach.messages import say
from bot.customer.errors import CustomerError
from bot.customer.model import Decision, Exchange
from bot.customer.scenario import load_scenario
from bot.identity import UserKey

logger = logging.getLogger(__name__)

MIN_INTERVAL_S: Final = 1.0
"""Teams asks for no more than about one streaming update a second."""
MAX_INFORMATIVE_CHARS: Final = 1_000

_current: ContextVar[TeamsStream | None] = ContextVar("noblesse_teams_stream", default=None)


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

    async def begin(self, prefix: str = "") -> None:
        """Open the stream with the informative update (once); the streamed text starts with
        ``prefix`` (the speaker, as the final message shows it)."""
        if self.stream_id is not None or self.failed:
            return
        self.text = prefix
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


@contextlib.contextmanager
def streaming_into(stream: TeamsStream) -> Iterator[None]:
    """Within this block (and the tasks it starts), :class:`StreamingVoice` streams into
    ``stream``."""
    token = _current.set(stream)
    try:
        yield
    finally:
        _current.reset(token)


class _Finished(Protocol):
    text: str
    source: Source
    budget_notice: bool


class StreamingVoice:
    """The coach's voice, streaming into the current Teams turn's :class:`TeamsStream`."""

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
        stream = _current.get()
        chunks = self.inner.stream(decision, user) if stream is not None else None
        if stream is None or chunks is None:
            return await self.inner.word(decision, user, seller_text=seller_text, recent=recent)
        await stream.begin(_speaker_prefix(decision))
        shown: list[str] = []
        try:
            async for chunk in chunks:
                shown.append(chunk)
                await stream.push(chunk)
        finally:
            close = getattr(chunks, "aclose", None)
            if close is not None:
                await close()
        result: _Finished | None = getattr(chunks, "result", None)
        if result is not None:
            return Wording(result.text, result.source, budget_notice=result.budget_notice)
        return Wording("".join(shown).strip(), "model")

    def stream(self, decision: Decision, user: UserKey) -> AsyncIterator[str] | None:
        return self.inner.stream(decision, user)


def _speaker_prefix(decision: Decision) -> str:
    """ "Marleen Claes: ": how the final message introduces the customer's words."""
    state = decision.state
    try:
        name = load_scenario(state.scenario_id).customer.name
    except CustomerError:
        return ""
    return say(state.lang, "customer_says", name=name, line="")


def with_streaming(voice: Voice) -> Voice:
    """``voice`` able to stream into Teams turns (wrapped once, however often this is called)."""
    if isinstance(voice, StreamingVoice):
        return voice
    return StreamingVoice(voice)
