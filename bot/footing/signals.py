"""The signals the analyser looks for, with their pull on Leary's Rose and the habit they train.

A signal belongs to one of three families: ``S`` pulls below (submissive), ``D`` pulls above
and against (dominant), ``B`` marks the equal-footing moves (limits, trades, questions, options).
``weight`` is how strongly one occurrence votes for its family.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.habits import Habit

Family = Literal["S", "B", "D"]


@dataclass(frozen=True, slots=True)
class Signal:
    name: str
    family: Family
    weight: float
    dominance: float
    affiliation: float
    habit: Habit


_TABLE: tuple[Signal, ...] = (
    # below: giving value away, grovelling, powerlessness
    Signal("unconditional_concession", "S", 1.0, -0.45, 0.15, Habit.TRADING),
    Signal("bare_concession", "S", 1.2, -0.5, 0.1, Habit.TRADING),
    Signal("matches_competitor", "S", 1.0, -0.45, 0.1, Habit.ASKING),
    Signal("accepts_demand", "S", 0.9, -0.45, 0.2, Habit.LIMITS),
    Signal("apology_for_position", "S", 0.8, -0.4, 0.15, Habit.SUBMISSIVE),
    Signal("pleading", "S", 1.0, -0.5, 0.1, Habit.SUBMISSIVE),
    Signal("self_minimising", "S", 0.8, -0.4, 0.0, Habit.SUBMISSIVE),
    Signal("blames_own_side", "S", 0.7, -0.3, 0.1, Habit.SUBMISSIVE),
    Signal("seeks_approval", "S", 0.5, -0.25, 0.1, Habit.SILENCE),
    Signal("over_accommodating", "S", 0.4, -0.2, 0.15, Habit.LIMITS),
    # above and against: ultimatums, put-downs, threats
    Signal("ultimatum", "D", 1.1, 0.55, -0.4, Habit.DOMINANT),
    Signal("threat", "D", 1.1, 0.55, -0.5, Habit.DOMINANT),
    Signal("belittling", "D", 1.0, 0.5, -0.5, Habit.DOMINANT),
    Signal("blaming", "D", 0.9, 0.4, -0.45, Habit.DOMINANT),
    Signal("boasting", "D", 0.9, 0.45, -0.3, Habit.DOMINANT),
    Signal("dismissive", "D", 0.9, 0.4, -0.5, Habit.ACKNOWLEDGING),
    Signal("command", "D", 0.7, 0.4, -0.3, Habit.DOMINANT),
    Signal("sarcasm", "D", 0.8, 0.35, -0.45, Habit.DOMINANT),
    Signal("polite_cover", "D", 0.35, 0.2, -0.15, Habit.DOMINANT),
    # equal footing: firm about own interests, respectful of the customer's
    Signal("conditional_trade", "B", 1.0, 0.05, 0.3, Habit.TRADING),
    Signal("limit", "B", 0.7, 0.15, 0.0, Habit.LIMITS),
    Signal("alternative", "B", 0.7, 0.0, 0.3, Habit.OPTIONS),
    Signal("asks_need", "B", 0.7, 0.0, 0.35, Habit.ASKING),
    Signal("acknowledges", "B", 0.5, 0.0, 0.3, Habit.ACKNOWLEDGING),
    Signal("reason", "B", 0.3, 0.05, 0.1, Habit.LIMITS),
    Signal("next_step", "B", 0.4, 0.05, 0.2, Habit.OPTIONS),
    Signal("courtesy_apology", "B", 0.2, -0.05, 0.15, Habit.ACKNOWLEDGING),
)

SIGNALS: dict[str, Signal] = {signal.name: signal for signal in _TABLE}


@dataclass(frozen=True, slots=True)
class Hit:
    """One occurrence of a signal: a span of the (normalised) text."""

    signal: str
    start: int
    end: int
    weight: float = 1.0  # multiplier on the signal's own weight
