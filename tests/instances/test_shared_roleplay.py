"""Two ``noblesse serve`` processes on one PostgreSQL database share every role-play.

A visitor whose turns land on alternating servers sees one consistent conversation, and two
turns of one role-play that reach different servers at the same moment are serialised: both are
kept, in consecutive places, and the state reflects both. The stored transcript is replayed
with the customer engine to prove that each turn followed from the one before it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.customer.state import CustomerState
from bot.store import Store

from .databases import table_lock, table_name, wait_for_lock_waiters
from .log_scan import assert_logs_clean
from .processes import ServerProcess, launch, server_env, stop_all, wait_ready_blocking
from .transcripts import Roleplay, assert_replays, plan, plan_pair
from .visitor import TurnAnswer, Visitor

pytestmark = pytest.mark.timeout(90)

ROLEPLAY = Roleplay("price_squeeze", "normal", 11)
ALTERNATING_WORD = "quokkazinnia"
CONCURRENT_WORD = "marmotbrioche"
SENTINELS = (ALTERNATING_WORD, CONCURRENT_WORD)
TURNS = 10
ROUNDS = 3  # pairs of simultaneous turns: the first with a forced overlap


@pytest.fixture(scope="module")
def pair(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[ServerProcess]]:
    """Two servers on the module's database, started at the same moment (both migrate)."""
    workdir: Path = tmp_path_factory.mktemp("shared-roleplay")
    env = server_env(database_url)
    servers = [launch(name, env, workdir) for name in ("alpha", "beta")]
    try:
        for server in servers:
            wait_ready_blocking(server)
        yield servers
    finally:
        stop_all(servers)


async def test_turns_alternating_between_two_servers_keep_order_and_state(
    pair: list[ServerProcess], store: Store
) -> None:
    texts, _ = plan(ROLEPLAY.opening(), TURNS, ALTERNATING_WORD)
    acknowledged: list[TurnAnswer] = []
    async with Visitor("tab-alternating") as visitor:
        session_id = await visitor.start(
            pair[0], scenario=ROLEPLAY.scenario, difficulty=ROLEPLAY.difficulty, seed=ROLEPLAY.seed
        )
        for number, text in enumerate(texts, start=1):
            answer = await visitor.turn(pair[number % 2], text)  # beta, alpha, beta, …
            assert (answer.number, answer.session_id, answer.session_turns) == (
                number,
                session_id,
                number,
            )
            acknowledged.append(answer)
        for server in pair:  # either server restores the same page
            page = await visitor.call(server, "session")
            assert page.status == 200, page.text
            said = [r["text"] for r in page.body["replies"] if r["type"] == "salesperson"]
            assert said == texts

    session = await store.get_session(session_id)
    assert session is not None and session.active
    turns = await store.turns(session_id)
    assert [turn.salesperson_text for turn in turns] == texts
    assert [turn.customer_line for turn in turns] == [answer.line for answer in acknowledged]
    assert [turn.stance for turn in turns] == [answer.stance for answer in acknowledged]
    assert_replays(session, turns)
    assert_logs_clean(pair, SENTINELS)


async def _simultaneous(
    visitor: Visitor, pair: list[ServerProcess], first: str, second: str
) -> tuple[TurnAnswer, TurnAnswer]:
    one, other = await asyncio.gather(visitor.turn(pair[0], first), visitor.turn(pair[1], second))
    return one, other


async def test_simultaneous_turns_on_two_servers_are_serialised(
    pair: list[ServerProcess], store: Store, database_url: str
) -> None:
    opening_texts, _ = plan(ROLEPLAY.opening(), 2, CONCURRENT_WORD)
    async with Visitor("tab-concurrent") as visitor:
        session_id = await visitor.start(
            pair[1], scenario=ROLEPLAY.scenario, difficulty=ROLEPLAY.difficulty, seed=ROLEPLAY.seed
        )
        for number, text in enumerate(opening_texts, start=1):
            assert (await visitor.turn(pair[number % 2], text)).number == number
        stored = len(opening_texts)
        for round_number in range(ROUNDS):
            session = await store.get_session(session_id)
            assert session is not None
            state = CustomerState.from_dict(session.state["customer"])
            first, second = plan_pair(state, CONCURRENT_WORD, first_number=10 + 10 * round_number)
            if round_number == 0:
                # Forced overlap: writes to the turns table wait, so the first turn holds the
                # role-play (mid-transaction) while the second is already waiting for it.
                async with table_lock(database_url, table_name("turns")):
                    sending = asyncio.ensure_future(_simultaneous(visitor, pair, first, second))
                    await wait_for_lock_waiters(database_url, 2)
                answers = await sending
            else:
                answers = await _simultaneous(visitor, pair, first, second)

            assert sorted(answer.number for answer in answers) == [stored + 1, stored + 2]
            turns = await store.turns(session_id)
            assert len(turns) == stored + 2, "a simultaneous turn was lost"
            for text, answer in zip((first, second), answers, strict=True):
                kept = turns[answer.number - 1]
                assert (kept.salesperson_text, kept.customer_line) == (text, answer.line)
            stored += 2

    session = await store.get_session(session_id)
    assert session is not None
    assert_replays(session, await store.turns(session_id))
    assert_logs_clean(pair, SENTINELS)
