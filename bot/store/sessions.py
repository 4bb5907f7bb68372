"""Role-play sessions and their turns, with serialised updates (``lock_session``)."""

from __future__ import annotations

import copy
import logging
import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from sqlalchemy import Select, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import InputError
from bot.identity import ConversationKey, UserKey
from bot.store.core import StoreCore
from bot.store.errors import SessionNotFound, StoreConflict
from bot.store.records import OUTCOME_ABANDONED, SessionRecord, TurnRecord
from bot.store.session_handle import SessionHandle, check_status, turn_record
from bot.store.tables import SessionRow, TurnRow, UserRow

logger = logging.getLogger(__name__)

_CREATE_ATTEMPTS = 3
_SEED_RANGE = range(-(2**63), 2**63)


def session_record(row: SessionRow, user: UserKey) -> SessionRecord:
    return SessionRecord(
        id=row.id,
        user=user,
        conversation=ConversationKey(row.platform, row.tenant, row.conversation_id),
        scenario=row.scenario,
        difficulty=row.difficulty,
        lang=row.lang,
        seed=row.seed,
        status=check_status(row.status),
        outcome=row.outcome,
        state=row.state,
        turn_count=row.turn_count,
        created_at=row.created_at,
        updated_at=row.updated_at,
        ended_at=row.ended_at,
    )


def _with_user(statement: Select[SessionRow]) -> Select[SessionRow, str, str, str]:
    return statement.join(UserRow, UserRow.id == SessionRow.user_id).add_columns(
        UserRow.platform, UserRow.tenant, UserRow.user_id
    )


async def _session_records(db: AsyncSession, statement: Select[SessionRow]) -> list[SessionRecord]:
    result = await db.execute(_with_user(statement))
    return [
        session_record(row, UserKey(platform, tenant, user_id))
        for row, platform, tenant, user_id in result
    ]


@asynccontextmanager
async def _reuse(db: AsyncSession) -> AsyncIterator[AsyncSession]:
    yield db


