"""The coach's collaborators backed by the language-model gateway, and how they are wired.

* :class:`ModelJudge` — the offline footing analysis, then the model's second opinion
  (:func:`bot.llm.judge.judge`); a fallback is reported as ``source="offline"``; disagreements
  between the two are handed to an optional :class:`DisagreementLog` (the store).
* :class:`ModelVoice` — the customer engine decides, the model words the move
  (:mod:`bot.llm.voice`); on any model trouble the engine's own line is used.
* :class:`StoreUsage` — the gateway's ``UsageRecorder`` and ``BudgetLedger`` on the store.
* :func:`build_collaborators` — the judge, the voice and the gateway for the settings; the
  offline pair (and no gateway) when no model is configured.

**What the voice knows of the conversation.** The coach's ``Voice.word(decision, user)``
carries only the engine's decision. The salesperson's new message and the last few exchanges
reach the voice through a :class:`TurnContext` shared by the judge and the voice that
:func:`build_collaborators` makes: the judge notes each message it judges (in a context
variable, so it stays inside the task that handles the request — the coach judges and then
words within one task), and the voice remembers, per session and in memory, the last
:data:`~bot.llm.voice.RECENT_TURNS` exchanges it worded. After a restart that memory is empty
and the prompt relies on the rolling summary, which is built from the saved state. Callers that
know more can pass ``seller_text`` and ``recent`` to :meth:`ModelVoice.word` directly.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Sequence
from contextvars import ContextVar
from datetime import date
from itertools import count
from typing import Protocol

from bot.coach.collaborators import (
    Judge,
    Judgement,
    OfflineJudge,
    OfflineVoice,
    Source,
    Voice,
    Wording,
)
from bot.customer import engine
from bot.customer.model import Decision
from bot.customer.state import CustomerState
from bot.footing import analyze
from bot.identity import UserKey
from bot.llm import judge as llm_judge
from bot.llm import voice as llm_voice
from bot.llm.errors import Outcome
from bot.llm.gateway import Gateway, GatewayOptions, build_gateway
from bot.llm.usage import DailyTokens, MemoryUsage, UsageRecord
from bot.llm.voice import RECENT_TURNS, Exchange, VoiceResult, VoiceStream
from bot.settings import Settings

logger = logging.getLogger(__name__)

MAX_REMEMBERED_SESSIONS = 512
"""Sessions whose last exchanges :class:`TurnContext` keeps; the least recently used go first."""


class DisagreementLog(Protocol):
    """Where the judge reports that the model and the offline analyser disagreed."""

    async def record_judge_disagreement(
        self, user: UserKey, *, offline_stance: str, model_stance: str
    ) -> None: ...


class UsageStore(Protocol):
    """The part of :class:`~bot.store.Store` that :class:`StoreUsage` needs."""

    async def record_llm_usage(
        self,
        user: UserKey,
        *,
        model: str,
        prompt: str,
        prompt_tokens: int,
        completion_tokens: int,
        latency_ms: int,
        ok: bool = True,
    ) -> None: ...

    async def tokens_used_today(
        self,
        *,
        user: UserKey | None = None,
        platform: str | None = None,
        tenant: str | None = None,
    ) -> int: ...


class CoachStore(UsageStore, DisagreementLog, Protocol):
    """What :func:`build_collaborators` uses of the store."""


# --- the conversation the voice sees ---------------------------------------------------------

_SessionKey = tuple[UserKey, str, int, str, str]
_context_ids = count(1)


def _session_key(user: UserKey, state: CustomerState) -> _SessionKey:
    return (user, state.scenario_id, state.seed, state.difficulty, state.lang)


class TurnContext:
    """The salesperson's message being answered, and each session's last exchanges.

    The message is held in a context variable: set by the judge, taken by the voice, in the
    same task; it is checked against the user. Exchanges are kept in memory per session (user,
    scenario, seed, difficulty, language), at most :data:`~bot.llm.voice.RECENT_TURNS` each and
    at most ``max_sessions`` sessions. A rewind is handled by the turn numbers: wording turn
    *n* forgets every remembered exchange from turn *n* on.
    """

    def __init__(self, *, max_sessions: int = MAX_REMEMBERED_SESSIONS) -> None:
        self._message: ContextVar[tuple[UserKey, str] | None] = ContextVar(
            f"noblesse_turn_message_{next(_context_ids)}", default=None
        )
        self._sessions: OrderedDict[_SessionKey, tuple[Exchange, ...]] = OrderedDict()
        self._max_sessions = max(1, max_sessions)

    def note_message(self, user: UserKey, text: str) -> None:
        """The message ``user`` wrote and that is being handled now."""
        self._message.set((user, text))

    def take_message(self, user: UserKey) -> str | None:
        """The noted message of ``user`` in this task, once; None if there is none."""
        noted = self._message.get()
        if noted is None or noted[0] != user:
            return None
        self._message.set(None)
        return noted[1]

    def recent(self, user: UserKey, state: CustomerState, before_turn: int) -> tuple[Exchange, ...]:
        """The remembered exchanges of this session before ``before_turn``, oldest first."""
        kept = self._sessions.get(_session_key(user, state), ())
        return tuple(exchange for exchange in kept if exchange.turn < before_turn)

    def remember(self, user: UserKey, state: CustomerState, exchange: Exchange) -> None:
        key = _session_key(user, state)
        earlier = [e for e in self._sessions.get(key, ()) if e.turn < exchange.turn]
        self._sessions[key] = (*earlier, exchange)[-RECENT_TURNS:]
        self._sessions.move_to_end(key)
        while len(self._sessions) > self._max_sessions:
            self._sessions.popitem(last=False)

    def forget(self, user: UserKey) -> None:
        """Drop everything remembered of ``user`` (e.g. when the user asks to be forgotten)."""
        for key in [key for key in self._sessions if key[0] == user]:
            del self._sessions[key]
        noted = self._message.get()
        if noted is not None and noted[0] == user:
            self._message.set(None)


# --- the judge --------------------------------------------------------------------------------


class ModelJudge:
    """The offline analysis with the model's second opinion combined into it."""

    def __init__(
        self,
        gateway: Gateway | None,
        *,
        disagreements: DisagreementLog | None = None,
        context: TurnContext | None = None,
    ) -> None:
        self.gateway = gateway
        self.disagreements = disagreements
        self.context = context

    async def judge(self, text: str, lang: str | None, user: UserKey) -> Judgement:
        offline = analyze(text, lang)
        if self.context is not None:
            self.context.note_message(user, text)
        result = await llm_judge.judge(self.gateway, text, offline, user=user)
        if result.disagreement and result.model_stance is not None:
            await self._record(user, result.offline_stance, result.model_stance)
        source: Source = "offline" if result.fallback else "model"
        return Judgement(result.assessment, source, budget_notice=result.budget_notice)

    async def _record(self, user: UserKey, offline_stance: str, model_stance: str) -> None:
        if self.disagreements is None:
            return
        try:
            await self.disagreements.record_judge_disagreement(
                user, offline_stance=offline_stance, model_stance=model_stance
            )
        except Exception as exc:  # bookkeeping must never cost the user an answer
            logger.warning("judge disagreement not recorded (%s)", type(exc).__name__)


