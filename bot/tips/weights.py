"""Which habits a user most needs to practise, as weights for tip selection.

The record is what the footing analysis flagged recently: for each habit, in how many of the
user's analysed messages (role-play turns and draft checks) it was called for, plus how many
messages were analysed in that period.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping

from bot.habits import Habit

logger = logging.getLogger(__name__)

PRIOR_MESSAGES = 4
"""Pseudo-messages added to the denominator, so a handful of messages cannot dominate."""

BOOST = 6.0
"""How much more a habit flagged in every message weighs than one never flagged (at most 1+6)."""

_HABITS = {habit.value: habit for habit in Habit}


def habit_weights(
    habit_counts: Mapping[str, int], analysed: int | None = None
) -> dict[Habit, float]:
    """Weight of every habit, 1.0 for "no sign of trouble" up to ``1 + BOOST``.

    With ``c`` the times a habit was flagged and ``n`` the messages analysed::

        rate   = min(c, n) / (n + PRIOR_MESSAGES)
        weight = 1 + BOOST * rate

    The prior shrinks the rate while there is little data (1 flag in 1 message gives 0.2,
    8 flags in 10 messages 0.57, 40 in 50 0.74), so early noise moves the selection only a
    little. Equal rates give equal weights; no data gives 1.0 everywhere (an even spread).

    ``analysed`` None (or smaller than the largest count) means the record holds no message
    total; the largest count is used instead, so the rates become relative to the most
    flagged habit. Keys that are not Habit values are ignored (older or newer records);
    negative numbers are a programming error and raise ValueError.
    """
    counts: dict[Habit, int] = {}
    for name, count in habit_counts.items():
        if count < 0:
            raise ValueError(f"habit count for {name!r} is negative: {count}")
        habit = _HABITS.get(name)
        if habit is None:
            logger.debug("ignoring unknown habit %r in a habit record", name)
            continue
        counts[habit] = counts.get(habit, 0) + count
    if analysed is not None and analysed < 0:
        raise ValueError(f"number of analysed messages is negative: {analysed}")
    largest = max(counts.values(), default=0)
    total = max(analysed or 0, largest)
    weights: dict[Habit, float] = {}
    for habit in Habit:
        rate = min(counts.get(habit, 0), total) / (total + PRIOR_MESSAGES)
        weights[habit] = 1.0 + BOOST * rate
    return weights


def weakest_habit(habit_counts: Mapping[str, int], analysed: int | None = None) -> Habit | None:
    """The habit flagged most often (ties: the first in Habit order), or None without flags."""
    weights = habit_weights(habit_counts, analysed)
    best = max(Habit, key=lambda habit: weights[habit])
    return best if weights[best] > 1.0 else None


def tip_weight(habits: Iterable[Habit], weights: Mapping[Habit, float]) -> float:
    """A tip weighs as much as the most needed of its habits."""
    return max((weights.get(habit, 1.0) for habit in habits), default=1.0)
