"""``Store.lock_active_session``: the user's active role-play in a conversation, found and locked
in one step, never a session that ended or was replaced meanwhile (also by another instance);
and what a turn costs the database."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from bot.store import Store, StoreUnavailable
from bot.store.engine import parse_url

from .support import ALICE, BOB, OTHER_THREAD, THREAD, Backend

START = {"counter": 0, "line": "Your price is too high."}
ASSESSMENT = {"stance": "balanced", "dominance": 0.0, "affiliation": 0.4, "habits": ["asking"]}


async def _start(store: Store, seed: int = 1) -> str:
    session = await store.create_session(
        ALICE, THREAD, "price-squeeze", "normal", "en", seed, START
    )
    return session.id


async def _active_id(store: Store) -> str | None:
    async with store.lock_active_session(ALICE, THREAD) as handle:
        return None if handle is None else handle.session.id


@contextmanager
def _statements() -> Iterator[list[str]]:
    """The SQL statements every engine in this process sends while the block runs."""
    sent: list[str] = []

    def record(*args: Any) -> None:
        sent.append(str(args[2]).split(None, 1)[0].upper())

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(Engine, "before_cursor_execute", record)


async def test_the_active_session_is_found_and_locked_in_one_step(store: Store) -> None:
    session_id = await _start(store)
    async with store.lock_active_session(ALICE, THREAD) as handle:
        assert handle is not None
        assert (handle.session.id, handle.session.state) == (session_id, START)
        await handle.append_turn("What matters most to you?", ASSESSMENT, "Price.", {"counter": 1})
    stored = await store.get_session(session_id)
    assert stored is not None and (stored.state, stored.turn_count) == ({"counter": 1}, 1)
    [turn] = await store.turns(session_id)
    assert (turn.salesperson_text, turn.customer_line, turn.stance) == (
        "What matters most to you?",
        "Price.",
        "balanced",
    )


async def test_there_is_nothing_to_lock_without_an_active_session(store: Store) -> None:
    assert await _active_id(store) is None
    session_id = await _start(store)
    async with store.lock_active_session(BOB, THREAD) as handle:  # someone else's role-play
        assert handle is None
    async with store.lock_active_session(ALICE, OTHER_THREAD) as handle:
        assert handle is None
    async with store.lock_active_session(ALICE, THREAD) as handle:
        assert handle is not None
        await handle.set_state({"counter": 1}, status="ended", outcome="deal")
    assert await _active_id(store) is None
    async with store.lock_session(session_id) as reopening:
        await reopening.set_state({"counter": 2}, status="active", outcome=None)
    assert await _active_id(store) == session_id


async def test_a_session_replaced_or_ended_elsewhere_is_never_locked(backend: Backend) -> None:
    first, second = await backend.open(), await backend.open()
    try:
        old = await _start(first)
        assert await _active_id(first) == old  # the first instance now remembers it
        new = await _start(second, seed=2)  # the second instance replaces it
        async with first.lock_active_session(ALICE, THREAD) as handle:
            assert handle is not None and handle.session.id == new
            await handle.append_turn("Let us trade.", ASSESSMENT, "Go on.", {"counter": 1})
        replaced = await first.get_session(old)
        assert replaced is not None and (replaced.status, replaced.turn_count) == ("ended", 0)
        async with second.lock_session(new) as ending:
            await ending.set_state({"counter": 1}, status="ended", outcome="walk-out")
        assert await _active_id(first) is None
        newest = await _start(second, seed=3)
        await second.forget_user(ALICE)
        assert await _active_id(first) is None
        assert await first.get_session(newest) is None
    finally:
        await first.close()
        await second.close()


async def _increment(store: Store, n: int) -> None:
    if n % 2:
        async with store.lock_active_session(ALICE, THREAD) as found:
            assert found is not None
            counter = found.session.state["counter"]
            await asyncio.sleep(0.002)  # give an unserialised reader every chance to interleave
            await found.append_turn(f"message {n}", ASSESSMENT, None, {"counter": counter + 1})
        return
    active = await store.active_session(ALICE, THREAD)
    assert active is not None
    async with store.lock_session(active.id) as handle:
        counter = handle.session.state["counter"]
        await asyncio.sleep(0.002)
        await handle.append_turn(f"message {n}", ASSESSMENT, None, {"counter": counter + 1})


async def test_both_ways_in_serialise_on_the_same_session(store: Store) -> None:
    session_id = await _start(store)
    await asyncio.gather(*(_increment(store, n) for n in range(20)))
    session = await store.get_session(session_id)
    assert session is not None
    assert (session.state["counter"], session.turn_count) == (20, 20)
    assert [t.index for t in await store.turns(session_id)] == list(range(20))


async def test_rewinding_the_first_turn_restores_the_starting_state(store: Store) -> None:
    session_id = await _start(store)
    async with store.lock_active_session(ALICE, THREAD) as handle:
        assert handle is not None
        await handle.append_turn("Fine, 10% off.", ASSESSMENT, "Deal.", {"counter": 1})
    async with store.lock_active_session(ALICE, THREAD) as handle:
        assert handle is not None
        assert await handle.remove_last_turn() == START
        assert handle.session.state == START
    session = await store.get_session(session_id)
    assert session is not None and (session.state, session.turn_count) == (START, 0)
    assert await store.turns(session_id) == []


async def test_a_turn_is_one_read_and_one_write(store: Store) -> None:
    await _start(store)
    await _active_id(store)  # the store learns which session is active here
    with _statements() as sent:
        async with store.lock_active_session(ALICE, THREAD) as handle:
            assert handle is not None
            await handle.append_turn("We could phase it.", ASSESSMENT, "How?", {"counter": 1})
    assert sent == ["SELECT", "UPDATE", "INSERT"]


async def test_a_locked_sqlite_file_fails_the_turn_cleanly(sqlite_backend: Backend) -> None:
    store = await sqlite_backend.open(busy_timeout=0.3)
    path = parse_url(sqlite_backend.url).database
    assert path is not None
    other_process = sqlite3.connect(path, isolation_level=None)
    try:
        session_id = await _start(store)
        other_process.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreUnavailable):
            async with store.lock_active_session(ALICE, THREAD) as handle:
                assert handle is not None
                await handle.append_turn("Lost?", ASSESSMENT, None, {"counter": 1})
        other_process.execute("ROLLBACK")
        assert await store.turns(session_id) == []
        async with store.lock_active_session(ALICE, THREAD) as handle:
            assert handle is not None and handle.session.turn_count == 0
            await handle.append_turn("Again.", ASSESSMENT, None, {"counter": 1})
        assert [t.salesperson_text for t in await store.turns(session_id)] == ["Again."]
    finally:
        other_process.close()
        await store.close()
