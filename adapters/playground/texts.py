"""What the playground API says when a request cannot be served, in English and Dutch.

Sentences about the coaching itself (slow down, try again, database down) come from the
coach's own texts (``bot.coach.messages.say``), so every surface says them the same way.
"""

from __future__ import annotations

from typing import Final

from bot.coach.messages import pick_lang, say

_TEXT: Final[dict[str, dict[str, str]]] = {
    "en": {
        "invalid_json": "That request was not valid JSON.",
        "not_object": 'Send a JSON object, for example {{"text": "…"}}.',
        "missing": 'The field "{field}" is missing.',
        "not_text": 'The field "{field}" must be text.',
        "not_bool": 'The field "{field}" must be true or false.',
        "too_long": 'The field "{field}" is too long ({limit:,} characters at most).',
        "bad_choice": 'The field "{field}" must be one of: {choices}.',
        "bad_tab": "The tab id must be 8 to 64 letters, digits, dashes or underscores.",
        "content_type": "Send the request as JSON (Content-Type: application/json).",
        "other_site": "This request came from another site and was refused.",
        "unknown_action": 'The playground has no action "{action}".',
        "wrong_method": "Use {method} for this address.",
    },
    "nl": {
        "invalid_json": "Die aanvraag was geen geldige JSON.",
        "not_object": 'Stuur een JSON-object, bijvoorbeeld {{"text": "…"}}.',
        "missing": 'Het veld "{field}" ontbreekt.',
        "not_text": 'Het veld "{field}" moet tekst zijn.',
        "not_bool": 'Het veld "{field}" moet true of false zijn.',
        "too_long": 'Het veld "{field}" is te lang (hoogstens {limit:,} tekens).',
        "bad_choice": 'Het veld "{field}" moet een van deze zijn: {choices}.',
        "bad_tab": "Het tabblad-id moet 8 tot 64 letters, cijfers, streepjes of liggende "
        "streepjes hebben.",
        "content_type": "Stuur de aanvraag als JSON (Content-Type: application/json).",
        "other_site": "Deze aanvraag kwam van een andere site en is geweigerd.",
        "unknown_action": 'De oefenruimte kent de actie "{action}" niet.',
        "wrong_method": "Gebruik {method} voor dit adres.",
    },
}

_COACH_KEYS: Final = frozenset({"slow_down", "error", "store_down", "busy"})


def api_text(lang: str, key: str, **values: object) -> str:
    """The sentence ``key`` in ``lang`` (the playground's own, or the coach's)."""
    if key in _COACH_KEYS:
        return say(lang, key, **values)
    return _TEXT[pick_lang(lang)][key].format(**values)
