"""Counting what the coach does, for ``/metrics``, without touching the coach itself.

:class:`MeteredCoach` is a :class:`~bot.coach.coach.Coach` that counts its replies (turns,
drafts, role-plays started and ended) for every surface that holds it; the judge, voice and
usage-recorder wrappers count model answers, offline fallbacks and tokens.
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

from adapters.server.metrics import Metrics
from bot.coach.coach import Coach
from bot.coach.collaborators import Judge, Judgement, Voice, Wording
from bot.coach.replies import Feedback, FootingBadge, Reply, RoleplayStarted, Scorecard
from bot.coach.requests import Request
from bot.coach.tipping import TipPicker
from bot.customer.model import Decision
from bot.identity import UserKey
from bot.llm.usage import UsageRecord, UsageRecorder
from bot.store import Store


def observe_replies(metrics: Metrics, replies: Sequence[Reply]) -> None:
    """Count the turns, drafts and role-play starts and ends in one answer of the coach."""
    for reply in replies:
        match reply:
            case RoleplayStarted(lang=lang):
                metrics.sessions_started.inc(lang=lang)
            case FootingBadge(assessment=assessment):
                metrics.turns.inc(stance=assessment.stance)
            case Feedback(assessment=assessment, source=source):
                metrics.drafts.inc(stance=assessment.stance, source=source)
            case Scorecard(outcome=outcome):
                metrics.sessions_ended.inc(outcome=outcome)


class MeteredCoach(Coach):
    """The coach, counting what it answers. Surfaces hold it like any ``Coach``."""

    def __init__(
        self,
        store: Store,
        *,
        metrics: Metrics,
        judge: Judge | None = None,
        voice: Voice | None = None,
        tips: TipPicker | None = None,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(store, judge=judge, voice=voice, tips=tips, rng=rng)
        self.metrics = metrics

    async def handle(self, request: Request) -> list[Reply]:
        replies = await super().handle(request)
        observe_replies(self.metrics, replies)
        return replies


class MeteredJudge:
    """Counts the judge's offline answers as fallbacks when a model is configured."""

    def __init__(self, inner: Judge, metrics: Metrics, *, model_enabled: bool) -> None:
        self.inner = inner
        self.metrics = metrics
        self.model_enabled = model_enabled

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)  # anything else the coach asks of the real judge

    async def judge(self, text: str, lang: str | None, user: UserKey) -> Judgement:
        judgement = await self.inner.judge(text, lang, user)
        if self.model_enabled and judgement.source == "offline":
            self.metrics.model_fallbacks.inc(part="judge")
        return judgement


class MeteredVoice:
    """Counts who worded each customer line, and the offline fallbacks."""

    def __init__(self, inner: Voice, metrics: Metrics, *, model_enabled: bool) -> None:
        self.inner = inner
        self.metrics = metrics
        self.model_enabled = model_enabled

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)  # e.g. ``forget(user)``, which the coach calls

    async def word(self, decision: Decision, user: UserKey, **options: Any) -> Wording:
        wording = await self.inner.word(decision, user, **options)
        self.metrics.customer_lines.inc(source=wording.source)
        if self.model_enabled and wording.source == "offline":
            self.metrics.model_fallbacks.inc(part="voice")
        return wording

    def stream(
        self, decision: Decision, user: UserKey, **options: Any
    ) -> AsyncIterator[str] | None:
        chunks = self.inner.stream(decision, user, **options)
        return None if chunks is None else _CountedStream(chunks, self._count)

    def _count(self, wording: Any) -> None:
        source = getattr(wording, "source", "model")
        self.metrics.customer_lines.inc(source=source)
        if self.model_enabled and source == "offline":
            self.metrics.model_fallbacks.inc(part="voice")


class _CountedStream:
    """A streamed customer line, counted once it is finished (the stream's ``result``); every
    other attribute (``result``, ``corrected``, ``aclose`` …) is the stream's own."""

    def __init__(self, inner: AsyncIterator[str], count: Callable[[Any], None]) -> None:
        self._inner = inner
        self._count = count
        self._counted = False

    def __aiter__(self) -> _CountedStream:
        return self

    async def __anext__(self) -> str:
        try:
            return await self._inner.__anext__()
        except StopAsyncIteration:
            if not self._counted:
                self._counted = True
                self._count(getattr(self._inner, "result", None))
            raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class MeteredUsageRecorder:
    """Counts the gateway's tokens and call outcomes, then passes each record on."""

    def __init__(self, inner: UsageRecorder, metrics: Metrics) -> None:
        self.inner = inner
        self.metrics = metrics

    async def record(self, record: UsageRecord) -> None:
        self.metrics.model_calls.inc(outcome=str(record.outcome))
        self.metrics.model_tokens.inc(record.usage.prompt_tokens, kind="prompt")
        self.metrics.model_tokens.inc(record.usage.completion_tokens, kind="completion")
        await self.inner.record(record)
