"""Users and their settings (language, time zone, daily tips)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import bindparam, select, update

from bot.errors import InputError
from bot.identity import UserKey
from bot.store.core import USERS, Executor, StoreCore, user_params
from bot.store.errors import StoreConflict
from bot.store.records import UNSET, Unset, UserRecord

_TIP_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

_USER_COLUMNS = (
    USERS.c.id,
    USERS.c.platform,
    USERS.c.tenant,
    USERS.c.user_id,
    USERS.c.display_name,
    USERS.c.lang,
    USERS.c.tz,
    USERS.c.tips_enabled,
    USERS.c.tip_time,
    USERS.c.weekdays_only,
    USERS.c.created_at,
    USERS.c.updated_at,
)
_USER_BY_KEY = select(*_USER_COLUMNS).where(
    USERS.c.platform == bindparam("platform"),
    USERS.c.tenant == bindparam("tenant"),
    USERS.c.user_id == bindparam("user"),
)
_USER_BY_ID = select(*_USER_COLUMNS).where(USERS.c.id == bindparam("id"))


def user_record(row: Sequence[Any]) -> UserRecord:
    """A user from a row of ``_USER_COLUMNS``."""
    (
        row_id,
        platform,
        tenant,
        user_id,
        display_name,
        lang,
        tz,
        tips_enabled,
        tip_time,
        weekdays_only,
        created_at,
        updated_at,
    ) = row
    return UserRecord(
        id=row_id,
        key=UserKey(platform, tenant, user_id),
        display_name=display_name,
        lang=lang,
        tz=tz,
        tips_enabled=tips_enabled,
        tip_time=tip_time,
        weekdays_only=weekdays_only,
        created_at=created_at,
        updated_at=updated_at,
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


async def _user_by_id(db: Executor, user_id: int) -> UserRecord:
    row = (await db.execute(_USER_BY_ID, {"id": user_id})).one()
    return user_record(row)


class UserQueries(StoreCore):
    async def get_user(self, key: UserKey) -> UserRecord | None:
        async with self._read_one() as db:
            row = (await db.execute(_USER_BY_KEY, user_params(key))).first()
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
        async with self._write_connection() as db:
            params = user_params(key)
            row = None if existing is None else (await db.execute(_USER_BY_KEY, params)).first()
            if row is None:
                await self._add_user(db, key, lang=lang, tz=tz, display_name=display_name)
                row = (await db.execute(_USER_BY_KEY, params)).first()
            if row is None:
                raise StoreConflict("the user was forgotten while this change was being made")
            record = user_record(row)
            fill = {
                name: value
                for name, value in wanted.items()
                if value is not None and getattr(record, name) is None
            }
            if fill:
                await db.execute(
                    update(USERS)
                    .where(USERS.c.id == record.id)
                    .values(**fill, updated_at=self._now())
                )
                record = await _user_by_id(db, record.id)
            return record

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
        async with self._write_connection() as db:
            user_id = await self._ensure_user(db, key)
            if changes:
                await db.execute(
                    update(USERS)
                    .where(USERS.c.id == user_id)
                    .values(**changes, updated_at=self._now())
                )
            return await _user_by_id(db, user_id)

    async def users_with_tips_enabled(self) -> list[UserRecord]:
        """Every user who wants daily tips, for the scheduler (oldest first)."""
        async with self._read_one() as db:
            rows = await db.execute(
                select(*_USER_COLUMNS).where(USERS.c.tips_enabled.is_(True)).order_by(USERS.c.id)
            )
            return [user_record(row) for row in rows]
