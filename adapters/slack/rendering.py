"""The coach's replies as Slack messages: Block Kit plus the plain-text fallback that
notifications and screen readers use, split so that no message breaks Slack's limits.

A footing badge is shown as a compact context line on the message with the customer's answer
that follows it; role-play buttons (Hint, Rewind, End) carry the conversation id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from adapters.slack import actions as ids
from adapters.slack.blocks import (
    MAX_BLOCKS,
    Block,
    actions,
    button,
    confirmation,
    context,
    header,
    quote,
    sections,
    text_size,
)
from adapters.slack.mrkdwn import MESSAGE_LIMIT, clip, escape
from adapters.slack.phrases import phrase
from bot.coach.messages import label, say
from bot.coach.replies import (
    Action,
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
from bot.coach.texts import turns_text
from bot.footing.model import Assessment

BLOCKS_PER_MESSAGE: Final = 3_000
"""Characters of block text per message; the fallback text gets what is left of the limit."""
LINE_BLOCK: Final = "noblesse.line"
"""``block_id`` of the section with the customer's words."""
ROLEPLAY_BLOCK: Final = "noblesse.roleplay"
"""``block_id`` of the role-play buttons."""

Kind = Literal["started", "line", "plain"]
_MARK: Final = {"submissive": "▼", "balanced": "●", "dominant": "▲"}
_NOTICE_ICON: Final = {"hint": "💡 ", "warning": "⚠️ ", "error": "⚠️ "}


