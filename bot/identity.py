"""Who and where, independent of the platform: the keys every request and stored row carry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class UserKey:
    """A user on one platform: ``platform`` is e.g. "slack", "teams", "web", "terminal";
    ``tenant`` is the Slack team/enterprise id or the Teams tenant id ("" where there is none)."""

    platform: str
    tenant: str
    user_id: str

    def __str__(self) -> str:
        return f"{self.platform}:{self.tenant}:{self.user_id}"


@dataclass(frozen=True, slots=True)
class ConversationKey:
    """Where a role-play lives: a Slack thread, a Teams conversation, a browser tab, a terminal.

    ``conversation_id`` is the platform's id (a Slack channel plus thread ts, a Teams conversation
    id, a playground id); together with the platform and tenant it identifies one conversation.
    """

    platform: str
    tenant: str
    conversation_id: str

    def __str__(self) -> str:
        return f"{self.platform}:{self.tenant}:{self.conversation_id}"
