"""The Teams surface the server mounts: ``create_surface`` and ``off_reason``.

``TeamsSurface`` puts together the SDK's ``CloudAdapter`` (with
``ConfigurationBotFrameworkAuthentication`` and reused connector clients), the bot, the
``/api/messages`` route and the proactive sender for daily tips.
"""

from __future__ import annotations

import logging
from typing import Final

from aiohttp import web
from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botframework.connector.auth import ServiceClientCredentialsFactory

from adapters.teams.authentication import AUTH_OFF_WARNING, bot_configuration, create_authentication
from adapters.teams.bot import NoblesseBot, TeamsOptions
from adapters.teams.connectors import ClientCache
from adapters.teams.conversion import PLATFORM, locale_of
from adapters.teams.proactive import ProactiveSender
from adapters.teams.rendering import render, text_message
from adapters.teams.routes import MessagesEndpoint
from bot.coach.coach import Coach
from bot.coach.messages import pick_lang, say
from bot.coach.replies import TipCard
from bot.coach.streaming import with_streaming
from bot.settings import Settings
from bot.store import Store
from bot.store.records import UserRecord

logger = logging.getLogger(__name__)

MESSAGES_PATH: Final = "/api/messages"


class TeamsSurface:
    """Microsoft Teams, mounted at ``/api/messages``."""

    name = PLATFORM

    def __init__(
        self,
        settings: Settings,
        coach: Coach,
        store: Store,
        *,
        credentials_factory: ServiceClientCredentialsFactory | None = None,
        options: TeamsOptions | None = None,
        cache: ClientCache | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.authentication = create_authentication(
            settings.teams, credentials_factory=credentials_factory, cache=cache
        )
        self.adapter = CloudAdapter(self.authentication)
        self.adapter.on_turn_error = self._on_turn_error
        streaming = settings.llm.enabled
        if streaming:
            # The coach words the customer; in a Teams personal chat those words are streamed.
            # Outside a Teams turn the wrapped voice behaves exactly as before.
            coach.voice = with_streaming(coach.voice)
        self.bot = NoblesseBot(coach, store, streaming=streaming, options=options)
        self.endpoint = MessagesEndpoint(self.adapter, self.bot)
        self.sender = ProactiveSender(self.adapter, store, settings.teams.app_id)

    @property
    def auth_enabled(self) -> bool:
        return self.settings.teams.auth_enabled

    def mount(self, app: web.Application) -> None:
        app.router.add_post(MESSAGES_PATH, self.endpoint.handle)

    async def startup(self) -> None:
        if self.auth_enabled:
            logger.info(
                "Teams: authentication on (%s app), endpoint %s",
                bot_configuration(self.settings.teams).APP_TYPE,
                MESSAGES_PATH,
            )
        else:
            logger.warning("%s", AUTH_OFF_WARNING)

    async def shutdown(self) -> None:
        await self.authentication.cache.close()

    async def send_tip(self, user: UserRecord, tip: TipCard) -> bool:
        """The daily tip, as a card in the user's personal chat with the bot."""
        delivery = await self.sender.send(user.key, render(tip))
        return delivery.sent

    async def _on_turn_error(self, context: TurnContext, error: Exception) -> None:
        """The adapter's last resort (the bot catches its own errors before this)."""
        logger.error("teams: unhandled error in a turn: %s", type(error).__name__)
        try:
            lang = pick_lang(locale_of(context.activity))
            await context.send_activity(text_message(say(lang, "error")))
        except Exception as again:
            logger.warning(
                "teams: could not tell the user about an error: %s", type(again).__name__
            )


def off_reason(settings: Settings) -> str | None:
    """Why Teams is off, or None. The surface is on by default; without ``MicrosoftAppId`` it
    runs with authentication off (for the Bot Framework Emulator), and says so at start-up.
    Raises ``ConfigurationError`` when the Microsoft variables do not fit together."""
    if not settings.teams.enabled:
        return "NOBLESSE_TEAMS_DISABLED is set"
    bot_configuration(settings.teams)
    return None


def create_surface(settings: Settings, coach: Coach, store: Store) -> TeamsSurface | None:
    """The Teams surface, or None when it is switched off. Without ``MicrosoftAppId`` it runs
    with authentication off, which :meth:`TeamsSurface.startup` logs as a warning."""
    if off_reason(settings) is not None:
        return None
    return TeamsSurface(settings, coach, store)
