"""What the Slack app itself says — buttons, headings, the modal, App Home, the assistant — in
English and Dutch. The coach's own sentences live in ``bot.coach.messages``."""

from __future__ import annotations

from typing import Final

from bot.coach.messages import pick_lang

_PHRASES: Final[dict[str, dict[str, str]]] = {
    "en": {
        "button_hint": "Hint",
        "button_rewind": "Rewind",
        "button_end": "End",
        "button_start": "New role-play",
        "button_tip": "Today's tip",
        "button_feedback": "Check a draft",
        "button_forget_confirm": "Delete my data",
        "button_tips_on": "Turn tips on",
        "button_tips_off": "Turn tips off",
        "forget_title": "Delete everything?",
        "forget_text": "Your role-plays, scores, tip history and settings are deleted for good.",
        "forget_yes": "Delete",
        "forget_no": "Keep",
        "stance_submissive": "Submissive: the customer is king",
        "stance_balanced": "Balanced: an equal footing",
        "stance_dominant": "Dominant: I am the emperor",
        "confidence": "confidence",
        "words": "The words that decide it",
        "no_words": "No strong signal: plain, neutral wording.",
        "advice": "Next step",
        "rewrite": "On an equal footing (copy it)",
        "gauge_left": "submissive",
        "gauge_right": "dominant",
        "starting": "A role-play with a demanding customer is starting…",
        "moved_to_dm": "I can't post in that channel, so the role-play runs in our direct "
        "messages.",
        "modal_title": "Check a draft",
        "modal_label": "Your draft",
        "modal_placeholder": "Paste the message you are about to send to a customer.",
        "modal_hint": "I score its footing, quote the deciding words and suggest a rewrite.",
        "modal_submit": "Check",
        "modal_close": "Close",
        "modal_checking": "Checking your draft…",
        "modal_result": "Footing",
        "home_intro": "Practise staying on an equal footing with demanding customers: firm "
        "about your interests, respectful of theirs.",
        "home_footing": "Your footing",
        "home_footing_none": "No scored messages yet. Start a role-play or check a draft.",
        "home_week": "Week of {week}",
        "home_sessions": "Recent role-plays",
        "home_sessions_none": "No role-plays yet.",
        "home_running": "running",
        "home_turns": "{turns} turns",
        "home_tips": "Daily tips",
        "home_tips_on": "On, at {time} ({zone}) on weekdays.",
        "home_tips_off": "Off.",
        "home_tip_time": "Tip time",
        "home_habit": "To practise: {habit}",
        "assistant_greeting": "Hello! I play demanding customers so you can practise staying "
        "on an equal footing, and I check drafts before you send them. Pick a suggestion or "
        "type `help`.",
        "assistant_prompts_title": "Try one of these:",
        "prompt_roleplay_title": "Practise a tough negotiation",
        "prompt_roleplay_message": "roleplay",
        "prompt_draft_title": "Check a draft",
        "prompt_draft_message": "feedback",
        "prompt_tip_title": "Today's tip",
        "prompt_tip_message": "tip",
        "assistant_status": "is thinking…",
        "help_usage": "Use these after /coach, or type them to me in a direct message.",
        "tip_context": "Daily tip from Noblesse",
        "progress_week": "{week}: {marks}",
        "scorecard_turns": "Footing per turn",
    },
    "nl": {
        "button_hint": "Hint",
        "button_rewind": "Opnieuw",
        "button_end": "Stoppen",
        "button_start": "Nieuw rollenspel",
        "button_tip": "Tip van vandaag",
        "button_feedback": "Concept nakijken",
        "button_forget_confirm": "Wis mijn gegevens",
        "button_tips_on": "Tips aanzetten",
        "button_tips_off": "Tips uitzetten",
        "forget_title": "Alles wissen?",
        "forget_text": "Je rollenspellen, scores, tipgeschiedenis en instellingen worden "
        "definitief gewist.",
        "forget_yes": "Wissen",
        "forget_no": "Behouden",
        "stance_submissive": "Onderdanig: de klant is koning",
        "stance_balanced": "In evenwicht: gelijkwaardig",
        "stance_dominant": "Dominant: ik ben keizer",
        "confidence": "zekerheid",
        "words": "De woorden die de doorslag geven",
        "no_words": "Geen sterk signaal: neutrale, gewone bewoording.",
        "advice": "Volgende stap",
        "rewrite": "Gelijkwaardig herschreven (om te kopiëren)",
        "gauge_left": "onderdanig",
        "gauge_right": "dominant",
        "starting": "Een rollenspel met een veeleisende klant begint…",
        "moved_to_dm": "Ik kan niet posten in dat kanaal, dus het rollenspel loopt in onze "
        "privéberichten.",
        "modal_title": "Concept nakijken",
        "modal_label": "Je concept",
        "modal_placeholder": "Plak het bericht dat je naar een klant wilt sturen.",
        "modal_hint": "Ik beoordeel je houding, citeer de woorden die de doorslag geven en stel "
        "een herschrijving voor.",
        "modal_submit": "Nakijken",
        "modal_close": "Sluiten",
        "modal_checking": "Je concept wordt nagekeken…",
        "modal_result": "Houding",
        "home_intro": "Oefen om gelijkwaardig te blijven tegenover veeleisende klanten: "
        "duidelijk over je eigen belangen, respectvol voor die van de klant.",
        "home_footing": "Je houding",
        "home_footing_none": "Nog geen beoordeelde berichten. Start een rollenspel of laat een "
        "concept nakijken.",
        "home_week": "Week van {week}",
        "home_sessions": "Recente rollenspellen",
        "home_sessions_none": "Nog geen rollenspellen.",
        "home_running": "loopt nog",
        "home_turns": "{turns} beurten",
        "home_tips": "Dagelijkse tips",
        "home_tips_on": "Aan, om {time} ({zone}) op weekdagen.",
        "home_tips_off": "Uit.",
        "home_tip_time": "Tijdstip",
        "home_habit": "Om te oefenen: {habit}",
        "assistant_greeting": "Hallo! Ik speel veeleisende klanten zodat je kunt oefenen om "
        "gelijkwaardig te blijven, en ik kijk je concepten na voor je ze verstuurt. Kies een "
        "suggestie of typ `help`.",
        "assistant_prompts_title": "Probeer een van deze:",
        "prompt_roleplay_title": "Oefen een pittige onderhandeling",
        "prompt_roleplay_message": "rollenspel",
        "prompt_draft_title": "Concept nakijken",
        "prompt_draft_message": "feedback",
        "prompt_tip_title": "Tip van vandaag",
        "prompt_tip_message": "tip",
        "assistant_status": "denkt na…",
        "help_usage": "Gebruik ze na /coach, of typ ze in een privébericht aan mij.",
        "tip_context": "Dagelijkse tip van Noblesse",
        "progress_week": "{week}: {marks}",
        "scorecard_turns": "Houding per beurt",
    },
}


def phrase(lang: str, key: str, **values: object) -> str:
    """The Slack app's phrase ``key`` in ``lang`` (English for an unknown language)."""
    text = _PHRASES[pick_lang(lang)][key]
    return text.format(**values) if values else text


def phrase_keys() -> dict[str, set[str]]:
    """Every phrase key per language (the tests check both languages have the same keys)."""
    return {lang: set(table) for lang, table in _PHRASES.items()}
