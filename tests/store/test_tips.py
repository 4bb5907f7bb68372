"""Daily tips: one claim per user and local day even with several instances racing."""

from __future__ import annotations

import asyncio
from datetime import date

from bot.store import Store

from .support import ALICE, BOB, Backend

MONDAY, TUESDAY, WEDNESDAY = date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)


async def test_concurrent_claims_have_exactly_one_winner(backend: Backend, store: Store) -> None:
    other = await backend.open()
    try:
        await store.get_or_create_user(ALICE)
        claims = await asyncio.gather(
            *((store if n % 2 else other).claim_tip(ALICE, f"tip-{n}", MONDAY) for n in range(10))
        )
    finally:
        await other.close()
    assert claims.count(True) == 1
    winner = f"tip-{claims.index(True)}"
    assert await store.mark_tip_sent(ALICE, MONDAY)
    assert await store.delivered_tip_ids(ALICE) == [winner]


async def test_delivered_tips_are_listed_oldest_first_and_only_when_sent(store: Store) -> None:
    assert await store.delivered_tip_ids(ALICE) == []
    assert await store.claim_tip(ALICE, "limits-1", TUESDAY)
    assert await store.claim_tip(ALICE, "asking-3", MONDAY)
    assert await store.claim_tip(ALICE, "trading-2", WEDNESDAY)
    assert await store.mark_tip_sent(ALICE, TUESDAY)
    assert await store.mark_tip_sent(ALICE, MONDAY)
    assert await store.delivered_tip_ids(ALICE) == ["asking-3", "limits-1"]  # Wednesday unsent
    assert not await store.mark_tip_sent(ALICE, MONDAY)  # already sent
    assert await store.claim_tip(BOB, "limits-1", MONDAY)  # other users are independent
    assert await store.delivered_tip_ids(BOB) == []


async def test_a_failed_send_releases_the_claim(store: Store) -> None:
    assert await store.claim_tip(ALICE, "silence-1", MONDAY)
    assert not await store.claim_tip(ALICE, "silence-1", MONDAY)
    assert await store.release_tip(ALICE, MONDAY)
    assert not await store.release_tip(ALICE, MONDAY)
    assert await store.claim_tip(ALICE, "options-2", MONDAY)
    assert await store.mark_tip_sent(ALICE, MONDAY)
    assert not await store.release_tip(ALICE, MONDAY)  # a sent tip stays sent
    assert await store.delivered_tip_ids(ALICE) == ["options-2"]
    assert not await store.mark_tip_sent(BOB, MONDAY)
    assert not await store.release_tip(BOB, MONDAY)


async def test_the_tip_of_a_day_can_be_looked_up(store: Store) -> None:
    assert await store.tip_on(ALICE, MONDAY) is None
    assert await store.claim_tip(ALICE, "asking-1", MONDAY)
    assert await store.tip_on(ALICE, MONDAY) == "asking-1"  # claimed, not yet sent
    assert await store.mark_tip_sent(ALICE, MONDAY)
    assert await store.tip_on(ALICE, MONDAY) == "asking-1"
    assert await store.tip_on(ALICE, TUESDAY) is None
    assert await store.tip_on(BOB, MONDAY) is None
