"""What the engine decides each turn: the customer's move and the state after it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.customer.concessions import Concession
from bot.customer.state import CustomerState
from bot.customer.vocabulary import Intent, Outcome, Tactic, TurnKind, WalkReason
from bot.footing.model import Stance


@dataclass(frozen=True, slots=True)
class Move:
    """The customer's answer, decided but not yet worded.

    ``line_id`` is the offline line chosen for it (already marked as used in the new state);
    a language model wording the move may ignore it, but must keep intent, demand and outcome.
    """

    turn: int
    intent: Intent
    tactic: Tactic | None  # the tactic in play
    demand: float  # the customer's demand after this move, in the unit
    outcome: Outcome | None  # set when this move ends the session
    line_id: str
    kind: TurnKind | None = None  # how the seller's message read; None for the opening
    stance: Stance | None = None  # the seller's footing as the engine used it
    reason: WalkReason | None = None  # why the customer walked out


@dataclass(frozen=True, slots=True)
class Decision:
    """A turn's result: the new state, the customer's move, and what the seller gave away."""

    state: CustomerState
    move: Move
    concessions: tuple[Concession, ...] = ()


@dataclass(frozen=True, slots=True)
class Exchange:
    """One earlier turn of a session: what the salesperson wrote, and the customer's answer."""

    turn: int
    seller: str
    customer: str
