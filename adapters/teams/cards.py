"""Adaptive Card (schema 1.5) building blocks, as plain dictionaries.

**Escaping.** A ``TextBlock`` interprets a subset of Markdown, and a ``FactSet`` value does too.
Text that comes from a user or a language model (a quote, a customer's line, a rewrite, a
scenario name someone typed) therefore only ever goes into a ``TextRun`` inside a
``RichTextBlock`` (:func:`plain`), which Teams shows literally: no formatting, no links, no
mentions. ``TextBlock`` (:func:`heading`, :func:`note`) is kept for this adapter's own captions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final

from botbuilder.schema import Attachment

CARD_VERSION: Final = "1.5"
CARD_CONTENT_TYPE: Final = "application/vnd.microsoft.card.adaptive"
SUBMIT_KEY: Final = "noblesse"
"""The key of every ``Action.Submit`` payload this app sends: ``{"noblesse": "<action>"}``."""
MAX_FALLBACK_CHARS: Final = 2_000

Element = dict[str, Any]


def adaptive_card(
    body: Sequence[Element],
    *,
    fallback: str,
    actions: Sequence[Element] = (),
    full_width: bool = False,
) -> Element:
    """A card with its plain-text fallback (``fallbackText``, ``speak``) always set."""
    text = fallback[:MAX_FALLBACK_CHARS]
    card: Element = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": CARD_VERSION,
        "fallbackText": text,
        "speak": text,
        "body": list(body),
    }
    if actions:
        card["actions"] = list(actions)
    if full_width:
        card["msteams"] = {"width": "Full"}
    return card


def attachment(card: Element) -> Attachment:
    return Attachment(content_type=CARD_CONTENT_TYPE, content=card)


def heading(text: str, *, size: str = "Medium", color: str = "Default") -> Element:
    """A bold caption of this adapter's own (Markdown is interpreted: never pass user text)."""
    return {
        "type": "TextBlock",
        "text": text,
        "weight": "Bolder",
        "size": size,
        "color": color,
        "wrap": True,
    }


def note(text: str, *, subtle: bool = True, spacing: str = "Default") -> Element:
    """A small caption of this adapter's own (Markdown is interpreted: never pass user text)."""
    return {
        "type": "TextBlock",
        "text": text,
        "isSubtle": subtle,
        "size": "Small",
        "wrap": True,
        "spacing": spacing,
    }


def plain(
    text: str,
    *,
    italic: bool = False,
    bold: bool = False,
    color: str | None = None,
    size: str | None = None,
    font: str | None = None,
    subtle: bool = False,
) -> Element:
    """Text shown exactly as it is written: user text and model output go here."""
    run: Element = {"type": "TextRun", "text": text}
    if italic:
        run["italic"] = True
    if bold:
        run["weight"] = "Bolder"
    if color:
        run["color"] = color
    if size:
        run["size"] = size
    if font:
        run["fontType"] = font
    if subtle:
        run["isSubtle"] = True
    return {"type": "RichTextBlock", "inlines": [run]}


def labelled(label: str, value: str) -> Element:
    """One "label: value" row; the label is ours, the value is shown literally."""
    return {
        "type": "ColumnSet",
        "spacing": "Small",
        "columns": [
            {
                "type": "Column",
                "width": "auto",
                "items": [{"type": "TextBlock", "text": label, "weight": "Bolder", "wrap": True}],
            },
            {"type": "Column", "width": "stretch", "items": [plain(value)]},
        ],
    }


def container(items: Iterable[Element], *, style: str | None = None) -> Element:
    box: Element = {"type": "Container", "items": list(items)}
    if style:
        box["style"] = style
    return box


def submit(title: str, action: str, *, style: str | None = None, **data: str) -> Element:
    """An ``Action.Submit`` whose payload is ``{"noblesse": action, **data}``."""
    button: Element = {
        "type": "Action.Submit",
        "title": title,
        "data": {SUBMIT_KEY: action, **data},
    }
    if style:
        button["style"] = style
    return button


def text_input(
    input_id: str, *, label: str, value: str, placeholder: str, max_length: int
) -> Element:
    return {
        "type": "Input.Text",
        "id": input_id,
        "label": label,
        "value": value,
        "placeholder": placeholder,
        "isMultiline": True,
        "maxLength": max_length,
    }
