"""Switching the surface on and off, and checking the Microsoft variables up front."""

from __future__ import annotations

import logging
import random
from pathlib import Path

import pytest

from adapters.server.surfaces import Candidate, discover_surfaces
from adapters.teams.authentication import bot_configuration
from adapters.teams.streaming import StreamingVoice
from adapters.teams.surface import TeamsSurface, create_surface, off_reason
from bot.coach.coach import Coach
from bot.errors import ConfigurationError
from bot.settings import LLMSettings, Settings, TeamsSettings
from bot.store import Store

pytestmark = pytest.mark.timeout(20)

APP_ID = "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f"


@pytest.mark.parametrize(
    ("teams", "message"),
    [
        (TeamsSettings(app_type="Sideways"), "MicrosoftAppType must be"),
        (TeamsSettings(app_password="secret"), "MicrosoftAppId is not"),
        (TeamsSettings(app_id=APP_ID), "MicrosoftAppPassword is required"),
        (
            TeamsSettings(app_id=APP_ID, app_password="p", app_type="SingleTenant"),
            "MicrosoftAppTenantId is required",
        ),
        (TeamsSettings(app_id=APP_ID, app_type="UserAssignedMSI"), "MicrosoftAppTenantId"),
    ],
)
def test_inconsistent_variables_are_refused(teams: TeamsSettings, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        off_reason(Settings(teams=teams))


@pytest.mark.parametrize(
    ("teams", "app_type"),
    [
        (TeamsSettings(), "MultiTenant"),
        (TeamsSettings(app_id=APP_ID, app_password="p"), "MultiTenant"),
        (
            TeamsSettings(app_id=APP_ID, app_password="p", app_type="singletenant", tenant_id="t"),
            "SingleTenant",
        ),
        (
            TeamsSettings(app_id=APP_ID, app_type="UserAssignedMSI", tenant_id="t"),
            "UserAssignedMSI",
        ),
    ],
)
def test_consistent_variables(teams: TeamsSettings, app_type: str) -> None:
    configuration = bot_configuration(teams)

    assert app_type == configuration.APP_TYPE
    assert teams.app_id == configuration.APP_ID
    assert off_reason(Settings(teams=teams)) is None


def test_teams_can_be_switched_off() -> None:
    assert off_reason(Settings(teams=TeamsSettings(enabled=False))) == (
        "NOBLESSE_TEAMS_DISABLED is set"
    )


async def test_the_server_finds_the_surface_and_auth_off_is_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = await Store.open("sqlite+aiosqlite:///" + str(tmp_path / "s.sqlite3"))
    try:
        [status] = discover_surfaces(
            Settings(),
            Coach(store),
            store,
            candidates=[Candidate("teams", "Teams", "/api/messages")],
        )
        assert status.on and status.surface is not None
        assert status.surface.name == "teams"
        with caplog.at_level(logging.WARNING):
            await status.surface.startup()
        assert "authentication is OFF" in caplog.text
        await status.surface.shutdown()
        assert (
            create_surface(Settings(teams=TeamsSettings(enabled=False)), Coach(store), store)
            is None
        )
    finally:
        await store.close()


async def test_a_model_makes_the_coach_voice_stream_once(tmp_path: Path) -> None:
    store = await Store.open("sqlite+aiosqlite:///" + str(tmp_path / "s.sqlite3"))
    try:
        coach = Coach(store, rng=random.Random(1))
        settings = Settings(llm=LLMSettings(api_key="k"))
        TeamsSurface(settings, coach, store)
        TeamsSurface(settings, coach, store)

        assert isinstance(coach.voice, StreamingVoice)
        assert not isinstance(coach.voice.inner, StreamingVoice)
    finally:
        await store.close()
