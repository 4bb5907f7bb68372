"""Footing analysis: is a message submissive, balanced or dominant on Leary's Rose?"""

from bot.footing.analyzer import MAX_CHARS, analyze
from bot.footing.model import LANGS, STANCES, Assessment, Evidence, Lang, Stance

__all__ = ["LANGS", "MAX_CHARS", "STANCES", "Assessment", "Evidence", "Lang", "Stance", "analyze"]
