"""A PostgreSQL database of its own for each test module, and what the tests do to it directly.

The servers under test read ``DATABASE_URL``, which names a database but no schema, so each
module gets a fresh *database* (``noblesse_inst_<random>``), created over a bootstrap connection
to the machine's server and dropped afterwards (after its remaining connections are ended).

The tests also reach into the database behind the servers' backs: :func:`table_lock` holds a
lock that stalls every writer of a table (to catch a turn in the middle of its transaction), and
:func:`lock_waiters` counts the server connections that wait for a lock.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any, TypeVar

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.engine import create_bootstrap_engine, parse_url
from bot.store.tables import Base

T = TypeVar("T")

DATABASE_PREFIX = "noblesse_inst_"
APPLICATION_NAME = "noblesse"  # what the servers' connections call themselves in pg_stat_activity


def run_in_thread(work: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to completion on a fresh event loop in a thread of its own, so that
    synchronous (module-scoped) fixtures never touch the loop pytest-asyncio manages."""
    result: list[T] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            result.append(asyncio.run(work()))
        except BaseException as exc:  # handed to the caller's thread below
            failure.append(exc)

    thread = threading.Thread(target=target, name="instances-database")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return result[0]


def with_database(url: str, name: str) -> str:
    """``url`` pointing at database ``name`` instead (password kept: the servers need it)."""
    return parse_url(url).set(database=name).render_as_string(hide_password=False)


def _admin_engine(url: URL) -> AsyncEngine:
    return create_bootstrap_engine(url).execution_options(isolation_level="AUTOCOMMIT")


async def create_database(server_url: str, name: str) -> None:
    engine = _admin_engine(parse_url(server_url))
    try:
        async with engine.connect() as connection:
            await connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        await engine.dispose()


async def drop_database(server_url: str, name: str) -> None:
    """End every connection to ``name`` (a killed server's may linger a moment), then drop it."""
    engine = _admin_engine(parse_url(server_url))
    try:
        async with engine.connect() as connection:
            await connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            await connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await engine.dispose()


@contextmanager
def scratch_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server of ``server_url``; yields its URL."""
    name = f"{DATABASE_PREFIX}{uuid.uuid4().hex[:12]}"
    run_in_thread(lambda: create_database(server_url, name))
    try:
        yield with_database(server_url, name)
    finally:
        run_in_thread(lambda: drop_database(server_url, name))


def table_name(key: str) -> str:
    """The real name of one of the store's tables (``"turns"``, ``"sessions"`` …)."""
    return Base.metadata.tables[key].name


@asynccontextmanager
async def table_lock(database_url: str, table: str) -> AsyncIterator[None]:
    """Hold ``LOCK TABLE … IN SHARE MODE`` on ``table`` while the block runs: readers go on,
    every INSERT/UPDATE/DELETE on it waits (inside its own transaction) until the block ends."""
    engine = create_bootstrap_engine(parse_url(database_url))
    try:
        async with engine.connect() as connection:
            await connection.begin()
            await connection.exec_driver_sql(f'LOCK TABLE "{table}" IN SHARE MODE')
            try:
                yield
            finally:
                await connection.rollback()
    finally:
        await engine.dispose()


async def lock_waiters(database_url: str) -> int:
    """How many of the servers' connections to this database are waiting for a lock now."""
    engine = create_bootstrap_engine(parse_url(database_url))
    try:
        async with engine.connect() as connection:
            count = await connection.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND application_name = :app AND wait_event_type = 'Lock'"
                ),
                {"app": APPLICATION_NAME},
            )
    finally:
        await engine.dispose()
    return int(count or 0)


async def wait_for_lock_waiters(database_url: str, count: int, timeout_s: float = 10.0) -> None:
    """Return once at least ``count`` server connections wait for a lock."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while (found := await lock_waiters(database_url)) < count:
        if loop.time() > deadline:
            raise AssertionError(f"{found} server connections wait for a lock, not {count}")
        await asyncio.sleep(0.02)
