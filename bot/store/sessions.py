"""Role-play sessions and their turns, with serialised updates (``lock_session``)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from sqlalchemy import bindparam, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.errors import InputError
from bot.identity import ConversationKey, UserKey
from bot.store.core import USERS, StoreCore
from bot.store.errors import SessionNotFound, StoreConflict
from bot.store.records import OUTCOME_ABANDONED, SessionRecord, TurnRecord
from bot.store.session_handle import (
    SESSIONS,
    TURN_COLUMNS,
    TURNS,
    SessionHandle,
    check_status,
    copy_state,
    turn_record,
)

logger = logging.getLogger(__name__)

_CREATE_ATTEMPTS = 3
_LOOKUP_ATTEMPTS = 3
_SEED_RANGE = range(-(2**63), 2**63)

# A session with its user's key (and its version, for the lock); built once, see session_handle.
_SESSION_WITH_USER = select(
    SESSIONS.c.id,
    USERS.c.platform,
    USERS.c.tenant,
    USERS.c.user_id,
    SESSIONS.c.platform,
    SESSIONS.c.tenant,
    SESSIONS.c.conversation_id,
    SESSIONS.c.scenario,
    SESSIONS.c.difficulty,
    SESSIONS.c.lang,
    SESSIONS.c.seed,
    SESSIONS.c.status,
    SESSIONS.c.outcome,
    SESSIONS.c.state,
    SESSIONS.c.turn_count,
    SESSIONS.c.created_at,
    SESSIONS.c.updated_at,
    SESSIONS.c.ended_at,
    SESSIONS.c.version,
).join(USERS, USERS.c.id == SESSIONS.c.user_id)
_SESSION_BY_ID = _SESSION_WITH_USER.where(SESSIONS.c.id == bindparam("session"))
# FOR UPDATE OF sessions: the user's row stays unlocked (their other sessions, settings).
_SESSION_BY_ID_FOR_UPDATE = _SESSION_BY_ID.with_for_update(of=SESSIONS)
_ACTIVE_SESSION = _SESSION_WITH_USER.where(
    SESSIONS.c.platform == bindparam("conversation_platform"),
    SESSIONS.c.tenant == bindparam("conversation_tenant"),
    SESSIONS.c.conversation_id == bindparam("conversation"),
    SESSIONS.c.status == "active",
    USERS.c.platform == bindparam("platform"),
    USERS.c.tenant == bindparam("tenant"),
    USERS.c.user_id == bindparam("user"),
)
_SESSION_TURNS = (
    select(*TURN_COLUMNS)
    .where(TURNS.c.session_id == bindparam("session"))
    .order_by(TURNS.c.turn_index)
)
_END_ACTIVE_IN_CONVERSATION = (
    update(SESSIONS)
    .where(
        SESSIONS.c.platform == bindparam("conversation_platform"),
        SESSIONS.c.tenant == bindparam("conversation_tenant"),
        SESSIONS.c.conversation_id == bindparam("conversation"),
        SESSIONS.c.status == "active",
    )
    .values(
        status="ended",
        outcome=func.coalesce(SESSIONS.c.outcome, OUTCOME_ABANDONED),
        ended_at=bindparam("now"),
        updated_at=bindparam("now"),
        version=SESSIONS.c.version + 1,
    )
)
_ADD_SESSION = insert(SESSIONS)
_START_LOCK = text("SELECT pg_advisory_xact_lock(hashtext('noblesse.start'), hashtext(:key))")


def session_record(row: Sequence[Any]) -> SessionRecord:
    """A session from a row of ``_SESSION_WITH_USER`` (the version, last, is left out)."""
    (
        session_id,
        user_platform,
        user_tenant,
        user_id,
        platform,
        tenant,
        conversation_id,
        scenario,
        difficulty,
        lang,
        seed,
        status,
        outcome,
        state,
        turn_count,
        created_at,
        updated_at,
        ended_at,
        _version,
    ) = row
    return SessionRecord(
        id=session_id,
        user=UserKey(user_platform, user_tenant, user_id),
        conversation=ConversationKey(platform, tenant, conversation_id),
        scenario=scenario,
        difficulty=difficulty,
        lang=lang,
        seed=seed,
        status=check_status(status),
        outcome=outcome,
        state=state,
        turn_count=turn_count,
        created_at=created_at,
        updated_at=updated_at,
        ended_at=ended_at,
    )


def _conversation_params(conversation: ConversationKey) -> dict[str, str]:
    return {
        "conversation_platform": conversation.platform,
        "conversation_tenant": conversation.tenant,
        "conversation": conversation.conversation_id,
    }


def _active_params(user: UserKey, conversation: ConversationKey) -> dict[str, str]:
    return {
        **_conversation_params(conversation),
        "platform": user.platform,
        "tenant": user.tenant,
        "user": user.user_id,
    }


@asynccontextmanager
async def _reuse(db: AsyncConnection) -> AsyncIterator[AsyncConnection]:
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
        async with self._write_connection() as db:
            if self._backend == "postgresql":
                # Queue concurrent starts in one conversation (SQLite's write lock does this).
                await db.execute(_START_LOCK, {"key": str(conversation)})
            user_id = await self._ensure_user(db, user)
            await db.execute(
                _END_ACTIVE_IN_CONVERSATION, {**_conversation_params(conversation), "now": now}
            )
            record = SessionRecord(
                id=uuid.uuid4().hex,
                user=user,
                conversation=conversation,
                scenario=scenario,
                difficulty=difficulty,
                lang=lang,
                seed=seed,
                status="active",
                outcome=None,
                state=copy_state(state),
                turn_count=0,
                created_at=now,
                updated_at=now,
                ended_at=None,
            )
            await db.execute(
                _ADD_SESSION,
                {
                    "id": record.id,
                    "user_id": user_id,
                    "platform": conversation.platform,
                    "tenant": conversation.tenant,
                    "conversation_id": conversation.conversation_id,
                    "scenario": scenario,
                    "difficulty": difficulty,
                    "lang": lang,
                    "seed": seed,
                    "status": "active",
                    "outcome": None,
                    "state": record.state,
                    "initial_state": record.state,
                    "turn_count": 0,
                    "version": 0,
                    "created_at": now,
                    "updated_at": now,
                    "ended_at": None,
                },
            )
        self._remember_active(user, conversation, record.id)
        return record

    async def get_session(self, session_id: str) -> SessionRecord | None:
        async with self._read_one() as db:
            row = (await db.execute(_SESSION_BY_ID, {"session": session_id})).first()
        return None if row is None else session_record(row)

    async def active_session(
        self, user: UserKey, conversation: ConversationKey
    ) -> SessionRecord | None:
        """The user's active role-play in this conversation, if any."""
        async with self._read_one() as db:
            row = (await db.execute(_ACTIVE_SESSION, _active_params(user, conversation))).first()
        if row is None:
            self._active_hints.pop((user, conversation), None)
            return None
        found = session_record(row)
        self._remember_active(user, conversation, found.id)
        return found

    async def recent_sessions(self, user: UserKey, limit: int = 10) -> list[SessionRecord]:
        """The user's latest role-plays, newest first."""
        async with self._read_one() as db:
            rows = await db.execute(
                _SESSION_WITH_USER.where(
                    USERS.c.platform == user.platform,
                    USERS.c.tenant == user.tenant,
                    USERS.c.user_id == user.user_id,
                )
                .order_by(SESSIONS.c.created_at.desc(), SESSIONS.c.id)
                .limit(limit)
            )
            return [session_record(row) for row in rows]

    async def turns(self, session_id: str) -> list[TurnRecord]:
        async with self._read_one() as db:
            rows = await db.execute(_SESSION_TURNS, {"session": session_id})
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
        async with self._holding(session_id) as handle:
            if handle is None:
                raise SessionNotFound(f"no role-play session {session_id!r}")
            yield handle

    @asynccontextmanager
    async def lock_active_session(
        self, user: UserKey, conversation: ConversationKey
    ) -> AsyncIterator[SessionHandle | None]:
        """``lock_session`` on the user's active role-play in this conversation, found and
        locked in one step; yields ``None`` when there is none::

            async with store.lock_active_session(user, conversation) as s:
                if s is None:
                    ...  # no role-play going on

        The session is checked under the lock (still active, still this user's in this
        conversation), so the handle never holds a session that ended or was replaced in the
        meantime. A turn usually costs one read here: the store remembers which session it last
        saw active in each conversation and reads that one directly.
        """
        key = (user, conversation)
        session_id = self._active_hints.get(key)
        for _ in range(_LOOKUP_ATTEMPTS):
            if session_id is None:
                found = await self.active_session(user, conversation)
                if found is None:
                    yield None
                    return
                session_id = found.id
            async with self._holding(session_id, owner=key) as handle:
                if handle is not None:
                    yield handle
                    return
            if self._active_hints.get(key) == session_id:
                del self._active_hints[key]
            session_id = None
        raise StoreConflict("the active role-play in this conversation kept changing")

    @asynccontextmanager
    async def _holding(
        self, session_id: str, *, owner: tuple[UserKey, ConversationKey] | None = None
    ) -> AsyncIterator[SessionHandle | None]:
        """The lock behind ``lock_session``: yields a handle on the session, or ``None`` when it
        does not exist (or, with ``owner``, is not that user's active role-play in that
        conversation). Writes the handle's changes when the block ends without error."""
        async with self._session_locks.hold(session_id):
            if self._backend == "postgresql":
                async with self._write_connection(body_connection_errors=False) as db:
                    row = (
                        await db.execute(_SESSION_BY_ID_FOR_UPDATE, {"session": session_id})
                    ).first()
                    handle = self._handle(row, owner, reader=lambda: _reuse(db))
                    if handle is None:
                        yield None
                        return
                    try:
                        yield handle
                        await handle.apply(db)
                    finally:
                        handle.close()
                self._after_write(handle)
                return
            async with self._read_one() as db:
                row = (await db.execute(_SESSION_BY_ID, {"session": session_id})).first()
            handle = self._handle(row, owner, reader=self._read_one)
            if handle is None:
                yield None
                return
            try:
                yield handle
                if handle.changed:
                    async with self._write_connection() as db:
                        await handle.apply(db)
            finally:
                handle.close()
            self._after_write(handle)

    def _handle(
        self,
        row: Sequence[Any] | None,
        owner: tuple[UserKey, ConversationKey] | None,
        *,
        reader: Callable[[], AbstractAsyncContextManager[AsyncConnection]],
    ) -> SessionHandle | None:
        if row is None:
            return None
        record = session_record(row)
        if owner is not None and (not record.active or (record.user, record.conversation) != owner):
            return None
        return SessionHandle(record, version=row[-1], reader=reader, clock=self._clock)

    def _after_write(self, handle: SessionHandle) -> None:
        """Forget a conversation's active session once a block has ended it."""
        record = handle.session
        if handle.changed and not record.active:
            key = (record.user, record.conversation)
            if self._active_hints.get(key) == record.id:
                del self._active_hints[key]
