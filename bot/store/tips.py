"""Daily tips: which tips a user has had, and the once-a-day claim that several instances race for.

The scheduler claims a user's tip for a local date *before* sending it. The claim is an insert
guarded by a unique (user, local date) constraint, so exactly one claimer wins however many
instances try; a failed send releases the claim so that a later attempt can take it again.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select, update

from bot.identity import UserKey
from bot.store.core import StoreCore
from bot.store.tables import TipDeliveryRow


class TipQueries(StoreCore):
    async def delivered_tip_ids(self, user: UserKey) -> list[str]:
        """Ids of the tips the user received, oldest first (claimed but unsent ones excluded)."""
        async with self._read() as db:
            user_id = await self._user_id(db, user)
            if user_id is None:
                return []
            rows = await db.scalars(
                select(TipDeliveryRow.tip_id)
                .where(TipDeliveryRow.user_id == user_id, TipDeliveryRow.status == "sent")
                .order_by(TipDeliveryRow.local_date, TipDeliveryRow.id)
            )
            return list(rows)

    async def tip_on(self, user: UserKey, local_date: date) -> str | None:
        """The id of the tip claimed (sent or not) for the user's ``local_date``, if any."""
        async with self._read() as db:
            user_id = await self._user_id(db, user)
            if user_id is None:
                return None
            return await db.scalar(
                select(TipDeliveryRow.tip_id).where(
                    TipDeliveryRow.user_id == user_id, TipDeliveryRow.local_date == local_date
                )
            )

    async def claim_tip(self, user: UserKey, tip_id: str, local_date: date) -> bool:
        """Claim the user's tip for ``local_date``: True for the one caller that gets it, False
        for everyone else that day (the unique constraint decides, not a prior read)."""
        async with self._write() as db:
            user_id = await self._ensure_user(db, user)
            claimed = await db.scalar(
                self._insert(TipDeliveryRow)
                .values(
                    user_id=user_id,
                    tip_id=tip_id,
                    local_date=local_date,
                    status="claimed",
                    claimed_at=self._now(),
                    sent_at=None,
                )
                .on_conflict_do_nothing(index_elements=["user_id", "local_date"])
                .returning(TipDeliveryRow.id)
            )
            return claimed is not None

    async def mark_tip_sent(self, user: UserKey, local_date: date) -> bool:
        """Record that the claimed tip went out. False if there was no claim to confirm."""
        async with self._write() as db:
            user_id = await self._user_id(db, user)
            if user_id is None:
                return False
            result = await db.execute(
                update(TipDeliveryRow)
                .where(
                    TipDeliveryRow.user_id == user_id,
                    TipDeliveryRow.local_date == local_date,
                    TipDeliveryRow.status == "claimed",
                )
                .values(status="sent", sent_at=self._now())
                .execution_options(synchronize_session=False)
            )
            return bool(getattr(result, "rowcount", 0))

    async def release_tip(self, user: UserKey, local_date: date) -> bool:
        """Give up a claim whose send failed, so that the day's tip can be claimed again.
        A tip already marked sent is kept. False if there was no claim to release."""
        async with self._write() as db:
            user_id = await self._user_id(db, user)
            if user_id is None:
                return False
            result = await db.execute(
                delete(TipDeliveryRow)
                .where(
                    TipDeliveryRow.user_id == user_id,
                    TipDeliveryRow.local_date == local_date,
                    TipDeliveryRow.status == "claimed",
                )
                .execution_options(synchronize_session=False)
            )
            return bool(getattr(result, "rowcount", 0))
