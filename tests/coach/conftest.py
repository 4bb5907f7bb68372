"""A coach on a real store (SQLite and PostgreSQL), and a tiny dialogue driver."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from bot.coach.coach import Coach
from bot.coach.replies import CustomerLine, FootingBadge, Reply, Scorecard
from bot.coach.requests import Command, Request, Say
from bot.identity import ConversationKey, UserKey
from bot.store import Store


@pytest.fixture
async def store(database: Any) -> AsyncIterator[Store]:
    opened = await Store.open(database.url, schema=database.schema)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
def coach(store: Store) -> Coach:
    return Coach(store, rng=random.Random(7))


@dataclass
class Dialogue:
    """One user in one conversation, talking to the coach like a chat surface would."""

    coach: Coach
    user: UserKey = field(default_factory=lambda: UserKey("test", "t1", "u1"))
    conversation: ConversationKey = field(
        default_factory=lambda: ConversationKey("test", "t1", "c1")
    )
    locale: str | None = None
    history: list[list[Reply]] = field(default_factory=list)

    async def send(self, command: Command | str) -> list[Reply]:
        if isinstance(command, str):
            command = Say(command)
        replies = await self.coach.handle(
            Request(self.user, self.conversation, command, locale=self.locale)
        )
        self.history.append(replies)
        return replies

    @staticmethod
    def line(replies: list[Reply]) -> CustomerLine:
        return next(r for r in replies if isinstance(r, CustomerLine))

    @staticmethod
    def badge(replies: list[Reply]) -> FootingBadge:
        return next(r for r in replies if isinstance(r, FootingBadge))

    @staticmethod
    def scorecard(replies: list[Reply]) -> Scorecard | None:
        return next((r for r in replies if isinstance(r, Scorecard)), None)


@pytest.fixture
def dialogue(coach: Coach) -> Dialogue:
    return Dialogue(coach)
