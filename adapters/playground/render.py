"""The coach's replies as JSON for the web page.

Every reply becomes an object with a ``type`` ("customer_line", "footing", "scorecard" …),
its structured fields and its plain-text ``text`` fallback. Assessments carry their evidence
spans: ``start`` and ``end`` index the message as a sequence of Unicode code points (Python
string indices), so the page slices with ``Array.from(text)``, not UTF-16 offsets.

The customer's internal state (trust, patience, walk-away point) stays out: the salesperson
learns it from the conversation, as in real life.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Final

from bot.coach.replies import (
    CustomerLine,
    Feedback,
    FootingBadge,
    HelpCard,
    Notice,
    ProgressReport,
    Reply,
    RoleplayStarted,
    ScenarioList,
    Scorecard,
    TipCard,
)
from bot.footing.model import Assessment

REPLY_TYPES: Final[dict[type[Any], str]] = {
    RoleplayStarted: "roleplay_started",
    CustomerLine: "customer_line",
    FootingBadge: "footing",
    Feedback: "feedback",
    Scorecard: "scorecard",
    TipCard: "tip",
    ProgressReport: "progress",
    ScenarioList: "scenarios",
    HelpCard: "help",
    Notice: "notice",
}
_HIDDEN: Final[dict[type[Any], frozenset[str]]] = {CustomerLine: frozenset({"state"})}
_ROUNDED = 3


def assessment_json(assessment: Assessment) -> dict[str, Any]:
    """An assessment with its evidence spans, scores rounded for display."""
    return {
        "stance": assessment.stance,
        "dominance": round(assessment.dominance, _ROUNDED),
        "affiliation": round(assessment.affiliation, _ROUNDED),
        "confidence": round(assessment.confidence, _ROUNDED),
        "lang": assessment.lang,
        "evidence": [
            {
                "start": item.start,
                "end": item.end,
                "quote": item.quote,
                "signal": item.signal,
                "dominance": round(item.dominance, _ROUNDED),
                "affiliation": round(item.affiliation, _ROUNDED),
            }
            for item in assessment.evidence
        ],
        "advice": assessment.advice,
        "rewrite": assessment.rewrite,
        "habits": list(assessment.habits),
    }


def _plain(value: Any) -> Any:
    if isinstance(value, Assessment):
        return assessment_json(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)
        }
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, float):
        return round(value, _ROUNDED)
    return value


def to_json(reply: Reply) -> dict[str, Any]:
    """One reply as a JSON-ready dict with a ``type`` key."""
    kind = type(reply)
    hidden = _HIDDEN.get(kind, frozenset())
    data: dict[str, Any] = {"type": REPLY_TYPES[kind]}
    for field in dataclasses.fields(reply):
        if field.name not in hidden:
            data[field.name] = _plain(getattr(reply, field.name))
    return data
