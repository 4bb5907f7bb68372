"""From Noblesse's settings to the SDK's authentication, checked before anything starts.

The four variables are the platform's own: ``MicrosoftAppId``, ``MicrosoftAppPassword``,
``MicrosoftAppType`` (``MultiTenant``, ``SingleTenant`` or ``UserAssignedMSI``) and
``MicrosoftAppTenantId``. With no app id, authentication is off: every request is accepted
and replies go out without a token, which is how the Bot Framework Emulator talks to a bot on
a developer's machine, and never how a bot should face the internet.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Final

from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botframework.connector.auth import ServiceClientCredentialsFactory

from adapters.teams.connectors import CachingAuthentication, ClientCache
from bot.errors import ConfigurationError
from bot.settings import TeamsSettings

logger = logging.getLogger(__name__)

APP_TYPES: Final = {
    "multitenant": "MultiTenant",
    "singletenant": "SingleTenant",
    "userassignedmsi": "UserAssignedMSI",
}
AUTH_OFF_WARNING: Final = (
    "MicrosoftAppId is not set: Teams authentication is OFF (fine for the Bot Framework "
    "Emulator on this machine, never for a public endpoint)"
)


@dataclass(frozen=True, slots=True)
class BotConfiguration:
    """The configuration object the SDK reads (it looks for these attribute names)."""

    APP_ID: str
    APP_PASSWORD: str
    APP_TYPE: str
    APP_TENANTID: str


def bot_configuration(teams: TeamsSettings) -> BotConfiguration:
    """The SDK configuration for ``teams``; ``ConfigurationError`` when the variables do not fit
    together (the SDK itself would fail later, on the first message, with a bare exception)."""
    app_type = APP_TYPES.get(teams.app_type.strip().lower())
    if app_type is None:
        raise ConfigurationError(
            "MicrosoftAppType must be MultiTenant, SingleTenant or UserAssignedMSI, "
            f"not {teams.app_type!r}"
        )
    if not teams.app_id:
        if teams.app_password:
            raise ConfigurationError("MicrosoftAppPassword is set but MicrosoftAppId is not")
        return BotConfiguration("", "", app_type, teams.tenant_id)
    if app_type in ("MultiTenant", "SingleTenant") and not teams.app_password:
        raise ConfigurationError(f"MicrosoftAppPassword is required for a {app_type} bot")
    if app_type in ("SingleTenant", "UserAssignedMSI") and not teams.tenant_id:
        raise ConfigurationError(f"MicrosoftAppTenantId is required for a {app_type} bot")
    return BotConfiguration(teams.app_id, teams.app_password, app_type, teams.tenant_id)


def create_authentication(
    teams: TeamsSettings,
    *,
    credentials_factory: ServiceClientCredentialsFactory | None = None,
    cache: ClientCache | None = None,
) -> CachingAuthentication:
    """The SDK's ``ConfigurationBotFrameworkAuthentication`` for ``teams``, with its clients
    reused across turns. ``credentials_factory`` replaces how outbound tokens are obtained
    (tests give one that returns a fixed token)."""
    configuration = bot_configuration(teams)
    inner = ConfigurationBotFrameworkAuthentication(
        configuration,
        credentials_factory=credentials_factory,
        logger=logger,
    )
    return CachingAuthentication(inner, cache)
