"""Slack ids as the core's keys: who (``UserKey``) and where (``ConversationKey``).

The tenant is the organisation for an organisation-wide install (its user ids are unique across
the organisation) and the workspace otherwise. A role-play lives in a thread: its conversation
id is ``"<channel>:<thread_ts>"``; a conversation without a thread is the channel id alone.
"""

from __future__ import annotations

from typing import Final

from bot.identity import ConversationKey, UserKey

PLATFORM: Final = "slack"


def tenant_of(enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool) -> str:
    if is_enterprise_install and enterprise_id:
        return enterprise_id
    return team_id or enterprise_id or ""


def user_key(tenant: str, user_id: str) -> UserKey:
    return UserKey(PLATFORM, tenant, user_id)


def conversation_key(tenant: str, channel: str, thread_ts: str | None = None) -> ConversationKey:
    conversation_id = f"{channel}:{thread_ts}" if thread_ts else channel
    return ConversationKey(PLATFORM, tenant, conversation_id)


def thread_of(conversation_id: str) -> tuple[str, str | None]:
    """The channel and thread ts of a conversation id (no thread: ``None``)."""
    channel, _, thread_ts = conversation_id.partition(":")
    return channel, thread_ts or None
