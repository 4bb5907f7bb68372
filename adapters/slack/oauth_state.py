"""The OAuth ``state`` parameter, signed with ``SLACK_STATE_SECRET`` and usable once.

A state is ``<nonce>.<issued>.<signature>``: any instance can check it without shared memory,
it expires (10 minutes by default), and consuming it records the nonce in the store
(``mark_event_processed``), so a replayed redirect fails even on another instance. Bolt also
checks that the browser finishing the install carries the state's cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time
from collections.abc import Callable
from typing import Final, Protocol

from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore

from bot.store.errors import StoreError

logger = logging.getLogger(__name__)

EXPIRES_AFTER_S: Final = 600


class OneTimeMarks(Protocol):
    async def mark_event_processed(self, event_id: str) -> bool: ...


class SignedStateStore(AsyncOAuthStateStore):
    def __init__(
        self,
        secret: str,
        marks: OneTimeMarks,
        *,
        expires_after_s: int = EXPIRES_AFTER_S,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not secret:
            raise ValueError("a state secret is required")
        self._key = secret.encode("utf-8")
        self._marks = marks
        self._expires_after = expires_after_s
        self._clock = clock

    @property
    def logger(self) -> logging.Logger:
        return logger

    def _sign(self, payload: str) -> str:
        return hmac.new(self._key, payload.encode("utf-8"), hashlib.sha256).hexdigest()

    async def async_issue(self, *args: object, **kwargs: object) -> str:
        payload = f"{secrets.token_urlsafe(18)}.{int(self._clock())}"
        return f"{payload}.{self._sign(payload)}"

    async def async_consume(self, state: str) -> bool:
        nonce, _, rest = state.partition(".")
        issued, _, signature = rest.partition(".")
        if not nonce or not issued.isdigit() or not signature:
            return False
        if not hmac.compare_digest(self._sign(f"{nonce}.{issued}"), signature):
            logger.warning("OAuth state with a wrong signature")
            return False
        age = self._clock() - int(issued)
        if age < 0 or age > self._expires_after:
            logger.info("OAuth state expired")
            return False
        try:
            first = await self._marks.mark_event_processed(f"slack-oauth-state:{nonce}")
        except StoreError as exc:
            logger.warning("OAuth state could not be recorded: %s", type(exc).__name__)
            return False
        if not first:
            logger.warning("OAuth state used twice")
        return first
