"""Daily tips sent proactively through the stored conversation reference."""

from __future__ import annotations

import logging

import pytest

from bot.coach.replies import TipCard
from bot.coach.tipping import tip_card
from bot.identity import UserKey
from bot.store.records import UserRecord
from bot.tips import load_catalogue

from . import activities as a
from .cards import joined
from .conftest import TeamsApp

pytestmark = pytest.mark.timeout(30)

USER = UserKey("teams", a.TENANT, "aad-u1")


def a_tip(lang: str = "en") -> TipCard:
    catalogue = load_catalogue()
    return tip_card(catalogue.in_lang(lang)[0])


async def installed_user(teams: TeamsApp, locale: str = "en-US") -> UserRecord:
    await teams.post(a.installed(teams.service_url, locale=locale))
    teams.connector.clear()
    user = await teams.store.get_user(USER)
    assert user is not None
    return user


async def test_a_tip_reaches_the_personal_chat(teams: TeamsApp) -> None:
    user = await installed_user(teams)
    tip = a_tip()

    assert await teams.surface.send_tip(user, tip) is True

    [sent] = teams.connector.posted
    assert sent.conversation_id == "a:personal-1"
    assert sent.reply_to is None, "a proactive message starts a new thread"
    assert tip.title in joined(sent.card)
    assert tip.exercise in joined(sent.card)
    assert sent.body["summary"] == tip.text[:500]


async def test_a_dutch_tip_is_sent_as_given(teams: TeamsApp) -> None:
    user = await installed_user(teams, locale="nl-BE")
    tip = a_tip("nl")

    assert await teams.surface.send_tip(user, tip)
    assert tip.title in joined(teams.connector.posted[0].card)


@pytest.mark.parametrize("status", [403, 404])
async def test_a_removed_app_disables_the_reference(
    teams: TeamsApp, status: int, caplog: pytest.LogCaptureFixture
) -> None:
    user = await installed_user(teams)
    teams.connector.fail("a:personal-1", status)

    with caplog.at_level(logging.INFO):
        assert await teams.surface.send_tip(user, a_tip()) is False

    stored = await teams.store.get_conversation_ref(USER, "teams")
    assert stored is not None and stored.disabled
    assert f"HTTP {status}" in caplog.text
    # No further attempts: the connector is not called again.
    teams.connector.failures.clear()
    assert await teams.surface.send_tip(user, a_tip()) is False
    assert teams.connector.posted == []


async def test_other_failures_keep_the_reference(teams: TeamsApp) -> None:
    user = await installed_user(teams)
    teams.connector.fail("a:personal-1", 429)

    assert await teams.surface.send_tip(user, a_tip()) is False

    stored = await teams.store.get_conversation_ref(USER, "teams")
    assert stored is not None and not stored.disabled


async def test_no_reference_no_send(teams: TeamsApp) -> None:
    user = await teams.store.get_or_create_user(USER)

    assert await teams.surface.send_tip(user, a_tip()) is False
    assert teams.connector.posted == []


async def test_uninstall_disables_and_reinstall_enables_again(teams: TeamsApp) -> None:
    user = await installed_user(teams)

    await teams.post(a.uninstalled(teams.service_url))
    stored = await teams.store.get_conversation_ref(USER, "teams")
    assert stored is not None and stored.disabled
    assert await teams.surface.send_tip(user, a_tip()) is False

    await teams.post(a.installed(teams.service_url))
    teams.connector.clear()
    assert await teams.surface.send_tip(user, a_tip()) is True
