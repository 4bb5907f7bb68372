"""A server killed with SIGKILL in the middle of a turn loses no acknowledged turn, and the
other server carries on with the same role-play.

The first test catches a turn mid-transaction on purpose: the test holds a lock that makes
writes to the turns table wait, so the killed server's turn holds the role-play's row lock and
has written part of its change when the process dies. PostgreSQL must roll that back and free
the role-play for the other server at once. The second test kills servers at random moments of
a stream of turns, where a turn may also have been committed without its answer being sent.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.customer.state import CustomerState
from bot.store import Store

from .databases import table_lock, table_name, wait_for_lock_waiters
from .log_scan import assert_logs_clean
from .processes import Fleet, ServerProcess, server_env
from .transcripts import Roleplay, assert_replays, plan
from .visitor import TurnAnswer, Visitor

pytestmark = pytest.mark.timeout(90)

ROLEPLAY = Roleplay("price_squeeze", "normal", 23)
MID_TURN_WORD = "axolotlganache"
RANDOM_WORD = "narwhalcustard"
TAKEOVER_LIMIT_S = 5.0  # the surviving server must not wait for the dead one's lock


@pytest.fixture
async def fleet(database_url: str, tmp_path: Path) -> AsyncIterator[Fleet]:
    servers = Fleet(server_env(database_url), tmp_path)
    try:
        yield servers
    finally:
        await servers.aclose()


async def test_a_kill_in_the_middle_of_a_turn_loses_nothing_acknowledged(
    fleet: Fleet, database_url: str, store: Store
) -> None:
    alpha, beta = await fleet.start("alpha", "beta")
    texts, _ = plan(ROLEPLAY.opening(), 6, MID_TURN_WORD)
    async with Visitor("tab-mid-turn-kill") as visitor:
        session_id = await visitor.start(
            alpha, scenario=ROLEPLAY.scenario, difficulty=ROLEPLAY.difficulty, seed=ROLEPLAY.seed
        )
        for number, text in enumerate(texts[:3], start=1):
            assert (await visitor.turn((alpha, beta)[number % 2], text)).number == number

        async with table_lock(database_url, table_name("turns")):
            killed_turn = asyncio.ensure_future(visitor.turn(alpha, texts[3]))
            await wait_for_lock_waiters(database_url, 1)  # alpha's turn is mid-transaction
            alpha.kill()
            with pytest.raises(aiohttp.ClientError):
                await killed_turn

        # The user sends the unanswered message again, now to the surviving server.
        sent_at = time.monotonic()
        retried = await visitor.turn(beta, texts[3])
        takeover_s = time.monotonic() - sent_at
        assert retried.number == 4, "the killed turn was kept, or a turn was lost"
        assert takeover_s < TAKEOVER_LIMIT_S
        for number, text in enumerate(texts[4:], start=5):
            assert (await visitor.turn(beta, text)).number == number

    session = await store.get_session(session_id)
    assert session is not None
    turns = await store.turns(session_id)
    assert [turn.salesperson_text for turn in turns] == texts
    assert_replays(session, turns)
    assert_logs_clean(fleet.servers, [MID_TURN_WORD])


async def _stream_until_killed(
    visitor: Visitor, server: ServerProcess, texts: list[str], kill_after: int, rng: random.Random
) -> list[TurnAnswer]:
    """Send ``texts`` one after another to ``server``; after ``kill_after`` acknowledged turns
    and a random moment more, SIGKILL it. Returns the acknowledged turns."""
    acknowledged: list[TurnAnswer] = []
    enough = asyncio.Event()

    async def killer() -> None:
        await enough.wait()
        await asyncio.sleep(rng.uniform(0.0, 0.03))
        server.kill()

    killing = asyncio.ensure_future(killer())
    try:
        for text in texts:
            try:
                acknowledged.append(await visitor.turn(server, text))
            except aiohttp.ClientError:
                break
            if len(acknowledged) >= kill_after:
                enough.set()
        else:
            raise AssertionError("the server answered every turn: it was never killed")
    finally:
        enough.set()
        await killing
    return acknowledged


async def test_kills_at_random_moments_lose_no_acknowledged_turn(
    fleet: Fleet, store: Store
) -> None:
    rng = random.Random(20261130)
    victim, survivor = await fleet.start("alpha", "beta")
    for round_number in range(2):
        texts, _ = plan(ROLEPLAY.opening(), 12, RANDOM_WORD, first_number=50 * round_number)
        async with Visitor(f"tab-random-kill-{round_number}") as visitor:
            session_id = await visitor.start(
                victim,
                scenario=ROLEPLAY.scenario,
                difficulty=ROLEPLAY.difficulty,
                seed=ROLEPLAY.seed,
            )
            acknowledged = await _stream_until_killed(
                visitor, victim, texts, rng.randint(2, 5), rng
            )
            turns = await store.turns(session_id)
            count = len(acknowledged)
            assert [t.salesperson_text for t in turns[:count]] == texts[:count]
            assert [t.customer_line for t in turns[:count]] == [a.line for a in acknowledged]
            # At most the turn in flight at the kill was kept besides (committed, unanswered).
            assert len(turns) in (count, count + 1)
            if len(turns) > count:
                assert turns[count].salesperson_text == texts[count]

            session = await store.get_session(session_id)
            assert session is not None
            state = CustomerState.from_dict(session.state["customer"])
            following, _ = plan(state, 1, RANDOM_WORD, first_number=50 * round_number + 40)
            answer = await visitor.turn(survivor, following[0])
            assert answer.number == len(turns) + 1

        session = await store.get_session(session_id)
        assert session is not None
        assert_replays(session, await store.turns(session_id))
        # The next round kills the other server; a new one takes the dead one's place.
        [replacement] = await fleet.start(f"replacement-{round_number}")
        victim, survivor = survivor, replacement
    assert_logs_clean(fleet.servers, [RANDOM_WORD])
