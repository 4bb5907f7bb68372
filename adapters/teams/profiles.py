"""Keeping a user's language and time zone in step with their Teams client.

Every Teams activity says the client's ``locale`` and ``localTimezone``. The daily tip goes out
in the user's language at their local time, so the user record follows the client when either
changes (a user who travels, or switches Teams to Dutch). To keep this off the hot path, the
last values seen per user are remembered in memory: the database is read once per user and
process, and written only when something changed.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Final, Protocol

from bot.coach.messages import pick_lang
from bot.identity import UserKey
from bot.store.records import Unset, UserRecord

MAX_REMEMBERED: Final = 10_000


class ProfileStore(Protocol):
    async def get_user(self, key: UserKey) -> UserRecord | None: ...

    async def update_user(
        self, key: UserKey, *, lang: str | Unset | None = ..., tz: str | Unset | None = ...
    ) -> UserRecord: ...


class ProfileSync:
    def __init__(self, store: ProfileStore, *, max_remembered: int = MAX_REMEMBERED) -> None:
        self.store = store
        self.max_remembered = max(1, max_remembered)
        self._seen: OrderedDict[UserKey, tuple[str | None, str | None]] = OrderedDict()

    async def sync(self, user: UserKey, locale: str | None, timezone: str | None) -> None:
        """Store the client's language (``en``/``nl``, from ``locale``) and time zone on the
        user record when they differ from it. A new user is left to the coach, which fills
        both when it creates the record."""
        lang = pick_lang(locale) if locale else None
        wanted = (lang, timezone)
        if self._seen.get(user) == wanted:
            self._seen.move_to_end(user)
            return
        record = await self.store.get_user(user)
        if record is not None:
            new_lang = lang if lang and record.lang != lang else None
            new_tz = timezone if timezone and record.tz != timezone else None
            if new_lang and new_tz:
                await self.store.update_user(user, lang=new_lang, tz=new_tz)
            elif new_lang:
                await self.store.update_user(user, lang=new_lang)
            elif new_tz:
                await self.store.update_user(user, tz=new_tz)
        self._seen[user] = wanted
        self._seen.move_to_end(user)
        while len(self._seen) > self.max_remembered:
            self._seen.popitem(last=False)

    def forget(self, user: UserKey) -> None:
        self._seen.pop(user, None)
