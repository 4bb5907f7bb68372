"""Helpers shared by the store tests: a settable clock, the backend under test, sample keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.identity import ConversationKey, UserKey
from bot.store import Store
from bot.store.engine import create_store_engine, parse_url


class FakeClock:
    """A settable UTC clock for the store."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@dataclass
class Backend:
    name: str
    url: str
    schema: str | None
    clock: FakeClock

    async def open(self, **options: Any) -> Store:
        options.setdefault("clock", self.clock)
        return await Store.open(self.url, schema=self.schema, **options)

    def engine(self) -> AsyncEngine:
        """A plain engine on the same database and schema, for looking under the hood."""
        return create_store_engine(parse_url(self.url), schema=self.schema)


ALICE = UserKey("slack", "T001", "U_ALICE")
BOB = UserKey("teams", "tenant-b", "29:bob")
THREAD = ConversationKey("slack", "T001", "C01:1700000000.000100")
OTHER_THREAD = ConversationKey("slack", "T001", "C01:1700000000.000200")
