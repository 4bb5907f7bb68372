"""Platform-neutral replies from the coach. Every reply carries a plain-text fallback
(``text``) for notifications, screen readers and text-only surfaces; adapters render the
structured fields natively (Block Kit, Adaptive Cards, HTML, terminal)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from bot.footing.model import Assessment

Action = Literal["hint", "rewind", "end", "start", "tip", "feedback", "forget_confirm"]
ROLEPLAY_ACTIONS: tuple[Action, ...] = ("hint", "rewind", "end")


@dataclass(frozen=True, slots=True)
class RoleplayStarted:
    """A role-play began: the situation for the salesperson, then the customer's opening."""

    lang: str
    session_id: str
    scenario_id: str
    title: str
    briefing: str
    customer_name: str
    customer_role: str
    company: str
    difficulty: str
    text: str
    actions: tuple[Action, ...] = ROLEPLAY_ACTIONS


@dataclass(frozen=True, slots=True)
class CustomerLine:
    """What the customer says. ``outcome`` is set when this line ends the role-play."""

    lang: str
    session_id: str
    speaker: str
    line: str
    turn: int
    tactic: str
    outcome: str | None
    text: str
    actions: tuple[Action, ...] = ROLEPLAY_ACTIONS
    state: dict[str, Any] = field(default_factory=dict)  # the customer's state after the line


@dataclass(frozen=True, slots=True)
class FootingBadge:
    """A compact verdict on one role-play turn."""

    lang: str
    assessment: Assessment
    text: str


@dataclass(frozen=True, slots=True)
class Feedback:
    """The full verdict on a draft: gauge, quoted words, advice and rewrite."""

    lang: str
    assessment: Assessment
    source: Literal["offline", "model"]
    text: str


@dataclass(frozen=True, slots=True)
class TurnScore:
    turn: int
    stance: str
    dominance: float
    affiliation: float


@dataclass(frozen=True, slots=True)
class Scorecard:
    """The end of a role-play: the outcome, the footing of every turn, the trend, where the
    user sits on Leary's Rose, and the one or two habits to practise."""

    lang: str
    session_id: str
    scenario_title: str
    outcome: str
    outcome_label: str
    turns: tuple[TurnScore, ...]
    trend: str  # "improving", "steady", "slipping" or "" with fewer than two turns
    rose_dominance: float
    rose_affiliation: float
    rose_label: str
    habits: tuple[str, ...]
    habit_labels: tuple[str, ...]
    given_away: str  # e.g. "12% and free installation", "" when nothing
    text: str
    actions: tuple[Action, ...] = ("start",)


@dataclass(frozen=True, slots=True)
class TipCard:
    lang: str
    tip_id: str
    title: str
    body: str
    exercise: str
    exercise_label: str
    habits: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class ProgressReport:
    lang: str
    sessions: int
    outcomes: dict[str, int]
    messages: int
    stances: dict[str, int]
    trend: tuple[dict[str, Any], ...]
    weakest_habit: str | None
    weakest_habit_label: str | None
    tips_enabled: bool
    tip_time: str
    text: str


@dataclass(frozen=True, slots=True)
class ScenarioList:
    lang: str
    scenarios: tuple[dict[str, str], ...]  # id, title, summary
    text: str


@dataclass(frozen=True, slots=True)
class HelpCard:
    lang: str
    commands: tuple[tuple[str, str], ...]  # (command, what it does)
    text: str


@dataclass(frozen=True, slots=True)
class Notice:
    """A short message: a confirmation, a hint, a friendly error."""

    lang: str
    kind: Literal["info", "hint", "warning", "error", "confirm"]
    text: str
    actions: tuple[Action, ...] = field(default=())


Reply = (
    RoleplayStarted
    | CustomerLine
    | FootingBadge
    | Feedback
    | Scorecard
    | TipCard
    | ProgressReport
    | ScenarioList
    | HelpCard
    | Notice
)
