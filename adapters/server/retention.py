"""The retention job: once a day, remove role-play texts older than the retention period.

``purge_transcripts`` keeps the scores (progress stays right) and drops the words; processed
event ids (used to answer a retried platform delivery once) are dropped after a week. A
retention period of 0 days or less keeps transcripts for good.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from adapters.server.metrics import Metrics
from adapters.server.periodic import PeriodicJob
from bot.store import Store

logger = logging.getLogger(__name__)

DAY_S = 86_400.0
EVENT_DAYS = 7


@dataclass(frozen=True, slots=True)
class PurgeReport:
    turns: int
    events: int


class RetentionJob(PeriodicJob):
    name = "retention job"

    def __init__(
        self,
        store: Store,
        retention_days: int,
        *,
        metrics: Metrics | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        interval_s: float = DAY_S,
        first_delay_s: float = 60.0,
    ) -> None:
        super().__init__(interval_s, first_delay_s=first_delay_s)
        self.store = store
        self.retention_days = retention_days
        self.metrics = metrics
        self.clock = clock

    async def tick(self) -> None:
        report = await self.run_once()
        logger.info(
            "retention: purged the texts of %d turns and %d old event ids",
            report.turns,
            report.events,
        )

    async def run_once(self, now: datetime | None = None) -> PurgeReport:
        now = now or self.clock()
        turns = 0
        if self.retention_days > 0:
            turns = await self.store.purge_transcripts(now - timedelta(days=self.retention_days))
            if self.metrics is not None and turns:
                self.metrics.purged_turns.inc(turns)
        events = await self.store.purge_events(now - timedelta(days=EVENT_DAYS))
        return PurgeReport(turns, events)
