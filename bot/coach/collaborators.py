"""What the coach delegates: judging a message's footing and wording the customer's move.

Offline implementations are the defaults; the language-model gateway provides richer ones
(``bot.llm``) with the same interface, falling back to these when the model fails.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from bot.customer import engine
from bot.customer.model import Decision, Exchange
from bot.footing import analyze
from bot.footing.model import Assessment
from bot.identity import UserKey

Source = Literal["offline", "model"]


@dataclass(frozen=True, slots=True)
class Judgement:
    assessment: Assessment
    source: Source
    budget_notice: bool = False  # the model's budget ran out just now: tell the user once


class Judge(Protocol):
    async def judge(self, text: str, lang: str | None, user: UserKey) -> Judgement: ...


@dataclass(frozen=True, slots=True)
class Wording:
    text: str
    source: Source
    budget_notice: bool = False


class Voice(Protocol):
    async def word(
        self,
        decision: Decision,
        user: UserKey,
        *,
        seller_text: str | None = None,
        recent: Sequence[Exchange] | None = None,
    ) -> Wording:
        """The customer's words for ``decision``; ``seller_text`` is the salesperson's message
        it answers and ``recent`` the last few exchanges before it."""
        ...

    def stream(self, decision: Decision, user: UserKey) -> AsyncIterator[str] | None:
        """Chunks of the customer's words as a model produces them, or None (no streaming)."""
        ...


class OfflineJudge:
    """The deterministic footing analyser."""

    async def judge(self, text: str, lang: str | None, user: UserKey) -> Judgement:
        return Judgement(analyze(text, lang), "offline")


class OfflineVoice:
    """The engine's own lines: varied, in the session's language, deterministic per seed."""

    wants_history = False  # the engine's lines need no transcript

    async def word(
        self,
        decision: Decision,
        user: UserKey,
        *,
        seller_text: str | None = None,
        recent: Sequence[Exchange] | None = None,
    ) -> Wording:
        return Wording(engine.word(decision.move, decision.state), "offline")

    def stream(self, decision: Decision, user: UserKey) -> AsyncIterator[str] | None:
        return None
