"""Privacy: forgetting a user everywhere, and removing old transcripts.

``forget_user`` walks the foreign keys of the schema, so a table added later that points at
``users`` (directly or through another table) is covered without touching this code; a table
with no route to ``users`` must be listed in ``tables.USER_FREE_TABLES`` or forgetting fails.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, bindparam, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.identity import UserKey
from bot.store.core import StoreCore, check_aware
from bot.store.errors import StoreError
from bot.store.records import OUTCOME_ABANDONED, TRANSCRIPT_STATE_KEYS
from bot.store.tables import USER_FREE_TABLES, Base, SessionRow, TurnRow, UserRow

logger = logging.getLogger(__name__)

_PURGE_BATCH = 500
# What a purged turn keeps of its assessment: the scores and habits, none of the words.
KEPT_ASSESSMENT_FIELDS = ("stance", "dominance", "affiliation", "confidence", "lang", "habits")


def _owned_by(table: Table, user_id: int) -> ColumnElement[bool] | None:
    """A condition selecting the rows of ``table`` that belong to the user, or None."""
    users = Base.metadata.tables[UserRow.__tablename__]
    if table is users:
        return users.c.id == user_id
    for foreign_key in table.foreign_keys:
        parent = foreign_key.column.table
        if parent is users:
            return foreign_key.parent == user_id
        if not isinstance(parent, Table) or parent is table:
            continue
        condition = _owned_by(parent, user_id)
        if condition is not None:
            return foreign_key.parent.in_(select(foreign_key.column).where(condition))
    return None


_TURNS = Base.metadata.tables["turns"]
_CLEAR_TURN = (
    update(_TURNS)
    .where(_TURNS.c.id == bindparam("turn"))
    .values(
        salesperson_text=None,
        customer_line=None,
        assessment=bindparam("kept"),
        state=bindparam("state"),
    )
)
_SESSIONS = Base.metadata.tables["sessions"]
_CLEAR_SESSION = (
    update(_SESSIONS)
    .where(_SESSIONS.c.id == bindparam("session"))
    .values(state=bindparam("state"), initial_state=bindparam("initial"))
)


def reduced_assessment(assessment: dict[str, Any]) -> dict[str, Any]:
    return {key: assessment[key] for key in KEPT_ASSESSMENT_FIELDS if key in assessment}


def has_words(state: Any) -> bool:
    return isinstance(state, dict) and any(key in state for key in TRANSCRIPT_STATE_KEYS)


def without_words(state: Any) -> dict[str, Any]:
    if not isinstance(state, dict):
        return {}
    return {key: value for key, value in state.items() if key not in TRANSCRIPT_STATE_KEYS}


class PrivacyQueries(StoreCore):
    async def forget_user(self, key: UserKey) -> dict[str, int]:
        """Delete every row about the user from every table, in one transaction. Returns the
        number of rows deleted per table (every table that can hold user data is listed)."""
        async with self._write() as db:
            user_id = await self._user_id(db, key)
            deleted = await self._delete_owned(db, user_id)
        for remembered in [k for k in self._active_hints if k[0] == key]:
            del self._active_hints[remembered]
        logger.info("forgot a user: %d rows", sum(deleted.values()))
        return deleted

    async def _delete_owned(self, db: AsyncSession, user_id: int | None) -> dict[str, int]:
        deleted: dict[str, int] = {}
        for table in reversed(Base.metadata.sorted_tables):
            if table.name in USER_FREE_TABLES:
                continue
            condition = _owned_by(table, -1 if user_id is None else user_id)
            if condition is None:
                raise StoreError(
                    f"table {table.name} has no link to users and is not declared user-free"
                )
            if user_id is None:
                deleted[table.name] = 0
                continue
            result = await db.execute(delete(table).where(condition))
            deleted[table.name] = int(getattr(result, "rowcount", 0))
        return deleted

    async def purge_transcripts(self, older_than: datetime) -> int:
        """Remove the words of role-plays last touched before ``older_than``.

        Removed: the salesperson's text, the customer's line, the assessment's quotes, advice
        and rewrite, and the ``TRANSCRIPT_STATE_KEYS`` (the customer's last words) of every
        stored customer state. Kept: the sessions, each turn's index and stance, the
        assessment's scores and habits (so progress, habit counts and scorecards stay right)
        and the rest of the customer state. A session still active is ended with outcome
        ``"abandoned"``. Returns the number of turns whose text was removed.
        """
        check_aware(older_than)
        purged = 0
        after = ""
        while True:
            async with self._write() as db:
                sessions = list(
                    await db.execute(
                        select(SessionRow.id, SessionRow.state, SessionRow.initial_state)
                        .where(SessionRow.updated_at < older_than, SessionRow.id > after)
                        .order_by(SessionRow.id)
                        .limit(_PURGE_BATCH)
                    )
                )
                if sessions:
                    after = sessions[-1].id
                    purged += await self._purge_sessions(db, sessions)
            if len(sessions) < _PURGE_BATCH:
                break
        if purged:
            logger.info("purged the texts of %d role-play turns", purged)
        return purged

    async def _purge_sessions(self, db: AsyncSession, sessions: list[Any]) -> int:
        ids = [session_id for session_id, _, _ in sessions]
        changed_states = [
            {"session": session_id, "state": without_words(state), "initial": without_words(first)}
            for session_id, state, first in sessions
            if has_words(state) or has_words(first)
        ]
        if changed_states:
            await db.execute(_CLEAR_SESSION, changed_states)
        await db.execute(
            update(SessionRow)
            .where(SessionRow.id.in_(ids), SessionRow.status == "active")
            .values(
                status="ended",
                outcome=func.coalesce(SessionRow.outcome, OUTCOME_ABANDONED),
                ended_at=self._now(),
                version=SessionRow.version + 1,
            )
            .execution_options(synchronize_session=False)
        )
        turns = await db.execute(
            select(TurnRow.id, TurnRow.assessment, TurnRow.state).where(
                TurnRow.session_id.in_(ids),
                or_(
                    TurnRow.salesperson_text.is_not(None),
                    TurnRow.customer_line.is_not(None),
                ),
            )
        )
        cleared = [
            {
                "turn": turn_id,
                "kept": reduced_assessment(assessment or {}),
                "state": without_words(state),
            }
            for turn_id, assessment, state in turns
        ]
        if cleared:
            await db.execute(_CLEAR_TURN, cleared)
        return len(cleared)
