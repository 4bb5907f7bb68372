"""Schema migrations with Alembic, driven from code: no ``alembic.ini`` is needed.

``Store.open`` calls ``upgrade`` on every start. Concurrent starts are safe: on PostgreSQL the
upgrade runs in one transaction holding an advisory lock (per schema), so a second instance
waits, then finds the schema already at head; on SQLite the upgrade runs in a
``BEGIN IMMEDIATE`` transaction, which serialises it the same way.

Developers use the same machinery from the command line (``DATABASE_URL`` or the default SQLite
file)::

    python -m bot.store.migration current
    python -m bot.store.migration upgrade [REVISION]
    python -m bot.store.migration downgrade REVISION
    python -m bot.store.migration revision -m "add a column" [--autogenerate]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import URL, Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.settings import Settings
from bot.store.engine import (
    WRITE_OPTIONS,
    check_schema_name,
    create_bootstrap_engine,
    create_store_engine,
    parse_url,
    safe_url,
    translate_errors,
)

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration for our migrations; with ``connection``, env.py runs on it."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations found in {MIGRATIONS_DIR}")
    return head


def acquire_migration_lock(connection: Connection) -> None:
    """On PostgreSQL, wait for the advisory lock that serialises migrations of this schema.

    The lock belongs to the current transaction and is released when it ends. SQLite needs no
    extra lock: the migration transaction starts with ``BEGIN IMMEDIATE``.
    """
    if connection.dialect.name != "postgresql":
        return
    connection.execute(
        text(
            "SELECT pg_advisory_xact_lock("
            "hashtext('noblesse.migrate.' || coalesce(current_schema(), '')))"
        )
    )


def _upgrade(connection: Connection, revision: str) -> str | None:
    acquire_migration_lock(connection)
    command.upgrade(alembic_config(connection), revision)
    return MigrationContext.configure(connection).get_current_revision()


def _downgrade(connection: Connection, revision: str) -> str | None:
    acquire_migration_lock(connection)
    command.downgrade(alembic_config(connection), revision)
    return MigrationContext.configure(connection).get_current_revision()


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def upgrade(engine: AsyncEngine, revision: str = "head") -> str | None:
    """Upgrade the schema to ``revision`` in one transaction; returns the revision reached."""
    async with engine.execution_options(**WRITE_OPTIONS).begin() as connection:
        reached = await connection.run_sync(_upgrade, revision)
    logger.info("database schema at revision %s", reached)
    return reached


async def downgrade(engine: AsyncEngine, revision: str) -> str | None:
    """Downgrade the schema to ``revision`` ("base" removes every table Noblesse made)."""
    async with engine.execution_options(**WRITE_OPTIONS).begin() as connection:
        reached = await connection.run_sync(_downgrade, revision)
    logger.info("database schema at revision %s", reached)
    return reached


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as connection:
        return await connection.run_sync(_current)


async def ensure_schema(url: URL, schema: str, *, connect_timeout: float = 5.0) -> None:
    """Create the PostgreSQL schema if it is missing (under an advisory lock, since two
    concurrent ``CREATE SCHEMA IF NOT EXISTS`` can still collide)."""
    check_schema_name(schema)
    engine = create_bootstrap_engine(url, connect_timeout=connect_timeout)
    try:
        with translate_errors(safe_url(url)):
            async with engine.begin() as connection:
                await connection.execute(
                    text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
                    {"key": f"noblesse.schema.{schema}"},
                )
                await connection.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    finally:
        await engine.dispose()


async def _run_command(args: argparse.Namespace) -> int:
    if args.command == "revision" and not args.autogenerate:
        command.revision(alembic_config(), message=args.message)
        return 0
    url = parse_url(Settings.from_env().resolved_database_url)
    engine = create_store_engine(url)
    try:
        if args.command == "upgrade":
            await upgrade(engine, args.revision)
        elif args.command == "downgrade":
            await downgrade(engine, args.revision)
        elif args.command == "revision":
            async with engine.begin() as connection:
                await connection.run_sync(
                    lambda sync: command.revision(
                        alembic_config(sync), message=args.message, autogenerate=True
                    )
                )
        else:
            revision = await current_revision(engine)
            logger.info("database %s is at revision %s", safe_url(url), revision or "none")
    finally:
        await engine.dispose()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.store.migration", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("current", help="show the revision of the database")
    up = commands.add_parser("upgrade", help="upgrade the schema (default: to head)")
    up.add_argument("revision", nargs="?", default="head")
    down = commands.add_parser("downgrade", help="downgrade the schema")
    down.add_argument("revision")
    new = commands.add_parser("revision", help="write a new migration script")
    new.add_argument("-m", "--message", required=True)
    new.add_argument("--autogenerate", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    return asyncio.run(_run_command(args))


if __name__ == "__main__":
    raise SystemExit(main())
