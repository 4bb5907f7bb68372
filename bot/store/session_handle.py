"""The handle ``Store.lock_session`` yields: one role-play session, serialised and atomic.

The handle keeps its changes in memory and writes them in one transaction when the block ends
(nothing is written if the block raises). On PostgreSQL the block runs inside a transaction that
holds ``SELECT ... FOR UPDATE`` on the session row, so blocks on other instances wait for it.
On SQLite an in-process lock per session serialises blocks, and the session's ``version`` column
turns an interleaving write from another process into a ``StoreConflict`` instead of a lost
update; the SQLite write lock is only taken for the final write, so a slow block (a language
model call) does not hold up other users.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.errors import InputError
from bot.footing.model import STANCES, Assessment
from bot.store.errors import StoreConflict, StoreError
from bot.store.records import (
    SESSION_STATUSES,
    UNSET,
    SessionRecord,
    SessionStatus,
    TurnRecord,
    Unset,
)
from bot.store.tables import Base

# Opens a connection for one read: the locked transaction itself (PostgreSQL) or a fresh one.
Reader = Callable[[], AbstractAsyncContextManager[AsyncConnection]]

SESSIONS: Table = Base.metadata.tables["sessions"]
TURNS: Table = Base.metadata.tables["turns"]

# The hot path's statements, built once: building a statement costs more than running it.
TURN_COLUMNS = (
    TURNS.c.session_id,
    TURNS.c.turn_index,
    TURNS.c.salesperson_text,
    TURNS.c.assessment,
    TURNS.c.stance,
    TURNS.c.customer_line,
    TURNS.c.state,
    TURNS.c.created_at,
)
_TURNS_BEFORE = (
    select(*TURN_COLUMNS)
    .where(TURNS.c.session_id == bindparam("session"), TURNS.c.turn_index < bindparam("keep"))
    .order_by(TURNS.c.turn_index)
)
_TURN_STATE = select(TURNS.c.state).where(
    TURNS.c.session_id == bindparam("session"), TURNS.c.turn_index == bindparam("index")
)
_INITIAL_STATE = select(SESSIONS.c.initial_state).where(SESSIONS.c.id == bindparam("session"))
_SAVE_SESSION = (
    update(SESSIONS)
    .where(SESSIONS.c.id == bindparam("session"), SESSIONS.c.version == bindparam("expected"))
    .values(
        state=bindparam("new_state"),
        status=bindparam("new_status"),
        outcome=bindparam("new_outcome"),
        turn_count=bindparam("new_turn_count"),
        updated_at=bindparam("new_updated_at"),
        ended_at=bindparam("new_ended_at"),
        version=bindparam("next_version"),
    )
)
_DROP_TURNS_FROM = delete(TURNS).where(
    TURNS.c.session_id == bindparam("session"), TURNS.c.turn_index >= bindparam("keep")
)
_ADD_TURNS = insert(TURNS)


def copy_json(value: Any) -> Any:
    """A deep copy of JSON-shaped data (dicts, lists, tuples, scalars): what ``copy.deepcopy``
    does for a stored state, several times faster. Other objects are shared, not copied."""
    if isinstance(value, dict):
        return {key: copy_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copy_json(item) for item in value]
    if isinstance(value, tuple):
        return tuple(copy_json(item) for item in value)
    return value


def copy_state(state: Mapping[str, Any]) -> dict[str, Any]:
    return {key: copy_json(item) for key, item in state.items()}


def assessment_dict(assessment: Assessment | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(assessment, Assessment):
        return assessment.to_dict()
    return copy_state(assessment)


def without_nul(text: str) -> str:
    """PostgreSQL text cannot hold NUL characters; pasted text sometimes does."""
    return text.replace("\x00", "")


def stance_of(assessment: Mapping[str, Any]) -> str | None:
    stance = assessment.get("stance")
    return stance if stance in STANCES else None


def turn_record(row: Sequence[Any]) -> TurnRecord:
    """A turn from a row of ``TURN_COLUMNS``."""
    session_id, index, salesperson_text, assessment, stance, customer_line, state, created = row
    return TurnRecord(
        session_id=session_id,
        index=index,
        salesperson_text=salesperson_text,
        assessment=assessment,
        stance=stance,
        customer_line=customer_line,
        state=state,
        created_at=created,
    )


def check_status(status: str) -> SessionStatus:
    for known in SESSION_STATUSES:
        if status == known:
            return known
    raise InputError(f"a session status is one of {', '.join(SESSION_STATUSES)}, not {status!r}")


class SessionHandle:
    """A locked role-play session. Use only inside its ``async with`` block."""

    def __init__(
        self,
        record: SessionRecord,
        *,
        version: int,
        reader: Reader,
        clock: Callable[[], datetime],
    ) -> None:
        self._record = record
        self._version = version
        self._initial_state: dict[str, Any] | None = None  # read when a rewind needs it
        self._reader = reader
        self._clock = clock
        self._persisted_count = record.turn_count
        self._keep = record.turn_count  # persisted turns with index >= _keep are deleted
        self._pending: list[TurnRecord] = []
        self._changed = False
        self._open = True

    @property
    def session(self) -> SessionRecord:
        """The session as it stands, including this block's changes."""
        return self._record

    @property
    def changed(self) -> bool:
        return self._changed

    def _check_open(self) -> None:
        if not self._open:
            raise StoreError("a session handle is used outside its lock_session block")

    async def turns(self) -> list[TurnRecord]:
        """The session's turns in order, including this block's changes."""
        self._check_open()
        async with self._reader() as db:
            rows = await db.execute(_TURNS_BEFORE, {"session": self._record.id, "keep": self._keep})
            persisted = [turn_record(row) for row in rows]
        return persisted + list(self._pending)

    async def append_turn(
        self,
        salesperson_text: str,
        assessment: Assessment | Mapping[str, Any],
        customer_line: str | None,
        state: Mapping[str, Any],
    ) -> TurnRecord:
        """Add a turn; ``state`` is the customer's state after it and becomes the session's."""
        self._check_open()
        data = assessment_dict(assessment)
        now = self._clock()
        turn = TurnRecord(
            session_id=self._record.id,
            index=self._record.turn_count,
            salesperson_text=without_nul(salesperson_text),
            assessment=data,
            stance=stance_of(data),
            customer_line=None if customer_line is None else without_nul(customer_line),
            state=copy_state(state),
            created_at=now,
        )
        self._pending.append(turn)
        self._record = dataclasses.replace(
            self._record,
            state=copy_state(state),
            turn_count=turn.index + 1,
            updated_at=now,
        )
        self._changed = True
        return turn

    async def remove_last_turn(self) -> dict[str, Any] | None:
        """Undo the last turn (a rewind). Returns the customer state to continue from, which is
        also the session's state now; ``None`` when there is no turn to remove."""
        self._check_open()
        if self._record.turn_count == 0:
            return None
        if self._pending:
            self._pending.pop()
        else:
            self._keep -= 1
        remaining = self._record.turn_count - 1
        if remaining == 0:
            restored = await self._first_state()
        elif self._pending:
            restored = self._pending[-1].state
        else:
            restored = await self._persisted_state(remaining - 1)
        self._record = dataclasses.replace(
            self._record,
            state=copy_state(restored),
            turn_count=remaining,
            updated_at=self._clock(),
        )
        self._changed = True
        return copy_state(restored)

    async def set_state(
        self,
        state: Mapping[str, Any],
        *,
        status: SessionStatus | None = None,
        outcome: str | Unset | None = UNSET,
    ) -> SessionRecord:
        """Replace the customer state; optionally end (or reopen) the session and set its
        outcome. Ending stamps ``ended_at``; reopening clears it."""
        self._check_open()
        now = self._clock()
        changes: dict[str, Any] = {"state": copy_state(state), "updated_at": now}
        if status is not None:
            status = check_status(status)
            changes["status"] = status
            if status == "ended" and self._record.status != "ended":
                changes["ended_at"] = now
            elif status == "active":
                changes["ended_at"] = None
        if not isinstance(outcome, Unset):
            changes["outcome"] = outcome
        self._record = dataclasses.replace(self._record, **changes)
        self._changed = True
        return self._record

    async def _persisted_state(self, index: int) -> dict[str, Any]:
        async with self._reader() as db:
            state = await db.scalar(_TURN_STATE, {"session": self._record.id, "index": index})
        if state is None:
            raise StoreConflict("a turn of this session disappeared while it was locked")
        return dict(state)

    async def _first_state(self) -> dict[str, Any]:
        """The customer state before the first turn."""
        if self._initial_state is None:
            async with self._reader() as db:
                state = await db.scalar(_INITIAL_STATE, {"session": self._record.id})
            if state is None:
                raise StoreConflict("this session disappeared while it was locked")
            self._initial_state = dict(state)
        return self._initial_state

    async def apply(self, db: AsyncConnection) -> None:
        """Write this block's changes in ``db``'s transaction (called by ``lock_session``)."""
        if not self._changed:
            return
        record = self._record
        result = await db.execute(
            _SAVE_SESSION,
            {
                "session": record.id,
                "expected": self._version,
                "new_state": record.state,
                "new_status": record.status,
                "new_outcome": record.outcome,
                "new_turn_count": record.turn_count,
                "new_updated_at": record.updated_at,
                "new_ended_at": record.ended_at,
                "next_version": self._version + 1,
            },
        )
        if result.rowcount != 1:
            raise StoreConflict("the session was changed or removed by another writer")
        if self._keep < self._persisted_count:
            await db.execute(_DROP_TURNS_FROM, {"session": record.id, "keep": self._keep})
        if self._pending:
            rows = [
                {
                    "session_id": turn.session_id,
                    "turn_index": turn.index,
                    "salesperson_text": turn.salesperson_text,
                    "assessment": turn.assessment,
                    "stance": turn.stance,
                    "customer_line": turn.customer_line,
                    "state": turn.state,
                    "created_at": turn.created_at,
                }
                for turn in self._pending
            ]
            await db.execute(_ADD_TURNS, rows[0] if len(rows) == 1 else rows)

    def close(self) -> None:
        self._open = False
