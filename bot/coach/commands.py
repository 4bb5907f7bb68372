"""One text-command parser, Dutch and English, for surfaces that only carry text.

Outside a role-play every keyword is recognised with its arguments (``roleplay hard nl``,
``feedback: …``, ``tips om 9u30``). Inside a role-play the salesperson's messages are turns,
so only a bare command word ("hint", "stop", "opnieuw" …) or an explicit ``feedback:`` prefix
is taken as a command; everything else goes to the customer.
"""

from __future__ import annotations

import re

from bot.coach.requests import (
    Command,
    Difficulty,
    EndRoleplay,
    Forget,
    Help,
    Hint,
    ListScenarios,
    ReviewDraft,
    Rewind,
    ShowProgress,
    StartRoleplay,
    TipNow,
    TipSettings,
    Turn,
    Unknown,
)
from bot.errors import InputError
from bot.tips import TipTimeError, parse_tip_time

_HELP = {"help", "hulp", "?", "commands", "commando's", "commandos", "menu"}
_ROLEPLAY = {
    "roleplay",
    "role-play",
    "rollenspel",
    "oefen",
    "oefenen",
    "practice",
    "practise",
    "play",
    "speel",
}
_HINT = {"hint", "wenk", "tip?"}
_REWIND = {
    "rewind",
    "undo",
    "retry",
    "again",
    "opnieuw",
    "overnieuw",
    "terug",
    "herbegin",
    "nogmaals",
}
_END = {
    "stop",
    "end",
    "quit",
    "exit",
    "finish",
    "klaar",
    "einde",
    "stoppen",
    "beëindig",
    "beeindig",
    "scorecard",
    "score",
}
_FEEDBACK = {"feedback", "check", "review", "controleer", "toets", "nakijken", "beoordeel"}
_TIP = {"tip", "tipje", "dagtip"}
_TIPS = {"tips"}
_PROGRESS = {"progress", "stats", "voortgang", "vooruitgang", "statistieken"}
_SCENARIOS = {"scenarios", "scenario's", "scenarios?", "situaties"}
_FORGET = {"forget", "vergeet", "delete", "verwijder", "wis"}
_CONFIRM = {"confirm", "yes", "ja", "bevestig", "zeker", "ok", "oké"}

_DIFFICULTY: dict[str, Difficulty] = {
    "easy": "easy",
    "makkelijk": "easy",
    "gemakkelijk": "easy",
    "eenvoudig": "easy",
    "normal": "normal",
    "normaal": "normal",
    "medium": "normal",
    "gemiddeld": "normal",
    "hard": "hard",
    "moeilijk": "hard",
    "lastig": "hard",
    "difficult": "hard",
    "pittig": "hard",
}
_LANG = {
    "nl": "nl",
    "dutch": "nl",
    "nederlands": "nl",
    "vlaams": "nl",
    "flemish": "nl",
    "en": "en",
    "english": "en",
    "engels": "en",
}
_ON = {"on", "aan", "in", "enable", "aanzetten", "start"}
_OFF = {"off", "uit", "disable", "uitzetten", "pauze", "pause"}
_AT = {"at", "om", "op"}

_LEADING = re.compile(r"^\s*(?:/coach\b|/noblesse\b|@noblesse\b)?\s*", re.IGNORECASE)
_FEEDBACK_PREFIX = re.compile(
    r"^\s*(?:feedback|check|review|controleer|toets|nakijken|beoordeel)\s*[:\-–]\s*(?P<text>.+)",
    re.IGNORECASE | re.DOTALL,
)


def parse_command(text: str, *, in_roleplay: bool = False) -> Command:
    """The command a text stands for. Raises ``InputError`` for a malformed argument
    (e.g. ``tips at 25:00``) so the surface can answer with what went wrong."""
    stripped = _LEADING.sub("", text, count=1).strip()
    explicit = _FEEDBACK_PREFIX.match(stripped)
    if explicit:
        return ReviewDraft(explicit.group("text").strip())
    words = stripped.split()
    if not words:
        return Help()
    head = words[0].lower().rstrip(".!:,")
    rest = words[1:]
    if in_roleplay:
        return _bare_command(head, rest) or Turn(stripped)
    return _full_command(head, rest, stripped) or Unknown(stripped)


def _bare_command(head: str, rest: list[str]) -> Command | None:
    """Inside a role-play: only a command word on its own is a command."""
    if rest:
        return None
    if head in _HINT:
        return Hint()
    if head in _REWIND:
        return Rewind()
    if head in _END:
        return EndRoleplay()
    if head in _HELP:
        return Help()
    if head in _FORGET:
        return Forget()
    if head in _TIP:
        return TipNow()
    if head in _PROGRESS:
        return ShowProgress()
    if head in _SCENARIOS:
        return ListScenarios()
    return None


def _full_command(head: str, rest: list[str], whole: str) -> Command | None:
    lowered = [w.lower().strip(".,!") for w in rest]
    if head in _HELP:
        return Help(lowered[0] if lowered else None)
    if head in _ROLEPLAY:
        return _roleplay(lowered)
    if head in _FEEDBACK:
        draft = whole[len(whole.split(maxsplit=1)[0]) :].strip()
        return ReviewDraft(draft)
    if head in _HINT and not rest:
        return Hint()
    if head in _REWIND and not rest:
        return Rewind()
    if head in _END and not rest:
        return EndRoleplay()
    if head in _TIPS:
        return _tip_settings(lowered)
    if head in _TIP or (head == "tip" and lowered[:3] in (["van", "de", "dag"], ["of", "the"])):
        return TipNow()
    if head in _PROGRESS:
        return ShowProgress()
    if head in _SCENARIOS:
        return ListScenarios()
    if head in _FORGET and (
        not lowered or lowered[0] in {"me", "mij", "my", "mijn", "all", "alles", *_CONFIRM}
    ):
        return Forget(confirmed=bool(set(lowered) & _CONFIRM))
    return None


def _roleplay(args: list[str]) -> StartRoleplay:
    difficulty: Difficulty | None = None
    lang: str | None = None
    scenario_words: list[str] = []
    for word in args:
        if word in _DIFFICULTY and difficulty is None:
            difficulty = _DIFFICULTY[word]
        elif word in _LANG and lang is None:
            lang = _LANG[word]
        else:
            scenario_words.append(word)
    scenario = "-".join(scenario_words) or None
    return StartRoleplay(scenario=scenario, difficulty=difficulty, lang=lang)


def _tip_settings(args: list[str]) -> TipSettings:
    if not args:
        raise InputError("tips on, tips off or tips at HH:MM")
    head = args[0]
    if head in _ON and len(args) == 1:
        return TipSettings(enabled=True)
    if head in _OFF:
        return TipSettings(enabled=False)
    when = " ".join(args[1:] if head in _AT or head in _ON else args)
    try:
        return TipSettings(enabled=True, at=parse_tip_time(when))
    except TipTimeError as exc:
        raise InputError(str(exc)) from exc
