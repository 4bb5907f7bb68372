"""Conversation references: where the bot may message a user on its own (daily tips)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select, update

from bot.identity import UserKey
from bot.store.core import StoreCore
from bot.store.records import ConversationRef
from bot.store.tables import ConversationRefRow


class ConversationRefQueries(StoreCore):
    async def save_conversation_ref(
        self, user: UserKey, platform: str, ref: Mapping[str, Any]
    ) -> None:
        """Store (or replace) the reference and enable proactive sends again."""
        now = self._now()
        reference = copy.deepcopy(dict(ref))
        async with self._write() as db:
            user_id = await self._ensure_user(db, user)
            statement = self._insert(ConversationRefRow).values(
                user_id=user_id,
                platform=platform,
                reference=reference,
                disabled=False,
                created_at=now,
                updated_at=now,
            )
            await db.execute(
                statement.on_conflict_do_update(
                    index_elements=["user_id", "platform"],
                    set_={"reference": reference, "disabled": False, "updated_at": now},
                )
            )

    async def get_conversation_ref(self, user: UserKey, platform: str) -> ConversationRef | None:
        """The stored reference, disabled or not (check ``disabled`` before sending)."""
        async with self._read() as db:
            user_id = await self._user_id(db, user)
            if user_id is None:
                return None
            row = await db.scalar(
                select(ConversationRefRow).where(
                    ConversationRefRow.user_id == user_id, ConversationRefRow.platform == platform
                )
            )
            if row is None:
                return None
            return ConversationRef(
                user=user,
                platform=row.platform,
                reference=row.reference,
                disabled=row.disabled,
                updated_at=row.updated_at,
            )

    async def disable_conversation_ref(self, user: UserKey, platform: str) -> bool:
        """Stop proactive sends (the app was removed, the user blocked it). False if no
        reference was stored."""
        async with self._write() as db:
            user_id = await self._user_id(db, user)
            if user_id is None:
                return False
            result = await db.execute(
                update(ConversationRefRow)
                .where(
                    ConversationRefRow.user_id == user_id, ConversationRefRow.platform == platform
                )
                .values(disabled=True, updated_at=self._now())
                .execution_options(synchronize_session=False)
            )
            return bool(getattr(result, "rowcount", 0))
