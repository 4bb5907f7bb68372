"""Every store test runs on SQLite (a file in tmp_path) and on PostgreSQL (a schema of its own in
the shared ``test`` database, dropped afterwards)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import Store
from bot.store.engine import create_bootstrap_engine, parse_url
from bot.store.migration import ensure_schema

from .support import Backend, FakeClock

PG_SKIP_REASON = "PostgreSQL tests need NOBLESSE_TEST_POSTGRES_URL (CI sets it)"


@pytest.fixture
def sqlite_backend(tmp_path: Path) -> Backend:
    return Backend(
        "sqlite", f"sqlite+aiosqlite:///{tmp_path}/data/store.sqlite3", None, FakeClock()
    )


@pytest.fixture
async def postgres_backend(postgres_url: str) -> AsyncIterator[Backend]:
    schema = f"noblesse_test_{uuid.uuid4().hex[:12]}"
    await ensure_schema(parse_url(postgres_url), schema)
    try:
        yield Backend("postgresql", postgres_url, schema, FakeClock())
    finally:
        engine = create_bootstrap_engine(parse_url(postgres_url))
        try:
            async with engine.begin() as connection:
                await connection.exec_driver_sql("SET LOCAL lock_timeout = '10s'")
                await connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        finally:
            await engine.dispose()


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param(
            "postgresql",
            id="postgresql",
            marks=pytest.mark.skipif(
                not os.environ.get("NOBLESSE_TEST_POSTGRES_URL")
                and os.environ.get("NOBLESSE_REQUIRE_POSTGRES") != "1",
                reason=PG_SKIP_REASON,
            ),
        ),
    ]
)
def backend(request: pytest.FixtureRequest) -> Backend:
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_backend")
    # Looked up here rather than declared, so that the SQLite runs need no PostgreSQL. In CI
    # (NOBLESSE_REQUIRE_POSTGRES=1) a missing server is a failure, not a skip.
    if not os.environ.get("NOBLESSE_TEST_POSTGRES_URL"):
        pytest.fail("NOBLESSE_REQUIRE_POSTGRES=1 but NOBLESSE_TEST_POSTGRES_URL is not set")
    return request.getfixturevalue("postgres_backend")


@pytest.fixture
async def store(backend: Backend) -> AsyncIterator[Store]:
    opened = await backend.open()
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
def clock(backend: Backend) -> FakeClock:
    return backend.clock
