"""Conversation references for proactive messages: saved, replaced, disabled, re-enabled."""

from __future__ import annotations

from bot.store import Store

from .support import ALICE, BOB, FakeClock

TEAMS_REF = {
    "conversation": {"id": "a:1xyz", "tenantId": "tenant-b"},
    "serviceUrl": "https://smba.example.test/emea/",
    "bot": {"id": "28:app"},
}


async def test_a_reference_is_saved_replaced_and_disabled(store: Store, clock: FakeClock) -> None:
    assert await store.get_conversation_ref(BOB, "teams") is None
    assert not await store.disable_conversation_ref(BOB, "teams")
    await store.save_conversation_ref(BOB, "teams", TEAMS_REF)
    saved = await store.get_conversation_ref(BOB, "teams")
    assert saved is not None
    assert (saved.user, saved.platform, saved.reference, saved.disabled) == (
        BOB,
        "teams",
        TEAMS_REF,
        False,
    )
    clock.advance(minutes=1)
    assert await store.disable_conversation_ref(BOB, "teams")
    disabled = await store.get_conversation_ref(BOB, "teams")
    assert disabled is not None and disabled.disabled and disabled.updated_at == clock.now
    moved = {**TEAMS_REF, "serviceUrl": "https://smba.example.test/amer/"}
    await store.save_conversation_ref(BOB, "teams", moved)  # the user came back
    again = await store.get_conversation_ref(BOB, "teams")
    assert again is not None and not again.disabled and again.reference == moved
    assert await store.get_conversation_ref(BOB, "slack") is None
    assert await store.get_conversation_ref(ALICE, "teams") is None
