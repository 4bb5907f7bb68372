"""The words on Teams cards and buttons, in English and Dutch.

The coach's sentences live in :mod:`bot.coach.messages`; these are only the captions a card
layout needs around them (button titles, section headings, the welcome card, the
message-extension dialog).
"""

from __future__ import annotations

from typing import Final

from bot.coach.messages import pick_lang

_LABELS: Final[dict[str, dict[str, str]]] = {
    "en": {
        # buttons
        "action_hint": "Hint",
        "action_rewind": "Retry my answer",
        "action_end": "End with scorecard",
        "action_start": "Start a role-play",
        "action_tip": "Today's tip",
        "action_feedback": "Check a draft",
        "action_forget_confirm": "Yes, delete everything",
        "action_help": "Help",
        "action_scenario": "Practise this one",
        # role-play card
        "customer": "Customer",
        "difficulty": "Difficulty",
        # footing
        "confidence": "confidence {value:.0%}",
        "deciding_words": "The words that decide it",
        "no_signal": "No strong signal: plain, neutral wording.",
        "next_step": "Next step",
        "rewrite": "On an equal footing",
        "gauge_below": "submissive",
        "gauge_above": "dominant",
        # scorecard
        "outcome": "Outcome",
        "per_turn": "Your footing per turn",
        "turn": "Turn {number}",
        "trend": "Trend",
        "rose": "Leary's Rose",
        "rose_position": "above/below {dominance:+.2f} · together/against {affiliation:+.2f}",
        "practise": "Practise next",
        "given_away": "You gave away",
        # progress
        "sessions": "Role-plays",
        "messages": "Messages judged",
        "weakest": "Habit to work on",
        "tips": "Daily tips",
        # welcome
        "welcome_title": "Welcome to Noblesse",
        "welcome_try": "Try one of these, or type 'help':",
        "welcome_group": "In a group chat or a channel, mention me first, for example "
        "@Noblesse roleplay.",
        # message extension
        "check_title": "Check footing",
        "draft_label": "Your draft",
        "draft_placeholder": "Paste or type the message you want to send",
        "check_button": "Check footing",
        "check_again": "Check again",
        "insert_rewrite": "Insert the rewrite",
        # streaming
        "customer_thinking": "The customer is reading your answer…",
    },
    "nl": {
        "action_hint": "Hint",
        "action_rewind": "Antwoord overdoen",
        "action_end": "Stop met scorekaart",
        "action_start": "Start een rollenspel",
        "action_tip": "Tip van de dag",
        "action_feedback": "Concept nakijken",
        "action_forget_confirm": "Ja, wis alles",
        "action_help": "Hulp",
        "action_scenario": "Dit wil ik oefenen",
        "customer": "Klant",
        "difficulty": "Moeilijkheid",
        "confidence": "zekerheid {value:.0%}",
        "deciding_words": "De woorden die de doorslag geven",
        "no_signal": "Geen sterk signaal: gewone, neutrale bewoording.",
        "next_step": "Volgende stap",
        "rewrite": "Gelijkwaardig herschreven",
        "gauge_below": "onderdanig",
        "gauge_above": "dominant",
        "outcome": "Uitkomst",
        "per_turn": "Je houding per beurt",
        "turn": "Beurt {number}",
        "trend": "Trend",
        "rose": "Roos van Leary",
        "rose_position": "boven/onder {dominance:+.2f} · samen/tegen {affiliation:+.2f}",
        "practise": "Oefen hierna",
        "given_away": "Je gaf weg",
        "sessions": "Rollenspellen",
        "messages": "Beoordeelde berichten",
        "weakest": "Gewoonte om aan te werken",
        "tips": "Dagelijkse tips",
        "welcome_title": "Welkom bij Noblesse",
        "welcome_try": "Probeer een van deze, of typ 'help':",
        "welcome_group": "In een groepschat of kanaal vermeld je mij eerst, bijvoorbeeld "
        "@Noblesse rollenspel.",
        "check_title": "Houding nakijken",
        "draft_label": "Je concept",
        "draft_placeholder": "Plak of typ het bericht dat je wilt versturen",
        "check_button": "Nakijken",
        "check_again": "Opnieuw nakijken",
        "insert_rewrite": "Herschrijving invoegen",
        "customer_thinking": "De klant leest je antwoord…",
    },
}


def caption(lang: str, key: str, **values: object) -> str:
    """The caption ``key`` in ``lang`` (English when the language is not supported)."""
    text = _LABELS[pick_lang(lang)][key]
    return text.format(**values) if values else text
