"""Which tip a user gets next: no repeats within a cycle, biased toward the weakest habit."""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence

from bot.tips.catalogue import Catalogue, Tip
from bot.tips.weights import habit_weights, tip_weight

RECENT_AVOIDED = 8
"""At the start of a new cycle, the last this-many delivered tips are held back a little longer
(at most half the catalogue, so small catalogues keep a choice)."""


def cycle_ids(all_ids: Collection[str], delivered_ids: Sequence[str]) -> frozenset[str]:
    """The ids already delivered in the current cycle.

    ``delivered_ids`` is the user's history, oldest first. A cycle ends as soon as every id of
    ``all_ids`` has been delivered in it; the next delivery starts a new, empty cycle. Ids no
    longer in the catalogue are ignored, and new ids join the running cycle.
    """
    known = frozenset(all_ids)
    current: set[str] = set()
    for tip_id in delivered_ids:
        if tip_id not in known:
            continue
        current.add(tip_id)
        if len(current) == len(known):
            current.clear()
    return frozenset(current)


def candidate_ids(all_ids: Collection[str], delivered_ids: Sequence[str]) -> tuple[str, ...]:
    """The ids the next tip may be chosen from, sorted.

    Everything not yet delivered in the current cycle, minus the most recent deliveries (which
    only matters right after a cycle ends, so a new cycle never opens with a tip from the end
    of the previous one). Never empty for a non-empty catalogue.
    """
    ids = sorted(set(all_ids))
    used = cycle_ids(ids, delivered_ids)
    unused = [tip_id for tip_id in ids if tip_id not in used]
    window = min(RECENT_AVOIDED, len(ids) // 2)
    recent = set(delivered_ids[len(delivered_ids) - window :]) if window else set()
    fresh = [tip_id for tip_id in unused if tip_id not in recent]
    return tuple(fresh or unused)


def choose_tip(
    catalogue: Catalogue,
    lang: str,
    delivered_ids: Sequence[str],
    habit_counts: Mapping[str, int],
    seed: int | str,
    *,
    analysed: int | None = None,
) -> Tip:
    """Pick the next tip for a user, in ``lang``.

    - No tip is repeated until every tip has been delivered (see cycle_ids and candidate_ids).
    - Among the candidates, a weighted random pick: a tip weighs as much as the most needed of
      its habits (bot.tips.weights.habit_weights from ``habit_counts`` and ``analysed``), so
      tips for the weakest habit come first; with no counts every candidate is equally likely.
    - Deterministic: the same arguments and ``seed`` give the same tip. A seed such as
      ``f"{user_key}:{local_date}"`` keeps a retried delivery on the same tip.

    Raises CatalogueError when the catalogue has no tips in ``lang``.
    """
    tips = {tip.id: tip for tip in catalogue.in_lang(lang)}
    candidates = candidate_ids(catalogue.ids, delivered_ids)
    weights = habit_weights(habit_counts, analysed)
    tip_weights = [tip_weight(catalogue.habits_of(tip_id), weights) for tip_id in candidates]
    rng = random.Random(seed)
    (chosen,) = rng.choices(candidates, weights=tip_weights, k=1)
    return tips[chosen]
