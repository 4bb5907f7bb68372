"""The Slack surface as the server sees it: routes to mount, start and stop, daily tips.

HTTP mode: ``POST /slack/events`` (events, slash commands, interactivity) on the shared aiohttp
server, plus ``GET /slack/install`` and ``GET /slack/oauth_redirect`` when the OAuth install
flow is configured. Socket Mode (``SLACK_APP_TOKEN``): a WebSocket opened in ``startup`` and
closed in ``shutdown``. Both feed the same Bolt app.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Final

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError, SlackClientError, SlackTokenRotationError
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.application import (
    EVENTS_PATH,
    INSTALL_PATH,
    REDIRECT_PATH,
    UNREADABLE,
    build_app,
    web_client,
)
from adapters.slack.authorization import BotAuthorization
from adapters.slack.background import BackgroundWork
from adapters.slack.coaching import SlackCoaching
from adapters.slack.installation_store import DatabaseInstallationStore
from adapters.slack.keys import PLATFORM
from adapters.slack.listeners import SlackListeners
from adapters.slack.outbox import Outbox, error_code
from adapters.slack.profiles import Profiles
from adapters.slack.rendering import tip_message
from adapters.slack.signature import RawSignatureVerifier, is_signed
from bot.coach.coach import Coach
from bot.coach.replies import TipCard
from bot.coach.streaming import with_streaming
from bot.identity import UserKey
from bot.settings import Settings, SlackSettings
from bot.store import Store
from bot.store.records import UserRecord

logger = logging.getLogger(__name__)

SOCKET_CONNECT_WAIT_S: Final = 10.0
AUTH_CHECK_WAIT_S: Final = 5.0
SHUTDOWN_WAIT_S: Final = 10.0
ROTATE_MINUTES_BEFORE: Final = 120

GONE: Final = frozenset(
    {
        "account_inactive",
        "app_uninstalled",
        "cannot_dm_bot",
        "invalid_auth",
        "not_authed",
        "org_login_required",
        "team_access_not_granted",
        "team_not_found",
        "token_expired",
        "token_revoked",
        "user_disabled",
        "user_not_found",
        "users_not_found",
    }
)
"""Web API errors that mean the user or the app is gone: stop sending tips to that user."""


PAYLOAD_LOGGERS: Final = ("slack_sdk", "slack_bolt", "adapters.slack.bolt", "adapters.slack.oauth")
"""Libraries that log whole request and response bodies (message text) at DEBUG level."""

QUIET_LEVELS: Final = {
    "slack_sdk": logging.INFO,
    "slack_bolt": logging.WARNING,
    "adapters.slack.bolt": logging.WARNING,
    "adapters.slack.oauth": logging.INFO,
}
"""The most verbose level each of them may log at. Bolt is held at WARNING: it logs a refused
request's whole body at INFO (a signature that does not verify), and its middleware loggers
copy the level of the app's logger (``adapters.slack.bolt``) when the app is built."""


def quiet_payload_logs() -> None:
    """Keep message text out of the logs (see ``QUIET_LEVELS``), unless
    ``NOBLESSE_LOG_MESSAGE_TEXT`` asks for everything."""
    for name in PAYLOAD_LOGGERS:
        library = logging.getLogger(name)
        quiet = QUIET_LEVELS[name]
        if library.level < quiet:
            library.setLevel(quiet)


class PrioritySocketModeHandler(AsyncSocketModeHandler):
    """Bolt's Socket Mode handler, counting each envelope as an acknowledgement in progress
    (background work holds back meanwhile, as it does for HTTP requests)."""

    def __init__(self, work: BackgroundWork, app: AsyncApp, app_token: str, **options: Any) -> None:
        super().__init__(app, app_token, **options)
        self.work = work

    async def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        with self.work.acknowledging():
            await super().handle(client, req)


