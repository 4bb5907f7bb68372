"""The HTTP under the Bot Connector client: aiohttp on the event loop instead of ``requests``
in worker threads.

botbuilder's ``ConnectorClient`` sends each reply through msrest's ``requests`` driver, run in
the event loop's default thread pool (a handful of threads on a small machine): every reply
pays a thread hop and ``requests``' own overhead, and under load replies queue for a free
thread. :func:`aiohttp_connector_client` builds the same ``ConnectorClient`` (same operations,
same models, same errors) on a pipeline whose sender is one shared ``aiohttp`` session:

* :class:`AiohttpSender` sends a request and reads the whole answer (what msrest's models
  expect); a ``429`` or ``503`` (the request was refused, not processed) is retried once after
  its ``Retry-After`` (at most :data:`MAX_RETRY_AFTER_S`);
* :class:`BearerToken` puts the bot's token on each request. Tokens come from the SDK's own
  credentials (``signed_session``, which asks Microsoft's login service through MSAL and its
  token cache), fetched in a worker thread and kept for :data:`TOKEN_TTL_S`; a ``401`` from the
  connector refreshes it once. Without an app id there is no token, as in the SDK.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any, Final

import aiohttp
import requests
from botframework.connector.aio import ConnectorClient
from msrest.authentication import Authentication
from msrest.pipeline import AsyncHTTPPolicy, AsyncHTTPSender, AsyncPipeline, Request, Response
from msrest.pipeline.universal import RawDeserializer
from msrest.universal_http import AsyncClientResponse, ClientRequest

logger = logging.getLogger(__name__)

TIMEOUT_S: Final = 30.0
TOKEN_TTL_S: Final = 300.0
MAX_RETRY_AFTER_S: Final = 2.0
RETRY_STATUSES: Final = frozenset({429, 503})
CONNECTIONS: Final = 100
USER_AGENT: Final = "Noblesse (aiohttp transport)"


class HttpSessions:
    """One ``aiohttp`` session for every connector client, made on first use in the running
    loop and closed with :meth:`close`."""

    def __init__(self, *, timeout_s: float = TIMEOUT_S, connections: int = CONNECTIONS) -> None:
        self.timeout_s = timeout_s
        self.connections = connections
        self._session: aiohttp.ClientSession | None = None

    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.timeout_s),
                connector=aiohttp.TCPConnector(limit=self.connections),
            )
        return self._session

    async def close(self) -> None:
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()


class AiohttpResponse(AsyncClientResponse):
    """A fully read answer, in the shape msrest's deserialiser reads."""

    def __init__(
        self,
        request: ClientRequest,
        status: int,
        headers: Mapping[str, str],
        reason: str | None,
        body: bytes,
    ) -> None:
        super().__init__(request, None)
        # msrest's errors expose ``internal_response`` as ``error.response`` (with requests, the
        # requests.Response): here it is this object, which has the same ``status_code``.
        self.internal_response = self
        self.status_code = status
        # lower-case names: msrest looks for "content-type"
        self.headers = {name.lower(): value for name, value in headers.items()}
        self.reason = reason
        self._body = body

    def body(self) -> bytes:
        return self._body

    def stream_download(self, chunk_size: int | None = None, callback: Any = None) -> Any:
        raise TypeError("the Bot Connector client reads whole answers")


def _retry_after(headers: Mapping[str, str]) -> float:
    try:
        wait = float(headers.get("retry-after", "1"))
    except ValueError:
        wait = 1.0
    return max(0.0, min(wait, MAX_RETRY_AFTER_S))


class AiohttpSender(AsyncHTTPSender):
    def __init__(self, sessions: HttpSessions) -> None:
        self.sessions = sessions

    async def __aenter__(self) -> AiohttpSender:
        return self

    async def __aexit__(self, *exc_details: Any) -> None:
        return None

    async def send(self, request: Request, **config: Any) -> Response:
        http: ClientRequest = request.http_request
        headers = {k: v for k, v in http.headers.items() if k.lower() != "content-length"}
        data = http.data.encode("utf-8") if isinstance(http.data, str) else http.data
        for attempt in range(2):
            async with self.sessions.session().request(
                http.method, http.url, headers=headers, data=data
            ) as raw:
                body = await raw.read()
                answer = AiohttpResponse(http, raw.status, raw.headers, raw.reason, body)
            if answer.status_code in RETRY_STATUSES and attempt == 0:
                await asyncio.sleep(_retry_after(answer.headers))
                continue
            break
        return Response(request, answer)


class BearerToken(AsyncHTTPPolicy):
    """Authorization from msrest credentials, fetched off the loop and kept a while."""

    def __init__(
        self,
        credentials: Authentication | None,
        *,
        ttl_s: float = TOKEN_TTL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.credentials = credentials
        self.ttl_s = ttl_s
        self.clock = clock
        self._header: str | None = None
        self._expires = -1.0
        self._lock: asyncio.Lock | None = None

    def _anonymous(self) -> bool:
        if self.credentials is None:
            return True
        app_id = getattr(self.credentials, "microsoft_app_id", None)
        return app_id is not None and not app_id

    def _sign(self) -> str | None:
        assert self.credentials is not None
        with requests.Session() as scratch:
            signed = self.credentials.signed_session(scratch)
            value = signed.headers.get("Authorization")
        return str(value) if value else None

    async def header(self, *, refresh: bool = False) -> str | None:
        if self._anonymous():
            return None
        if not refresh and self.clock() < self._expires:
            return self._header
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if refresh or self.clock() >= self._expires:
                self._header = await asyncio.to_thread(self._sign)
                self._expires = self.clock() + self.ttl_s
        return self._header

    async def send(self, request: Request, **kwargs: Any) -> Response:
        following = self.next
        if following is None:
            raise RuntimeError("BearerToken must sit in a pipeline")
        header = await self.header()
        if header:
            request.http_request.headers["Authorization"] = header
        response: Response = await following.send(request, **kwargs)
        if header and response.http_response.status_code == 401:
            logger.info("teams: the connector refused our token; fetching a new one")
            header = await self.header(refresh=True)
            if header:
                request.http_request.headers["Authorization"] = header
                response = await following.send(request, **kwargs)
        return response


def aiohttp_connector_client(
    credentials: Authentication, service_url: str, sessions: HttpSessions
) -> ConnectorClient:
    """botbuilder's ``ConnectorClient`` for ``service_url``, sending through ``sessions``.

    The client is built as the SDK builds it, then given a pipeline of its own: the SDK's user
    agent, :class:`BearerToken`, msrest's response deserialiser and HTTP logger, and
    :class:`AiohttpSender` (the SDK's pipeline would sign a ``requests`` session instead).
    """
    client = ConnectorClient(credentials, base_url=service_url)
    configuration = client.config
    configuration.add_user_agent(USER_AGENT)
    configuration.pipeline = AsyncPipeline(
        [
            configuration.user_agent_policy,
            BearerToken(credentials),
            RawDeserializer(),
            configuration.http_logger_policy,
        ],
        AiohttpSender(sessions),
    )
    return client
