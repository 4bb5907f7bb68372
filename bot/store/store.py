"""``Store``: everything Noblesse keeps, behind one async object."""

from __future__ import annotations

import asyncio
import logging
from types import TracebackType

from sqlalchemy import exc, text

from bot.settings import Settings, normalise_database_url
from bot.store.conversation_refs import ConversationRefQueries
from bot.store.core import Clock, utc_now
from bot.store.engine import (
    backend_of,
    create_store_engine,
    parse_url,
    prepare_sqlite_file,
    safe_url,
    translate_errors,
)
from bot.store.errors import StoreError
from bot.store.events import EventQueries
from bot.store.installations import InstallationQueries
from bot.store.migration import ensure_schema, upgrade
from bot.store.privacy import PrivacyQueries
from bot.store.progress import ProgressQueries
from bot.store.sessions import SessionQueries
from bot.store.tips import TipQueries
from bot.store.usage import UsageQueries
from bot.store.users import UserQueries, check_tip_time

logger = logging.getLogger(__name__)


class Store(
    UserQueries,
    SessionQueries,
    ProgressQueries,
    TipQueries,
    ConversationRefQueries,
    EventQueries,
    UsageQueries,
    PrivacyQueries,
    InstallationQueries,
):
    """Persistence on SQLite (the default, a file) or PostgreSQL. Open with ``Store.open``."""

    @classmethod
    async def open(
        cls,
        url: str,
        *,
        schema: str | None = None,
        connect_timeout: float = 5.0,
        busy_timeout: float = 5.0,
        pool_size: int = 10,
        command_timeout: float = 30.0,
        default_tip_time: str = "09:00",
        clock: Clock = utc_now,
        migrate: bool = True,
    ) -> Store:
        """Connect and bring the schema up to date.

        ``url`` is an SQLAlchemy URL (plain ``postgres://`` and ``sqlite:///`` URLs are accepted
        too); a SQLite file and its folder are created on first use. ``schema`` puts the tables
        in a PostgreSQL schema of their own (created if missing). A database that cannot be
        reached raises ``StoreUnavailable`` within about ``connect_timeout`` seconds.
        """
        parsed = parse_url(normalise_database_url(url))
        backend = backend_of(parsed)
        where = safe_url(parsed)
        check_tip_time(default_tip_time)
        engine = create_store_engine(
            parsed,
            schema=schema,
            connect_timeout=connect_timeout,
            busy_timeout=busy_timeout,
            pool_size=pool_size,
            command_timeout=command_timeout,
        )
        try:
            with translate_errors(where):
                if backend == "sqlite":
                    await prepare_sqlite_file(parsed, busy_timeout=busy_timeout)
                if schema and backend == "postgresql":
                    await ensure_schema(parsed, schema, connect_timeout=connect_timeout)
                if migrate:
                    await upgrade(engine)
                else:
                    async with engine.connect() as connection:
                        await connection.execute(text("SELECT 1"))
        except BaseException:
            await engine.dispose()
            raise
        logger.info("store open: %s", where)
        return cls(
            engine,
            backend=backend,
            where=where,
            clock=clock,
            default_tip_time=default_tip_time,
            connect_timeout=connect_timeout,
        )

    @classmethod
    async def from_settings(
        cls, settings: Settings, *, schema: str | None = None, clock: Clock = utc_now
    ) -> Store:
        """``Store.open`` on ``DATABASE_URL`` or the default SQLite file, with the settings'
        default tip time."""
        return await cls.open(
            settings.resolved_database_url,
            schema=schema,
            command_timeout=settings.db_command_timeout,
            default_tip_time=settings.default_tip_time,
            clock=clock,
        )

    async def close(self) -> None:
        await self._engine.dispose()

    async def ping(self) -> bool:
        """True when the database answers within the connect timeout."""
        try:
            async with asyncio.timeout(self._connect_timeout):
                with translate_errors(self._where):
                    async with self._engine.connect() as connection:
                        await connection.execute(text("SELECT 1"))
        except (StoreError, exc.SQLAlchemyError, OSError, TimeoutError):
            return False
        return True

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()
