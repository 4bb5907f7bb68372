"""Reading Adaptive Cards in tests: their texts and their buttons."""

from __future__ import annotations

from typing import Any


def texts(node: Any) -> list[str]:
    """Every ``text`` in a card (TextBlocks and TextRuns), in order."""
    found: list[str] = []
    if isinstance(node, dict):
        if isinstance(node.get("text"), str) and node.get("type") in ("TextBlock", "TextRun"):
            found.append(node["text"])
        for key, value in node.items():
            if key != "data":
                found.extend(texts(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(texts(item))
    return found


def joined(card: dict[str, Any] | None) -> str:
    assert card is not None, "expected an Adaptive Card"
    return "\n".join(texts(card))


def buttons(node: Any) -> list[dict[str, Any]]:
    """The ``data`` of every ``Action.Submit`` in a card."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if node.get("type") == "Action.Submit":
            found.append(dict(node.get("data") or {}))
        for value in node.values():
            found.extend(buttons(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(buttons(item))
    return found


def actions_of(card: dict[str, Any] | None) -> list[str]:
    return [data.get("noblesse", "") for data in buttons(card or {})]


def elements(node: Any, kind: str) -> list[dict[str, Any]]:
    """Every element of type ``kind`` in a card."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if node.get("type") == kind:
            found.append(node)
        for value in node.values():
            found.extend(elements(value, kind))
    elif isinstance(node, list):
        for item in node:
            found.extend(elements(item, kind))
    return found
