"""Alembic environment for Noblesse's schema, async-aware.

Normally ``bot.store.migration`` runs Alembic with an open connection in
``config.attributes["connection"]`` (inside its own transaction and migration lock), and the
migrations run on it. Run by the plain ``alembic`` command instead, this file builds an async
engine from ``sqlalchemy.url`` (or ``DATABASE_URL`` / the default SQLite file) and runs the
migrations through it; with ``--sql`` it writes the SQL out without connecting.
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from bot.settings import Settings, normalise_database_url
from bot.store.engine import WRITE_OPTIONS, create_store_engine, parse_url
from bot.store.installations import INSTALLATION_METADATA
from bot.store.migration import acquire_migration_lock
from bot.store.tables import Base

config = context.config
target_metadata = [Base.metadata, INSTALLATION_METADATA]


def _database_url() -> str:
    configured = config.get_main_option("sqlalchemy.url")
    if configured:
        return normalise_database_url(configured)
    return Settings.from_env().resolved_database_url


def _run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        transactional_ddl=True,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_locked(connection: Connection) -> None:
    acquire_migration_lock(connection)
    _run_on(connection)


async def _run_with_own_engine(url: str) -> None:
    engine = create_store_engine(parse_url(url))
    try:
        async with engine.execution_options(**WRITE_OPTIONS).begin() as connection:
            await connection.run_sync(_run_locked)
    finally:
        await engine.dispose()


def _run_offline() -> None:
    context.configure(
        url=_database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def _run() -> None:
    if context.is_offline_mode():
        _run_offline()
        return
    shared = config.attributes.get("connection")
    if isinstance(shared, Connection):
        _run_on(shared)
        return
    asyncio.run(_run_with_own_engine(_database_url()))


_run()
