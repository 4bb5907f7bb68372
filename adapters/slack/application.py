"""The Bolt app: one ``AsyncApp`` with the Web API client, the OAuth flow when configured,
the de-duplication middleware and Noblesse's listeners.

One workspace (``SLACK_BOT_TOKEN``) is authorized by ``BotAuthorization`` (``auth.test`` once, at
start-up, never inside an acknowledgement); every workspace that installed the app through OAuth
by Bolt's installation-store authorization.

``process_before_response=True``: Bolt answers Slack only when the listener returns, and every
listener returns right after acknowledging (the slow work runs in ``BackgroundWork``), so the
acknowledgement is fast in HTTP mode and in Socket Mode alike.
"""

from __future__ import annotations

import logging
from typing import Any, Final

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.authorization import BotAuthorization
from adapters.slack.deduplication import EventDeduplication
from adapters.slack.installation_store import DatabaseInstallationStore
from adapters.slack.listeners import SlackListeners
from adapters.slack.oauth_state import SignedStateStore
from bot.settings import SlackSettings
from bot.store import Store

logger = logging.getLogger(__name__)

DEFAULT_API_URL: Final = "https://slack.com/api/"
EVENTS_PATH: Final = "/slack/events"
INSTALL_PATH: Final = "/slack/install"
REDIRECT_PATH: Final = "/slack/oauth_redirect"
API_RETRIES: Final = 2

UNREADABLE: Final = (TypeError, AttributeError, LookupError, RecursionError)
"""What Bolt raises on a signed body of an unexpected shape (a list where it reads an object,
a number where it reads text, an empty list where it takes the first item, nesting too deep
to parse): the request's fault, not the app's."""

BOT_SCOPES: Final = (
    "app_mentions:read",
    "assistant:write",
    "channels:history",
    "chat:write",
    "commands",
    "groups:history",
    "im:history",
    "im:write",
    "users:read",
)
"""What the bot asks for; ``manifest.json`` lists the same (a test keeps them equal)."""


def api_base_url(api_url: str) -> str:
    """``SLACK_API_URL`` as a Web API base URL ending in a slash (Slack's own by default)."""
    if not api_url:
        return DEFAULT_API_URL
    return api_url.rstrip("/") + "/"


def retry_handlers() -> list[AsyncRetryHandler]:
    """Retry rate-limited calls (after ``Retry-After``) and dropped connections."""
    return [
        AsyncConnectionErrorRetryHandler(max_retry_count=API_RETRIES),
        AsyncRateLimitErrorRetryHandler(max_retry_count=API_RETRIES),
    ]


def web_client(slack: SlackSettings, token: str | None = None) -> AsyncWebClient:
    return AsyncWebClient(
        token=token or None,
        base_url=api_base_url(slack.api_url),
        retry_handlers=retry_handlers(),
    )


def oauth_settings(
    slack: SlackSettings, store: Store, installations: DatabaseInstallationStore
) -> AsyncOAuthSettings:
    return AsyncOAuthSettings(
        client_id=slack.client_id,
        client_secret=slack.client_secret,
        scopes=list(BOT_SCOPES),
        user_scopes=[],
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=installations,
        installation_store_bot_only=True,
        state_store=SignedStateStore(slack.state_secret, store),
        logger=logging.getLogger("adapters.slack.oauth"),
    )


def build_app(
    slack: SlackSettings,
    client: AsyncWebClient,
    store: Store,
    listeners: SlackListeners,
    installations: DatabaseInstallationStore | None,
    authorization: BotAuthorization | None = None,
) -> AsyncApp:
    """The Bolt app for ``slack``: one workspace with ``SLACK_BOT_TOKEN`` (authorized by
    ``authorization`` when given), or every workspace that installed it through OAuth when
    ``installations`` is given."""
    oauth = oauth_settings(slack, store, installations) if installations is not None else None
    authorize = authorization if oauth is None else None
    # Bolt warns that a client's token is ignored next to an ``authorize``: it is not (the
    # authorization hands the same token to every request), so the app is built without it.
    token = client.token
    if authorize is not None:
        client.token = None
    try:
        app = AsyncApp(
            name="noblesse",
            logger=logging.getLogger("adapters.slack.bolt"),
            client=client,
            signing_secret=slack.signing_secret,
            process_before_response=True,
            authorize=authorize,
            oauth_settings=oauth,
            installation_store_bot_only=True if oauth is not None else None,
        )
    finally:
        client.token = token
    app.error(answer_failure)
    app.middleware(EventDeduplication(store).process)
    if oauth is not None:
        app.enable_token_revocation_listeners()
    else:
        app.event("app_uninstalled")(note_uninstall)
        app.event("tokens_revoked")(note_uninstall)
    listeners.register(app)
    return app


async def note_uninstall(event: dict[str, Any]) -> None:
    """One workspace, one token: when it is revoked there is nothing to delete, only to say.
    (Daily tips notice it too: their sends fail and switch themselves off.)"""
    logger.warning("the Slack app was uninstalled or its token revoked (%s)", event.get("type"))


async def answer_failure(error: Exception) -> BoltResponse:
    """Bolt's error handler (middleware and listeners): 400 and a warning for a body Bolt
    cannot read, 500 and the traceback for anything else. Only the exception's type is
    written in the message (its text may quote the request)."""
    if isinstance(error, UNREADABLE):
        logger.warning("Slack request not understood: %s", type(error).__name__)
        return BoltResponse(status=400, body="")
    logger.error("Slack request failed: %s", type(error).__name__, exc_info=error)
    return BoltResponse(status=500, body="")