# --- the voice --------------------------------------------------------------------------------


def wording_of(result: VoiceResult) -> Wording:
    """The coach's :class:`Wording` for a voice result."""
    return Wording(result.text, result.source, budget_notice=result.budget_notice)


class ModelVoice:
    """The customer's words from the model, with the engine's own line as the fallback."""

    def __init__(
        self,
        gateway: Gateway | None,
        *,
        context: TurnContext | None = None,
        streaming: bool = True,
    ) -> None:
        self.gateway = gateway
        self.context = context
        self.streaming = streaming

    async def word(
        self,
        decision: Decision,
        user: UserKey,
        *,
        seller_text: str | None = None,
        recent: Sequence[Exchange] | None = None,
    ) -> Wording:
        """Word ``decision``. ``seller_text`` and ``recent`` default to what the
        :class:`TurnContext` holds. Never raises for model trouble."""
        offline = engine.word(decision.move, decision.state)
        if self.gateway is None:
            return Wording(offline, "offline")
        text, history = self._inputs(decision, user, seller_text, recent)
        result = await llm_voice.word(
            self.gateway,
            decision,
            offline_line=offline,
            seller_text=text,
            recent=history,
            user=user,
        )
        self._remember(decision, user, text, result)
        return wording_of(result)

    def stream(self, decision: Decision, user: UserKey) -> VoiceStream | None:
        """A :class:`~bot.llm.voice.VoiceStream` of the customer's words, or None without a
        model (or with streaming switched off). When it is exhausted, ``stream.result`` is the
        line to store (``wording_of(stream.result)``); if the stream broke off after text was
        shown, the last chunk is a short marker plus the offline line and ``stream.corrected``
        is True — replace what was shown with ``stream.result.text`` where the surface can edit
        a message (see :class:`~bot.llm.voice.VoiceStream`)."""
        if self.gateway is None or not self.streaming:
            return None
        offline = engine.word(decision.move, decision.state)
        text, history = self._inputs(decision, user, None, None)

        def done(result: VoiceResult) -> None:
            self._remember(decision, user, text, result)

        return llm_voice.stream(
            self.gateway,
            decision,
            offline_line=offline,
            seller_text=text,
            recent=history,
            user=user,
            on_done=done,
        )

    def _inputs(
        self,
        decision: Decision,
        user: UserKey,
        seller_text: str | None,
        recent: Sequence[Exchange] | None,
    ) -> tuple[str | None, Sequence[Exchange]]:
        context = self.context
        if seller_text is None and context is not None:
            seller_text = context.take_message(user)
        if recent is None:
            recent = (
                context.recent(user, decision.state, decision.move.turn)
                if context is not None
                else ()
            )
        return seller_text, recent

    def _remember(
        self, decision: Decision, user: UserKey, text: str | None, result: VoiceResult
    ) -> None:
        if self.context is None or decision.move.turn < 1:
            return
        exchange = Exchange(turn=decision.move.turn, seller=text or "", customer=result.text)
        self.context.remember(user, decision.state, exchange)


