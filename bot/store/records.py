"""What the store hands out: small frozen records, never ORM objects tied to a database session."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any, Final, Literal

from bot.identity import ConversationKey, UserKey

SessionStatus = Literal["active", "ended"]
SESSION_STATUSES: tuple[SessionStatus, ...] = ("active", "ended")

# The outcome given to an active role-play that a new one in the same conversation replaces,
# or that ``purge_transcripts`` finds untouched for longer than the retention period.
OUTCOME_ABANDONED: Final = "abandoned"

# Keys of a stored customer state that hold words (the customer's last line): removed from every
# state by ``Store.purge_transcripts``, so keep the transcript's text under these keys only.
TRANSCRIPT_STATE_KEYS: Final = ("line",)


class Unset(Enum):
    """Marks an argument the caller did not pass (``None`` is a value: "clear this field")."""

    UNSET = "unset"


UNSET: Final = Unset.UNSET


@dataclass(frozen=True, slots=True)
class UserRecord:
    id: int
    key: UserKey
    display_name: str | None
    lang: str | None
    tz: str | None
    tips_enabled: bool
    tip_time: str  # "HH:MM" in the user's time zone
    weekdays_only: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """A role-play session. ``state`` is the customer engine's state after the last turn."""

    id: str
    user: UserKey
    conversation: ConversationKey
    scenario: str
    difficulty: str
    lang: str
    seed: int
    status: SessionStatus
    outcome: str | None
    state: dict[str, Any]
    turn_count: int
    created_at: datetime
    updated_at: datetime
    ended_at: datetime | None

    @property
    def active(self) -> bool:
        return self.status == "active"


@dataclass(frozen=True, slots=True)
class TurnRecord:
    """One salesperson message and the customer's answer. The texts are ``None`` once the
    transcript was purged; ``stance`` and the assessment's scores and habits remain."""

    session_id: str
    index: int
    salesperson_text: str | None
    assessment: dict[str, Any]
    stance: str | None
    customer_line: str | None
    state: dict[str, Any]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ConversationRef:
    """Where to reach a user proactively. ``disabled`` once sends failed for good (app removed,
    user blocked the bot); saving a fresh reference enables it again."""

    user: UserKey
    platform: str
    reference: dict[str, Any]
    disabled: bool
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class StancePoint:
    """Stance counts of one week (messages in role-plays and checked drafts together)."""

    week_start: date  # the Monday of the ISO week, in UTC
    submissive: int = 0
    balanced: int = 0
    dominant: int = 0

    @property
    def total(self) -> int:
        return self.submissive + self.balanced + self.dominant


@dataclass(frozen=True, slots=True)
class Progress:
    """A user's progress: role-plays played and how they ended, stances and habits, and a
    week-by-week stance trend (oldest week first; weeks without messages are left out)."""

    sessions: int
    outcomes: dict[str, int]
    messages: int
    stances: dict[str, int]
    habits: dict[str, int]
    trend: tuple[StancePoint, ...] = field(default=())
