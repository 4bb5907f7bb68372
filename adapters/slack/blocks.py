"""Block Kit building blocks with Slack's limits applied. Text given to ``section`` and
``context`` is mrkdwn and must already be escaped (``mrkdwn.escape``); ``header``, buttons and
``quote`` take raw text, which Slack never parses for mentions (and which is defused anyway)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final, Literal

from adapters.slack.mrkdwn import (
    BUTTON_LIMIT,
    CONTEXT_LIMIT,
    HEADER_LIMIT,
    SECTION_LIMIT,
    clip,
    defuse,
)
from adapters.slack.mrkdwn import split as split_text

Block = dict[str, Any]

ButtonStyle = Literal["primary", "danger"]

MAX_BLOCKS: Final = 45
"""Blocks per message (Slack allows 50; the rest is headroom)."""


def header(text: str) -> Block:
    return {
        "type": "header",
        "text": {"type": "plain_text", "text": clip(defuse(text), HEADER_LIMIT), "emoji": True},
    }


def sections(text: str, *, block_id: str | None = None) -> list[Block]:
    """One section per piece of ``text`` that fits Slack's section limit."""
    blocks: list[Block] = []
    for index, piece in enumerate(split_text(text, SECTION_LIMIT)):
        block: Block = {"type": "section", "text": {"type": "mrkdwn", "text": piece}}
        if block_id is not None:
            block["block_id"] = block_id if index == 0 else f"{block_id}.{index}"
        blocks.append(block)
    return blocks


def context(*texts: str) -> Block:
    elements = [{"type": "mrkdwn", "text": clip(text, CONTEXT_LIMIT)} for text in texts if text]
    return {"type": "context", "elements": elements[:10]}


def quote(text: str) -> list[Block]:
    """Raw text as rich-text quotes: copies cleanly, no code styling, no mention parsing."""
    return [
        {
            "type": "rich_text",
            "elements": [
                {"type": "rich_text_quote", "elements": [{"type": "text", "text": piece}]}
            ],
        }
        for piece in split_text(defuse(text), SECTION_LIMIT)
    ]


def divider() -> Block:
    return {"type": "divider"}


def button(
    text: str,
    action_id: str,
    value: str = "",
    *,
    style: ButtonStyle | None = None,
    confirm: Block | None = None,
) -> Block:
    element: Block = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": clip(defuse(text), BUTTON_LIMIT), "emoji": True},
    }
    if value:
        element["value"] = value[:2000]
    if style is not None:
        element["style"] = style
    if confirm is not None:
        element["confirm"] = confirm
    return element


def confirmation(title: str, text: str, yes: str, no: str) -> Block:
    return {
        "title": {"type": "plain_text", "text": clip(title, 100)},
        "text": {"type": "plain_text", "text": clip(text, 300)},
        "confirm": {"type": "plain_text", "text": clip(yes, 30)},
        "deny": {"type": "plain_text", "text": clip(no, 30)},
        "style": "danger",
    }


def actions(elements: Iterable[Block], *, block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": list(elements)[:25]}
    if block_id is not None:
        block["block_id"] = block_id
    return block


def text_size(block: Block) -> int:
    """The characters of text a block carries (what counts against message limits)."""
    size = 0
    text = block.get("text")
    if isinstance(text, dict):
        size += len(str(text.get("text", "")))
    for element in block.get("elements", ()):
        if not isinstance(element, dict):
            continue
        if isinstance(element.get("text"), str):
            size += len(element["text"])
        elif isinstance(element.get("text"), dict):
            size += len(str(element["text"].get("text", "")))
        for inner in element.get("elements", ()):
            if isinstance(inner, dict) and isinstance(inner.get("text"), str):
                size += len(inner["text"])
    for field in block.get("fields", ()):
        if isinstance(field, dict):
            size += len(str(field.get("text", "")))
    return size