@dataclass(frozen=True, slots=True)
class SlackMessage:
    """One message to post: ``text`` is the escaped fallback, ``blocks`` the layout."""

    text: str
    blocks: tuple[Block, ...]
    kind: Kind = "plain"

    def payload(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": list(self.blocks)}


def render(replies: Sequence[Reply], *, conversation: str = "") -> list[SlackMessage]:
    """Every reply as one or more messages, in order. ``conversation`` is the role-play's
    conversation id, which the role-play buttons carry."""
    messages: list[SlackMessage] = []
    badge: FootingBadge | None = None
    for reply in replies:
        if isinstance(reply, FootingBadge):
            if badge is not None:
                messages.extend(_pack(_badge_blocks(badge), badge.text))
            badge = reply
            continue
        if isinstance(reply, CustomerLine):
            messages.extend(_customer_line(reply, badge, conversation))
            badge = None
            continue
        if badge is not None:
            messages.extend(_pack(_badge_blocks(badge), badge.text))
            badge = None
        messages.extend(render_one(reply, conversation=conversation))
    if badge is not None:
        messages.extend(_pack(_badge_blocks(badge), badge.text))
    return messages


def render_one(reply: Reply, *, conversation: str = "") -> list[SlackMessage]:
    match reply:
        case RoleplayStarted():
            return _pack(_started_blocks(reply), reply.text, kind="started")
        case CustomerLine():
            return _customer_line(reply, None, conversation)
        case FootingBadge():
            return _pack(_badge_blocks(reply), reply.text)
        case Feedback():
            return _pack(feedback_blocks(reply.assessment), reply.text)
        case Scorecard():
            return _pack(_scorecard_blocks(reply, conversation), reply.text)
        case TipCard():
            return _pack(tip_blocks(reply), reply.text)
        case ProgressReport():
            return _pack(_progress_blocks(reply), reply.text)
        case ScenarioList():
            return _pack(_scenario_blocks(reply), reply.text)
        case HelpCard():
            return _pack(_help_blocks(reply), reply.text)
        case Notice():
            return _pack(_notice_blocks(reply, conversation), reply.text)


def plain_messages(lang: str, text: str) -> list[SlackMessage]:
    """A short message of the Slack app's own (already in the user's language)."""
    return _pack(sections(escape(text)), text)


def action_buttons(lang: str, wanted: Sequence[Action], conversation: str = "") -> list[Block]:
    """Buttons for the coach's reply actions, in the reply's language."""
    elements: list[Block] = []
    for action in wanted:
        action_id = ids.action_id(action)
        value = conversation if action_id in ids.ROLEPLAY or action_id == ids.START else ""
        if action == "forget_confirm":
            dialog = confirmation(
                phrase(lang, "forget_title"),
                phrase(lang, "forget_text"),
                phrase(lang, "forget_yes"),
                phrase(lang, "forget_no"),
            )
            elements.append(
                button(
                    phrase(lang, "button_forget_confirm"),
                    action_id,
                    "confirm",
                    style="danger",
                    confirm=dialog,
                )
            )
            continue
        style: Literal["primary"] | None = "primary" if action in {"start", "end"} else None
        elements.append(button(phrase(lang, f"button_{action}"), action_id, value, style=style))
    return elements


# --- one block list per reply type ------------------------------------------------------------


def _started_blocks(reply: RoleplayStarted) -> list[Block]:
    lines = reply.text.split("\n")
    who = f"{reply.customer_name} · {reply.customer_role} · {reply.company}"
    return [
        header("🎭 " + lines[0]),
        *sections(escape(reply.briefing)),
        context(escape(who), escape(lines[-1]) if len(lines) > 1 else ""),
    ]


def _badge_blocks(badge: FootingBadge) -> list[Block]:
    return [context(escape(badge.text))]


def _customer_line(
    line: CustomerLine, badge: FootingBadge | None, conversation: str
) -> list[SlackMessage]:
    blocks: list[Block] = []
    if badge is not None:
        blocks.extend(_badge_blocks(badge))
    blocks.extend(sections(f"*{escape(line.speaker)}:* {escape(line.line)}", block_id=LINE_BLOCK))
    if line.actions:
        blocks.append(
            actions(action_buttons(line.lang, line.actions, conversation), block_id=ROLEPLAY_BLOCK)
        )
    fallback = f"{badge.text}\n{line.text}" if badge is not None else line.text
    return _pack(blocks, fallback, kind="line")


def stance_heading(assessment: Assessment) -> str:
    """``*Balanced: an equal footing*  ·  confidence 80%`` (mrkdwn)."""
    verdict = phrase(assessment.lang, f"stance_{assessment.stance}")
    confidence = f"{phrase(assessment.lang, 'confidence')} {assessment.confidence:.0%}"
    return f"{_MARK[assessment.stance]} *{escape(verdict)}*  ·  {confidence}"


def gauge(lang: str, dominance: float, width: int = 13) -> str:
    """Where the message sits between submissive and dominant, as one code-styled line."""
    position = round((max(-1.0, min(1.0, dominance)) + 1) / 2 * (width - 1))
    cells = ["─"] * width
    cells[width // 2] = "┼"
    cells[position] = "●"
    return f"{phrase(lang, 'gauge_left')} `{''.join(cells)}` {phrase(lang, 'gauge_right')}"


def feedback_blocks(assessment: Assessment) -> list[Block]:
    """The verdict, the quoted words, the next step and a copyable rewrite."""
    lang = assessment.lang
    blocks: list[Block] = [
        *sections(stance_heading(assessment)),
        context(gauge(lang, assessment.dominance)),
    ]
    quotes = [e.quote for e in assessment.evidence if e.quote.strip()]
    words = (
        "\n".join(f"• “{escape(q)}”" for q in quotes)
        if quotes
        else f"_{escape(phrase(lang, 'no_words'))}_"
    )
    blocks.extend(sections(f"*{escape(phrase(lang, 'words'))}:*\n{words}"))
    if assessment.advice:
        blocks.extend(sections(f"*{escape(phrase(lang, 'advice'))}:* {escape(assessment.advice)}"))
    if assessment.rewrite:
        blocks.extend(sections(f"*{escape(phrase(lang, 'rewrite'))}:*"))
        blocks.extend(quote(assessment.rewrite))
    if assessment.notes:
        blocks.append(context(*(escape(note) for note in assessment.notes[:5])))
    return blocks


def _scorecard_blocks(card: Scorecard, conversation: str) -> list[Block]:
    lang = card.lang
    lines = [say(lang, "outcome_line", outcome=card.outcome_label)]
    if card.trend:
        lines.append(say(lang, "trend_line", trend=label(lang, card.trend)))
    lines.append(say(lang, "rose_line", rose=card.rose_label))
    if card.given_away:
        lines.append(say(lang, "given_line", given=card.given_away))
    if card.habit_labels:
        lines.append(say(lang, "habits_line", habits=", ".join(card.habit_labels)))
    blocks: list[Block] = [
        header(say(lang, "scorecard_title", title=card.scenario_title)),
        *sections(escape("\n".join(lines))),
        context(f"{escape(phrase(lang, 'scorecard_turns'))}: {turns_text(lang, card.turns)}"),
    ]
    if card.actions:
        blocks.append(actions(action_buttons(lang, card.actions, conversation)))
    return blocks


def tip_blocks(tip: TipCard) -> list[Block]:
    return [
        header("💡 " + tip.title),
        *sections(escape(tip.body)),
        *sections(f"*{escape(tip.exercise_label)}:* {escape(tip.exercise)}"),
        context(escape(phrase(tip.lang, "tip_context"))),
    ]


def tip_message(tip: TipCard) -> list[SlackMessage]:
    """The daily tip as a DM: the card, with buttons to practise or to stop the tips."""
    buttons = [
        button(phrase(tip.lang, "button_start"), ids.START, style="primary"),
        button(phrase(tip.lang, "button_tips_off"), ids.TIPS_OFF),
    ]
    return _pack([*tip_blocks(tip), actions(buttons)], tip.text)


def _progress_blocks(report: ProgressReport) -> list[Block]:
    lang = report.lang
    lines = report.text.split("\n")
    blocks: list[Block] = [header(lines[0]), *sections(escape("\n".join(lines[1:])))]
    weeks = [
        phrase(lang, "progress_week", week=str(point.get("week", "")), marks=_marks(point))
        for point in report.trend[-6:]
    ]
    if weeks:
        blocks.append(context(escape("\n".join(weeks))))
    toggle = "tips_off" if report.tips_enabled else "tips_on"
    blocks.append(
        actions(
            [
                button(phrase(lang, f"button_{toggle}"), f"{ids.PREFIX}{toggle}"),
                button(phrase(lang, "button_start"), ids.START, style="primary"),
            ]
        )
    )
    return blocks


def _marks(point: dict[str, Any]) -> str:
    counts = [(stance, int(point.get(stance, 0) or 0)) for stance in _MARK]
    return " ".join(f"{_MARK[stance]}{count}" for stance, count in counts)


def _scenario_blocks(listing: ScenarioList) -> list[Block]:
    lang = listing.lang
    lines = [f"• *{escape(s['id'])}* — {escape(s['title'])}" for s in listing.scenarios]
    return [
        *sections(f"*{escape(say(lang, 'scenarios_title'))}*\n" + "\n".join(lines)),
        actions([button(phrase(lang, "button_start"), ids.START, style="primary")]),
    ]


def _help_blocks(card: HelpCard) -> list[Block]:
    lang = card.lang
    lines = [f"• `{escape(command)}` — {escape(what)}" for command, what in card.commands]
    return [
        *sections(f"*{escape(say(lang, 'help_title'))}*"),
        *sections("\n".join(lines)),
        context(escape(phrase(lang, "help_usage"))),
    ]


def _notice_blocks(notice: Notice, conversation: str) -> list[Block]:
    icon = _NOTICE_ICON.get(notice.kind, "")
    blocks = sections(icon + escape(notice.text))
    if notice.actions:
        blocks.append(actions(action_buttons(notice.lang, notice.actions, conversation)))
    return blocks


# --- limits -------------------------------------------------------------------------------------


def _pack(blocks: list[Block], fallback: str, *, kind: Kind = "plain") -> list[SlackMessage]:
    """``blocks`` spread over as many messages as Slack's limits need; each message gets a
    fallback text (the reply's own when it fits in one message)."""
    groups: list[list[Block]] = [[]]
    size = 0
    for block in blocks:
        block_size = text_size(block)
        if groups[-1] and (size + block_size > BLOCKS_PER_MESSAGE or len(groups[-1]) >= MAX_BLOCKS):
            groups.append([])
            size = 0
        groups[-1].append(block)
        size += block_size
    messages: list[SlackMessage] = []
    for index, group in enumerate(groups):
        room = MESSAGE_LIMIT - sum(text_size(block) for block in group)
        whole = escape(fallback) if len(groups) == 1 else _group_text(group)
        text = clip(whole, room)
        messages.append(SlackMessage(text, tuple(group), kind if index == 0 else "plain"))
    return messages


def _group_text(group: list[Block]) -> str:
    parts: list[str] = []
    for block in group:
        text = block.get("text")
        if isinstance(text, dict):
            parts.append(str(text.get("text", "")))
        for element in block.get("elements", ()):
            if isinstance(element, dict) and element.get("type") == "rich_text_quote":
                parts.extend(
                    escape(str(inner.get("text", ""))) for inner in element.get("elements", ())
                )
    return "\n".join(part for part in parts if part)
