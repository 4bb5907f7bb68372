"""The daily-tip scheduler: every minute, send each user whose tip is due the day's tip.

For each user with tips on whose platform surface can send tips:

1. due? — the user's tip time has passed today in their time zone (weekdays only by default),
   and they subscribed before that slot (``bot.tips.is_due``);
2. claim — ``TipPicker.claim`` chooses the tip and claims the user's local date in the
   database; the claim is unique per user and date, so of several server instances (or a user
   who asked for today's tip already) exactly one gets it;
3. send — through the surface of the user's platform (``Surface.send_tip``);
4. confirm — mark the tip sent, or release the claim when the send failed, so that a later
   attempt may take it again (after a back-off: 5, 15 and 60 minutes, then not that day).

The clock is injectable, and :meth:`TipScheduler.run_once` runs one pass for tests.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from adapters.server.metrics import Metrics
from adapters.server.periodic import PeriodicJob
from adapters.server.surfaces import SurfaceRegistry
from bot.coach.messages import pick_lang
from bot.coach.tipping import TipPicker, local_today, tip_card
from bot.errors import NoblesseError
from bot.store import Store
from bot.store.records import UserRecord
from bot.tips import TipTimeError, is_due, parse_tip_time, resolve_zone

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]
RETRY_DELAYS_S: tuple[float, ...] = (300.0, 900.0, 3600.0)
DayKey = tuple[int, date]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class TickReport:
    """What one pass did: tips sent, sends that failed, and due users another claimer had
    served already."""

    sent: int = 0
    failed: int = 0
    taken: int = 0


def tip_due(user: UserRecord, now: datetime) -> bool:
    """Whether ``user``'s tip for their current local day is due at ``now``."""
    tz_name = user.tz or "UTC"
    try:
        at = parse_tip_time(user.tip_time)
    except TipTimeError:
        logger.warning("user %d has an unreadable tip time; skipping their tip", user.id)
        return False
    zone = resolve_zone(tz_name)
    today = local_today(user, now)
    start_of_day = datetime.combine(today, time(0), tzinfo=zone) - timedelta(microseconds=1)
    since = max(start_of_day, user.created_at)
    return is_due(now, since, tz_name, at, user.weekdays_only)


class TipScheduler(PeriodicJob):
    name = "tip scheduler"

    def __init__(
        self,
        store: Store,
        surfaces: SurfaceRegistry,
        *,
        picker: TipPicker | None = None,
        metrics: Metrics | None = None,
        clock: Clock = utc_now,
        interval_s: float = 60.0,
        retry_delays_s: Sequence[float] = RETRY_DELAYS_S,
        concurrency: int = 8,
    ) -> None:
        super().__init__(interval_s)
        self.store = store
        self.surfaces = surfaces
        self.picker = picker or TipPicker(store, clock=clock)
        self.metrics = metrics
        self.clock = clock
        self.retry_delays_s = tuple(retry_delays_s)
        self._gate = asyncio.Semaphore(max(1, concurrency))
        self._done: set[DayKey] = set()  # served (by us or another claimer) or given up
        self._failures: dict[DayKey, tuple[int, datetime]] = {}  # attempts, next try

    async def tick(self) -> None:
        report = await self.run_once()
        if report.sent or report.failed:
            logger.info(
                "daily tips: %d sent, %d failed, %d already served",
                report.sent,
                report.failed,
                report.taken,
            )

    async def run_once(self, now: datetime | None = None) -> TickReport:
        """One pass over the users with tips on."""
        now = now or self.clock()
        self._forget_old_days(now)
        users = await self.store.users_with_tips_enabled()
        due = [user for user in users if self._wanted(user, now)]
        outcomes = await asyncio.gather(*(self._serve(user, now) for user in due))
        return TickReport(
            sent=outcomes.count("sent"),
            failed=outcomes.count("failed"),
            taken=outcomes.count("taken"),
        )

    def _wanted(self, user: UserRecord, now: datetime) -> bool:
        if not self.surfaces.can_send_tips(user.key.platform):
            return False
        key = (user.id, local_today(user, now))
        if key in self._done:
            return False
        failure = self._failures.get(key)
        if failure is not None and now < failure[1]:
            return False
        return tip_due(user, now)

    async def _serve(self, user: UserRecord, now: datetime) -> str:
        async with self._gate:
            try:
                return await self._deliver(user, now)
            except NoblesseError as exc:
                logger.warning("daily tip for user %d skipped: %s", user.id, type(exc).__name__)
                return "error"
            except Exception:  # one user's trouble must not stop the others' tips
                logger.exception("daily tip for user %d failed", user.id)
                return "error"

    async def _deliver(self, user: UserRecord, now: datetime) -> str:
        platform = user.key.platform
        surface = self.surfaces.for_platform(platform)
        if surface is None:
            return "skipped"
        local_date = local_today(user, now)
        key = (user.id, local_date)
        tip = await self.picker.claim(user, pick_lang(user.lang), local_date)
        if tip is None:
            self._done.add(key)
            return "taken"
        try:
            delivered = await surface.send_tip(user, tip_card(tip))
        except Exception:
            logger.exception("the %s surface failed to send a daily tip", platform)
            delivered = False
        if delivered:
            await self.store.mark_tip_sent(user.key, local_date)
            self._done.add(key)
            self._failures.pop(key, None)
            if self.metrics is not None:
                self.metrics.tips_sent.inc(platform=platform)
            return "sent"
        await self.store.release_tip(user.key, local_date)
        self._back_off(key, now)
        if self.metrics is not None:
            self.metrics.tips_failed.inc(platform=platform)
        return "failed"

    def _back_off(self, key: DayKey, now: datetime) -> None:
        attempts = self._failures.get(key, (0, now))[0] + 1
        if attempts > len(self.retry_delays_s):
            logger.warning(
                "giving up on user %d's daily tip for today after %d tries", key[0], attempts
            )
            self._failures.pop(key, None)
            self._done.add(key)
            return
        retry_at = now + timedelta(seconds=self.retry_delays_s[attempts - 1])
        self._failures[key] = (attempts, retry_at)

    def _forget_old_days(self, now: datetime) -> None:
        oldest = now.astimezone(UTC).date() - timedelta(days=2)
        self._done = {key for key in self._done if key[1] >= oldest}
        self._failures = {key: value for key, value in self._failures.items() if key[1] >= oldest}