# --- usage and budgets on the store -----------------------------------------------------------


class StoreUsage:
    """The gateway's ``UsageRecorder`` and ``BudgetLedger`` on the store.

    Each call becomes one ``llm_usage`` row (tokens, model, prompt id@version, latency; ``ok`` is
    False for every outcome but a good answer, including refused calls with zero tokens). Daily
    tokens are summed by the store since midnight UTC **of the store's clock**; the ``day`` the
    gateway passes is the same day when both use the real clock. Whether a user was already told
    that the budget is spent is kept **in memory, per process**: after a restart, or on another
    instance, a user may be told once more that day.
    """

    def __init__(self, store: UsageStore) -> None:
        self.store = store
        self._notices: set[tuple[UserKey, date]] = set()

    async def record(self, record: UsageRecord) -> None:
        try:
            await self.store.record_llm_usage(
                record.user,
                model=record.model,
                prompt=record.prompt_ref,
                prompt_tokens=max(0, record.usage.prompt_tokens),
                completion_tokens=max(0, record.usage.completion_tokens),
                latency_ms=max(0, round(record.latency_s * 1000)),
                ok=record.outcome == Outcome.OK,
            )
        except Exception as exc:  # usage bookkeeping must never cost the user an answer
            logger.warning("model usage not recorded (%s)", type(exc).__name__)

    async def tokens_used(self, user: UserKey, workspace: str, day: date) -> DailyTokens:
        platform, _, tenant = workspace.partition(":")
        by_user = await self.store.tokens_used_today(user=user)
        by_workspace = await self.store.tokens_used_today(platform=platform, tenant=tenant)
        return DailyTokens(user=by_user, workspace=by_workspace)

    async def claim_budget_notice(self, user: UserKey, day: date) -> bool:
        if (user, day) in self._notices:
            return False
        self._notices = {(who, when) for who, when in self._notices if when >= day}
        self._notices.add((user, day))
        return True


# --- wiring -----------------------------------------------------------------------------------


def build_collaborators(
    settings: Settings,
    store: CoachStore | None = None,
    *,
    options: GatewayOptions | None = None,
) -> tuple[Judge, Voice, Gateway | None]:
    """The judge, the voice and the gateway for ``settings``.

    Without a configured model: :class:`~bot.coach.collaborators.OfflineJudge`,
    :class:`~bot.coach.collaborators.OfflineVoice` and None. With one: a :class:`ModelJudge`
    and a :class:`ModelVoice` sharing one gateway and one :class:`TurnContext`; usage and
    budgets go to the store (:class:`StoreUsage`), or to memory when there is no store, and
    judge disagreements to the store. The caller owns the gateway: ``await gateway.aclose()``
    at shutdown.
    """
    usage: StoreUsage | MemoryUsage = StoreUsage(store) if store is not None else MemoryUsage()
    gateway = build_gateway(settings.llm, recorder=usage, ledger=usage, options=options)
    if gateway is None:
        return OfflineJudge(), OfflineVoice(), None
    context = TurnContext()
    judge = ModelJudge(gateway, disagreements=store, context=context)
    voice = ModelVoice(gateway, context=context)
    return judge, voice, gateway
