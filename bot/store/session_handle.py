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

import copy
import dataclasses
from collections.abc import Callable, Mapping
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

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
from bot.store.tables import SessionRow, TurnRow

Reader = Callable[[], AbstractAsyncContextManager[AsyncSession]]


def assessment_dict(assessment: Assessment | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(assessment, Assessment):
        return assessment.to_dict()
    return copy.deepcopy(dict(assessment))


def without_nul(text: str) -> str:
    """PostgreSQL text cannot hold NUL characters; pasted text sometimes does."""
    return text.replace("\x00", "")


def stance_of(assessment: Mapping[str, Any]) -> str | None:
    stance = assessment.get("stance")
    return stance if stance in STANCES else None


def turn_record(row: TurnRow) -> TurnRecord:
    return TurnRecord(
        session_id=row.session_id,
        index=row.turn_index,
        salesperson_text=row.salesperson_text,
        assessment=row.assessment,
        stance=row.stance,
        customer_line=row.customer_line,
        state=row.state,
        created_at=row.created_at,
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
        initial_state: dict[str, Any],
        reader: Reader,
        clock: Callable[[], datetime],
    ) -> None:
        self._record = record
        self._version = version
        self._initial_state = initial_state
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
            rows = await db.scalars(
                select(TurnRow)
                .where(TurnRow.session_id == self._record.id, TurnRow.turn_index < self._keep)
                .order_by(TurnRow.turn_index)
            )
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
            state=copy.deepcopy(dict(state)),
            created_at=now,
        )
        self._pending.append(turn)
        self._record = dataclasses.replace(
            self._record,
            state=copy.deepcopy(dict(state)),
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
            restored = self._initial_state
        elif self._pending:
            restored = self._pending[-1].state
        else:
            restored = await self._persisted_state(remaining - 1)
        self._record = dataclasses.replace(
            self._record,
            state=copy.deepcopy(restored),
            turn_count=remaining,
            updated_at=self._clock(),
        )
        self._changed = True
        return copy.deepcopy(restored)

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
        changes: dict[str, Any] = {"state": copy.deepcopy(dict(state)), "updated_at": now}
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
            state = await db.scalar(
                select(TurnRow.state).where(
                    TurnRow.session_id == self._record.id, TurnRow.turn_index == index
                )
            )
        if state is None:
            raise StoreConflict("a turn of this session disappeared while it was locked")
        return dict(state)

    async def apply(self, db: AsyncSession) -> None:
        """Write this block's changes in ``db``'s transaction (called by ``lock_session``)."""
        if not self._changed:
            return
        record = self._record
        result = await db.execute(
            update(SessionRow)
            .where(SessionRow.id == record.id, SessionRow.version == self._version)
            .values(
                state=record.state,
                status=record.status,
                outcome=record.outcome,
                turn_count=record.turn_count,
                updated_at=record.updated_at,
                ended_at=record.ended_at,
                version=self._version + 1,
            )
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0) != 1:
            raise StoreConflict("the session was changed or removed by another writer")
        if self._keep < self._persisted_count:
            await db.execute(
                delete(TurnRow)
                .where(TurnRow.session_id == record.id, TurnRow.turn_index >= self._keep)
                .execution_options(synchronize_session=False)
            )
        if self._pending:
            await db.execute(
                insert(TurnRow),
                [
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
                ],
            )

    def close(self) -> None:
        self._open = False
