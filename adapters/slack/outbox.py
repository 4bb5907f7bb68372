"""Posting rendered messages: into a thread, privately (ephemeral), by direct message, or to a
``response_url`` — with the fallbacks Slack makes necessary (a channel the bot is not in, an
ephemeral message where none can be shown)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Final

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.rendering import SlackMessage

logger = logging.getLogger(__name__)

UNREACHABLE: Final = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "user_not_in_channel",
        "is_archived",
        "restricted_action",
        "restricted_action_read_only_channel",
        "restricted_action_thread_only_channel",
        "restricted_action_non_threadable_channel",
        "ekm_access_denied",
        "cannot_reply_to_message",
        "thread_reply_not_allowed",
    }
)
"""Errors that mean "not here": the message goes to the user's DM instead."""


class RespondError(Exception):
    """A ``response_url`` refused the message (expired, used up, or malformed)."""


def error_code(exc: SlackApiError) -> str:
    data = exc.response.data if exc.response is not None else None
    return str(data.get("error", "")) if isinstance(data, dict) else ""


class Outbox:
    """Where replies go, for one Web API client (one workspace's token)."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def post(
        self, channel: str, messages: Sequence[SlackMessage], *, thread_ts: str | None = None
    ) -> list[str]:
        """Post each message; returns their ts. Slack errors propagate (see ``UNREACHABLE``)."""
        posted: list[str] = []
        for message in messages:
            response = await self.client.chat_postMessage(
                channel=channel,
                thread_ts=thread_ts,
                unfurl_links=False,
                unfurl_media=False,
                **message.payload(),
            )
            posted.append(str(response.get("ts", "")))
        return posted

    async def update(self, channel: str, ts: str, message: SlackMessage) -> None:
        await self.client.chat_update(channel=channel, ts=ts, **message.payload())

    async def delete(self, channel: str, ts: str) -> None:
        await self.client.chat_delete(channel=channel, ts=ts)

    async def open_dm(self, user_id: str) -> str:
        response = await self.client.conversations_open(users=user_id)
        channel = response.get("channel") or {}
        return str(channel.get("id", ""))

    async def dm(self, user_id: str, messages: Sequence[SlackMessage]) -> str:
        """Send the messages to the user's DM with the bot; returns the DM's channel id."""
        channel = await self.open_dm(user_id)
        await self.post(channel, messages)
        return channel

    async def ephemeral(
        self,
        channel: str,
        user_id: str,
        messages: Sequence[SlackMessage],
        *,
        thread_ts: str | None = None,
    ) -> bool:
        """Show the messages to one user only; where Slack cannot (a DM between people, a
        channel without the bot), send them by DM instead. True if shown in place."""
        try:
            for message in messages:
                await self.client.chat_postEphemeral(
                    channel=channel, user=user_id, thread_ts=thread_ts, **message.payload()
                )
        except SlackApiError as exc:
            if error_code(exc) not in UNREACHABLE:
                raise
            logger.info("ephemeral message not possible (%s); sending a DM", error_code(exc))
            await self.dm(user_id, messages)
            return False
        return True

    async def respond(
        self,
        respond: AsyncRespond,
        messages: Sequence[SlackMessage],
        *,
        replace_original: bool = False,
    ) -> None:
        """Answer through the request's ``response_url`` (ephemeral unless it replaces)."""
        for index, message in enumerate(messages):
            extra: dict[str, Any] = {}
            if replace_original and index == 0:
                extra["replace_original"] = True
            else:
                extra["response_type"] = "ephemeral"
            response = await respond(text=message.text, blocks=list(message.blocks), **extra)
            if response.status_code >= 400:
                raise RespondError(f"response_url answered {response.status_code}")
