"""Daily tips: the catalogue (prompts/tips/*.toml), which tip a user gets next, and when.

Typical use by the scheduler::

    catalogue = load_catalogue()
    if is_due(now, last_sent, user_tz, parse_tip_time(user_time)):
        tip = choose_tip(catalogue, lang, delivered_ids, habit_counts, seed=f"{user}:{today}",
                         analysed=messages_analysed)
        text = tip.to_text()
"""

from bot.resources import prompts_root
from bot.tips.catalogue import (
    REQUIRED_LANGS,
    Catalogue,
    CatalogueError,
    Tip,
    load_catalogue,
    read_catalogue,
)
from bot.tips.schedule import (
    TipTimeError,
    is_due,
    is_weekday,
    next_delivery,
    parse_tip_time,
    resolve_zone,
)
from bot.tips.selection import RECENT_AVOIDED, candidate_ids, choose_tip, cycle_ids
from bot.tips.weights import habit_weights, tip_weight, weakest_habit

__all__ = [
    "RECENT_AVOIDED",
    "REQUIRED_LANGS",
    "Catalogue",
    "CatalogueError",
    "Tip",
    "TipTimeError",
    "candidate_ids",
    "choose_tip",
    "cycle_ids",
    "habit_weights",
    "is_due",
    "is_weekday",
    "load_catalogue",
    "next_delivery",
    "parse_tip_time",
    "prompts_root",
    "read_catalogue",
    "resolve_zone",
    "tip_weight",
    "weakest_habit",
]
