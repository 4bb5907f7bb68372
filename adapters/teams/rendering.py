"""The coach's replies as Teams activities: :func:`render` is the one converter.

The customer's lines are plain chat messages (``textFormat: plain``, so nothing in them is read
as Markdown, HTML or a mention); everything structured (the footing badge, draft feedback, the
scorecard, tips, progress, the scenario list, help) is an Adaptive Card 1.5. Every activity
carries a plain-text fallback: ``text`` on a message, ``summary`` (what Teams shows in a
notification) plus the card's ``fallbackText``/``speak`` on a card.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Final

from botbuilder.schema import Activity, ActivityTypes, Attachment, Entity

from adapters.teams.cards import (
    Element,
    adaptive_card,
    attachment,
    container,
    heading,
    labelled,
    note,
    plain,
    submit,
)
from adapters.teams.labels import caption
from bot.coach.messages import help_commands, label, say
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
from bot.footing.model import Assessment

STANCE_MARK: Final = {"submissive": "▼", "balanced": "●", "dominant": "▲"}
STANCE_COLOUR: Final = {"submissive": "Warning", "balanced": "Good", "dominant": "Attention"}
NOTICE_COLOUR: Final = {
    "info": "Default",
    "hint": "Accent",
    "warning": "Warning",
    "error": "Attention",
    "confirm": "Default",
}
GAUGE_CELLS: Final = 11
MAX_QUOTES: Final = 3
MAX_SUMMARY_CHARS: Final = 500


# --- activities -------------------------------------------------------------------------------


def text_message(text: str) -> Activity:
    """A chat message shown exactly as written (no Markdown, no HTML, no mentions)."""
    return Activity(type=ActivityTypes.message, text=text, text_format="plain")


def card_message(card: Element, fallback: str) -> Activity:
    """A message holding one Adaptive Card, with ``summary`` as its notification text."""
    return Activity(
        type=ActivityTypes.message,
        summary=fallback[:MAX_SUMMARY_CHARS],
        attachments=[attachment(card)],
    )


def fallback_text(activity: Activity) -> str:
    """The plain text a notification or a screen reader gets from ``activity``."""
    if activity.text:
        return str(activity.text)
    return str(activity.summary or "")


class StreamInfo(Entity):
    """The ``streaminfo`` entity of Teams' streaming protocol (serialised with its fields;
    the SDK's plain ``Entity`` drops every field but ``type``)."""

    _attribute_map: ClassVar[dict[str, dict[str, str]]] = {
        "type": {"key": "type", "type": "str"},
        "stream_id": {"key": "streamId", "type": "str"},
        "stream_type": {"key": "streamType", "type": "str"},
        "stream_sequence": {"key": "streamSequence", "type": "int"},
    }

    def __init__(
        self,
        *,
        stream_type: str,
        stream_id: str | None = None,
        stream_sequence: int | None = None,
    ) -> None:
        super().__init__(type="streaminfo")
        self.stream_type = stream_type
        self.stream_id = stream_id
        self.stream_sequence = stream_sequence


def mark_stream(
    activity: Activity,
    stream_type: str,
    *,
    stream_id: str | None = None,
    sequence: int | None = None,
) -> Activity:
    """Put the stream metadata on ``activity``, in ``entities`` and in ``channelData`` (Teams
    asks for both)."""
    entity = StreamInfo(stream_type=stream_type, stream_id=stream_id, stream_sequence=sequence)
    activity.entities = [*(activity.entities or []), entity]
    data: dict[str, object] = {"streamType": stream_type}
    if stream_id is not None:
        data["streamId"] = stream_id
    if sequence is not None:
        data["streamSequence"] = sequence
    channel_data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    activity.channel_data = {**channel_data, **data}
    return activity


def stream_update(text: str, stream_type: str, *, stream_id: str | None, sequence: int) -> Activity:
    """An informative or streaming ``typing`` activity of a stream."""
    activity = Activity(type=ActivityTypes.typing, text=text)
    return mark_stream(activity, stream_type, stream_id=stream_id, sequence=sequence)


# --- the converter ----------------------------------------------------------------------------


def render(reply: Reply) -> Activity:
    """One coach reply as one Teams activity."""
    match reply:
        case CustomerLine():
            return _customer_line(reply)
        case FootingBadge():
            return card_message(_badge_card(reply), reply.text)
        case Feedback():
            return card_message(feedback_card(reply.lang, reply.assessment, reply.text), reply.text)
        case RoleplayStarted():
            return card_message(_started_card(reply), reply.text)
        case Scorecard():
            return card_message(_scorecard_card(reply), reply.text)
        case TipCard():
            return card_message(_tip_card(reply), reply.text)
        case ProgressReport():
            return card_message(_progress_card(reply), reply.text)
        case ScenarioList():
            return card_message(_scenarios_card(reply), reply.text)
        case HelpCard():
            return card_message(_help_card(reply), reply.text)
        case Notice():
            return _notice(reply)
    raise TypeError(f"no Teams rendering for {type(reply).__name__}")


