"""Processed events: the first delivery wins, retries are recognised, old ids are purged."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

from bot.errors import InputError
from bot.store import Store

from .support import ALICE, Backend, FakeClock


async def test_concurrent_deliveries_of_one_event_are_handled_once(
    backend: Backend, store: Store
) -> None:
    other = await backend.open()
    try:
        seen = await asyncio.gather(
            *((store if n % 2 else other).mark_event_processed("Ev0SLACK1") for n in range(10))
        )
    finally:
        await other.close()
    assert seen.count(True) == 1
    assert await store.mark_event_processed("Ev0SLACK2")


async def test_very_long_event_ids_are_recognised_too(store: Store) -> None:
    long_id = "teams:" + "a" * 400
    assert await store.mark_event_processed(long_id)
    assert not await store.mark_event_processed(long_id)
    assert await store.mark_event_processed(long_id[:-1] + "b")


async def test_purging_forgets_only_old_events(store: Store, clock: FakeClock) -> None:
    assert await store.mark_event_processed("old-1")
    assert await store.mark_event_processed("old-2")
    cutoff = clock.advance(hours=1)
    assert await store.mark_event_processed("new-1")
    assert await store.purge_events(cutoff) == 2
    assert await store.purge_events(cutoff) == 0
    assert await store.mark_event_processed("old-1")  # forgotten, so new again
    assert not await store.mark_event_processed("new-1")


async def test_naive_timestamps_are_refused(store: Store) -> None:
    naive = datetime(2026, 3, 1, 12, 0)
    with pytest.raises(InputError):
        await store.purge_events(naive)
    with pytest.raises(InputError):
        await store.purge_transcripts(naive)
    with pytest.raises(InputError):
        await store.habit_counts(ALICE, since=naive)
    with pytest.raises(InputError):
        await store.progress(ALICE, since=naive)
