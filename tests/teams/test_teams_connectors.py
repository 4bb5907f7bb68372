"""Connector clients are built once per service URL, not once per activity."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.teams.connectors import ClientCache
from bot.coach.tipping import tip_card
from bot.identity import UserKey
from bot.tips import load_catalogue

from . import activities as a
from .conftest import TeamsApp
from .fake_connector import FakeConnector

pytestmark = pytest.mark.timeout(30)


async def test_clients_are_reused_across_turns(teams: TeamsApp) -> None:
    cache = teams.surface.authentication.cache
    for text in ("help", "roleplay price", "hint", "stop"):
        status, _ = await teams.post(a.message(teams.service_url, text))
        assert status == 201

    assert cache.connectors_created == 1
    assert cache.token_clients_created == 1
    assert len(teams.connector.posted) >= 5


async def test_each_service_url_gets_its_own_client(teams: TeamsApp) -> None:
    second = await FakeConnector().start()
    try:
        await teams.post(a.message(teams.service_url, "help"))
        await teams.post(a.message(second.url, "help", user="u2", conversation="a:p2"))
        await teams.post(a.message(second.url, "help", user="u2", conversation="a:p2"))

        assert teams.surface.authentication.cache.connectors_created == 2
        assert len(teams.connector.posted) == 1 and len(second.posted) == 2
    finally:
        await second.close()


class Closable:
    def __init__(self) -> None:
        self.closed = False

    async def __aexit__(self, *exc: Any) -> None:
        self.closed = True


async def test_the_cache_is_bounded_and_closes_what_it_drops() -> None:
    cache = ClientCache(max_clients=2)
    made: list[Closable] = []

    async def create() -> Any:
        made.append(Closable())
        return made[-1]

    for url in ("a", "b", "a", "c"):
        await cache.connector(("app", url, ""), create)

    assert cache.connectors_created == 3
    assert [c.closed for c in made] == [False, True, False]  # "b" was least recently used
    await cache.close()
    assert all(c.closed for c in made)


async def test_a_proactive_send_reuses_the_client_too(teams: TeamsApp) -> None:
    await teams.post(a.installed(teams.service_url))
    user = await teams.store.get_user(UserKey("teams", a.TENANT, "aad-u1"))
    assert user is not None
    tip = tip_card(load_catalogue().in_lang("en")[0])
    for _ in range(3):
        assert await teams.surface.send_tip(user, tip)

    # One client for replies (audience of the channel) and one for proactive sends.
    assert teams.surface.authentication.cache.connectors_created == 2
