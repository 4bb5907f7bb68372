"""Single-workspace authorization (``SLACK_BOT_TOKEN``) that never waits on the Web API.

Bolt's own single-workspace authorization calls ``auth.test`` inside the acknowledgement of the
first request (and again after every failure), so an unreachable Web API makes Slack wait past
its 3-second deadline. Here ``auth.test`` runs once at start-up and its answer is kept; when it
fails it is retried in the background, with a growing pause. Until it has succeeded, requests
are authorized with the token alone (the bot's own ids are unknown for that while).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Final

import aiohttp
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.async_authorize import AsyncAuthorize
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

logger = logging.getLogger(__name__)

FIRST_RETRY_S: Final = 5.0
LAST_RETRY_S: Final = 300.0


class BotAuthorization(AsyncAuthorize):
    """Bolt's ``authorize`` for one workspace: the bot's identity from one ``auth.test``."""

    def __init__(
        self,
        client: AsyncWebClient,
        token: str,
        *,
        first_retry_s: float = FIRST_RETRY_S,
        last_retry_s: float = LAST_RETRY_S,
    ) -> None:
        super().__init__()
        self.client = client
        self.token = token
        self.first_retry_s = first_retry_s
        self.last_retry_s = last_retry_s
        self.identity: AuthorizeResult | None = None
        self._checking: asyncio.Task[None] | None = None

    @property
    def known(self) -> bool:
        """True once ``auth.test`` has answered."""
        return self.identity is not None

    def start(self) -> None:
        """Start checking the token (``auth.test``, retried until it works) unless that is
        already done or under way."""
        if not self.known and (self._checking is None or self._checking.done()):
            self._checking = asyncio.get_running_loop().create_task(self._check_until_known())

    async def startup(self, wait_s: float) -> bool:
        """Start checking the token and wait at most ``wait_s`` for the answer (the retries go
        on in the background). True when the bot's identity is known."""
        self.start()
        if self._checking is not None:
            await asyncio.wait({self._checking}, timeout=wait_s)
        return self.known

    async def close(self) -> None:
        """Stop retrying (shutdown)."""
        if self._checking is not None and not self._checking.done():
            self._checking.cancel()
            await asyncio.gather(self._checking, return_exceptions=True)
        self._checking = None

    async def _check_until_known(self) -> None:
        pause = self.first_retry_s
        while not await self._check():
            logger.warning("Slack auth.test will be retried in %.0f s", pause)
            await asyncio.sleep(pause)
            pause = min(pause * 2, self.last_retry_s)

    async def _check(self) -> bool:
        try:
            answer = await self.client.auth_test()
        except SlackApiError as exc:
            code = exc.response.get("error") if exc.response is not None else None
            logger.warning("Slack auth.test failed: %s", code or type(exc).__name__)
            return False
        except (SlackClientError, aiohttp.ClientError, OSError, TimeoutError) as exc:
            logger.warning("Slack auth.test failed: %s", type(exc).__name__)
            return False
        scopes = answer.headers.get("x-oauth-scopes") if answer.headers else None
        self.identity = AuthorizeResult(
            enterprise_id=answer.get("enterprise_id"),
            team_id=answer.get("team_id"),
            team=answer.get("team"),
            url=answer.get("url"),
            bot_id=answer.get("bot_id"),
            bot_user_id=answer.get("user_id"),
            bot_token=self.token,
            bot_scopes=scopes,
        )
        logger.info("Slack token checked (auth.test)")
        return True

    async def __call__(
        self,
        *,
        context: AsyncBoltContext,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        actor_enterprise_id: str | None = None,
        actor_team_id: str | None = None,
        actor_user_id: str | None = None,
    ) -> AuthorizeResult:
        identity = self.identity
        if identity is None:
            self.start()
            return AuthorizeResult(
                enterprise_id=enterprise_id,
                team_id=team_id,
                user_id=user_id,
                bot_token=self.token,
            )
        return AuthorizeResult(
            enterprise_id=identity.enterprise_id,
            team_id=identity.team_id,
            team=identity.team,
            url=identity.url,
            bot_id=identity.bot_id,
            bot_user_id=identity.bot_user_id,
            bot_token=self.token,
            bot_scopes=identity.bot_scopes,
            user_id=user_id,
        )
