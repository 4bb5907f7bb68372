"""Background jobs: the periodic runner, the retention job, and the rate limiter's window."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.server.limits import RateLimiter
from adapters.server.metrics import Metrics
from adapters.server.periodic import PeriodicJob
from adapters.server.retention import RetentionJob
from bot.footing import analyze
from bot.identity import ConversationKey, UserKey
from bot.store import Store

from .support import FakeClock, sqlite_url

pytestmark = pytest.mark.timeout(30)


class Counting(PeriodicJob):
    name = "counting job"

    def __init__(self, interval_s: float, *, fail_every: int = 0, slow_s: float = 0.0) -> None:
        super().__init__(interval_s)
        self.ticks = 0
        self.fail_every = fail_every
        self.slow_s = slow_s
        self.finished = 0

    async def tick(self) -> None:
        self.ticks += 1
        if self.fail_every and self.ticks % self.fail_every == 0:
            raise RuntimeError("a bad tick")
        await asyncio.sleep(self.slow_s)
        self.finished += 1


async def test_a_job_ticks_survives_failures_and_stops() -> None:
    job = Counting(0.01, fail_every=2)
    job.start()
    job.start()  # starting twice runs one loop
    await asyncio.sleep(0.2)
    await job.stop()
    ticks = job.ticks
    assert ticks >= 4 and not job.running
    await asyncio.sleep(0.05)
    assert job.ticks == ticks  # stopped means stopped
    await job.stop()  # stopping twice is harmless


async def test_stop_lets_a_running_tick_finish() -> None:
    job = Counting(10.0, slow_s=0.2)
    job.start()
    await asyncio.sleep(0.05)
    await job.stop(timeout_s=5)
    assert job.ticks == 1 and job.finished == 1


async def test_stop_cancels_a_tick_that_takes_too_long() -> None:
    job = Counting(10.0, slow_s=30)
    job.start()
    await asyncio.sleep(0.05)
    await job.stop(timeout_s=0.1)
    assert job.ticks == 1 and job.finished == 0 and not job.running


def test_the_rate_limiter_slides_and_forgets_idle_users() -> None:
    now = [0.0]
    limiter = RateLimiter(limit=3, window_s=10.0, clock=lambda: now[0])
    assert [limiter.check("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = limiter.check("a")
    assert 9.9 < wait <= 10.0
    assert limiter.check("b") == 0.0  # users are limited one by one
    now[0] = 10.01
    assert limiter.check("a") == 0.0
    for step in range(2000):  # many users, each idle for a window: memory stays bounded
        now[0] = 100.0 + step * 0.1
        limiter.check(f"user-{step}")
    assert limiter.tracked_keys < 200
    with pytest.raises(ValueError):
        RateLimiter(limit=0)


async def test_retention_removes_old_texts_and_keeps_scores(tmp_path: Path) -> None:
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    clock = FakeClock(start)
    store = await Store.open(sqlite_url(tmp_path), clock=clock)
    try:
        user = UserKey("web", "", "someone")
        old = await store.create_session(
            user, ConversationKey("web", "", "old"), "price_squeeze", "normal", "en", 1, {}
        )
        text = "OK. 25% then. I'll send the new quote."
        async with store.lock_session(old.id) as handle:
            await handle.append_turn(text, analyze(text, "en"), "Thanks!", {})
        await store.mark_event_processed("Ev-old")
        clock.advance(days=100)
        recent = await store.create_session(
            user, ConversationKey("web", "", "recent"), "price_squeeze", "normal", "en", 2, {}
        )
        async with store.lock_session(recent.id) as handle:
            await handle.append_turn(text, analyze(text, "en"), "Thanks!", {})

        metrics = Metrics()
        job = RetentionJob(store, 90, metrics=metrics, clock=clock)
        report = await job.run_once()
        assert report.turns == 1 and report.events == 1
        assert metrics.purged_turns.value() == 1
        purged = (await store.turns(old.id))[0]
        assert purged.salesperson_text is None and purged.customer_line is None
        assert purged.stance == "submissive"
        kept = (await store.turns(recent.id))[0]
        assert kept.salesperson_text == text
        assert await store.mark_event_processed("Ev-old")  # forgotten, so new again

        keep_all = RetentionJob(store, 0, clock=lambda: start + timedelta(days=400))
        assert (await keep_all.run_once()).turns == 0
        assert (await store.turns(recent.id))[0].salesperson_text == text
    finally:
        await store.close()
