"""Shared fixtures: every test runs with an isolated environment and its own data folder."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

_PLATFORM_VARS = (
    "DATABASE_URL",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "OPENAI_MODEL",
    "OPENAI_API_VERSION",
    "AZURE_OPENAI_ENDPOINT",
    "AZURE_OPENAI_API_KEY",
    "AZURE_OPENAI_DEPLOYMENT",
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "SLACK_STATE_SECRET",
    "SLACK_REDIRECT_URI",
    "MicrosoftAppId",
    "MicrosoftAppPassword",
    "MicrosoftAppType",
    "MicrosoftAppTenantId",
)


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test sees the developer's credentials, and none writes into the working tree."""
    for name in _PLATFORM_VARS:
        monkeypatch.delenv(name, raising=False)
    for name in list(os.environ):
        if name.startswith("NOBLESSE_") and name not in {
            "NOBLESSE_TEST_POSTGRES_URL",
            "NOBLESSE_REQUIRE_POSTGRES",
        }:
            monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    yield


POSTGRES_URL = os.environ.get("NOBLESSE_TEST_POSTGRES_URL", "")
POSTGRES_REQUIRED = os.environ.get("NOBLESSE_REQUIRE_POSTGRES") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that use ``postgres_url`` are skipped, with the reason shown, where no server is
    configured; in CI (``NOBLESSE_REQUIRE_POSTGRES=1``) a missing URL stops the run instead."""
    if POSTGRES_URL:
        return
    needing = [item for item in items if "postgres_url" in getattr(item, "fixturenames", ())]
    if needing and POSTGRES_REQUIRED:
        raise pytest.UsageError(
            "NOBLESSE_REQUIRE_POSTGRES=1 but NOBLESSE_TEST_POSTGRES_URL is not set"
        )
    reason = "PostgreSQL tests need NOBLESSE_TEST_POSTGRES_URL (CI sets it)"
    for item in needing:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def postgres_url() -> str:
    """The machine's PostgreSQL (``NOBLESSE_TEST_POSTGRES_URL``), as an SQLAlchemy async URL."""
    return POSTGRES_URL


@dataclass(frozen=True)
class Database:
    """Where a test's store lives: a SQLite file, or a PostgreSQL schema of its own."""

    backend: str
    url: str
    schema: str | None


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=pytest.mark.skipif(
            not POSTGRES_URL and not POSTGRES_REQUIRED,
            reason="PostgreSQL tests need NOBLESSE_TEST_POSTGRES_URL (CI sets it)",
        ),
    ),
]


@pytest.fixture(params=BACKENDS)
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """Each backend in turn: SQLite in ``tmp_path``, and PostgreSQL in a fresh schema of the
    shared test database (dropped afterwards)."""
    if request.param == "sqlite":
        yield Database("sqlite", f"sqlite+aiosqlite:///{tmp_path}/noblesse.sqlite3", None)
        return
    if not POSTGRES_URL:
        pytest.fail("NOBLESSE_REQUIRE_POSTGRES=1 but NOBLESSE_TEST_POSTGRES_URL is not set")
    from bot.store.engine import create_bootstrap_engine, parse_url
    from bot.store.migration import ensure_schema

    schema = f"noblesse_test_{uuid.uuid4().hex[:12]}"
    await ensure_schema(parse_url(POSTGRES_URL), schema)
    try:
        yield Database("postgresql", POSTGRES_URL, schema)
    finally:
        engine = create_bootstrap_engine(parse_url(POSTGRES_URL))
        try:
            async with engine.begin() as connection:
                await connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        finally:
            await engine.dispose()
