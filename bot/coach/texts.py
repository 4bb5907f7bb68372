"""Plain-text fallbacks of the coach's replies, in the user's language."""

from __future__ import annotations

from collections.abc import Sequence

from bot.coach.messages import label, say
from bot.coach.replies import TurnScore
from bot.footing.model import Assessment

_STANCE_MARK = {"submissive": "▼", "balanced": "●", "dominant": "▲"}


def badge_text(lang: str, assessment: Assessment) -> str:
    """ "● balanced · "what matters most to you?"" — the verdict and its deciding words."""
    decisive = [e.quote for e in assessment.evidence if e.quote.strip()]
    quote = f'"{decisive[0]}"' if decisive else ""
    head = f"{_STANCE_MARK[assessment.stance]} {label(lang, assessment.stance)}"
    return say(lang, "badge", stance_label=head, quote=quote) if quote else head


def feedback_text(lang: str, assessment: Assessment) -> str:
    lines = [badge_text(lang, assessment)]
    for item in assessment.evidence[1:3]:
        lines.append(f'  "{item.quote}"')
    lines.append(assessment.advice)
    lines.append(assessment.rewrite)
    return "\n".join(line for line in lines if line)


def turns_text(lang: str, turns: Sequence[TurnScore]) -> str:
    return " ".join(f"{t.turn}{_STANCE_MARK.get(t.stance, '?')}" for t in turns) or "-"


def scorecard_text(
    lang: str,
    *,
    title: str,
    outcome: str,
    turns: Sequence[TurnScore],
    trend: str,
    rose_key: str,
    habits: Sequence[str],
    given_away: str,
) -> str:
    lines = [
        say(lang, "scorecard_title", title=title),
        say(lang, "outcome_line", outcome=label(lang, outcome)),
        say(lang, "footing_line", turns=turns_text(lang, turns)),
    ]
    if trend:
        lines.append(say(lang, "trend_line", trend=label(lang, trend)))
    lines.append(say(lang, "rose_line", rose=label(lang, rose_key)))
    if given_away:
        lines.append(say(lang, "given_line", given=given_away))
    if habits:
        names = ", ".join(label(lang, f"habit_{h}") for h in habits)
        lines.append(say(lang, "habits_line", habits=names))
    return "\n".join(lines)
