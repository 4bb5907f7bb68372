"""The App Home tab: the footing trend, recent role-plays and the daily-tip settings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from adapters.slack import actions as ids
from adapters.slack.blocks import Block, actions, button, context, divider, header, sections
from adapters.slack.mrkdwn import escape
from adapters.slack.phrases import phrase
from bot.coach.messages import label, say
from bot.coach.scorecard import habits_to_practise
from bot.customer.errors import CustomerError
from bot.customer.scenario import load_scenario
from bot.store.records import Progress, SessionRecord, StancePoint, UserRecord

View = dict[str, Any]
WEEKS_SHOWN: Final = 6
BAR_WIDTH: Final = 12
_MARK: Final = {"submissive": "▼", "balanced": "●", "dominant": "▲"}


def home_view(
    lang: str, user: UserRecord, progress: Progress, sessions: Sequence[SessionRecord]
) -> View:
    """The Home tab for one user (``views.publish``)."""
    blocks: list[Block] = [
        header("Noblesse"),
        *sections(escape(phrase(lang, "home_intro"))),
        actions(
            [
                button(phrase(lang, "button_start"), ids.START, style="primary"),
                button(phrase(lang, "button_feedback"), ids.FEEDBACK),
                button(phrase(lang, "button_tip"), ids.TIP),
            ]
        ),
        divider(),
        header(phrase(lang, "home_footing")),
        *_footing(lang, progress),
        divider(),
        header(phrase(lang, "home_sessions")),
        *_sessions(lang, sessions),
        divider(),
        header(phrase(lang, "home_tips")),
        *_tips(lang, user),
    ]
    return {"type": "home", "blocks": blocks}


def _footing(lang: str, progress: Progress) -> list[Block]:
    if not progress.messages:
        return sections(f"_{escape(phrase(lang, 'home_footing_none'))}_")
    totals = ", ".join(f"{label(lang, k)} {v}" for k, v in progress.stances.items())
    lines = [say(lang, "progress_messages", messages=progress.messages, stances=totals)]
    weakest = habits_to_practise([[h] * n for h, n in progress.habits.items()], limit=1)
    if weakest:
        lines.append(phrase(lang, "home_habit", habit=label(lang, f"habit_{weakest[0]}")))
    blocks = sections(escape("\n".join(lines)))
    weeks = [_week_line(lang, point) for point in progress.trend[-WEEKS_SHOWN:]]
    if weeks:
        blocks.append(context(*weeks))
    return blocks


def _week_line(lang: str, point: StancePoint) -> str:
    """``Week of 2026-03-02  ▼▼●●●●●●▲▲`` — a bar of the week's stances, scaled to a width."""
    total = point.total or 1
    counts = {
        "submissive": point.submissive,
        "balanced": point.balanced,
        "dominant": point.dominant,
    }
    bar = "".join(
        _MARK[stance] * round(count / total * BAR_WIDTH) for stance, count in counts.items()
    )
    week = phrase(lang, "home_week", week=point.week_start.isoformat())
    return f"{escape(week)}  `{bar or '·'}`  ({point.total})"


def _sessions(lang: str, sessions: Sequence[SessionRecord]) -> list[Block]:
    if not sessions:
        return sections(f"_{escape(phrase(lang, 'home_sessions_none'))}_")
    lines = []
    for session in sessions:
        status = (
            phrase(lang, "home_running")
            if session.active
            else label(lang, session.outcome or "stopped")
        )
        turns = phrase(lang, "home_turns", turns=session.turn_count)
        day = session.created_at.date().isoformat()
        lines.append(f"• *{escape(_title(session, lang))}* — {escape(status)} · {turns} · {day}")
    return sections("\n".join(lines))


def _title(session: SessionRecord, lang: str) -> str:
    try:
        return load_scenario(session.scenario).title["nl" if lang == "nl" else "en"]
    except CustomerError:
        return session.scenario


def _tips(lang: str, user: UserRecord) -> list[Block]:
    if user.tips_enabled:
        state = phrase(lang, "home_tips_on", time=user.tip_time, zone=user.tz or "UTC")
    else:
        state = phrase(lang, "home_tips_off")
    section: Block = {
        "type": "section",
        "block_id": "noblesse.tips",
        "text": {"type": "mrkdwn", "text": escape(state)},
        "accessory": {
            "type": "timepicker",
            "action_id": ids.TIP_TIME,
            "initial_time": user.tip_time,
            "placeholder": {"type": "plain_text", "text": phrase(lang, "home_tip_time")},
        },
    }
    toggle = (
        button(phrase(lang, "button_tips_off"), ids.TIPS_OFF)
        if user.tips_enabled
        else button(phrase(lang, "button_tips_on"), ids.TIPS_ON, style="primary")
    )
    return [section, actions([toggle])]
