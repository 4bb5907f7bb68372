"""What every part of the store shares: the engine, transactions, the clock, user look-ups."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext, suppress
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, bindparam, exc, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import DeclarativeBase

from bot.errors import InputError
from bot.identity import ConversationKey, UserKey
from bot.store.engine import (
    SINGLE_READ_OPTIONS,
    WRITE_OPTIONS,
    Backend,
    mark_committed,
    translate_errors,
)
from bot.store.errors import StoreConflict
from bot.store.keyed_lock import KeyedLock
from bot.store.tables import Base, UserRow

Clock = Callable[[], datetime]
Insert = postgresql.Insert | sqlite.Insert
# Where Core statements run: an ORM session (most queries) or a bare connection (the hot path).
Executor = AsyncSession | AsyncConnection

USERS: Table = Base.metadata.tables["users"]
_USER_ID = select(USERS.c.id).where(
    USERS.c.platform == bindparam("platform"),
    USERS.c.tenant == bindparam("tenant"),
    USERS.c.user_id == bindparam("user"),
)
# Remembered active sessions per (user, conversation); a hint, checked under the session lock.
ACTIVE_HINTS_SIZE = 10_000


def user_params(key: UserKey) -> dict[str, str]:
    return {"platform": key.platform, "tenant": key.tenant, "user": key.user_id}


def utc_now() -> datetime:
    return datetime.now(UTC)


def check_aware(moment: datetime) -> datetime:
    """Refuse a naive datetime: the store compares instants, and naive ones are ambiguous."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InputError("give a timezone-aware datetime (e.g. datetime.now(UTC))")
    return moment


class StoreCore:
    """Transactions and helpers for the query mixins that make up ``Store``."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        backend: Backend,
        where: str,
        clock: Clock = utc_now,
        default_tip_time: str = "09:00",
        connect_timeout: float = 5.0,
    ) -> None:
        self._engine = engine
        self._backend: Backend = backend
        self._where = where
        self._clock = clock
        self._default_tip_time = default_tip_time
        self._connect_timeout = connect_timeout
        self._write_engine = engine.execution_options(**WRITE_OPTIONS)
        self._single_read_engine = engine.execution_options(**SINGLE_READ_OPTIONS)
        self._readers = async_sessionmaker(engine, expire_on_commit=False)
        self._writers = async_sessionmaker(self._write_engine, expire_on_commit=False)
        # SQLite has one writer at a time: queue writers here instead of in its busy handler.
        self._write_gate: asyncio.Lock | None = asyncio.Lock() if backend == "sqlite" else None
        self._session_locks = KeyedLock()
        self._active_hints: dict[tuple[UserKey, ConversationKey], str] = {}
        self._add_user_statement = self._insert(UserRow).on_conflict_do_nothing(
            index_elements=["platform", "tenant", "user_id"]
        )

    @property
    def backend(self) -> Backend:
        return self._backend

    def _now(self) -> datetime:
        return self._clock()

    def _insert(self, table: type[DeclarativeBase]) -> Insert:
        """An INSERT that supports ``on_conflict_do_nothing`` / ``_do_update`` on our backend."""
        if self._backend == "postgresql":
            return postgresql.insert(table)
        return sqlite.insert(table)

    @asynccontextmanager
    async def _transaction(
        self, makers: async_sessionmaker[AsyncSession], *, body_connection_errors: bool = True
    ) -> AsyncIterator[AsyncSession]:
        async with makers() as db:
            with translate_errors(self._where):
                await db.begin()
                await db.connection()  # connect now, so a refused or silent server shows here
            try:
                with translate_errors(self._where, connection_errors=body_connection_errors):
                    yield db
            except BaseException:
                with suppress(exc.SQLAlchemyError, OSError, TimeoutError):
                    await db.rollback()
                raise
            with translate_errors(self._where):
                await db.commit()

    @asynccontextmanager
    async def _read(self) -> AsyncIterator[AsyncSession]:
        """A read transaction (on SQLite: a deferred one, concurrent with a writer in WAL)."""
        async with self._transaction(self._readers) as db:
            yield db

    @asynccontextmanager
    async def _write(self, *, body_connection_errors: bool = True) -> AsyncIterator[AsyncSession]:
        """A write transaction, committed at exit and rolled back on any error."""
        gate: AbstractAsyncContextManager[Any] = self._write_gate or nullcontext()
        async with (
            gate,
            self._transaction(self._writers, body_connection_errors=body_connection_errors) as db,
        ):
            yield db

    @asynccontextmanager
    async def _read_one(self) -> AsyncIterator[AsyncConnection]:
        """A connection for exactly one read statement (Core, no ORM).

        On SQLite no ``BEGIN`` is sent: the statement is its own snapshot. The connection is
        closed without a commit, which rolls back whatever the driver opened (one round trip
        instead of a commit followed by the pool's rollback-on-return)."""
        with translate_errors(self._where):
            connection = await self._single_read_engine.connect()
            try:
                yield connection
            finally:
                await connection.close()

    @asynccontextmanager
    async def _write_connection(
        self, *, body_connection_errors: bool = True
    ) -> AsyncIterator[AsyncConnection]:
        """A write transaction on a bare connection (Core statements only): committed at exit,
        rolled back on any error. Same guarantees as ``_write``, less overhead."""
        gate: AbstractAsyncContextManager[Any] = self._write_gate or nullcontext()
        async with gate:
            with translate_errors(self._where):
                connection = await self._write_engine.connect()
            try:
                with translate_errors(self._where):
                    await connection.begin()
                try:
                    with translate_errors(self._where, connection_errors=body_connection_errors):
                        yield connection
                except BaseException:
                    with suppress(exc.SQLAlchemyError, OSError, TimeoutError):
                        await connection.rollback()
                    raise
                with translate_errors(self._where):
                    await connection.commit()
                mark_committed(connection)
            finally:
                with translate_errors(self._where):
                    await connection.close()

    def _remember_active(
        self, user: UserKey, conversation: ConversationKey, session_id: str
    ) -> None:
        if len(self._active_hints) >= ACTIVE_HINTS_SIZE:
            self._active_hints.clear()
        self._active_hints[(user, conversation)] = session_id

    async def _user_id(self, db: Executor, key: UserKey) -> int | None:
        return await db.scalar(_USER_ID, user_params(key))

    async def _ensure_user(
        self, db: Executor, key: UserKey, *, lang: str | None = None, tz: str | None = None
    ) -> int:
        """The user's row id, creating the row (safely against concurrent creators) if needed."""
        found = await self._user_id(db, key)
        if found is not None:
            return found
        await self._add_user(db, key, lang=lang, tz=tz)
        user_id = await self._user_id(db, key)
        if user_id is None:
            raise StoreConflict("the user was forgotten while this change was being made")
        return user_id

    async def _add_user(
        self,
        db: Executor,
        key: UserKey,
        *,
        lang: str | None = None,
        tz: str | None = None,
        display_name: str | None = None,
    ) -> None:
        """Insert the user's row with default settings, unless it exists already."""
        now = self._now()
        await db.execute(
            self._add_user_statement,
            {
                "platform": key.platform,
                "tenant": key.tenant,
                "user_id": key.user_id,
                "display_name": display_name,
                "lang": lang,
                "tz": tz,
                "tips_enabled": True,
                "tip_time": self._default_tip_time,
                "weekdays_only": True,
                "created_at": now,
                "updated_at": now,
            },
        )
