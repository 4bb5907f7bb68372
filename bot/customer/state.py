"""The customer's state in a role-play: immutable, and serialisable to a JSON-able dict and back
without loss (``CustomerState.from_dict(json.loads(json.dumps(s.to_dict()))) == s``)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, get_args

from bot.customer.concessions import Concession
from bot.customer.errors import StateError
from bot.customer.vocabulary import (
    ASKS,
    DIFFICULTIES,
    INTENTS,
    OUTCOMES,
    TACTICS,
    Ask,
    Difficulty,
    Intent,
    Outcome,
    Tactic,
    TurnKind,
)
from bot.footing.model import LANGS, STANCES, Lang, Stance

STATE_FORMAT = 1
HISTORY_LIMIT = 20
_TURN_KINDS: tuple[str, ...] = ("opening", *get_args(TurnKind))


@dataclass(frozen=True, slots=True)
class Terms:
    """What is on the table from the seller: the offer on the scenario's issue (in its unit;
    the standard terms when nothing was offered), extras included at no cost, and what the
    seller asked in return."""

    value: float
    extras: tuple[str, ...] = ()
    asks: tuple[Ask, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "extras": list(self.extras), "asks": list(self.asks)}

    @classmethod
    def from_dict(cls, data: Any) -> Terms:
        _require_keys(data, {"value", "extras", "asks"}, "terms")
        asks = tuple(data["asks"])
        if any(ask not in ASKS for ask in asks):
            raise StateError(f"terms: unknown ask in {list(asks)}")
        return cls(
            value=_float(data["value"], "terms.value"),
            extras=tuple(str(extra) for extra in data["extras"]),
            asks=asks,
        )


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One move: the seller's turn as read, and the customer's answer."""

    turn: int
    kind: str  # "opening", or the TurnKind of the seller's message
    stance: Stance | None  # the seller's footing; None where no message was scored
    intent: Intent
    tactic: Tactic | None
    demand: float  # the customer's demand after the move
    offer: float  # the seller's offer on the table after the move

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Any) -> HistoryEntry:
        _require_keys(data, {f.name for f in fields(cls)}, "history entry")
        _check_choice(data["kind"], _TURN_KINDS, "history kind")
        if data["stance"] is not None:
            _check_choice(data["stance"], STANCES, "history stance")
        _check_choice(data["intent"], INTENTS, "history intent")
        if data["tactic"] is not None:
            _check_choice(data["tactic"], TACTICS, "history tactic")
        return cls(
            turn=_int(data["turn"], "history turn"),
            kind=data["kind"],
            stance=data["stance"],
            intent=data["intent"],
            tactic=data["tactic"],
            demand=_float(data["demand"], "history demand"),
            offer=_float(data["offer"], "history offer"),
        )


