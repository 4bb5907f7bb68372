"""The "Check a draft" modal: the form, the waiting view and the result."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from adapters.slack import actions as ids
from adapters.slack.blocks import Block, context, sections
from adapters.slack.mrkdwn import escape
from adapters.slack.phrases import phrase
from adapters.slack.rendering import SlackMessage
from bot.footing import MAX_CHARS

View = dict[str, Any]
INPUT_LIMIT: Final = min(MAX_CHARS, 3_000)
"""Characters a pasted draft may have (Slack's plain-text input allows 3,000)."""
_VIEW_BLOCKS: Final = 95


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:24], "emoji": True}


def draft_form(lang: str) -> View:
    """The modal a user pastes a draft into (``callback_id`` ``noblesse.draft``)."""
    return {
        "type": "modal",
        "callback_id": ids.DRAFT_VIEW,
        "private_metadata": lang,
        "title": _plain(phrase(lang, "modal_title")),
        "submit": _plain(phrase(lang, "modal_submit")),
        "close": _plain(phrase(lang, "modal_close")),
        "blocks": [
            {
                "type": "input",
                "block_id": ids.DRAFT_BLOCK,
                "label": {"type": "plain_text", "text": phrase(lang, "modal_label")},
                "element": {
                    "type": "plain_text_input",
                    "action_id": ids.DRAFT_INPUT,
                    "multiline": True,
                    "max_length": INPUT_LIMIT,
                    "placeholder": {
                        "type": "plain_text",
                        "text": phrase(lang, "modal_placeholder")[:150],
                    },
                },
            },
            context(escape(phrase(lang, "modal_hint"))),
        ],
    }


def checking(lang: str) -> View:
    """Shown at once when the draft is submitted, while it is being checked."""
    return {
        "type": "modal",
        "callback_id": f"{ids.DRAFT_VIEW}.checking",
        "title": _plain(phrase(lang, "modal_title")),
        "close": _plain(phrase(lang, "modal_close")),
        "blocks": sections(f"⏳ {escape(phrase(lang, 'modal_checking'))}"),
    }


def result(lang: str, messages: Sequence[SlackMessage]) -> View:
    """The verdict in the modal, in place of the waiting view."""
    blocks: list[Block] = [block for message in messages for block in message.blocks]
    return {
        "type": "modal",
        "callback_id": f"{ids.DRAFT_VIEW}.result",
        "title": _plain(phrase(lang, "modal_result")),
        "close": _plain(phrase(lang, "modal_close")),
        "blocks": blocks[:_VIEW_BLOCKS],
    }


def submitted_draft(view: dict[str, Any]) -> str:
    """The text a submitted draft modal carries ("" when the field is missing)."""
    values = view.get("state", {}).get("values", {})
    field = values.get(ids.DRAFT_BLOCK, {}).get(ids.DRAFT_INPUT, {})
    return str(field.get("value") or "")
