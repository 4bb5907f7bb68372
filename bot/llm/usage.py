"""What each model call cost, and the daily token budgets that bound it.

Two small protocols, so that the store can persist them later:

* :class:`UsageRecorder` receives one :class:`UsageRecord` per gateway call (tokens, model,
  prompt id@version, latency, outcome) — never any prompt or message text.
* :class:`BudgetLedger` answers how many tokens a user and their workspace used on a (UTC) day,
  and remembers whether a user was already told that the budget is used up that day.

:class:`MemoryUsage` implements both in memory (tests, the terminal, a single process): the
tokens it records are the tokens it counts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from bot.identity import UserKey
from bot.llm.errors import Outcome


@dataclass(frozen=True, slots=True)
class Usage:
    """Tokens of one call. ``estimated`` when the server reported none (about 4 chars/token)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    estimated: bool = False

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True, slots=True)
class UsageRecord:
    """One gateway call, as stored. ``workspace`` is ``"platform:tenant"``."""

    at: datetime
    user: UserKey
    workspace: str
    provider: str
    model: str
    prompt_ref: str
    kind: str  # "complete", "stream" or "structured"
    outcome: Outcome
    usage: Usage
    latency_s: float
    attempts: int


@dataclass(frozen=True, slots=True)
class DailyTokens:
    """Tokens used on one day by a user and by the user's workspace."""

    user: int
    workspace: int


@dataclass(frozen=True, slots=True)
class Budget:
    """Daily token limits; a limit of 0 or less means "no limit"."""

    per_user: int
    per_workspace: int

    def exceeded(self, used: DailyTokens) -> str | None:
        """``"user"`` or ``"workspace"`` if that limit is reached, else None."""
        if self.per_user > 0 and used.user >= self.per_user:
            return "user"
        if self.per_workspace > 0 and used.workspace >= self.per_workspace:
            return "workspace"
        return None


class UsageRecorder(Protocol):
    async def record(self, record: UsageRecord) -> None:
        """Store one call's usage. Must not raise for ordinary storage hiccups."""
        ...


class BudgetLedger(Protocol):
    async def tokens_used(self, user: UserKey, workspace: str, day: date) -> DailyTokens:
        """Tokens used on ``day`` (UTC) by ``user`` and by everyone in ``workspace``."""
        ...

    async def claim_budget_notice(self, user: UserKey, day: date) -> bool:
        """True the first time this is asked for ``user`` on ``day`` (and remember it); False
        afterwards. The gateway asks only when a call is refused for budget reasons."""
        ...


def workspace_of(user: UserKey, tenant: str | None = None) -> str:
    """The workspace key budgets are counted by: ``platform:tenant``."""
    return f"{user.platform}:{user.tenant if tenant is None else tenant}"


class MemoryUsage:
    """In-memory :class:`UsageRecorder` and :class:`BudgetLedger`; keeps every record.

    Each method runs without awaiting, so concurrent tasks on one event loop cannot interleave
    inside it."""

    def __init__(self) -> None:
        self.records: list[UsageRecord] = []
        self._by_user: defaultdict[tuple[UserKey, date], int] = defaultdict(int)
        self._by_workspace: defaultdict[tuple[str, date], int] = defaultdict(int)
        self._notices: set[tuple[UserKey, date]] = set()

    async def record(self, record: UsageRecord) -> None:
        self.records.append(record)
        day = record.at.date()
        self._by_user[(record.user, day)] += record.usage.total_tokens
        self._by_workspace[(record.workspace, day)] += record.usage.total_tokens

    async def tokens_used(self, user: UserKey, workspace: str, day: date) -> DailyTokens:
        return DailyTokens(
            user=self._by_user.get((user, day), 0),
            workspace=self._by_workspace.get((workspace, day), 0),
        )

    async def claim_budget_notice(self, user: UserKey, day: date) -> bool:
        if (user, day) in self._notices:
            return False
        self._notices.add((user, day))
        return True
