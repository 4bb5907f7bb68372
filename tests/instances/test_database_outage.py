"""PostgreSQL going away under a running server, and coming back.

A TCP proxy in the test process stands between ``noblesse serve`` and PostgreSQL. While it
refuses connections (the database host is down) or resets them (a network fault), every request
that needs the database must fail fast with a friendly JSON notice — never a hang, a traceback
or an empty 500 — and ``/readyz`` must say "not ready". Once the proxy forwards again, the very
next request must succeed, without restarting the server, and the role-play carries on.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.store import Store
from bot.store.engine import parse_url

from .databases import table_lock, table_name, wait_for_lock_waiters
from .log_scan import assert_logs_clean
from .processes import Fleet, ServerProcess, server_env
from .tcp_proxy import TcpProxy
from .transcripts import Roleplay, assert_replays, plan
from .visitor import Visitor

pytestmark = pytest.mark.timeout(90)

ROLEPLAY = Roleplay("price_squeeze", "normal", 37)
WORD = "okapicroissant"
FAST_S = 2.0  # "well under" the 5 s connect timeout: a refused or reset connection is instant


@pytest.fixture
async def proxy(database_url: str) -> AsyncIterator[TcpProxy]:
    target = parse_url(database_url)
    relay = TcpProxy(target.host or "127.0.0.1", target.port or 5432)
    await relay.start()
    try:
        yield relay
    finally:
        await relay.close()


@pytest.fixture
async def fleet(proxy: TcpProxy, database_url: str, tmp_path: Path) -> AsyncIterator[Fleet]:
    """Servers whose database connections all go through the proxy."""
    proxied = parse_url(database_url).set(host="127.0.0.1", port=proxy.port)
    servers = Fleet(server_env(proxied.render_as_string(hide_password=False)), tmp_path)
    try:
        yield servers
    finally:
        await servers.aclose()


def _assert_friendly(status: int, body: dict[str, Any], text: str) -> None:
    assert status == 503 or 400 <= status < 500, f"{status}: {text[:300]}"
    error = body.get("error")
    assert isinstance(error, dict) and error.get("code") and error.get("message"), text[:300]
    assert "Traceback" not in text and "asyncpg" not in text and "sqlalchemy" not in text


async def _assert_unavailable(
    http: aiohttp.ClientSession, visitor: Visitor, server: ServerProcess, text: str
) -> None:
    async with http.get(f"{server.url}/readyz") as response:
        assert response.status == 503
        assert (await response.json())["status"] == "unavailable"
    async with http.get(f"{server.url}/healthz") as response:
        assert response.status == 200  # alive: no reason to restart it
    calls: list[tuple[str, dict[str, Any]]] = [
        ("turn", {"text": text}),
        ("hint", {}),
        ("session", {}),
        ("progress", {}),
        ("start", {"scenario": ROLEPLAY.scenario, "seed": ROLEPLAY.seed, "lang": "en"}),
    ]
    for action, body in calls:
        answer = await visitor.call(server, action, body)
        _assert_friendly(answer.status, answer.body, answer.text)
        assert answer.elapsed_s < FAST_S, f"{action} took {answer.elapsed_s:.2f} s"


async def test_requests_fail_fast_while_the_database_is_away_and_work_when_it_is_back(
    proxy: TcpProxy, fleet: Fleet, store: Store, database_url: str
) -> None:
    [server] = await fleet.start("alpha")
    texts, _ = plan(ROLEPLAY.opening(), 4, WORD)
    async with Visitor("tab-outage") as visitor, aiohttp.ClientSession() as http:
        session_id = await visitor.start(
            server, scenario=ROLEPLAY.scenario, difficulty=ROLEPLAY.difficulty, seed=ROLEPLAY.seed
        )
        assert (await visitor.turn(server, texts[0])).number == 1
        for number, outage in enumerate(("refuse", "drop"), start=2):
            cut_before = proxy.cut
            await (proxy.refuse() if outage == "refuse" else proxy.drop())
            await _assert_unavailable(http, visitor, server, texts[number - 1])
            assert proxy.cut > cut_before, "the outage never touched a connection"
            await proxy.forward()
            # The very first request after the database is back works: no restart, no retry.
            answer = await visitor.turn(server, texts[number - 1])
            assert (answer.number, answer.session_id) == (number, session_id), outage
            async with http.get(f"{server.url}/readyz") as response:
                assert response.status == 200

        # The connection goes while a turn is in the middle of its transaction (it waits to
        # write): the turn fails fast and friendly, and nothing of it is kept.
        async with table_lock(database_url, table_name("turns")):
            cut_turn = asyncio.ensure_future(visitor.call(server, "turn", {"text": texts[3]}))
            await wait_for_lock_waiters(database_url, 1)
            cut_at = time.monotonic()
            await proxy.drop()
            failed = await cut_turn
            _assert_friendly(failed.status, failed.body, failed.text)
            assert time.monotonic() - cut_at < FAST_S
        await proxy.forward()
        retried = await visitor.turn(server, texts[3])
        assert (retried.number, retried.session_id) == (4, session_id)

    assert server.alive()
    session = await store.get_session(session_id)
    assert session is not None
    turns = await store.turns(session_id)
    assert [turn.salesperson_text for turn in turns] == texts
    assert_replays(session, turns)
    assert_logs_clean(fleet.servers, [WORD])
