"""Processed platform events, so that a retried delivery (Slack's ``X-Slack-Retry-Num``, a
Teams redelivery) is handled once, even when the retry lands on another instance."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import delete

from bot.store.core import StoreCore, check_aware
from bot.store.tables import ProcessedEventRow

_MAX_EVENT_ID = 255


def event_key(event_id: str) -> str:
    """The stored form of an event id; ids too long for the column are hashed."""
    if len(event_id) <= _MAX_EVENT_ID:
        return event_id
    return "sha256:" + hashlib.sha256(event_id.encode("utf-8")).hexdigest()


class EventQueries(StoreCore):
    async def mark_event_processed(self, event_id: str) -> bool:
        """True the first time an event id is seen, False for every repeat (atomic: an insert
        that does nothing on conflict, safe across instances)."""
        async with self._write() as db:
            inserted = await db.scalar(
                self._insert(ProcessedEventRow)
                .values(event_id=event_key(event_id), seen_at=self._now())
                .on_conflict_do_nothing(index_elements=["event_id"])
                .returning(ProcessedEventRow.id)
            )
            return inserted is not None

    async def purge_events(self, older_than: datetime) -> int:
        """Forget event ids seen before ``older_than``; returns how many were removed."""
        check_aware(older_than)
        async with self._write() as db:
            result = await db.execute(
                delete(ProcessedEventRow)
                .where(ProcessedEventRow.seen_at < older_than)
                .execution_options(synchronize_session=False)
            )
            return int(getattr(result, "rowcount", 0))
