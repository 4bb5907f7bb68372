"""Users: created on first contact, platform hints fill gaps, settings change and validate."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.errors import InputError
from bot.store import Store

from .support import ALICE, BOB, Backend, FakeClock


async def test_a_user_is_created_once_with_defaults(store: Store, clock: FakeClock) -> None:
    assert await store.get_user(ALICE) is None
    created = await store.get_or_create_user(ALICE)
    assert created.key == ALICE
    assert (created.lang, created.tz, created.display_name) == (None, None, None)
    assert (created.tips_enabled, created.tip_time, created.weekdays_only) == (True, "09:00", True)
    assert created.created_at == created.updated_at == clock.now
    clock.advance(hours=1)
    assert await store.get_or_create_user(ALICE) == created
    assert await store.get_user(ALICE) == created


async def test_platform_hints_fill_gaps_but_never_overwrite(store: Store, clock: FakeClock) -> None:
    await store.get_or_create_user(ALICE, lang="nl")
    clock.advance(minutes=1)
    filled = await store.get_or_create_user(
        ALICE, lang="en", tz="Europe/Amsterdam", display_name="Alice"
    )
    assert (filled.lang, filled.tz, filled.display_name) == ("nl", "Europe/Amsterdam", "Alice")
    assert filled.updated_at == clock.now
    chosen = await store.update_user(ALICE, lang="en", tz=None)
    assert (chosen.lang, chosen.tz) == ("en", None)
    hinted = await store.get_or_create_user(ALICE, lang="nl", tz="Europe/Brussels")
    assert (hinted.lang, hinted.tz) == ("en", "Europe/Brussels")


async def test_settings_change_only_what_is_passed(store: Store) -> None:
    await store.get_or_create_user(BOB, lang="nl", tz="Europe/Brussels")
    updated = await store.update_user(BOB, tips_enabled=False, tip_time="07:45")
    assert (updated.tips_enabled, updated.tip_time) == (False, "07:45")
    assert (updated.lang, updated.tz, updated.weekdays_only) == ("nl", "Europe/Brussels", True)
    updated = await store.update_user(BOB, weekdays_only=False, display_name="Bob")
    assert (updated.weekdays_only, updated.display_name, updated.tip_time) == (
        False,
        "Bob",
        "07:45",
    )


async def test_invalid_settings_are_refused(store: Store) -> None:
    invalid: list[dict[str, Any]] = [
        {"tip_time": "24:00"},
        {"tip_time": "9:00"},
        {"tz": "Mars/Olympus"},
        {"lang": ""},
    ]
    for changes in invalid:
        with pytest.raises(InputError):
            await store.update_user(ALICE, **changes)
    with pytest.raises(InputError):
        await store.get_or_create_user(ALICE, tz="Nowhere/Town")
    assert await store.get_user(ALICE) is None


async def test_the_scheduler_sees_users_who_want_tips(store: Store) -> None:
    await store.get_or_create_user(ALICE)
    await store.get_or_create_user(BOB)
    await store.update_user(BOB, tips_enabled=False)
    assert [user.key for user in await store.users_with_tips_enabled()] == [ALICE]


async def test_concurrent_first_contacts_make_one_user(backend: Backend, store: Store) -> None:
    other = await backend.open()
    try:
        users = await asyncio.gather(
            *((store if n % 2 else other).get_or_create_user(ALICE) for n in range(8))
        )
    finally:
        await other.close()
    assert len({user.id for user in users}) == 1


async def test_the_default_tip_time_comes_from_the_store(backend: Backend) -> None:
    store = await backend.open(default_tip_time="08:30")
    try:
        assert (await store.get_or_create_user(ALICE)).tip_time == "08:30"
    finally:
        await store.close()
