"""The arithmetic of a scorecard: trend, position on Leary's Rose, habits to practise."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bot.coach.replies import TurnScore

CENTRE_RADIUS = 0.25
TREND_MARGIN = 0.1
_STANCE_HABITS = {"submissive", "dominant"}


def footing_score(turn: TurnScore) -> float:
    """1 for a perfectly balanced turn, falling towards 0 the further it is off balance."""
    return 1.0 - min(1.0, abs(turn.dominance))


def trend(turns: Sequence[TurnScore]) -> str:
    """ "improving", "steady" or "slipping": the second half against the first; "" under two."""
    if len(turns) < 2:
        return ""
    middle = len(turns) // 2
    first = sum(footing_score(t) for t in turns[:middle]) / middle
    second = sum(footing_score(t) for t in turns[middle:]) / (len(turns) - middle)
    if second - first > TREND_MARGIN:
        return "improving"
    if first - second > TREND_MARGIN:
        return "slipping"
    return "steady"


def rose_position(turns: Sequence[TurnScore]) -> tuple[float, float, str]:
    """The mean position on the two axes and the label key of that region of the rose."""
    if not turns:
        return 0.0, 0.0, "rose_centre"
    dominance = sum(t.dominance for t in turns) / len(turns)
    affiliation = sum(t.affiliation for t in turns) / len(turns)
    if abs(dominance) <= CENTRE_RADIUS:
        key = "rose_centre"
    else:
        vertical = "above" if dominance > 0 else "below"
        horizontal = "together" if affiliation >= 0 else "against"
        key = f"rose_{vertical}_{horizontal}"
    return round(dominance, 3), round(affiliation, 3), key


def habits_to_practise(habit_lists: Sequence[Sequence[str]], limit: int = 2) -> tuple[str, ...]:
    """The one or two habits flagged most often; concrete skills rank above the broad
    "submissive"/"dominant" tags when they are flagged as often."""
    counts: Counter[str] = Counter()
    for habits in habit_lists:
        for habit in habits:
            counts[habit] += 1
    ranked = sorted(counts, key=lambda h: (-counts[h], h in _STANCE_HABITS, h))
    return tuple(ranked[:limit])
