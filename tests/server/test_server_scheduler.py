"""The tip scheduler: each due tip goes out exactly once, also with two server instances on one
database; weekdays and time zones are respected; failed sends are released and retried."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from adapters.server.metrics import Metrics
from adapters.server.scheduler import TipScheduler, tip_due
from adapters.server.surfaces import SurfaceRegistry
from bot.coach.tipping import TipPicker
from bot.identity import UserKey
from bot.store import Store
from bot.store.records import UserRecord

from .support import FakeClock, FakeSurface

pytestmark = pytest.mark.timeout(60)

SUNDAY = datetime(2026, 3, 1, 0, 0, tzinfo=UTC)
MONDAY = date(2026, 3, 2)

BRUSSELS = UserKey("fake", "T1", "brussels")
NEW_YORK = UserKey("fake", "T1", "new-york")
EVERY_DAY = UserKey("fake", "T1", "every-day")
TIPS_OFF = UserKey("fake", "T1", "tips-off")
WEB = UserKey("web", "", "visitor")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


@dataclass
class Instance:
    store: Store
    surface: FakeSurface
    scheduler: TipScheduler
    metrics: Metrics


Instances = tuple[Instance, Instance, FakeClock]


@pytest.fixture
async def instances(database: Any) -> AsyncIterator[Instances]:
    """Two server instances (two stores, two surfaces, two schedulers) on one database."""
    clock = FakeClock(SUNDAY)
    stores = [await Store.open(database.url, schema=database.schema, clock=clock) for _ in range(2)]
    first = stores[0]
    await first.update_user(BRUSSELS, tz="Europe/Brussels", tip_time="09:00", lang="nl")
    await first.update_user(NEW_YORK, tz="America/New_York", tip_time="09:00")
    await first.update_user(EVERY_DAY, tz="UTC", tip_time="09:00", weekdays_only=False)
    await first.update_user(TIPS_OFF, tz="UTC", tips_enabled=False)
    await first.update_user(WEB, tz="UTC", tip_time="00:00")
    built = []
    for store in stores:
        surface = FakeSurface(name="fake")
        metrics = Metrics()
        scheduler = TipScheduler(
            store,
            SurfaceRegistry.of(surface),
            metrics=metrics,
            clock=clock,
            retry_delays_s=(300, 900),
        )
        built.append(Instance(store, surface, scheduler, metrics))
    try:
        yield built[0], built[1], clock
    finally:
        for store in stores:
            await store.close()


def sent_to(*instances: Instance) -> list[str]:
    return sorted(user.key.user_id for i in instances for user, _ in i.surface.sends)


async def run_both(a: Instance, b: Instance, clock: FakeClock, when: datetime) -> None:
    clock.set(when)
    await asyncio.gather(a.scheduler.run_once(), b.scheduler.run_once())


async def test_each_due_tip_goes_out_once_across_two_instances(instances: Instances) -> None:
    a, b, clock = instances
    await run_both(a, b, clock, at(2, 7, 59))  # Monday 08:59 in Brussels
    assert sent_to(a, b) == []
    await run_both(a, b, clock, at(2, 8, 5))  # 09:05 Brussels, 03:05 New York
    assert sent_to(a, b) == ["brussels"]
    await run_both(a, b, clock, at(2, 8, 6))
    assert sent_to(a, b) == ["brussels"]
    await run_both(a, b, clock, at(2, 12, 0))  # 09:00 UTC has passed for the every-day user
    assert sent_to(a, b) == ["brussels", "every-day"]
    await run_both(a, b, clock, at(2, 14, 5))  # 09:05 in New York (EST), 14:05 UTC
    assert sent_to(a, b) == ["brussels", "every-day", "new-york"]
    await run_both(a, b, clock, at(2, 23, 59))
    assert sent_to(a, b) == ["brussels", "every-day", "new-york"]

    brussels_tip = next(
        tip for i in (a, b) for user, tip in i.surface.sends if user.key == BRUSSELS
    )
    assert brussels_tip.lang == "nl" and brussels_tip.title and brussels_tip.text
    assert await a.store.delivered_tip_ids(BRUSSELS) == [brussels_tip.tip_id]
    assert await a.store.tip_on(BRUSSELS, MONDAY) == brussels_tip.tip_id
    sent = sum(i.metrics.tips_sent.value(platform="fake") for i in (a, b))
    assert sent == 3

    await run_both(a, b, clock, at(3, 8, 1))  # Tuesday: a new day, a new tip
    assert sent_to(a, b).count("brussels") == 2
    tips = await a.store.delivered_tip_ids(BRUSSELS)
    assert len(tips) == 2 and tips[0] != tips[1]


async def test_weekends_and_the_date_line(instances: Instances) -> None:
    a, b, clock = instances
    await run_both(a, b, clock, at(7, 10, 0))  # Saturday 10:00 UTC
    assert sent_to(a, b) == ["every-day"]
    await run_both(a, b, clock, at(8, 23, 0))  # Sunday evening: still the weekend
    assert sent_to(a, b) == ["every-day", "every-day"]
    # Monday 00:30 in Brussels is still Sunday 23:30 UTC: nobody is due before their 09:00.
    await run_both(a, b, clock, at(8, 23, 30))
    assert sent_to(a, b) == ["every-day", "every-day"]


async def test_users_without_a_sending_surface_are_not_claimed(instances: Instances) -> None:
    a, b, clock = instances
    await run_both(a, b, clock, at(2, 20, 0))
    assert "visitor" not in sent_to(a, b) and "tips-off" not in sent_to(a, b)
    assert await a.store.tip_on(WEB, MONDAY) is None
    assert await a.store.tip_on(TIPS_OFF, MONDAY) is None


async def test_a_user_who_already_asked_today_gets_no_second_tip(instances: Instances) -> None:
    a, b, clock = instances
    clock.set(at(2, 7, 0))
    user = await a.store.get_user(BRUSSELS)
    assert user is not None
    asked = await TipPicker(a.store, clock=clock).today(user, "nl")
    await run_both(a, b, clock, at(2, 8, 30))
    assert "brussels" not in sent_to(a, b)
    assert await a.store.tip_on(BRUSSELS, MONDAY) == asked.tip_id


async def test_a_failed_send_is_released_and_retried_later(instances: Instances) -> None:
    a, _, clock = instances
    a.surface.answer = False
    clock.set(at(2, 8, 5))
    report = await a.scheduler.run_once()
    assert report.failed == 1 and report.sent == 0
    assert await a.store.tip_on(BRUSSELS, MONDAY) is None  # released: free to claim again
    assert a.metrics.tips_failed.value(platform="fake") == 1

    clock.set(at(2, 8, 6))
    assert (await a.scheduler.run_once()).failed == 0  # backing off
    a.surface.answer = RuntimeError("the platform is down")
    clock.set(at(2, 8, 11))
    assert (await a.scheduler.run_once()).failed == 1  # raising counts as failing
    a.surface.answer = True
    clock.set(at(2, 8, 20))
    assert (await a.scheduler.run_once()).sent == 0  # second back-off (15 minutes) not over
    clock.set(at(2, 8, 27))
    assert (await a.scheduler.run_once()).sent == 1
    assert sent_to(a) == ["brussels"]


async def test_giving_up_for_the_day_after_the_last_retry(instances: Instances) -> None:
    a, _, clock = instances
    a.surface.answer = False
    for minute in (5, 11, 27):
        clock.set(at(2, 8, minute))
        assert (await a.scheduler.run_once()).failed == 1
    clock.set(at(2, 8, 59))  # before 09:00 UTC, so only the Brussels user is due
    assert (await a.scheduler.run_once()).failed == 0
    assert a.surface.calls.count("send_tip") == 3
    a.surface.answer = True
    clock.set(at(3, 8, 5))  # the next day it tries again
    assert (await a.scheduler.run_once()).sent == 1
    assert sent_to(a) == ["brussels"]


def test_due_only_after_subscribing_and_with_a_readable_time() -> None:
    user = UserRecord(
        id=1,
        key=BRUSSELS,
        display_name=None,
        lang="en",
        tz="Europe/Brussels",
        tips_enabled=True,
        tip_time="09:00",
        weekdays_only=True,
        created_at=at(2, 9, 0),  # subscribed at 10:00 Brussels, after Monday's slot
        updated_at=at(2, 9, 0),
    )
    assert not tip_due(user, at(2, 12, 0))
    assert tip_due(user, at(3, 8, 0))
    assert not tip_due(replace(user, tip_time="9 o'clock", created_at=SUNDAY), at(3, 8, 0))
    assert tip_due(replace(user, tz=None, created_at=SUNDAY), at(2, 9, 0))  # no zone: UTC


async def test_the_scheduler_runs_every_interval_until_stopped(instances: Instances) -> None:
    a, _, clock = instances
    clock.set(at(2, 8, 5))
    scheduler = TipScheduler(a.store, SurfaceRegistry.of(a.surface), clock=clock, interval_s=0.05)
    scheduler.start()
    for _ in range(100):
        if a.surface.sends:
            break
        await asyncio.sleep(0.02)
    await scheduler.stop()
    assert not scheduler.running
    assert sent_to(a) == ["brussels"]