@dataclass(frozen=True, slots=True)
class CustomerState:
    """Everything the customer remembers. The engine computes each new state from the old one;
    nothing here is worded — lines are chosen from it, offline or by a language model."""

    scenario_id: str
    scenario_version: int
    difficulty: Difficulty
    lang: Lang
    seed: int
    turn: int  # salesperson turns played; the opening is turn 0
    trust: float  # 0..1: how much the customer trusts the seller
    pressure: float  # 0..1: how hard the customer pushes
    patience: float  # 0..1: at 0 the customer walks out
    demand: float  # what the customer asks now, in the unit
    demand_extras: tuple[str, ...]  # extras asked on top (a last-minute demand)
    terms: Terms  # what the seller has on the table
    given: tuple[Concession, ...]  # concessions the salesperson made
    received: tuple[Concession, ...]  # concessions the customer made
    tactics_used: tuple[Tactic, ...]  # in the order used
    used_line_ids: tuple[str, ...]  # lines already spoken: none is spoken twice
    outcome: Outcome | None
    history: tuple[HistoryEntry, ...]  # the last HISTORY_LIMIT moves
    dominant_streak: int  # domineering answers in a row
    balanced_turns: int  # balanced answers so far
    escalations: int  # times the customer raised its demand

    @property
    def tactic(self) -> Tactic | None:
        """The tactic in play: the last one used."""
        return self.tactics_used[-1] if self.tactics_used else None

    @property
    def over(self) -> bool:
        return self.outcome is not None

    def with_move(self, entry: HistoryEntry, line_id: str) -> CustomerState:
        """This state after speaking ``line_id``, with ``entry`` added to the history."""
        return replace(
            self,
            used_line_ids=(*self.used_line_ids, line_id),
            history=(*self.history, entry)[-HISTORY_LIMIT:],
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": STATE_FORMAT,
            "scenario_id": self.scenario_id,
            "scenario_version": self.scenario_version,
            "difficulty": self.difficulty,
            "lang": self.lang,
            "seed": self.seed,
            "turn": self.turn,
            "trust": self.trust,
            "pressure": self.pressure,
            "patience": self.patience,
            "demand": self.demand,
            "demand_extras": list(self.demand_extras),
            "terms": self.terms.to_dict(),
            "given": [c.to_dict() for c in self.given],
            "received": [c.to_dict() for c in self.received],
            "tactics_used": list(self.tactics_used),
            "used_line_ids": list(self.used_line_ids),
            "outcome": self.outcome,
            "history": [entry.to_dict() for entry in self.history],
            "dominant_streak": self.dominant_streak,
            "balanced_turns": self.balanced_turns,
            "escalations": self.escalations,
        }

    @classmethod
    def from_dict(cls, data: Any) -> CustomerState:
        """Read back what :meth:`to_dict` wrote; raise :class:`StateError` on anything else."""
        expected = {f.name for f in fields(cls)} | {"format"}
        _require_keys(data, expected, "customer state")
        if data["format"] != STATE_FORMAT:
            raise StateError(f"customer state format {data['format']!r} is not supported")
        _check_choice(data["difficulty"], DIFFICULTIES, "difficulty")
        _check_choice(data["lang"], LANGS, "lang")
        if data["outcome"] is not None:
            _check_choice(data["outcome"], OUTCOMES, "outcome")
        for tactic in data["tactics_used"]:
            _check_choice(tactic, TACTICS, "tactic")
        try:
            return cls(
                scenario_id=str(data["scenario_id"]),
                scenario_version=_int(data["scenario_version"], "scenario_version"),
                difficulty=data["difficulty"],
                lang=data["lang"],
                seed=_int(data["seed"], "seed"),
                turn=_int(data["turn"], "turn"),
                trust=_float(data["trust"], "trust"),
                pressure=_float(data["pressure"], "pressure"),
                patience=_float(data["patience"], "patience"),
                demand=_float(data["demand"], "demand"),
                demand_extras=tuple(str(e) for e in data["demand_extras"]),
                terms=Terms.from_dict(data["terms"]),
                given=tuple(Concession.from_dict(c) for c in data["given"]),
                received=tuple(Concession.from_dict(c) for c in data["received"]),
                tactics_used=tuple(data["tactics_used"]),
                used_line_ids=tuple(str(i) for i in data["used_line_ids"]),
                outcome=data["outcome"],
                history=tuple(HistoryEntry.from_dict(e) for e in data["history"]),
                dominant_streak=_int(data["dominant_streak"], "dominant_streak"),
                balanced_turns=_int(data["balanced_turns"], "balanced_turns"),
                escalations=_int(data["escalations"], "escalations"),
            )
        except TypeError as exc:  # e.g. a list where a table was expected
            raise StateError(f"customer state is malformed: {exc}") from exc


def _require_keys(data: Any, expected: set[str], what: str) -> None:
    if not isinstance(data, dict):
        raise StateError(f"{what} must be a dict, not {type(data).__name__}")
    missing = expected - set(data)
    unknown = set(data) - expected
    if missing or unknown:
        raise StateError(
            f"{what}: missing {sorted(missing) or 'nothing'}, "
            f"unknown {sorted(unknown) or 'nothing'}"
        )


def _check_choice(value: Any, options: tuple[str, ...], what: str) -> None:
    if value not in options:
        raise StateError(f"unknown {what} {value!r}")


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise StateError(f"{what} must be a whole number")
    return value


def _float(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise StateError(f"{what} must be a number")
    return float(value)
