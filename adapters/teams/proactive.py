"""Messages the bot sends on its own (the daily tip), through a stored conversation reference.

A reference is stored when the app is installed in a personal chat (and on a user's first
personal message after a start, for users who installed it before). Sending goes through
``CloudAdapter.continue_conversation``. When the connector answers 403 or 404, the user removed
the app or blocked the bot: the reference is disabled, so no further tips are attempted until
the user installs the app again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Final, Protocol

from botbuilder.core import CloudAdapterBase, TurnContext
from botbuilder.schema import Activity, ConversationReference

from adapters.teams.conversion import PLATFORM
from bot.identity import UserKey
from bot.store.records import ConversationRef

logger = logging.getLogger(__name__)

GONE_STATUSES: Final = frozenset({403, 404})


class ReferenceStore(Protocol):
    async def save_conversation_ref(
        self, user: UserKey, platform: str, ref: dict[str, Any]
    ) -> None: ...

    async def get_conversation_ref(
        self, user: UserKey, platform: str
    ) -> ConversationRef | None: ...

    async def disable_conversation_ref(self, user: UserKey, platform: str) -> bool: ...


def reference_of(activity: Activity) -> dict[str, Any]:
    """The serialised conversation reference of ``activity`` (what the store keeps)."""
    reference = TurnContext.get_conversation_reference(activity)
    serialised: dict[str, Any] = reference.serialize()
    serialised.pop("activityId", None)  # proactive messages start a new reply chain
    return serialised


def status_of(error: BaseException) -> int | None:
    """The HTTP status of a failed connector call, if there was one."""
    response = getattr(error, "response", None)
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    return int(status) if isinstance(status, int) else None


@dataclass(frozen=True, slots=True)
class Delivery:
    """How a proactive send went: ``sent``, or why not (``no_reference``, ``disabled``,
    ``gone`` after a 403/404, ``failed``)."""

    outcome: str
    status: int | None = None

    @property
    def sent(self) -> bool:
        return self.outcome == "sent"


class ProactiveSender:
    def __init__(self, adapter: CloudAdapterBase, store: ReferenceStore, app_id: str) -> None:
        self.adapter = adapter
        self.store = store
        self.app_id = app_id

    async def send(self, user: UserKey, activity: Activity) -> Delivery:
        """Send ``activity`` to ``user``'s personal chat through the stored reference."""
        stored = await self.store.get_conversation_ref(user, PLATFORM)
        if stored is None:
            return Delivery("no_reference")
        if stored.disabled:
            return Delivery("disabled")
        reference = ConversationReference().deserialize(stored.reference)
        failure: list[BaseException] = []

        async def deliver(context: TurnContext) -> None:
            # The continuation activity carries a made-up id, which the SDK would turn into a
            # replyToId; a proactive message starts a thread of its own instead.
            context.activity.id = None
            # Errors are caught here: raised, they would reach the adapter's on_turn_error.
            try:
                await context.send_activity(activity)
            except Exception as exc:
                failure.append(exc)

        try:
            await self.adapter.continue_conversation(reference, deliver, bot_app_id=self.app_id)
        except Exception as exc:  # creating the connector or its token failed
            failure.append(exc)
        if not failure:
            return Delivery("sent")
        error = failure[0]
        status = status_of(error)
        if status in GONE_STATUSES:
            await self.store.disable_conversation_ref(user, PLATFORM)
            logger.info(
                "teams: the app is gone for a user (HTTP %d); proactive messages stopped", status
            )
            return Delivery("gone", status)
        logger.warning(
            "teams: proactive message failed: %s (HTTP %s)", type(error).__name__, status or "-"
        )
        return Delivery("failed", status)
