"""Role-play sessions: creation, look-ups, serialised turns, rewind, and what happens under
concurrency (within one instance and, on PostgreSQL, across two)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.errors import InputError
from bot.footing.model import Assessment, Evidence
from bot.store import OUTCOME_ABANDONED, SessionNotFound, Store, StoreConflict, StoreError

from .support import ALICE, BOB, OTHER_THREAD, THREAD, Backend, FakeClock

START = {"trust": 0.5, "pressure": 0.7, "counter": 0}


def _assessment(stance: str = "balanced", *habits: str) -> dict[str, Any]:
    return {"stance": stance, "dominance": 0.0, "affiliation": 0.4, "habits": list(habits)}


async def _start(store: Store, **state: Any) -> str:
    session = await store.create_session(
        ALICE, THREAD, "price-squeeze", "hard", "nl", 1234, {**START, **state}
    )
    return session.id


async def test_a_new_session_is_active_and_found(store: Store, clock: FakeClock) -> None:
    session = await store.create_session(
        ALICE, THREAD, "price-squeeze", "hard", "nl", 2**63 - 1, START
    )
    assert session.user == ALICE
    assert session.conversation == THREAD
    assert (session.status, session.outcome, session.turn_count) == ("active", None, 0)
    assert session.state == START
    assert session.seed == 2**63 - 1
    assert session.created_at == clock.now
    assert session.created_at.tzinfo is not None
    assert await store.get_session(session.id) == session
    assert await store.active_session(ALICE, THREAD) == session
    assert await store.active_session(ALICE, OTHER_THREAD) is None
    assert await store.active_session(BOB, THREAD) is None  # someone else's role-play
    assert await store.turns(session.id) == []
    assert await store.get_session("missing") is None


async def test_a_new_session_ends_the_active_one_in_that_conversation(
    store: Store, clock: FakeClock
) -> None:
    first = await _start(store)
    clock.advance(minutes=1)
    elsewhere = await store.create_session(ALICE, OTHER_THREAD, "deadline", "easy", "en", 1, {})
    clock.advance(minutes=5)
    second = await _start(store)
    old = await store.get_session(first)
    assert old is not None
    assert (old.status, old.outcome, old.ended_at) == ("ended", OUTCOME_ABANDONED, clock.now)
    active = await store.active_session(ALICE, THREAD)
    assert active is not None and active.id == second
    still = await store.get_session(elsewhere.id)
    assert still is not None and still.active
    recent = await store.recent_sessions(ALICE, limit=2)
    assert [s.id for s in recent] == [second, elsewhere.id]


async def test_concurrent_starts_leave_exactly_one_active_session(
    backend: Backend, store: Store
) -> None:
    other = await backend.open()  # a second instance
    try:
        started = await asyncio.gather(
            *(
                (store if n % 2 else other).create_session(
                    ALICE, THREAD, "price-squeeze", "normal", "en", n, START
                )
                for n in range(10)
            )
        )
    finally:
        await other.close()
    sessions = [await store.get_session(s.id) for s in started]
    assert sorted(s.status for s in sessions if s) == ["active"] + ["ended"] * 9


async def test_turns_are_appended_in_order_and_update_the_state(
    store: Store, clock: FakeClock
) -> None:
    session_id = await _start(store)
    full = Assessment(
        stance="submissive",
        dominance=-0.6,
        affiliation=0.3,
        confidence=0.8,
        lang="nl",
        evidence=(Evidence(0, 9, "Natuurlijk", "unconditional_concession", -0.5, 0.2),),
        advice="Vraag iets terug.",
        rewrite="Dat kan, als u ...",
        habits=("trading", "submissive"),
    )
    async with store.lock_session(session_id) as handle:
        assert handle.session.state == START
        first = await handle.append_turn(
            "Natuurlijk, 15% korting.", full, "Goed, en de levering?", {"counter": 1}
        )
        clock.advance(seconds=30)
        second = await handle.append_turn(
            "Wat levert het u op?", _assessment("balanced", "asking"), None, {"counter": 2}
        )
        assert handle.session.turn_count == 2
        assert [t.index for t in await handle.turns()] == [0, 1]
    assert (first.index, first.stance, second.index, second.stance) == (
        0,
        "submissive",
        1,
        "balanced",
    )
    turns = await store.turns(session_id)
    assert turns == [first, second]
    assert turns[0].assessment == full.to_dict()
    assert turns[1].customer_line is None
    session = await store.get_session(session_id)
    assert session is not None
    assert (session.state, session.turn_count, session.updated_at) == ({"counter": 2}, 2, clock.now)


async def test_rewind_restores_the_state_before_the_last_turn(store: Store) -> None:
    session_id = await _start(store)
    async with store.lock_session(session_id) as handle:
        await handle.append_turn("one", _assessment(), "a", {"counter": 1})
        await handle.append_turn("two", _assessment(), "b", {"counter": 2})
    async with store.lock_session(session_id) as handle:
        await handle.append_turn("three", _assessment(), "c", {"counter": 3})
        assert await handle.remove_last_turn() == {"counter": 2}  # not yet written
        assert await handle.remove_last_turn() == {"counter": 1}  # written earlier
        assert [t.salesperson_text for t in await handle.turns()] == ["one"]
    assert [t.salesperson_text for t in await store.turns(session_id)] == ["one"]
    async with store.lock_session(session_id) as handle:
        assert await handle.remove_last_turn() == START
        assert await handle.remove_last_turn() is None
    session = await store.get_session(session_id)
    assert session is not None and (session.state, session.turn_count) == (START, 0)
    async with store.lock_session(session_id) as handle:  # try again after the rewind
        again = await handle.append_turn("one, better", _assessment(), "ok", {"counter": 5})
    assert again.index == 0
    assert [t.salesperson_text for t in await store.turns(session_id)] == ["one, better"]


async def test_a_failing_block_writes_nothing(store: Store) -> None:
    session_id = await _start(store)
    with pytest.raises(RuntimeError, match="model timed out"):
        async with store.lock_session(session_id) as handle:
            await handle.append_turn("lost", _assessment(), "x", {"counter": 99})
            await handle.set_state({"counter": 99}, status="ended", outcome="deal")
            raise RuntimeError("model timed out")
    session = await store.get_session(session_id)
    assert session is not None
    assert (session.state, session.status, session.turn_count) == (START, "active", 0)
    assert await store.turns(session_id) == []


async def test_set_state_ends_and_reopens_a_session(store: Store, clock: FakeClock) -> None:
    session_id = await _start(store)
    async with store.lock_session(session_id) as handle:
        await handle.set_state({"walked": True}, status="ended", outcome="walk-out")
    ended = await store.get_session(session_id)
    assert ended is not None
    assert (ended.status, ended.outcome, ended.ended_at) == ("ended", "walk-out", clock.now)
    assert await store.active_session(ALICE, THREAD) is None
    async with store.lock_session(session_id) as handle:
        assert handle.session.status == "ended"
        await handle.set_state({"walked": False}, status="active", outcome=None)
    reopened = await store.active_session(ALICE, THREAD)
    assert reopened is not None
    assert (reopened.id, reopened.outcome, reopened.ended_at) == (session_id, None, None)


async def test_bad_input_and_misuse_are_refused(store: Store) -> None:
    with pytest.raises(SessionNotFound):
        async with store.lock_session("no-such-session"):
            pass
    session_id = await _start(store)
    async with store.lock_session(session_id) as handle:
        with pytest.raises(InputError, match="status"):
            await handle.set_state({}, status="paused")  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="outside"):
        await handle.append_turn("late", _assessment(), None, {})
    with pytest.raises(InputError, match="64 bits"):
        await store.create_session(ALICE, THREAD, "s", "d", "en", 2**64, {})


async def _increment(store: Store, session_id: str, n: int) -> None:
    async with store.lock_session(session_id) as handle:
        counter = handle.session.state["counter"]
        await asyncio.sleep(0.002)  # give an unserialised reader every chance to interleave
        await handle.append_turn(f"message {n}", _assessment(), None, {"counter": counter + 1})


async def test_concurrent_blocks_lose_no_update(store: Store) -> None:
    session_id = await _start(store)
    await asyncio.gather(*(_increment(store, session_id, n) for n in range(20)))
    session = await store.get_session(session_id)
    assert session is not None
    assert (session.state["counter"], session.turn_count) == (20, 20)
    assert [t.index for t in await store.turns(session_id)] == list(range(20))


async def test_two_instances_lose_no_update_on_postgresql(postgres_backend: Backend) -> None:
    first, second = await postgres_backend.open(), await postgres_backend.open()
    try:
        session_id = await _start(first)
        await asyncio.gather(
            *(_increment(first if n % 2 else second, session_id, n) for n in range(20))
        )
        session = await second.get_session(session_id)
        assert session is not None
        assert (session.state["counter"], session.turn_count) == (20, 20)
    finally:
        await first.close()
        await second.close()


async def test_a_second_sqlite_instance_gets_a_conflict_not_a_lost_update(
    sqlite_backend: Backend,
) -> None:
    first, second = await sqlite_backend.open(), await sqlite_backend.open()
    try:
        session_id = await _start(first)
        first_inside, second_inside = asyncio.Event(), asyncio.Event()

        async def first_block() -> None:
            async with first.lock_session(session_id) as handle:
                first_inside.set()
                await second_inside.wait()
                await handle.set_state({"counter": 1})

        async def second_block() -> None:
            await first_inside.wait()
            async with second.lock_session(session_id) as handle:
                second_inside.set()
                await asyncio.sleep(0.05)  # the first block commits meanwhile
                await handle.set_state({"counter": 1})

        results = await asyncio.gather(first_block(), second_block(), return_exceptions=True)
        assert results[0] is None
        assert isinstance(results[1], StoreConflict)
        session = await first.get_session(session_id)
        assert session is not None and session.state == {"counter": 1}
    finally:
        await first.close()
        await second.close()


async def test_other_writes_go_on_while_a_session_is_locked(store: Store) -> None:
    session_id = await _start(store)
    async with store.lock_session(session_id) as handle:
        await handle.append_turn("inside", _assessment(), None, {"counter": 1})
        # What a coach does while it holds a turn: record model usage, see other events.
        await asyncio.wait_for(store.mark_event_processed("Ev-inside"), timeout=2)
        await asyncio.wait_for(
            store.record_llm_usage(
                ALICE,
                model="m",
                prompt="customer@1",
                prompt_tokens=1,
                completion_tokens=1,
                latency_ms=1,
            ),
            timeout=2,
        )
        other = await asyncio.wait_for(
            store.create_session(BOB, OTHER_THREAD, "s", "d", "en", 1, {}), timeout=2
        )
    assert other.active
    assert await store.tokens_used_today(user=ALICE) == 2
    assert len(await store.turns(session_id)) == 1


async def test_nul_characters_in_pasted_text_are_dropped(store: Store) -> None:
    session_id = await _start(store)
    async with store.lock_session(session_id) as handle:
        turn = await handle.append_turn("15%\x00 no", _assessment(), "Why\x00?", {"counter": 1})
    assert (turn.salesperson_text, turn.customer_line) == ("15% no", "Why?")
    [stored] = await store.turns(session_id)
    assert (stored.salesperson_text, stored.customer_line) == ("15% no", "Why?")
