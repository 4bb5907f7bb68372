"""Answering each Slack event once, even when Slack delivers it again.

Slack retries an event (``X-Slack-Retry-Num``; in Socket Mode ``retry_attempt``) when the first
delivery seemed to fail, with the same ``event_id``; Bolt does not drop those retries. This
global middleware claims every ``event_id`` in the store (``mark_event_processed``: atomic and
shared by every instance on the database) and acknowledges a repeat without handling it.
Messages the app ignores anyway (from bots, edits, joins) are not recorded.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.response import BoltResponse

from bot.store import Store
from bot.store.errors import StoreError

logger = logging.getLogger(__name__)

HANDLED_SUBTYPES = frozenset({"thread_broadcast", "file_share"})
"""Message subtypes that are still a person writing (a reply also sent to the channel, a
message with a file); every other subtype (edits, deletions, joins, bot posts) is ignored."""


def is_person_message(event: dict[str, Any]) -> bool:
    """True for a message a person wrote; False for bots (this app included) and for edits,
    deletions, joins and other system subtypes — the app never answers those (no loops)."""
    if event.get("bot_id") or event.get("bot_profile"):
        return False
    subtype = event.get("subtype")
    if subtype is not None and subtype not in HANDLED_SUBTYPES:
        return False
    return bool(event.get("user"))


def worth_recording(body: dict[str, Any]) -> bool:
    event = body.get("event")
    if not isinstance(event, dict):
        return False
    if event.get("type") == "message":
        return is_person_message(event)
    return True


class EventDeduplication:
    """Bolt global middleware: the first delivery of an ``event_id`` goes on, repeats stop."""

    def __init__(self, store: Store, *, namespace: str = "slack") -> None:
        self.store = store
        self.namespace = namespace

    async def process(
        self, body: dict[str, Any], next: Callable[[], Awaitable[None]]
    ) -> BoltResponse | None:
        event_id = body.get("event_id")
        if body.get("type") != "event_callback" or not event_id or not worth_recording(body):
            await next()
            return None
        try:
            first = await self.store.mark_event_processed(f"{self.namespace}:{event_id}")
        except StoreError as exc:
            # Without the database the event cannot be coached either; handling it (and maybe
            # answering twice) is better than dropping it silently.
            logger.warning("event de-duplication unavailable: %s", type(exc).__name__)
            first = True
        if not first:
            logger.info("Slack event delivered again, already handled: %s", event_id)
            return BoltResponse(status=200, body="")
        await next()
        return None
