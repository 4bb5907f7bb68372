"""Hand-written Teams activities, shaped like what Teams posts to a bot (no recordings)."""

from __future__ import annotations

import itertools
from typing import Any

BOT_ID = "28:noblesse-bot"
BOT_NAME = "Noblesse"
TENANT = "tenant-1"
_ids = itertools.count(1000)


def _base(
    service_url: str,
    *,
    conversation: str,
    conversation_type: str,
    user: str,
    locale: str | None,
    timezone: str | None,
) -> dict[str, Any]:
    activity: dict[str, Any] = {
        "id": f"1{next(_ids)}",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "timestamp": "2026-11-30T09:00:00.000Z",
        "from": {"id": f"29:{user}", "name": "Sam Seller", "aadObjectId": f"aad-{user}"},
        "recipient": {"id": BOT_ID, "name": BOT_NAME},
        "conversation": {
            "id": conversation,
            "conversationType": conversation_type,
            "tenantId": TENANT,
        },
        "channelData": {"tenant": {"id": TENANT}},
    }
    if locale:
        activity["locale"] = locale
    if timezone:
        activity["localTimezone"] = timezone
    return activity


def message(
    service_url: str,
    text: str,
    *,
    conversation: str = "a:personal-1",
    conversation_type: str = "personal",
    user: str = "u1",
    locale: str | None = "en-US",
    timezone: str | None = "Europe/Brussels",
    mention: bool = False,
    activity_id: str | None = None,
) -> dict[str, Any]:
    activity = _base(
        service_url,
        conversation=conversation,
        conversation_type=conversation_type,
        user=user,
        locale=locale,
        timezone=timezone,
    )
    activity.update({"type": "message", "text": text, "textFormat": "plain"})
    if activity_id:
        activity["id"] = activity_id
    if mention:
        tag = f"<at>{BOT_NAME}</at>"
        activity["text"] = f"{tag} {text}"
        activity["entities"] = [
            {"type": "mention", "mentioned": {"id": BOT_ID, "name": BOT_NAME}, "text": tag}
        ]
    return activity


def submit(service_url: str, value: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """What Teams posts when a user presses an ``Action.Submit`` button on a card."""
    activity = message(service_url, "", **kwargs)
    activity.pop("text")
    activity["value"] = value
    return activity


def installed(
    service_url: str,
    *,
    conversation: str = "a:personal-1",
    conversation_type: str = "personal",
    user: str = "u1",
    locale: str | None = "en-US",
) -> dict[str, Any]:
    """The ``conversationUpdate`` Teams sends when the app is added."""
    activity = _base(
        service_url,
        conversation=conversation,
        conversation_type=conversation_type,
        user=user,
        locale=locale,
        timezone=None,
    )
    activity.update({"type": "conversationUpdate", "membersAdded": [{"id": BOT_ID}]})
    return activity


def uninstalled(service_url: str, *, user: str = "u1") -> dict[str, Any]:
    """The ``installationUpdate`` Teams sends when a user removes the app."""
    activity = _base(
        service_url,
        conversation="a:personal-1",
        conversation_type="personal",
        user=user,
        locale="en-US",
        timezone=None,
    )
    activity.update({"type": "installationUpdate", "action": "remove"})
    return activity


def invoke(
    service_url: str,
    name: str,
    value: dict[str, Any],
    *,
    conversation: str = "a:personal-1",
    conversation_type: str = "personal",
    user: str = "u1",
    locale: str | None = "en-US",
) -> dict[str, Any]:
    activity = _base(
        service_url,
        conversation=conversation,
        conversation_type=conversation_type,
        user=user,
        locale=locale,
        timezone=None,
    )
    activity.update({"type": "invoke", "name": name, "value": value})
    return activity