def render_welcome(lang: str, *, personal: bool) -> Activity:
    """The card a user sees when the app is installed."""
    body: list[Element] = [
        heading(caption(lang, "welcome_title"), size="Large"),
        plain(say(lang, "help_title")),
        note(caption(lang, "welcome_try"), subtle=False),
    ]
    if not personal:
        body.append(note(caption(lang, "welcome_group")))
    fallback = "\n".join(
        [
            caption(lang, "welcome_title"),
            say(lang, "help_title"),
            *(f"• {command} — {what}" for command, what in help_commands(lang)[:5]),
        ]
    )
    help_button = submit(caption(lang, "action_help"), "help")
    actions = [*_buttons(lang, ("start", "tip", "feedback")), help_button]
    return card_message(adaptive_card(body, fallback=fallback, actions=actions), fallback)


def render_error(lang: str) -> Activity:
    """The short, friendly answer to something that went wrong on our side."""
    return text_message(say(lang, "error"))


# --- pieces -----------------------------------------------------------------------------------


def _buttons(lang: str, actions: Sequence[Action]) -> list[Element]:
    buttons: list[Element] = []
    for action in actions:
        style = "destructive" if action == "forget_confirm" else None
        buttons.append(submit(caption(lang, f"action_{action}"), action, style=style))
    return buttons


def _stance_heading(lang: str, stance: str, *, size: str = "Medium") -> Element:
    return heading(
        f"{STANCE_MARK.get(stance, '?')} {label(lang, stance)}",
        size=size,
        color=STANCE_COLOUR.get(stance, "Default"),
    )


