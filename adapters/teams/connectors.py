"""Bot Connector clients reused across turns: the fix for ``CloudAdapter``'s per-turn cost.

For every incoming activity, botbuilder's ``CloudAdapter`` builds a new ``ConnectorClient``
(to answer) and a new user-token client. Each one builds an msrest configuration, whose retry
policy alone costs milliseconds of CPU (``ClientRetryPolicy.__init__`` scans a thousand status
codes), and each new client starts with a fresh HTTP session and, with an app id set, fresh
credentials that must fetch a new token from Microsoft's login service (through MSAL, whose
token cache lives in the credentials object). Together that was about 17 ms of CPU per message
on the project machine, before the bot did anything.

:class:`CachingAuthentication` wraps the SDK's ``BotFrameworkAuthentication`` and hands the
adapter factories that keep one connector client per (app id, service URL, audience) and one
user-token client per app id, in a small LRU (:class:`ClientCache`). Teams uses a handful of
service URLs (one per region), so the cache holds a few clients for the life of the process:
the HTTP connections and the access token are reused, and only the first activity from a
region pays for a client. The authentication itself (the JWT check) is unchanged.

The cached connector clients send over aiohttp (:mod:`adapters.teams.transport`) rather than
the SDK's ``requests`` in threads (``transport="sdk"`` keeps the SDK's). ``bench/teams_turns.py``
measures all three: SDK default, reused SDK clients, reused aiohttp clients.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any, Final, Literal

from botbuilder.schema import Activity
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    BotFrameworkAuthentication,
    ClaimsIdentity,
    ConnectorFactory,
    UserTokenClient,
)
from botframework.connector.skills import BotFrameworkClient

from adapters.teams.transport import HttpSessions, aiohttp_connector_client

logger = logging.getLogger(__name__)

MAX_CLIENTS: Final = 64
ClientKey = tuple[str, str, str]
Transport = Literal["aiohttp", "sdk"]


def app_id_of(identity: ClaimsIdentity | None) -> str:
    """The bot's app id as the SDK reads it from a claims identity (audience, else appid)."""
    if identity is None:
        return ""
    value = identity.get_claim_value(AuthenticationConstants.AUDIENCE_CLAIM)
    if value is None:
        value = identity.get_claim_value(AuthenticationConstants.APP_ID_CLAIM)
    return str(value or "")


class ClientCache:
    """Connector clients by (app id, service URL, audience) and user-token clients by app id,
    at most ``max_clients`` of each; the least recently used goes first."""

    def __init__(self, max_clients: int = MAX_CLIENTS, *, transport: Transport = "aiohttp") -> None:
        self.max_clients = max(1, max_clients)
        self.transport: Transport = transport
        self.http = HttpSessions()
        self._connectors: OrderedDict[ClientKey, ConnectorClient] = OrderedDict()
        self._token_clients: OrderedDict[str, UserTokenClient] = OrderedDict()
        self.connectors_created = 0
        self.token_clients_created = 0

    async def connector(
        self, key: ClientKey, create: Callable[[], Awaitable[ConnectorClient]]
    ) -> ConnectorClient:
        client = self._connectors.get(key)
        if client is not None:
            self._connectors.move_to_end(key)
            return client
        created = await create()
        client = self._connectors.get(key)  # another turn may have won the race meanwhile
        if client is not None:
            await _close(created)
            return client
        self.connectors_created += 1
        self._connectors[key] = created
        await self._trim(self._connectors)
        return created

    async def user_token_client(
        self, app_id: str, create: Callable[[], Awaitable[UserTokenClient]]
    ) -> UserTokenClient:
        client = self._token_clients.get(app_id)
        if client is not None:
            self._token_clients.move_to_end(app_id)
            return client
        created = await create()
        client = self._token_clients.setdefault(app_id, created)
        if client is created:
            self.token_clients_created += 1
            await self._trim(self._token_clients)
        return client

    async def _trim(self, clients: OrderedDict[Any, Any]) -> None:
        while len(clients) > self.max_clients:
            _, oldest = clients.popitem(last=False)
            await _close(oldest)

    async def close(self) -> None:
        """Close every connector client (their HTTP sessions) and forget all clients."""
        connectors = list(self._connectors.values())
        self._connectors.clear()
        self._token_clients.clear()
        await asyncio.gather(*(_close(client) for client in connectors))
        await self.http.close()


async def _close(client: object) -> None:
    exit_ = getattr(client, "__aexit__", None)
    if exit_ is None:
        return
    try:
        await exit_(None, None, None)
    except Exception as exc:  # closing is best effort; a half-closed session is harmless
        logger.debug("closing a connector client failed: %s", type(exc).__name__)


class CachingConnectorFactory(ConnectorFactory):
    """The SDK's connector factory for one app id, answered from a :class:`ClientCache`."""

    def __init__(self, inner: ConnectorFactory, cache: ClientCache, app_id: str) -> None:
        self._inner = inner
        self._cache = cache
        self._app_id = app_id

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        key = (self._app_id, service_url, audience or "")

        async def build() -> ConnectorClient:
            made = await self._inner.create(service_url, audience)
            if self._cache.transport == "sdk":
                return made
            # The SDK's client is only asked for its credentials (its HTTP session is made on
            # first use, so nothing is left open).
            return aiohttp_connector_client(made.config.credentials, service_url, self._cache.http)

        return await self._cache.connector(key, build)


class CachingAuthentication(BotFrameworkAuthentication):
    """``BotFrameworkAuthentication`` whose connector and user-token clients are reused.

    Authentication is delegated unchanged to ``inner`` (for Noblesse, the SDK's
    ``ConfigurationBotFrameworkAuthentication``).
    """

    def __init__(self, inner: BotFrameworkAuthentication, cache: ClientCache | None = None):
        self.inner = inner
        self.cache = cache or ClientCache()

    def _caching(
        self, factory: ConnectorFactory, identity: ClaimsIdentity | None
    ) -> ConnectorFactory:
        return CachingConnectorFactory(factory, self.cache, app_id_of(identity))

    async def authenticate_request(
        self, activity: Activity, auth_header: str
    ) -> AuthenticateRequestResult:
        result = await self.inner.authenticate_request(activity, auth_header)
        if result.connector_factory is not None:
            result.connector_factory = self._caching(
                result.connector_factory, result.claims_identity
            )
        return result

    async def authenticate_streaming_request(
        self, auth_header: str, channel_id_header: str
    ) -> AuthenticateRequestResult:
        return await self.inner.authenticate_streaming_request(auth_header, channel_id_header)

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        return self._caching(self.inner.create_connector_factory(claims_identity), claims_identity)

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        return await self.cache.user_token_client(
            app_id_of(claims_identity),
            lambda: self.inner.create_user_token_client(claims_identity),
        )

    def create_bot_framework_client(self) -> BotFrameworkClient:
        return self.inner.create_bot_framework_client()

    def get_originating_audience(self) -> str:
        return self.inner.get_originating_audience()

    async def authenticate_channel_request(self, auth_header: str) -> ClaimsIdentity:
        return await self.inner.authenticate_channel_request(auth_header)
