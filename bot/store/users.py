"""Users and their settings (language, time zone, daily tips)."""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select, update

from bot.errors import InputError
from bot.identity import UserKey
from bot.store.core import StoreCore
from bot.store.records import UNSET, Unset, UserRecord
from bot.store.tables import UserRow

_TIP_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def user_record(row: UserRow) -> UserRecord:
    return UserRecord(
        id=row.id,
        key=UserKey(row.platform, row.tenant, row.user_id),
        display_name=row.display_name,
        lang=row.lang,
        tz=row.tz,
        tips_enabled=row.tips_enabled,
        tip_time=row.tip_time,
        weekdays_only=row.weekdays_only,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def check_tip_time(value: str) -> str:
    if not _TIP_TIME.match(value):
        raise InputError(f"a tip time is written HH:MM (00:00 to 23:59), not {value!r}")
    return value


def check_time_zone(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise InputError(f"unknown time zone {value!r}") from error
    return value


def check_lang(value: str | None) -> str | None:
    if value is not None and not (0 < len(value) <= 16):
        raise InputError("a language code has 1 to 16 characters")
    return value


def _user_filter(key: UserKey) -> tuple[Any, ...]:
    return (
        UserRow.platform == key.platform,
        UserRow.tenant == key.tenant,
        UserRow.user_id == key.user_id,
    )


class UserQueries(StoreCore):
    async def get_user(self, key: UserKey) -> UserRecord | None:
        async with self._read() as db:
            row = await db.scalar(select(UserRow).where(*_user_filter(key)))
            return None if row is None else user_record(row)

    async def get_or_create_user(
        self,
        key: UserKey,
        *,
        lang: str | None = None,
        tz: str | None = None,
        display_name: str | None = None,
    ) -> UserRecord:
        """The user's record, created on first contact. ``lang``, ``tz`` and ``display_name``
        (what the platform reports) fill fields that are still empty; they never overwrite a
        value, so a user's own choice made through ``update_user`` stays."""
        check_lang(lang)
        check_time_zone(tz)
        wanted = {"lang": lang, "tz": tz, "display_name": display_name}
        existing = await self.get_user(key)
        if existing is not None and not any(
            value is not None and getattr(existing, name) is None for name, value in wanted.items()
        ):
            return existing
        async with self._write() as db:
            user_id = await self._ensure_user(db, key, lang=lang, tz=tz)
            row = await db.get_one(UserRow, user_id, populate_existing=True)
            fill = {
                name: value
                for name, value in wanted.items()
                if value is not None and getattr(row, name) is None
            }
            if fill:
                await db.execute(
                    update(UserRow)
                    .where(UserRow.id == user_id)
                    .values(**fill, updated_at=self._now())
                )
                row = await db.get_one(UserRow, user_id, populate_existing=True)
            return user_record(row)

    async def update_user(
        self,
        key: UserKey,
        *,
        display_name: str | Unset | None = UNSET,
        lang: str | Unset | None = UNSET,
        tz: str | Unset | None = UNSET,
        tips_enabled: bool | Unset = UNSET,
        tip_time: str | Unset = UNSET,
        weekdays_only: bool | Unset = UNSET,
    ) -> UserRecord:
        """Change the given settings (``None`` clears a field); creates the user if needed."""
        changes: dict[str, Any] = {}
        if not isinstance(display_name, Unset):
            changes["display_name"] = display_name
        if not isinstance(lang, Unset):
            changes["lang"] = check_lang(lang)
        if not isinstance(tz, Unset):
            changes["tz"] = check_time_zone(tz)
        if not isinstance(tips_enabled, Unset):
            changes["tips_enabled"] = bool(tips_enabled)
        if not isinstance(tip_time, Unset):
            changes["tip_time"] = check_tip_time(tip_time)
        if not isinstance(weekdays_only, Unset):
            changes["weekdays_only"] = bool(weekdays_only)
        async with self._write() as db:
            user_id = await self._ensure_user(db, key)
            if changes:
                await db.execute(
                    update(UserRow)
                    .where(UserRow.id == user_id)
                    .values(**changes, updated_at=self._now())
                )
            row = await db.get_one(UserRow, user_id, populate_existing=True)
            return user_record(row)

    async def users_with_tips_enabled(self) -> list[UserRecord]:
        """Every user who wants daily tips, for the scheduler (oldest first)."""
        async with self._read() as db:
            rows = await db.scalars(
                select(UserRow).where(UserRow.tips_enabled.is_(True)).order_by(UserRow.id)
            )
            return [user_record(row) for row in rows]
