"""Draft checks, habit counts, message counts and the weekly stance trend."""

from __future__ import annotations

from datetime import date

import pytest

from bot.errors import InputError
from bot.footing.model import Assessment
from bot.store import StancePoint, Store

from .support import ALICE, BOB, THREAD, FakeClock


def _draft(stance: str, *habits: str) -> Assessment:
    return Assessment(
        stance=stance,  # type: ignore[arg-type]
        dominance=-0.5 if stance == "submissive" else 0.0,
        affiliation=0.2,
        confidence=0.9,
        lang="en",
        evidence=(),
        advice="never stored",
        rewrite="never stored either",
        habits=habits,
    )


async def test_habits_and_stances_add_up_over_turns_and_drafts(
    store: Store, clock: FakeClock
) -> None:
    await store.record_draft_check(ALICE, _draft("submissive", "trading", "submissive"))
    session = await store.create_session(ALICE, THREAD, "price", "normal", "en", 3, {})
    async with store.lock_session(session.id) as handle:
        await handle.append_turn(
            "text", {"stance": "balanced", "habits": ["asking"]}, "line", {"n": 1}
        )
    monday_next_week = clock.advance(days=7)
    await store.record_draft_check(
        ALICE, {"stance": "dominant", "dominance": 0.7, "affiliation": -0.5, "habits": ["limits"]}
    )
    async with store.lock_session(session.id) as handle:
        await handle.append_turn(
            "text", {"stance": "submissive", "habits": ["trading"]}, None, {"n": 2}
        )
        await handle.set_state({"n": 2}, status="ended", outcome="deal")
    await store.record_draft_check(BOB, _draft("balanced", "options"))

    counts = await store.habit_counts(ALICE)
    assert counts["trading"] == 2
    assert (counts["submissive"], counts["asking"], counts["limits"]) == (1, 1, 1)
    assert counts["options"] == 0 and counts["silence"] == 0
    assert await store.message_count(ALICE) == 4
    assert await store.habit_counts(ALICE, since=monday_next_week) == {
        **dict.fromkeys(counts, 0),
        "limits": 1,
        "trading": 1,
    }
    assert await store.message_count(ALICE, since=monday_next_week) == 2

    progress = await store.progress(ALICE)
    assert (progress.sessions, progress.outcomes, progress.messages) == (1, {"deal": 1}, 4)
    assert progress.stances == {"submissive": 2, "balanced": 1, "dominant": 1}
    assert progress.habits == counts
    assert progress.trend == (
        StancePoint(date(2026, 3, 2), submissive=1, balanced=1),
        StancePoint(date(2026, 3, 9), submissive=1, dominant=1),
    )


async def test_a_user_without_history_has_empty_progress(store: Store) -> None:
    assert await store.message_count(ALICE) == 0
    assert set((await store.habit_counts(ALICE)).values()) == {0}
    progress = await store.progress(ALICE)
    assert (progress.sessions, progress.messages, progress.trend) == (0, 0, ())


async def test_a_draft_check_needs_scores(store: Store) -> None:
    with pytest.raises(InputError):
        await store.record_draft_check(ALICE, {"stance": "balanced"})
    with pytest.raises(InputError):
        await store.record_draft_check(
            ALICE, {"stance": "kingly", "dominance": 0, "affiliation": 0}
        )
