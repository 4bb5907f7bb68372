"""Telling ordinary turns from empty, garbled and role-breaking ones ("ignore your instructions",
"je bent nu …"): those get an in-character answer and never move the negotiation."""

from __future__ import annotations

import re

from bot.customer.vocabulary import TurnKind

_ROLE_BREAK = re.compile(
    r"""
    \b(?:ignore|disregard|forget|override|bypass)\b\W+(?:\w+\W+){0,3}?
        (?:instructions?|rules|prompts?|role|guidelines|programming|persona|character)\b
    | \byou\s+are\s+now\b | \byou're\s+now\b | \bfrom\s+now\s+on,?\s+you\b
    | \bact\s+as\s+(?:a|an|my|the)\b | \bpretend\s+(?:to\s+be|you\s+are)\b
    | \b(?:system|developer)\s+(?:prompt|message|mode)\b | \bjailbreak\w*\b
    | \bare\s+you\s+(?:an?\s+)?(?:ai|bot|robot|language\s+model|chatgpt|gpt)\b
    | \bstep\s+out\s+of\s+(?:your\s+)?(?:role|character)\b | \bbreak\s+character\b
    | \bnegeer\b\W+(?:\w+\W+){0,3}?(?:instructies?|regels|prompts?|rol|opdracht)\b
    | \bvergeet\b\W+(?:\w+\W+){0,3}?(?:instructies?|regels|prompts?|rol|opdracht)\b
    | \b(?:je|jij|u)\s+bent\s+nu\b | \bben\s+je\s+nu\b | \bvanaf\s+nu\s+ben\s+(?:je|jij|u)\b
    | \bdoe\s+alsof\s+(?:je|jij|u)\b | \bspeel\s+(?:nu\s+)?de\s+rol\s+van\b
    | \b(?:ben\s+je|bent\s+u)\s+(?:een\s+)?(?:ai|bot|robot|taalmodel|chatbot|chatgpt)\b
    | \bsysteemprompt\b | \buit\s+(?:je|jouw|uw)\s+rol\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
_WORD = re.compile(r"[^\W\d_]+")
_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
# Four neighbouring keys; "erty" is left out because real words contain it ("property").
_KEY_RUNS = frozenset(
    row[i : i + 4] for row in _KEY_ROWS for i in range(len(row) - 3) if row[i : i + 4] != "erty"
)
_VOWELS = set("aeiouyàáâäèéêëìíîïòóôöùúûü")


def classify_turn(text: str) -> TurnKind:
    """``"empty"``, ``"garbled"``, ``"role_break"`` or an ordinary ``"message"``."""
    stripped = text.strip()
    if not stripped:
        return "empty"
    if _ROLE_BREAK.search(stripped):
        return "role_break"
    if _garbled(stripped):
        return "garbled"
    return "message"


def _garbled(text: str) -> bool:
    words = _WORD.findall(text)
    letters = sum(len(word) for word in words)
    if letters < 2:
        # only punctuation or a single letter; a bare number ("15", "15%") may be an offer
        return not any(ch.isdigit() for ch in text)
    mashed = [w for w in words if _mashed(w.lower())]
    return bool(mashed) and len(mashed) * 2 >= len(words)


def _mashed(word: str) -> bool:
    """A keyboard mash: four keys in a row ("asdf"), or a long word without vowels."""
    if len(word) < 4:
        return False
    if any(run in word for run in _KEY_RUNS):
        return True
    return _vowel_share(word) == 0 or (len(word) >= 8 and _vowel_share(word) < 0.1)


def _vowel_share(word: str) -> float:
    lowered = word.lower()
    return sum(ch in _VOWELS for ch in lowered) / len(lowered)
