"""Engines for the two supported backends, and the translation of driver errors into ours.

SQLite (the embedded default) runs in WAL mode (``prepare_sqlite_file``) with a busy timeout
and foreign keys on. The driver's own implicit transactions are switched off so that we emit
``BEGIN`` ourselves: ``BEGIN IMMEDIATE`` for writes (engines made with ``WRITE_OPTIONS``) takes
the write lock up front, which avoids the "database is locked" failure a deferred transaction
hits when it upgrades from read to write. A connection that runs a single read statement
(``SINGLE_READ_OPTIONS``) emits no ``BEGIN`` at all: SQLite runs that statement in a transaction
of its own. Every call into aiosqlite is a hand-off to its thread and back, which costs more
CPU than SQLite's own work on our small rows, so ``BEGIN`` goes to the driver in one call, and
a connection returned right after a commit (``mark_committed``) skips the pool's rollback.

PostgreSQL runs on asyncpg with a short connect timeout, a pre-ping on checkout, and an optional
schema (``search_path``) so that Noblesse can live in a database shared with other software.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import aiosqlite
from sqlalchemy import event, exc
from sqlalchemy.engine import URL, AdaptedConnection, Connection, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry, NullPool, PoolResetState

from bot.errors import ConfigurationError
from bot.store.errors import StoreConflict, StoreError, StoreUnavailable

logger = logging.getLogger(__name__)

Backend = Literal["sqlite", "postgresql"]

# Execution option that marks an engine (and its connections) as a writer.
WRITE_OPTIONS: dict[str, Any] = {"noblesse_write": True}
# Execution option for connections that run exactly one read statement: on SQLite they skip
# ``BEGIN`` (one statement is its own consistent snapshot), which saves driver round trips.
SINGLE_READ_OPTIONS: dict[str, Any] = {"noblesse_single_read": True}
# Set in a pooled connection's ``info`` right after a successful commit, so that returning it to
# the pool skips the (then pointless) rollback; see ``mark_committed``.
_COMMITTED = "noblesse_committed"

_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def backend_of(url: URL) -> Backend:
    if url.get_backend_name() == "sqlite":
        if url.get_driver_name() != "aiosqlite":
            raise ConfigurationError("SQLite needs the async driver: use sqlite+aiosqlite:///path")
        return "sqlite"
    if url.get_backend_name() == "postgresql":
        if url.get_driver_name() != "asyncpg":
            raise ConfigurationError(
                "PostgreSQL needs the async driver: use postgresql+asyncpg://user@host/db"
            )
        return "postgresql"
    raise ConfigurationError(
        f"unsupported database {url.get_backend_name()!r}: use SQLite or PostgreSQL"
    )


def parse_url(url: str) -> URL:
    try:
        return make_url(url)
    except exc.ArgumentError as error:
        raise ConfigurationError("DATABASE_URL is not a valid database URL") from error


def safe_url(url: URL) -> str:
    """The URL without its password, fit for logs and error messages."""
    return url.render_as_string(hide_password=True)


def check_schema_name(schema: str) -> str:
    if not _SCHEMA_NAME.match(schema):
        raise ConfigurationError(
            f"schema name {schema!r} must be lower-case letters, digits and underscores"
        )
    return schema


def create_store_engine(
    url: URL,
    *,
    schema: str | None = None,
    connect_timeout: float = 5.0,
    busy_timeout: float = 5.0,
    pool_size: int = 10,
    command_timeout: float = 30.0,
) -> AsyncEngine:
    """An engine for ``url`` set up for Noblesse (see the module docstring). On PostgreSQL
    every statement gives up after ``command_timeout`` seconds, so a server that goes silent
    makes requests fail with a friendly notice instead of hanging; it is longer than a turn's
    model call can hold a session lock."""
    backend = backend_of(url)
    if backend == "sqlite":
        if schema:
            raise ConfigurationError("a database schema can only be chosen on PostgreSQL")
        return _sqlite_engine(url, busy_timeout=busy_timeout)
    server_settings = {"application_name": "noblesse"}
    if schema:
        server_settings["search_path"] = check_schema_name(schema)
    return create_async_engine(
        url,
        hide_parameters=True,  # never put message texts into exception strings and logs
        pool_pre_ping=True,
        pool_size=pool_size,
        max_overflow=pool_size * 2,
        pool_timeout=max(connect_timeout, 10.0),
        connect_args={
            "timeout": connect_timeout,
            "command_timeout": command_timeout,
            "server_settings": server_settings,
        },
    )


def create_bootstrap_engine(url: URL, *, connect_timeout: float = 5.0) -> AsyncEngine:
    """A single-use PostgreSQL engine without a ``search_path``, e.g. to create the schema."""
    return create_async_engine(
        url,
        hide_parameters=True,
        poolclass=NullPool,
        connect_args={"timeout": connect_timeout},
    )


def _sqlite_engine(url: URL, *, busy_timeout: float) -> AsyncEngine:
    database = url.database or ""
    if database in {"", ":memory:"} or database.startswith("file:"):
        raise ConfigurationError(
            "an in-memory SQLite database loses everything between connections: "
            "give a file path, e.g. sqlite+aiosqlite:///var/noblesse.sqlite3"
        )
    try:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreUnavailable(f"cannot create the folder for {database}") from error
    engine = create_async_engine(
        url,
        hide_parameters=True,
        connect_args={"timeout": busy_timeout},
        pool_reset_on_return=None,  # done in _reset below
    )
    busy_ms = int(busy_timeout * 1000)

    @event.listens_for(engine.sync_engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Switch off the driver's implicit BEGIN: transactions start in _begin below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine.sync_engine, "reset")
    def _reset(dbapi_connection: Any, record: ConnectionPoolEntry, state: PoolResetState) -> None:
        # The pool's rollback-on-return, minus the cases where nothing can be left to undo.
        committed = record.info.pop(_COMMITTED, False)
        if state.terminate_only or not state.asyncio_safe:
            return
        if not (committed or state.transaction_was_reset):
            dbapi_connection.rollback()

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.info.pop(_COMMITTED, None)
        options = connection.get_execution_options()
        if options.get("noblesse_write", False):
            statement = "BEGIN IMMEDIATE"
        elif not options.get("noblesse_single_read", False):
            statement = "BEGIN"
        else:
            return
        adapted = connection.connection.dbapi_connection
        if isinstance(adapted, AdaptedConnection):
            # Straight to aiosqlite: one round trip to its thread instead of three (cursor,
            # execute, close). Its errors are sqlite3's own; translate_errors knows them.
            adapted.run_async(lambda driver: driver.execute_fetchall(statement))
        else:
            connection.exec_driver_sql(statement)

    return engine


def mark_committed(connection: AsyncConnection) -> None:
    """Note that ``connection``'s transaction was just committed and nothing ran since, so the
    pool need not roll it back on return (on SQLite that saves a driver round trip)."""
    connection.info[_COMMITTED] = True


async def prepare_sqlite_file(url: URL, *, busy_timeout: float = 5.0) -> None:
    """Create the database file if needed and switch it to WAL mode (a setting stored in the
    file). SQLite does not wait on its busy timeout for this switch, so a lock held by another
    connection (an instance starting at the same moment) is waited out here."""
    database = url.database or ""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + busy_timeout
    while True:
        try:
            async with aiosqlite.connect(database, timeout=busy_timeout) as connection:
                cursor = await connection.execute("PRAGMA journal_mode=WAL")
                row = await cursor.fetchone()
            break
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or loop.time() >= deadline:
                raise StoreUnavailable(f"cannot open the database at {safe_url(url)}") from error
            await asyncio.sleep(0.05)
    mode = str(row[0]) if row else ""
    if mode.lower() != "wal":
        logger.warning("SQLite at %s stays in %s mode; writers will wait longer", database, mode)


def _is_unavailable(error: BaseException) -> bool:
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(
        error,
        exc.OperationalError
        | exc.InterfaceError
        | exc.TimeoutError
        | sqlite3.OperationalError
        | OSError
        | TimeoutError,
    )


@contextmanager
def translate_errors(where: str, *, connection_errors: bool = True) -> Iterator[None]:
    """Turn database errors into ``StoreError`` subclasses.

    ``where`` names the database for the message (no password). SQLAlchemy errors are always
    translated; plain ``OSError``/``TimeoutError`` (a refused or silent server while connecting)
    only with ``connection_errors``, so that a caller's own network errors raised inside a
    ``Store.lock_session`` block are not mistaken for the database's.
    """
    caught: tuple[type[BaseException], ...] = (exc.SQLAlchemyError, sqlite3.Error)
    if connection_errors:
        caught = (exc.SQLAlchemyError, sqlite3.Error, OSError, TimeoutError)
    try:
        yield
    except StoreError:
        raise
    except (exc.IntegrityError, sqlite3.IntegrityError) as error:
        raise StoreConflict("a concurrent change conflicted with this one") from error
    except caught as error:
        cause = type(getattr(error, "orig", None) or error).__name__
        if _is_unavailable(error):
            logger.warning("database %s unavailable: %s", where, cause)
            raise StoreUnavailable(f"the database at {where} is not available ({cause})") from error
        logger.error("database %s failed: %s", where, cause)
        raise StoreError(f"the database at {where} failed ({cause})") from error
