"""The habits Noblesse trains: shared vocabulary of footing analysis, scorecards and tips."""

from enum import StrEnum


class Habit(StrEnum):
    """A habit a salesperson can practise. Footing signals and tips are tagged with these."""

    SUBMISSIVE = "submissive"  # stop giving value away, pleading, apologising for your price
    DOMINANT = "dominant"  # stop ultimatums, lecturing, belittling, threatening
    ASKING = "asking"  # ask what matters to the customer before answering a demand
    TRADING = "trading"  # trade instead of give: "if you ..., then we ..."
    LIMITS = "limits"  # state your own limits calmly, say no with a reason
    SILENCE = "silence"  # let a demand or a silence sit instead of filling it with a concession
    ACKNOWLEDGING = "acknowledging"  # name the customer's pressure before answering it
    OPTIONS = "options"  # offer options and alternatives instead of a flat yes or no


ALL_HABITS: tuple[Habit, ...] = tuple(Habit)
