"""Showing the customer's words while a model writes them, on whichever surface asked for it.

The coach words each customer move through its :class:`~bot.coach.collaborators.Voice` and
waits for the finished line. :class:`StreamingVoice` wraps that voice: when the task that is
handling a message has opened a :class:`StreamSink` (:func:`streaming_into`, a context
variable, so other tasks, turns and surfaces are untouched) and the voice can stream (a model
is configured), it words the line through ``Voice.stream``, pushes every chunk into the sink and
returns the finished line to the coach as usual. Everywhere else it is the wrapped voice.

The sink belongs to a surface: it knows how to show a speaker label and chunks there (Slack's
chat streams, Teams' streaming activities), and it never raises for trouble on its platform —
the coach still gets its line, and the surface sends it as an ordinary message.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol

from bot.coach.collaborators import Source, Voice, Wording
from bot.customer.errors import CustomerError
from bot.customer.model import Decision, Exchange
from bot.customer.scenario import load_scenario
from bot.identity import UserKey

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who speaks the streamed line: the scenario's customer (``name`` None when the scenario
    is unknown) in the session's language. Surfaces render the label their own way."""

    name: str | None
    lang: str


class StreamSink(Protocol):
    """Where one customer line is shown while it is written (implemented by the surfaces)."""

    @property
    def accepting(self) -> bool:
        """True while the sink can take a line (it takes one line per message handled)."""
        ...

    async def begin(self, speaker: Speaker) -> None:
        """Open the line, introduced by ``speaker``."""
        ...

    async def push(self, chunk: str) -> None:
        """Show ``chunk`` after what was shown so far."""
        ...

    def worded(self, text: str, *, corrected: bool) -> None:
        """The line is finished: ``text`` is what the coach stores; ``corrected`` means it
        differs from the chunks shown and should replace them where the surface can edit."""
        ...


class _Finished(Protocol):
    """What a voice's stream holds in ``result`` once exhausted (``bot.llm.voice.VoiceResult``)."""

    @property
    def text(self) -> str: ...

    @property
    def source(self) -> Source: ...

    @property
    def budget_notice(self) -> bool: ...


_SINK: ContextVar[StreamSink | None] = ContextVar("noblesse_stream_sink", default=None)


@contextlib.contextmanager
def streaming_into(sink: StreamSink | None) -> Iterator[None]:
    """Within this block (and the tasks it starts), customer lines worded by a
    :class:`StreamingVoice` are streamed into ``sink`` (None: not streamed)."""
    token = _SINK.set(sink)
    try:
        yield
    finally:
        _SINK.reset(token)


class StreamingVoice:
    """The coach's voice, streaming into the sink the current task opened, if any."""

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
        chunks = self.inner.stream(decision, user) if sink is not None and sink.accepting else None
        if sink is None or chunks is None:
            return await self.inner.word(decision, user, seller_text=seller_text, recent=recent)
        await sink.begin(speaker_of(decision))
        shown: list[str] = []
        try:
            async for chunk in chunks:
                shown.append(chunk)
                await sink.push(chunk)
        finally:
            close = getattr(chunks, "aclose", None)
            if close is not None:
                await close()
        result: _Finished | None = getattr(chunks, "result", None)
        if result is None:
            wording = Wording("".join(shown).strip(), "model")
            sink.worded(wording.text, corrected=False)
            return wording
        sink.worded(result.text, corrected=bool(getattr(chunks, "corrected", False)))
        return Wording(result.text, result.source, budget_notice=result.budget_notice)

    def stream(self, decision: Decision, user: UserKey) -> AsyncIterator[str] | None:
        return self.inner.stream(decision, user)

    def __getattr__(self, name: str) -> Any:
        # What else the coach may ask of its voice (``wants_history``, ``forget``) is the
        # wrapped voice's answer.
        if name == "inner":
            raise AttributeError(name)
        return getattr(self.inner, name)


def with_streaming(voice: Voice) -> StreamingVoice:
    """``voice`` able to stream into sinks (wrapped once, however often this is called)."""
    if isinstance(voice, StreamingVoice):
        return voice
    return StreamingVoice(voice)


def speaker_of(decision: Decision) -> Speaker:
    """The customer of the decision's scenario, in the session's language."""
    state = decision.state
    try:
        name: str | None = load_scenario(state.scenario_id).customer.name
    except CustomerError:
        name = None
    return Speaker(name, state.lang)