def readable_request(body: bytes, request: web.Request) -> AsyncBoltRequest | None:
    """The request as Bolt sees it, or None (with a warning) when the body is not something
    Slack sends: not UTF-8, not a JSON object, or a form whose ``payload`` is not one."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        logger.warning("Slack request not understood: the body is not UTF-8")
        return None
    try:
        bolt_request = AsyncBoltRequest(
            body=text,
            query=request.query_string,
            headers=request.headers,  # type: ignore[arg-type]
        )
    except (ValueError, *UNREADABLE) as exc:
        logger.warning("Slack request not understood: %s", type(exc).__name__)
        return None
    if not isinstance(bolt_request.body, dict):
        logger.warning("Slack request not understood: the body is not an object")
        return None
    return bolt_request


def off_reason(settings: Settings) -> str | None:
    """Why the Slack surface is off, or None when it is on."""
    slack = settings.slack
    if slack.oauth_enabled and not slack.state_secret:
        return (
            "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set but SLACK_STATE_SECRET is not "
            "(it signs the OAuth state)"
        )
    if slack.http_enabled or slack.socket_mode:
        return None
    if slack.app_token and not slack.bot_token:
        return "SLACK_APP_TOKEN (Socket Mode) needs SLACK_BOT_TOKEN as well"
    if slack.bot_token and not slack.signing_secret:
        return "SLACK_BOT_TOKEN needs SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode)"
    return "set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN to turn Slack on (see manifest.json)"


def create_surface(settings: Settings, coach: Coach, store: Store) -> SlackSurface | None:
    """The Slack surface for ``settings``, or None when Slack is off (see ``off_reason``)."""
    reason = off_reason(settings)
    if reason is not None:
        logger.info("Slack is off: %s", reason)
        return None
    return SlackSurface(settings.slack, coach, store, log_payloads=settings.log_message_text)


class SlackSurface:
    """Slack, mounted on the shared server."""

    name = PLATFORM

    def __init__(
        self, slack: SlackSettings, coach: Coach, store: Store, *, log_payloads: bool = False
    ) -> None:
        if not log_payloads:
            quiet_payload_logs()
        self.slack = slack
        self.store = store
        # The customer's words can stream into Slack: the coach's voice is wrapped once. The
        # wrapper streams only inside a Slack task that asked for it (a context variable), so
        # every other surface sharing this coach sees the voice unchanged.
        coach.voice = with_streaming(coach.voice)
        self.coach = coach
        self.oauth = slack.oauth_enabled
        self.installations: DatabaseInstallationStore | None = None
        if self.oauth:
            self.installations = DatabaseInstallationStore(store)
        self.client = web_client(slack, None if self.oauth else slack.bot_token)
        self.authorization: BotAuthorization | None = None
        if not self.oauth and slack.bot_token:
            self.authorization = BotAuthorization(self.client, slack.bot_token)
        self.verifier: RawSignatureVerifier | None = None
        if slack.signing_secret:
            self.verifier = RawSignatureVerifier(slack.signing_secret)
        self.work = BackgroundWork()
        self.profiles = Profiles(store)
        self.coaching = SlackCoaching(self.coach, store, self.profiles)
        self.app: AsyncApp = build_app(
            slack,
            self.client,
            store,
            SlackListeners(self.coaching, self.work),
            self.installations,
            self.authorization,
        )
        self._session: aiohttp.ClientSession | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self._connecting: asyncio.Task[None] | None = None

    @property
    def http_enabled(self) -> bool:
        return bool(self.slack.signing_secret)

    @property
    def socket_mode(self) -> bool:
        return self.slack.socket_mode

    # --- the server's side ----------------------------------------------------------------------

    def mount(self, app: web.Application) -> None:
        """Add the Slack routes to the shared aiohttp app."""
        if self.http_enabled:
            app.router.add_post(EVENTS_PATH, self.handle_events)
        if self.oauth and self.http_enabled:
            app.router.add_get(INSTALL_PATH, self.handle_install)
            app.router.add_get(REDIRECT_PATH, self.handle_oauth_redirect)

    async def startup(self) -> None:
        """Share one HTTP connection pool for Web API calls; connect Socket Mode if enabled."""
        self._session = aiohttp.ClientSession()
        self.client.session = self._session
        checking = self.authorization
        if checking is not None and not await checking.startup(AUTH_CHECK_WAIT_S):
            logger.warning("Slack token not checked yet (auth.test); still trying")
        if self.socket_mode:
            self._socket = PrioritySocketModeHandler(
                self.work, self.app, self.slack.app_token, web_client=self.client
            )
            self._connecting = asyncio.get_running_loop().create_task(self._socket.connect_async())
            done, _ = await asyncio.wait({self._connecting}, timeout=SOCKET_CONNECT_WAIT_S)
            if not done:
                logger.warning("Slack Socket Mode is not connected yet; still trying")
            else:
                logger.info("Slack Socket Mode connected")

    async def shutdown(self) -> None:
        """Finish (or, after a while, cancel) running work, then close connections."""
        if self._socket is not None:
            await self._socket.close_async()
        if self._connecting is not None and not self._connecting.done():
            self._connecting.cancel()
            await asyncio.gather(self._connecting, return_exceptions=True)
        await self.work.close(SHUTDOWN_WAIT_S)
        if self.authorization is not None:
            await self.authorization.close()
        if self._session is not None:
            await self._session.close()
            self.client.session = None
            self._session = None

    async def drain(self, timeout: float | None = None) -> bool:
        """Wait until all started work is done (tests, benchmarks)."""
        return await self.work.drain(timeout)

    # --- HTTP routes ----------------------------------------------------------------------------

    async def handle_events(self, request: web.Request) -> web.Response:
        """Events, slash commands and interactions: signature first (on the raw bytes), then a
        body Bolt can read, then Bolt. Whatever a request holds, the answer is no 5xx of its
        making, and its text is never logged."""
        try:
            with self.work.acknowledging():
                body = await request.read()
                if self.verifier is None or not is_signed(self.verifier, body, request.headers):
                    logger.info("Slack request refused: the signature does not verify")
                    return web.Response(status=401, text="")
                bolt_request = readable_request(body, request)
                if bolt_request is None:
                    return web.Response(status=400, text="")
                response = await self.app.async_dispatch(bolt_request)
                return await to_aiohttp_response(response)
        except web.HTTPException:
            raise  # e.g. a streamed body over the size limit: the server's middleware answers
        except UNREADABLE as exc:
            logger.warning("Slack request not understood: %s", type(exc).__name__)
            return web.Response(status=400, text="")
        except Exception as exc:
            logger.exception("Slack request failed: %s", type(exc).__name__)
            return web.Response(status=500, text="")

    async def handle_install(self, request: web.Request) -> web.Response:
        flow = self.app.oauth_flow
        if flow is None:
            raise web.HTTPNotFound()
        response = await flow.handle_installation(await to_bolt_request(request))
        return await to_aiohttp_response(response)

    async def handle_oauth_redirect(self, request: web.Request) -> web.Response:
        flow = self.app.oauth_flow
        if flow is None:
            raise web.HTTPNotFound()
        try:
            response = await flow.handle_callback(await to_bolt_request(request))
        except Exception as exc:
            logger.exception("Slack OAuth redirect failed: %s", type(exc).__name__)
            return web.Response(status=500, text="The installation failed. Please try again.")
        return await to_aiohttp_response(response)

    # --- daily tips -----------------------------------------------------------------------------

    async def send_tip(self, user: UserRecord, tip: TipCard) -> bool:
        """Send the day's tip by DM. False when it could not be sent; when the user or the app
        is gone, proactive sends to the user are also switched off in the store."""
        key = user.key
        if key.platform != PLATFORM:
            return False
        ref = await self.store.get_conversation_ref(key, PLATFORM)
        if ref is not None and ref.disabled:
            return False
        try:
            client = await self._client_for(key, ref.reference if ref is not None else {})
            if client is None:
                logger.info("daily tip not sent: the app is not installed for the user")
                await self.store.disable_conversation_ref(key, PLATFORM)
                return False
            await Outbox(client).dm(key.user_id, tip_message(tip))
        except SlackApiError as exc:
            code = error_code(exc)
            if code in GONE:
                logger.info("daily tip not sent, user or app gone: %s", code)
                await self.store.disable_conversation_ref(key, PLATFORM)
            else:
                logger.warning("daily tip not sent: %s", code or type(exc).__name__)
            return False
        except (SlackClientError, aiohttp.ClientError, OSError, TimeoutError) as exc:
            logger.warning("daily tip not sent: %s", type(exc).__name__)
            return False
        except Exception as exc:
            logger.exception("daily tip failed: %s", type(exc).__name__)
            return False
        return True

    async def _client_for(
        self, user: UserKey, reference: dict[str, object]
    ) -> AsyncWebClient | None:
        """A Web API client with the bot token of the user's workspace."""
        if self.installations is None:
            return self.client
        enterprise_id = reference.get("enterprise_id") or None
        team_id = reference.get("team_id") or None
        is_enterprise = bool(reference.get("is_enterprise_install"))
        if not reference:
            is_enterprise = user.tenant.startswith("E")
            enterprise_id = user.tenant if is_enterprise else None
            team_id = None if is_enterprise else user.tenant
        bot = await self.installations.async_find_bot(
            enterprise_id=str(enterprise_id) if enterprise_id else None,
            team_id=str(team_id) if team_id else None,
            is_enterprise_install=is_enterprise,
        )
        if bot is None:
            return None
        if bot.bot_refresh_token:
            rotator = AsyncTokenRotator(
                client_id=self.slack.client_id,
                client_secret=self.slack.client_secret,
                client=web_client(self.slack),
            )
            try:
                refreshed = await rotator.perform_bot_token_rotation(
                    bot=bot, minutes_before_expiration=ROTATE_MINUTES_BEFORE
                )
            except SlackTokenRotationError as exc:
                logger.warning("bot token rotation failed: %s", type(exc).__name__)
                return None
            if refreshed is not None:
                await self.installations.async_save_bot(refreshed)
                bot = refreshed
        client = web_client(self.slack, bot.bot_token)
        client.session = self._session
        return client
