"""Fixtures for the Slack tests: a fake Slack, a store, and the surface running against both."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import Store

from .fake_slack import FakeSlack
from .support import Harness, running_surface


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as server:
        yield server


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'slack.db'}")
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
async def slack(fake: FakeSlack, store: Store) -> AsyncIterator[Harness]:
    async with running_surface(fake, store) as harness:
        yield harness
