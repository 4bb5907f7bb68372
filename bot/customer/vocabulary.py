"""The closed vocabularies of the customer engine: difficulties, tactics, intents, outcomes."""

from __future__ import annotations

from typing import Literal

Difficulty = Literal["easy", "normal", "hard"]
DIFFICULTIES: tuple[Difficulty, ...] = ("easy", "normal", "hard")

Register = Literal["u", "je"]
REGISTERS: tuple[Register, ...] = ("u", "je")

Tactic = Literal[
    "price_squeeze",  # push the price down, "this is far too expensive"
    "competitor_offer",  # a competitor's (real or invented) cheaper or better offer
    "deadline",  # an artificial deadline: "decide by Friday"
    "free_extras",  # scope creep: ask for more included at no cost
    "escalation",  # bring in a boss, or threaten to go over the seller's head
    "competence",  # question the seller's competence or authority
    "entitlement",  # "we are your biggest client"
    "silence",  # withhold an answer, let the seller fill the gap
    "complaint",  # open with a grievance to gain leverage
    "last_minute",  # one more demand once the deal seems agreed
]
TACTICS: tuple[Tactic, ...] = (
    "price_squeeze",
    "competitor_offer",
    "deadline",
    "free_extras",
    "escalation",
    "competence",
    "entitlement",
    "silence",
    "complaint",
    "last_minute",
)

Intent = Literal[
    "open",  # the customer's opening line
    "press",  # apply the current tactic
    "escalate",  # the seller gave something away: ask for more
    "insist",  # repeat the demand, nothing new offered
    "soften",  # the seller held firm with respect: pressure drops
    "counter",  # meet the seller's offer part of the way
    "bristle",  # offended by a domineering answer
    "warn",  # one more domineering answer and the customer leaves
    "refocus",  # bring the talk back to the deal
    "confused",  # the seller's message was empty or garbled
    "stay_in_role",  # the seller tried to pull the customer out of its role
    "accept",  # a fair deal
    "accept_too_much",  # a deal in which the seller gave too much away
    "walk_out",  # the customer leaves
]
INTENTS: tuple[Intent, ...] = (
    "open",
    "press",
    "escalate",
    "insist",
    "soften",
    "counter",
    "bristle",
    "warn",
    "refocus",
    "confused",
    "stay_in_role",
    "accept",
    "accept_too_much",
    "walk_out",
)
TERMINAL_INTENTS: frozenset[Intent] = frozenset({"accept", "accept_too_much", "walk_out"})

Outcome = Literal["fair_deal", "walk_out", "gave_too_much", "stopped"]
OUTCOMES: tuple[Outcome, ...] = ("fair_deal", "walk_out", "gave_too_much", "stopped")

WalkReason = Literal["dominance", "patience", "time"]
WALK_REASONS: tuple[WalkReason, ...] = ("dominance", "patience", "time")

TurnKind = Literal["message", "empty", "garbled", "role_break"]

IssueKind = Literal["percentage", "amount", "days", "items"]
ISSUE_KINDS: tuple[IssueKind, ...] = ("percentage", "amount", "days", "items")

ConcessionKind = Literal["percentage", "amount", "price", "item", "delivery", "term"]
CONCESSION_KINDS: tuple[ConcessionKind, ...] = (
    "percentage",
    "amount",
    "price",
    "item",
    "delivery",
    "term",
)

Ask = Literal[
    "volume",  # a larger order or a volume commitment
    "longer_contract",  # a longer or multi-year contract
    "prepayment",  # payment up front
    "reference",  # a reference case, testimonial or case study
    "flexible_delivery",  # a partial, split or flexible delivery
    "quick_signature",  # signing now, this week
]
ASKS: tuple[Ask, ...] = (
    "volume",
    "longer_contract",
    "prepayment",
    "reference",
    "flexible_delivery",
    "quick_signature",
)

MAX_SESSION_TURNS = 15
"""No session runs longer than this many salesperson turns; the wording files are sized so that
no line repeats within it."""

TACTIC_PLACEHOLDERS: dict[Tactic, frozenset[str]] = {
    "price_squeeze": frozenset(),
    "competitor_offer": frozenset({"competitor", "competitor_offer"}),
    "deadline": frozenset({"deadline"}),
    "free_extras": frozenset(),
    "escalation": frozenset({"manager"}),
    "competence": frozenset(),
    "entitlement": frozenset({"relationship"}),
    "silence": frozenset(),
    "complaint": frozenset({"complaint"}),
    "last_minute": frozenset(),
}
"""Scenario placeholders that a tactic's lines may use; a scenario using the tactic sets them."""
