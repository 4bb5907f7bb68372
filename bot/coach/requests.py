"""Platform-neutral requests to the coach: who asks, where, and what.

Adapters build these from Slack events, Teams activities, web calls or terminal input; the
coach never sees a platform object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from typing import Literal

from bot.identity import ConversationKey, UserKey

Difficulty = Literal["easy", "normal", "hard"]
DIFFICULTIES: tuple[Difficulty, ...] = ("easy", "normal", "hard")


@dataclass(frozen=True, slots=True)
class StartRoleplay:
    scenario: str | None = None  # None: a random scenario
    difficulty: Difficulty | None = None
    lang: str | None = None
    seed: int | None = None


@dataclass(frozen=True, slots=True)
class Turn:
    text: str


@dataclass(frozen=True, slots=True)
class Hint:
    pass


@dataclass(frozen=True, slots=True)
class Rewind:
    pass


@dataclass(frozen=True, slots=True)
class EndRoleplay:
    pass


@dataclass(frozen=True, slots=True)
class ReviewDraft:
    text: str


@dataclass(frozen=True, slots=True)
class TipNow:
    pass


@dataclass(frozen=True, slots=True)
class TipSettings:
    enabled: bool | None = None
    at: time | None = None


@dataclass(frozen=True, slots=True)
class ShowProgress:
    pass


@dataclass(frozen=True, slots=True)
class ListScenarios:
    pass


@dataclass(frozen=True, slots=True)
class Forget:
    confirmed: bool = False


@dataclass(frozen=True, slots=True)
class Help:
    topic: str | None = None


@dataclass(frozen=True, slots=True)
class Say:
    """Raw text from a text-only surface; the coach decides whether it is a command or a
    role-play turn (it knows whether a role-play is running in the conversation)."""

    text: str


@dataclass(frozen=True, slots=True)
class Unknown:
    """Text that is no command and arrived where no role-play is running."""

    text: str


Command = (
    StartRoleplay
    | Turn
    | Hint
    | Rewind
    | EndRoleplay
    | ReviewDraft
    | TipNow
    | TipSettings
    | ShowProgress
    | ListScenarios
    | Forget
    | Help
    | Say
    | Unknown
)


@dataclass(frozen=True, slots=True)
class Request:
    """One request: the user, the conversation it belongs to, and the command."""

    user: UserKey
    conversation: ConversationKey
    command: Command
    locale: str | None = None  # e.g. "nl-BE", "en-US": the user's interface language
    timezone: str | None = None  # IANA name, e.g. "Europe/Brussels"
    meta: dict[str, str] = field(default_factory=dict)  # e.g. display name, for greetings
