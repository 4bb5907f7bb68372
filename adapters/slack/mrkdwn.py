"""Text for Slack: escaping user text and model output for mrkdwn, and Slack's length limits.

Slack turns ``<!channel>``, ``<!here>``, ``<!everyone>``, ``<!subteam^…>``, ``<@U…>`` and
``<#C…>`` into pings and links only when they arrive between angle brackets. Escaping ``&``,
``<`` and ``>`` (Slack's own three entities) makes every such sequence plain text, so nothing
the bot echoes — a customer line, a rewrite, a quoted draft — can ping anyone.

``plain_text`` objects and rich-text ``text`` elements take raw text (Slack shows entities
there literally). They are not parsed for mentions either; :func:`defuse` still breaks up every
mention-shaped sequence in them with an invisible word joiner, so that no payload the bot sends
carries one.
"""

from __future__ import annotations

import re
from typing import Final

SECTION_LIMIT: Final = 2_900
"""Characters per section or rich-text block (Slack rejects more than 3,000)."""
MESSAGE_LIMIT: Final = 3_800
"""Characters of text per message, blocks and fallback alike (Slack fails at about 4,000)."""
HEADER_LIMIT: Final = 150
BUTTON_LIMIT: Final = 75
CONTEXT_LIMIT: Final = 2_000

_ENTITY: Final = re.compile(r"&(?:amp|lt|gt);")
_MENTION_START: Final = re.compile(r"<(?=[!@#])")
WORD_JOINER: Final = "\u2060"
_UNESCAPE: Final = {"&amp;": "&", "&lt;": "<", "&gt;": ">"}


def escape(text: str) -> str:
    """``text`` made safe for a mrkdwn field: no mention, channel link or broadcast survives."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def defuse(text: str) -> str:
    """Raw text (plain_text, rich text) with every ``<!``, ``<@`` and ``<#`` broken by an
    invisible word joiner: it looks and copies the same, and can never become a mention."""
    return _MENTION_START.sub("<" + WORD_JOINER, text)


def unescape(text: str) -> str:
    """What the user typed: Slack delivers message text with ``&``, ``<`` and ``>`` escaped."""
    return _ENTITY.sub(lambda match: _UNESCAPE[match.group(0)], text)


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, with an ellipsis when cut; never inside an
    entity such as ``&amp;``."""
    if len(text) <= limit:
        return text
    cut = _safe_cut(text, max(0, limit - 1))
    return text[:cut].rstrip() + "…"


def split(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut at paragraph, line or word
    boundaries where possible, never inside an entity. An empty text gives no pieces."""
    pieces: list[str] = []
    rest = text.strip()
    while rest:
        if len(rest) <= limit:
            pieces.append(rest)
            break
        window = rest[: limit + 1]
        cut = -1
        for separator in ("\n\n", "\n", " "):
            position = window.rfind(separator, limit // 2)
            if position > 0:
                cut = position
                break
        if cut <= 0:
            cut = _safe_cut(rest, limit)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return pieces


def _safe_cut(text: str, at: int) -> int:
    """A cut position at or before ``at`` that does not split an ``&…;`` entity."""
    ampersand = text.rfind("&", max(0, at - 4), at)
    if ampersand > 0:
        entity = _ENTITY.match(text, ampersand)
        if entity is not None and entity.end() > at:
            return ampersand
    return at
