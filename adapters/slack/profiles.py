"""Each user's language and time zone from Slack (``users.info``: ``locale`` and ``tz``), kept
on the user's record and refreshed at most once a day per user.

On a refresh the language and time zone are written to the store (``update_user``) when they
changed, and the user's Slack coordinates are saved as the conversation reference the daily
tips use. A failed look-up falls back to what the store already knows and is retried sooner.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.keys import PLATFORM
from bot.coach.messages import pick_lang
from bot.identity import UserKey
from bot.store import Store

logger = logging.getLogger(__name__)

REFRESH_AFTER_S: Final = 24 * 3600.0
RETRY_AFTER_S: Final = 600.0
MAX_PROFILES: Final = 10_000


@dataclass(frozen=True, slots=True)
class Profile:
    """What the coach needs to know about a Slack user."""

    locale: str | None  # e.g. "nl-BE"
    timezone: str | None  # IANA name, e.g. "Europe/Brussels"

    @property
    def lang(self) -> str:
        return pick_lang(self.locale)


@dataclass(frozen=True, slots=True)
class Workspace:
    """Where a user lives in Slack: what a later proactive message needs."""

    team_id: str | None
    enterprise_id: str | None
    is_enterprise_install: bool

    def reference(self, user_id: str) -> dict[str, Any]:
        return {
            "team_id": self.team_id,
            "enterprise_id": self.enterprise_id,
            "is_enterprise_install": self.is_enterprise_install,
            "user_id": user_id,
        }


class Profiles:
    """Slack users' locales and time zones, cached in memory and kept in the store."""

    def __init__(
        self,
        store: Store,
        *,
        refresh_after_s: float = REFRESH_AFTER_S,
        retry_after_s: float = RETRY_AFTER_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self._refresh_after = refresh_after_s
        self._retry_after = retry_after_s
        self._clock = clock
        self._known: OrderedDict[UserKey, tuple[float, Profile]] = OrderedDict()
        self._running: dict[UserKey, asyncio.Task[Profile]] = {}

    def peek(self, user: UserKey) -> Profile | None:
        """The cached profile, if any, without asking Slack."""
        known = self._known.get(user)
        return known[1] if known is not None else None

    async def get(self, client: AsyncWebClient, user: UserKey, workspace: Workspace) -> Profile:
        """The user's profile: from memory when fresh, else from ``users.info`` (then stored).
        Requests that arrive while a look-up runs wait for it instead of asking again."""
        known = self._known.get(user)
        now = self._clock()
        if known is not None and known[0] > now:
            return known[1]
        running = self._running.get(user)
        if running is None or running.done():
            running = asyncio.get_running_loop().create_task(
                self._refresh(client, user, workspace, now)
            )
            self._running[user] = running
            running.add_done_callback(functools.partial(self._finished, user))
        return await asyncio.shield(running)

    def _finished(self, user: UserKey, task: asyncio.Task[Profile]) -> None:
        if self._running.get(user) is task:
            del self._running[user]
        if not task.cancelled():
            task.exception()  # retrieved here; the callers that still wait see it too

    async def _refresh(
        self, client: AsyncWebClient, user: UserKey, workspace: Workspace, now: float
    ) -> Profile:
        try:
            profile = await self._look_up(client, user)
        except (SlackApiError, SlackClientError, OSError, TimeoutError) as exc:
            logger.warning("users.info failed for a Slack user: %s", type(exc).__name__)
            profile = await self._stored(user)
            self._remember(user, profile, now + self._retry_after)
            return profile
        await self._store(user, profile, workspace)
        self._remember(user, profile, now + self._refresh_after)
        return profile

    def forget(self, user: UserKey) -> None:
        """Drop the cached profile (the user asked to be forgotten)."""
        self._known.pop(user, None)

    async def _look_up(self, client: AsyncWebClient, user: UserKey) -> Profile:
        response = await client.users_info(user=user.user_id, include_locale=True)
        info = response.get("user") or {}
        locale = info.get("locale") if isinstance(info.get("locale"), str) else None
        zone = info.get("tz") if isinstance(info.get("tz"), str) else None
        return Profile(locale=locale or None, timezone=_valid_zone(zone))

    async def _stored(self, user: UserKey) -> Profile:
        record = await self.store.get_user(user)
        if record is None:
            return Profile(None, None)
        return Profile(locale=record.lang, timezone=record.tz)

    async def _store(self, user: UserKey, profile: Profile, workspace: Workspace) -> None:
        lang = pick_lang(profile.locale) if profile.locale else None
        record = await self.store.get_or_create_user(user, lang=lang, tz=profile.timezone)
        changes: dict[str, Any] = {}
        if lang and record.lang != lang:
            changes["lang"] = lang
        if profile.timezone and record.tz != profile.timezone:
            changes["tz"] = profile.timezone
        if changes:
            await self.store.update_user(user, **changes)
        reference = workspace.reference(user.user_id)
        saved = await self.store.get_conversation_ref(user, PLATFORM)
        if saved is None or saved.disabled or saved.reference != reference:
            await self.store.save_conversation_ref(user, PLATFORM, reference)

    def _remember(self, user: UserKey, profile: Profile, until: float) -> None:
        self._known[user] = (until, profile)
        self._known.move_to_end(user)
        while len(self._known) > MAX_PROFILES:
            self._known.popitem(last=False)


def _valid_zone(name: str | None) -> str | None:
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name
