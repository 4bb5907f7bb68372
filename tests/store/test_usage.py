"""Language-model usage for daily budgets, and judge disagreements."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.errors import InputError
from bot.identity import UserKey
from bot.store import Store

from .support import ALICE, BOB, FakeClock

CAROL = UserKey("slack", "T001", "U_CAROL")  # same workspace as Alice


async def _use(store: Store, user: UserKey, prompt_tokens: int, completion_tokens: int) -> None:
    await store.record_llm_usage(
        user,
        model="gpt-4o-mini",
        prompt="customer.voice@3",
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
        latency_ms=850,
        ok=True,
    )


async def test_tokens_are_summed_per_user_workspace_and_utc_day(
    store: Store, clock: FakeClock
) -> None:
    clock.now = datetime(2026, 3, 2, 23, 50, tzinfo=UTC)
    await _use(store, ALICE, 1000, 200)  # yesterday, seen from the next day
    clock.now = datetime(2026, 3, 3, 0, 5, tzinfo=UTC)
    await _use(store, ALICE, 300, 50)
    await _use(store, CAROL, 10, 5)
    await _use(store, BOB, 7, 3)
    assert await store.tokens_used_today(user=ALICE) == 350
    assert await store.tokens_used_today(platform="slack", tenant="T001") == 365
    assert await store.tokens_used_today(platform="teams", tenant="tenant-b") == 10
    assert await store.tokens_used_today() == 375
    assert await store.tokens_used_today(user=UserKey("slack", "T001", "nobody")) == 0
    with pytest.raises(InputError):
        await _use(store, ALICE, -1, 0)


async def test_judge_disagreements_are_counted_by_pair(store: Store, clock: FakeClock) -> None:
    await store.record_judge_disagreement(ALICE, offline_stance="balanced", model_stance="dominant")
    since = clock.advance(days=1)
    await store.record_judge_disagreement(ALICE, offline_stance="balanced", model_stance="dominant")
    await store.record_judge_disagreement(BOB, offline_stance="submissive", model_stance="balanced")
    assert await store.judge_disagreement_counts() == {
        ("balanced", "dominant"): 2,
        ("submissive", "balanced"): 1,
    }
    assert await store.judge_disagreement_counts(since=since) == {
        ("balanced", "dominant"): 1,
        ("submissive", "balanced"): 1,
    }
    with pytest.raises(InputError):
        await store.record_judge_disagreement(ALICE, offline_stance="x", model_stance="balanced")
