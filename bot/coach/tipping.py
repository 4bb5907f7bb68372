"""Which tip a user gets today, and claiming it once (also across several instances).

"Today's tip" is one per user per local day: asking for a tip, and the scheduler's daily
delivery, share it, so a user never gets two different tips on one day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from bot.coach.messages import pick_lang, say
from bot.coach.replies import TipCard
from bot.store import Store
from bot.store.records import UserRecord
from bot.tips import Catalogue, Tip, choose_tip, load_catalogue, resolve_zone


def local_today(user: UserRecord, now: datetime) -> date:
    """The user's calendar date at ``now`` (an aware datetime), in their time zone."""
    return now.astimezone(resolve_zone(user.tz or "UTC")).date()


def tip_card(tip: Tip) -> TipCard:
    exercise_label = tip.exercise_label or say(tip.lang, "tip_exercise")
    return TipCard(
        lang=tip.lang,
        tip_id=tip.id,
        title=tip.title,
        body=tip.body,
        exercise=tip.exercise,
        exercise_label=exercise_label,
        habits=tuple(str(h) for h in tip.habits),
        text=tip.to_text(),
    )


class TipPicker:
    """Chooses and claims users' daily tips from the catalogue."""

    def __init__(
        self,
        store: Store,
        *,
        catalogue: Catalogue | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.store = store
        self.catalogue = catalogue or load_catalogue()
        self.clock = clock

    async def choose(self, user: UserRecord, lang: str, local_date: date) -> Tip:
        """The tip this user should get on ``local_date``: no repeat before the catalogue is
        used up, biased to the habit they most need to practise."""
        delivered = await self.store.delivered_tip_ids(user.key)
        counts = await self.store.habit_counts(user.key)
        analysed = await self.store.message_count(user.key)
        return choose_tip(
            self.catalogue,
            pick_lang(lang),
            delivered,
            counts,
            seed=f"{user.key}:{local_date.isoformat()}",
            analysed=analysed,
        )

    async def claim(self, user: UserRecord, lang: str, local_date: date) -> Tip | None:
        """Choose and claim the day's tip; None if another caller claimed that day first."""
        tip = await self.choose(user, lang, local_date)
        if await self.store.claim_tip(user.key, tip.id, local_date):
            return tip
        return None

    async def today(self, user: UserRecord, lang: str) -> TipCard:
        """Today's tip for a user who asks for it: the one already given today, or a new one."""
        local_date = local_today(user, self.clock())
        given = await self.store.tip_on(user.key, local_date)
        if given is None:
            tip = await self.claim(user, lang, local_date)
            if tip is not None:
                await self.store.mark_tip_sent(user.key, local_date)
                return tip_card(tip)
            given = await self.store.tip_on(user.key, local_date)
        tip_id = given or (await self.choose(user, lang, local_date)).id
        return tip_card(self.catalogue.get(tip_id, pick_lang(lang)))