def gauge(dominance: float, cells: int = GAUGE_CELLS) -> str:
    """``▼ ─ ─ ─ ─ ┼ ─ ● ─ ─ ▲``: where a message sits between submissive and dominant."""
    position = round((max(-1.0, min(1.0, dominance)) + 1) / 2 * (cells - 1))
    marks = ["─"] * cells
    marks[cells // 2] = "┼"
    marks[position] = "●"
    return " ".join(marks)


def _customer_line(reply: CustomerLine) -> Activity:
    activity = text_message(reply.text)
    if reply.actions:
        buttons = _buttons(reply.lang, reply.actions)
        activity.attachments = [attachment(adaptive_card([], fallback=reply.text, actions=buttons))]
    return activity


def _badge_card(reply: FootingBadge) -> Element:
    assessment = reply.assessment
    body: list[Element] = [_stance_heading(reply.lang, assessment.stance, size="Default")]
    quotes = [e.quote for e in assessment.evidence if e.quote.strip()]
    if quotes:
        body.append(plain(f"“{quotes[0]}”", italic=True))
    return adaptive_card(body, fallback=reply.text)


def feedback_card(
    lang: str,
    assessment: Assessment,
    fallback: str,
    *,
    extra: Sequence[Element] = (),
    actions: Sequence[Element] = (),
) -> Element:
    """The full verdict on a draft (in chat, and in the message extension's dialog)."""
    body: list[Element] = [
        _stance_heading(lang, assessment.stance),
        note(caption(lang, "confidence", value=assessment.confidence), spacing="None"),
        container(
            [
                plain(gauge(assessment.dominance), font="Monospace"),
                note(f"{caption(lang, 'gauge_below')} ⟷ {caption(lang, 'gauge_above')}"),
            ]
        ),
        heading(caption(lang, "deciding_words"), size="Default"),
    ]
    quotes = [e.quote for e in assessment.evidence if e.quote.strip()][:MAX_QUOTES]
    if quotes:
        body.extend(plain(f"“{quote}”", italic=True) for quote in quotes)
    else:
        body.append(note(caption(lang, "no_signal")))
    if assessment.advice:
        body += [heading(caption(lang, "next_step"), size="Default"), plain(assessment.advice)]
    if assessment.rewrite:
        body += [
            heading(caption(lang, "rewrite"), size="Default"),
            container([plain(assessment.rewrite)], style="emphasis"),
        ]
    body.extend(extra)
    return adaptive_card(body, fallback=fallback, actions=actions)


def _started_card(reply: RoleplayStarted) -> Element:
    lang = reply.lang
    customer = f"{reply.customer_name}, {reply.customer_role} ({reply.company})"
    body: list[Element] = [
        plain(reply.title, bold=True, size="Large"),
        labelled(caption(lang, "difficulty"), label(lang, reply.difficulty)),
        labelled(caption(lang, "customer"), customer),
        plain(reply.briefing),
        plain(say(lang, "started_hint"), subtle=True),
    ]
    return adaptive_card(body, fallback=reply.text, actions=_buttons(lang, ("hint", "end")))


def _scorecard_card(reply: Scorecard) -> Element:
    lang = reply.lang
    outcome_colour = {"fair_deal": "Good", "walk_out": "Attention", "gave_too_much": "Warning"}
    body: list[Element] = [
        plain(say(lang, "scorecard_title", title=reply.scenario_title), bold=True, size="Large"),
        heading(
            f"{caption(lang, 'outcome')}: {reply.outcome_label}",
            size="Default",
            color=outcome_colour.get(reply.outcome, "Default"),
        ),
    ]
    if reply.turns:
        body.append(heading(caption(lang, "per_turn"), size="Default"))
        for turn in reply.turns:
            body.append(
                {
                    "type": "ColumnSet",
                    "spacing": "None",
                    "columns": [
                        {
                            "type": "Column",
                            "width": "auto",
                            "items": [note(caption(lang, "turn", number=turn.turn), subtle=False)],
                        },
                        {
                            "type": "Column",
                            "width": "stretch",
                            "items": [
                                {
                                    "type": "TextBlock",
                                    "text": f"{STANCE_MARK.get(turn.stance, '?')} "
                                    f"{label(lang, turn.stance)}",
                                    "color": STANCE_COLOUR.get(turn.stance, "Default"),
                                    "size": "Small",
                                }
                            ],
                        },
                    ],
                }
            )
    if reply.trend:
        body.append(labelled(caption(lang, "trend"), label(lang, reply.trend)))
    body.append(labelled(caption(lang, "rose"), reply.rose_label))
    body.append(
        note(
            caption(
                lang,
                "rose_position",
                dominance=reply.rose_dominance,
                affiliation=reply.rose_affiliation,
            ),
            spacing="None",
        )
    )
    if reply.given_away:
        body.append(labelled(caption(lang, "given_away"), reply.given_away))
    if reply.habit_labels:
        body.append(labelled(caption(lang, "practise"), ", ".join(reply.habit_labels)))
    return adaptive_card(
        body, fallback=reply.text, actions=_buttons(lang, reply.actions), full_width=True
    )


def _tip_card(reply: TipCard) -> Element:
    body: list[Element] = [
        plain(reply.title, bold=True, size="Medium"),
        plain(reply.body),
        container(
            [plain(reply.exercise_label, bold=True), plain(reply.exercise)], style="emphasis"
        ),
    ]
    return adaptive_card(body, fallback=reply.text, actions=_buttons(reply.lang, ("start",)))


def _progress_card(reply: ProgressReport) -> Element:
    lang = reply.lang
    outcomes = ", ".join(f"{label(lang, k)} {v}" for k, v in reply.outcomes.items()) or "-"
    stances = ", ".join(f"{label(lang, k)} {v}" for k, v in reply.stances.items()) or "-"
    tips = (
        say(lang, "tips_state_on", time=reply.tip_time)
        if reply.tips_enabled
        else say(lang, "tips_state_off")
    )
    body: list[Element] = [
        heading(say(lang, "progress_title"), size="Large"),
        labelled(caption(lang, "sessions"), f"{reply.sessions} ({outcomes})"),
        labelled(caption(lang, "messages"), f"{reply.messages} ({stances})"),
    ]
    if reply.weakest_habit_label:
        body.append(labelled(caption(lang, "weakest"), reply.weakest_habit_label))
    body.append(labelled(caption(lang, "tips"), tips))
    if not reply.sessions and not reply.messages:
        body.append(plain(say(lang, "progress_none")))
    return adaptive_card(body, fallback=reply.text, actions=_buttons(lang, ("start", "tip")))


def _scenarios_card(reply: ScenarioList) -> Element:
    lang = reply.lang
    body: list[Element] = [heading(say(lang, "scenarios_title"), size="Large")]
    for scenario in reply.scenarios:
        body.append(
            container(
                [
                    plain(scenario.get("title", ""), bold=True),
                    plain(scenario.get("summary", "")),
                    {
                        "type": "ActionSet",
                        "actions": [
                            submit(
                                caption(lang, "action_scenario"),
                                "start",
                                scenario=scenario.get("id", ""),
                            )
                        ],
                    },
                ]
            )
        )
    return adaptive_card(body, fallback=reply.text)


def _help_card(reply: HelpCard) -> Element:
    lang = reply.lang
    body: list[Element] = [plain(say(lang, "help_title"), bold=True)]
    for command, what in reply.commands:
        body.append(
            {
                "type": "ColumnSet",
                "spacing": "Small",
                "columns": [
                    {
                        "type": "Column",
                        "width": 2,
                        "items": [plain(command, font="Monospace")],
                    },
                    {"type": "Column", "width": 3, "items": [plain(what)]},
                ],
            }
        )
    return adaptive_card(
        body, fallback=reply.text, actions=_buttons(lang, ("start", "tip", "feedback"))
    )


def _notice(reply: Notice) -> Activity:
    if not reply.actions:
        return text_message(reply.text)
    body: list[Element] = [plain(reply.text, color=NOTICE_COLOUR.get(reply.kind))]
    card = adaptive_card(body, fallback=reply.text, actions=_buttons(reply.lang, reply.actions))
    return card_message(card, reply.text)


def card_of(activity: Activity) -> Element | None:
    """The Adaptive Card an activity carries, if any (for tests and the message extension)."""
    for item in activity.attachments or []:
        if isinstance(item, Attachment) and isinstance(item.content, dict):
            return item.content
    return None
