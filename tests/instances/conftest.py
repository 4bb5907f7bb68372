"""Fixtures for the multi-instance tests: a fresh PostgreSQL database per module, and a store
on it for looking at what the servers wrote.

Every test here needs the machine's PostgreSQL: an autouse fixture asks for the root
``postgres_url`` fixture, so that without ``NOBLESSE_TEST_POSTGRES_URL`` each test is skipped
with the reason shown (and in CI, which requires PostgreSQL, the run stops instead).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator

import pytest

from bot.store import Store

from .databases import scratch_database


@pytest.fixture(autouse=True)
def _needs_postgres(postgres_url: str) -> str:
    return postgres_url


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    """A database of this module's own on the machine's PostgreSQL, dropped afterwards."""
    server_url = os.environ.get("NOBLESSE_TEST_POSTGRES_URL", "")
    if not server_url:  # unreachable: _needs_postgres marks these tests skipped (or failing)
        pytest.fail("PostgreSQL tests need NOBLESSE_TEST_POSTGRES_URL (CI sets it)")
    with scratch_database(server_url) as url:
        yield url


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    """The store on the module's database, as the test process sees it."""
    opened = await Store.open(database_url)
    try:
        yield opened
    finally:
        await opened.close()
