"""Fixtures for the abuse tests: the whole server on a store (both backends, or SQLite only),
and a log book on the root logger."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from .logbook import LogBook, logbook
from .stack import DatabaseLike, SqliteDatabase, Stack, open_stack


@pytest.fixture
def sqlite_database(tmp_path: Path) -> SqliteDatabase:
    return SqliteDatabase("sqlite", f"sqlite+aiosqlite:///{tmp_path}/abuse.sqlite3")


@pytest.fixture
async def stack(database: DatabaseLike) -> AsyncIterator[Stack]:
    """The server on each backend (the root conftest's ``database``: SQLite, PostgreSQL)."""
    async with open_stack(database) as opened:
        yield opened


@pytest.fixture
async def sqlite_stack(sqlite_database: DatabaseLike) -> AsyncIterator[Stack]:
    """The server on SQLite only, for tests whose subject is not the database."""
    async with open_stack(sqlite_database) as opened:
        yield opened


@pytest.fixture
def book() -> Iterator[LogBook]:
    """Every log record at WARNING and above, from every logger."""
    with logbook() as opened:
        yield opened
