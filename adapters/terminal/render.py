"""Terminal renderings of core results: plain text, optionally with ANSI colour."""

from __future__ import annotations

import textwrap

from bot.coach.replies import Feedback, FootingBadge
from bot.footing.model import Assessment

_LABELS = {
    "en": {
        "submissive": "submissive (the customer is king)",
        "balanced": "balanced (equal footing)",
        "dominant": "dominant (I am the emperor)",
        "words": "The words that decide it",
        "advice": "Next step",
        "rewrite": "On an equal footing",
        "confidence": "confidence",
        "none": "(no strong signal: plain, neutral wording)",
    },
    "nl": {
        "submissive": "onderdanig (de klant is koning)",
        "balanced": "in evenwicht (gelijkwaardig)",
        "dominant": "dominant (ik ben keizer)",
        "words": "De woorden die de doorslag geven",
        "advice": "Volgende stap",
        "rewrite": "Gelijkwaardig herschreven",
        "confidence": "zekerheid",
        "none": "(geen sterk signaal: neutrale, gewone bewoording)",
    },
}
_COLOURS = {"submissive": "\033[33m", "balanced": "\033[32m", "dominant": "\033[31m"}
_RESET = "\033[0m"
GAUGE_WIDTH = 21


def gauge(dominance: float, width: int = GAUGE_WIDTH) -> str:
    """A one-line gauge from submissive (left) to dominant (right): ``S [----|--●-] D``."""
    position = round((max(-1.0, min(1.0, dominance)) + 1) / 2 * (width - 1))
    cells = ["-"] * width
    cells[width // 2] = "|"
    cells[position] = "●"
    return "S [" + "".join(cells) + "] D"


def render_assessment(assessment: Assessment, *, colour: bool = False) -> str:
    """A readable verdict: the gauge, the quoted words, the advice and the rewrite."""
    labels = _LABELS[assessment.lang]
    verdict = labels[assessment.stance]
    if colour:
        verdict = f"{_COLOURS[assessment.stance]}{verdict}{_RESET}"
    lines = [
        f"{verdict}   {labels['confidence']} {assessment.confidence:.0%}",
        gauge(assessment.dominance),
        "",
        f"{labels['words']}:",
    ]
    decisive = [e for e in assessment.evidence if e.quote.strip()]
    if decisive:
        for item in decisive:
            lines.append(f'  • "{item.quote}"  ({item.signal.replace("_", " ")})')
    else:
        lines.append(f"  {labels['none']}")
    lines += ["", f"{labels['advice']}:"]
    lines += textwrap.wrap(assessment.advice, width=88, initial_indent="  ", subsequent_indent="  ")
    lines += ["", f"{labels['rewrite']}:"]
    for paragraph in assessment.rewrite.splitlines() or [""]:
        lines += textwrap.wrap(
            paragraph, width=88, initial_indent="  ", subsequent_indent="  "
        ) or [""]
    for note in assessment.notes:
        lines.append(f"\nNote: {note}")
    return "\n".join(lines)


def render_reply(reply: object, *, colour: bool = False) -> str:
    """Any coach reply as terminal text: feedback gets the full gauge view, the rest their
    plain-text fallback."""
    if isinstance(reply, Feedback):
        return render_assessment(reply.assessment, colour=colour)
    if isinstance(reply, FootingBadge):
        text = reply.text
        if colour:
            text = f"{_COLOURS[reply.assessment.stance]}{text}{_RESET}"
        return f"  [{text}]"
    return str(getattr(reply, "text", ""))
