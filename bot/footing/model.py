"""The result of a footing analysis: a verdict on Leary's Rose with the words that decide it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Stance = Literal["submissive", "balanced", "dominant"]
Lang = Literal["nl", "en"]
STANCES: tuple[Stance, ...] = ("submissive", "balanced", "dominant")
LANGS: tuple[Lang, ...] = ("nl", "en")


@dataclass(frozen=True, slots=True)
class Evidence:
    """One signal found in the text. ``quote == text[start:end]`` of the original text."""

    start: int
    end: int
    quote: str
    signal: str  # e.g. "unconditional_concession", "conditional_trade", "ultimatum"
    dominance: float  # effect on the vertical axis (-1 below .. +1 above)
    affiliation: float  # effect on the horizontal axis (-1 against .. +1 together)


@dataclass(frozen=True, slots=True)
class Assessment:
    """The footing of one salesperson message."""

    stance: Stance
    dominance: float  # [-1, 1]: below (submissive) .. above (dominant)
    affiliation: float  # [-1, 1]: against .. together
    confidence: float  # [0, 1]
    lang: Lang
    evidence: tuple[Evidence, ...]
    advice: str
    rewrite: str
    habits: tuple[str, ...] = ()  # habits (bot.habits.Habit values) this message calls for
    notes: tuple[str, ...] = field(default=())  # e.g. "analysed the first 10,000 characters"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["evidence"] = [asdict(e) for e in self.evidence]
        data["habits"] = list(self.habits)
        data["notes"] = list(self.notes)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Assessment:
        return cls(
            stance=data["stance"],
            dominance=float(data["dominance"]),
            affiliation=float(data["affiliation"]),
            confidence=float(data["confidence"]),
            lang=data["lang"],
            evidence=tuple(Evidence(**e) for e in data.get("evidence", ())),
            advice=data.get("advice", ""),
            rewrite=data.get("rewrite", ""),
            habits=tuple(data.get("habits", ())),
            notes=tuple(data.get("notes", ())),
        )