class SessionQueries(StoreCore):
    async def create_session(
        self,
        user: UserKey,
        conversation: ConversationKey,
        scenario: str,
        difficulty: str,
        lang: str,
        seed: int,
        state: Mapping[str, Any],
    ) -> SessionRecord:
        """Start a role-play. Any other active role-play in the same conversation ends first
        (outcome ``"abandoned"``): a conversation has at most one active session, enforced by a
        unique index even when several instances start one at the same moment (on PostgreSQL
        concurrent starts in one conversation queue on an advisory lock; a start that still
        collides is retried)."""
        if seed not in _SEED_RANGE:
            raise InputError("a session seed must fit in 64 bits")
        for attempt in range(1, _CREATE_ATTEMPTS + 1):
            try:
                return await self._create_session_once(
                    user, conversation, scenario, difficulty, lang, seed, state
                )
            except StoreConflict:
                if attempt == _CREATE_ATTEMPTS:
                    raise
                logger.info("a session start raced another in the same conversation; retrying")
        raise AssertionError("unreachable")

    async def _create_session_once(
        self,
        user: UserKey,
        conversation: ConversationKey,
        scenario: str,
        difficulty: str,
        lang: str,
        seed: int,
        state: Mapping[str, Any],
    ) -> SessionRecord:
        now = self._now()
        async with self._write() as db:
            if self._backend == "postgresql":
                # Queue concurrent starts in one conversation (SQLite's write lock does this).
                await db.execute(
                    text(
                        "SELECT pg_advisory_xact_lock(hashtext('noblesse.start'), hashtext(:key))"
                    ),
                    {"key": str(conversation)},
                )
            user_id = await self._ensure_user(db, user)
            await db.execute(
                update(SessionRow)
                .where(
                    SessionRow.platform == conversation.platform,
                    SessionRow.tenant == conversation.tenant,
                    SessionRow.conversation_id == conversation.conversation_id,
                    SessionRow.status == "active",
                )
                .values(
                    status="ended",
                    outcome=func.coalesce(SessionRow.outcome, OUTCOME_ABANDONED),
                    ended_at=now,
                    updated_at=now,
                    version=SessionRow.version + 1,
                )
                .execution_options(synchronize_session=False)
            )
            row = SessionRow(
                id=uuid.uuid4().hex,
                user_id=user_id,
                platform=conversation.platform,
                tenant=conversation.tenant,
                conversation_id=conversation.conversation_id,
                scenario=scenario,
                difficulty=difficulty,
                lang=lang,
                seed=seed,
                status="active",
                outcome=None,
                state=copy.deepcopy(dict(state)),
                initial_state=copy.deepcopy(dict(state)),
                turn_count=0,
                version=0,
                created_at=now,
                updated_at=now,
                ended_at=None,
            )
            db.add(row)
            await db.flush()
            return session_record(row, user)

    async def get_session(self, session_id: str) -> SessionRecord | None:
        async with self._read() as db:
            found = await _session_records(
                db, select(SessionRow).where(SessionRow.id == session_id)
            )
            return found[0] if found else None

    async def active_session(
        self, user: UserKey, conversation: ConversationKey
    ) -> SessionRecord | None:
        """The user's active role-play in this conversation, if any."""
        async with self._read() as db:
            found = await _session_records(
                db,
                select(SessionRow).where(
                    SessionRow.platform == conversation.platform,
                    SessionRow.tenant == conversation.tenant,
                    SessionRow.conversation_id == conversation.conversation_id,
                    SessionRow.status == "active",
                    UserRow.platform == user.platform,
                    UserRow.tenant == user.tenant,
                    UserRow.user_id == user.user_id,
                ),
            )
            return found[0] if found else None

    async def recent_sessions(self, user: UserKey, limit: int = 10) -> list[SessionRecord]:
        """The user's latest role-plays, newest first."""
        async with self._read() as db:
            return await _session_records(
                db,
                select(SessionRow)
                .where(
                    UserRow.platform == user.platform,
                    UserRow.tenant == user.tenant,
                    UserRow.user_id == user.user_id,
                )
                .order_by(SessionRow.created_at.desc(), SessionRow.id)
                .limit(limit),
            )

    async def turns(self, session_id: str) -> list[TurnRecord]:
        async with self._read() as db:
            rows = await db.scalars(
                select(TurnRow).where(TurnRow.session_id == session_id).order_by(TurnRow.turn_index)
            )
            return [turn_record(row) for row in rows]

    @asynccontextmanager
    async def lock_session(self, session_id: str) -> AsyncIterator[SessionHandle]:
        """Serialise work on one role-play::

            async with store.lock_session(session_id) as s:
                state = step(s.session.state, text)
                await s.append_turn(text, assessment, line, state)

        Blocks for the same session never interleave (across instances on PostgreSQL). The
        handle sees the latest state; its changes are written atomically when the block ends
        and discarded if it raises. Raises ``SessionNotFound`` for an unknown id.
        """
        async with self._session_locks.hold(session_id):
            if self._backend == "postgresql":
                async with self._write(body_connection_errors=False) as db:
                    handle = await self._open_handle(db, session_id, lock=True, reader=_reuse)
                    try:
                        yield handle
                        await handle.apply(db)
                    finally:
                        handle.close()
                return
            async with self._read() as db:
                handle = await self._open_handle(
                    db, session_id, lock=False, reader=lambda _db: self._read()
                )
            try:
                yield handle
                if handle.changed:
                    async with self._write() as db:
                        await handle.apply(db)
            finally:
                handle.close()

    async def _open_handle(
        self,
        db: AsyncSession,
        session_id: str,
        *,
        lock: bool,
        reader: Callable[[AsyncSession], AbstractAsyncContextManager[AsyncSession]],
    ) -> SessionHandle:
        statement = select(SessionRow).where(SessionRow.id == session_id)
        if lock:
            statement = statement.with_for_update()
        row = await db.scalar(statement.execution_options(populate_existing=True))
        if row is None:
            raise SessionNotFound(f"no role-play session {session_id!r}")
        user = await db.get_one(UserRow, row.user_id)
        record = session_record(row, UserKey(user.platform, user.tenant, user.user_id))
        return SessionHandle(
            record,
            version=row.version,
            initial_state=row.initial_state,
            reader=lambda: reader(db),
            clock=self._clock,
        )
