"""With an app id set, only activities with a valid Bot Connector token reach the bot.

Tested offline: the OpenID metadata and signing keys come from a local server (in its own
thread), tokens are signed here with RS256, and outbound calls carry a fixed token from a
credentials factory instead of asking Microsoft's login service.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from botframework.connector.auth import (
    ChannelValidation,
    JwtTokenExtractor,
    ServiceClientCredentialsFactory,
)
from msrest.authentication import Authentication

from bot.settings import Settings, TeamsSettings

from . import activities as a
from .conftest import MakeTeams, TeamsApp
from .openid import OpenIdServer, new_key, token

pytestmark = pytest.mark.timeout(30)

APP_ID = "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f"
OUTBOUND_TOKEN = "outbound-test-token"


class FixedToken(Authentication):
    """Credentials that sign every outbound request with a fixed bearer token."""

    def signed_session(self, session: requests.Session | None = None) -> requests.Session:
        session = session or requests.Session()
        session.headers["Authorization"] = f"Bearer {OUTBOUND_TOKEN}"
        return session


class FixedTokenFactory(ServiceClientCredentialsFactory):
    async def is_valid_app_id(self, app_id: str) -> bool:
        return app_id == APP_ID

    async def is_authentication_disabled(self) -> bool:
        return False

    async def create_credentials(
        self, app_id: str, oauth_scope: str, login_endpoint: str, validate_authority: bool
    ) -> Authentication:
        assert app_id == APP_ID
        return FixedToken()


@pytest.fixture
def openid(monkeypatch: pytest.MonkeyPatch) -> Iterator[OpenIdServer]:
    server = OpenIdServer().start()
    monkeypatch.setattr(ChannelValidation, "open_id_metadata_endpoint", server.metadata_url)
    JwtTokenExtractor.metadataCache.clear()
    try:
        yield server
    finally:
        JwtTokenExtractor.metadataCache.clear()
        server.stop()


@pytest.fixture
async def secured(make_teams: MakeTeams, openid: OpenIdServer) -> TeamsApp:
    settings = Settings(teams=TeamsSettings(app_id=APP_ID, app_password="not-used"))
    return await make_teams(settings, credentials_factory=FixedTokenFactory())


async def post(teams: TeamsApp, authorization: str | None, **kwargs: Any) -> int:
    activity = a.message(teams.service_url, "help", **kwargs)
    headers = {"Authorization": authorization} if authorization is not None else None
    status, _ = await teams.post(activity, headers=headers)
    return status


async def test_a_valid_token_gets_through_and_replies_carry_our_token(
    secured: TeamsApp, openid: OpenIdServer
) -> None:
    signed = token(openid.key, audience=APP_ID, service_url=secured.service_url)

    assert await post(secured, f"Bearer {signed}") == 201

    [reply] = secured.connector.posted
    assert reply.authorization == f"Bearer {OUTBOUND_TOKEN}"
    assert openid.requests == ["/.well-known/openidconfiguration", "/keys"]


async def test_a_missing_token_is_refused(secured: TeamsApp) -> None:
    assert await post(secured, None) == 401
    assert secured.connector.posted == []


async def test_a_token_for_another_bot_is_refused(secured: TeamsApp, openid: OpenIdServer) -> None:
    other = token(openid.key, audience="another-app", service_url=secured.service_url)

    assert await post(secured, f"Bearer {other}") == 401


async def test_a_forged_token_is_refused(secured: TeamsApp) -> None:
    forged = token(new_key(), audience=APP_ID, service_url=secured.service_url)

    assert await post(secured, f"Bearer {forged}") == 401
    assert secured.connector.posted == []


async def test_an_expired_token_is_refused(secured: TeamsApp, openid: OpenIdServer) -> None:
    expired = token(openid.key, audience=APP_ID, service_url=secured.service_url, expires_in=-600)

    assert await post(secured, f"Bearer {expired}") == 401


async def test_a_token_from_an_unknown_key_is_refused(
    secured: TeamsApp, openid: OpenIdServer
) -> None:
    unknown = token(
        openid.key, audience=APP_ID, service_url=secured.service_url, key_id="rotated-away"
    )

    assert await post(secured, f"Bearer {unknown}") == 401


async def test_a_token_for_another_service_url_is_refused(
    secured: TeamsApp, openid: OpenIdServer
) -> None:
    elsewhere = token(openid.key, audience=APP_ID, service_url="https://evil.example/")

    assert await post(secured, f"Bearer {elsewhere}") == 401


@pytest.mark.parametrize(
    "authorization",
    ["Bearer not.a.jwt", "Bearer", "Basic dXNlcjpwYXNz", "Bearer eyJhbGciOi.e30.sig", "garbage"],
)
async def test_a_malformed_token_is_refused_not_a_server_error(
    secured: TeamsApp, authorization: str
) -> None:
    assert await post(secured, authorization) == 401
    assert secured.connector.posted == []


async def test_without_an_app_id_auth_is_off(teams: TeamsApp) -> None:
    assert await post(teams, None) == 201
    assert teams.connector.posted[0].authorization is None
