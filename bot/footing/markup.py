"""Chat markup that must not sway the verdict: mentions, links, emoji codes, quotes, code.

Masking replaces markup with spaces of the same length, so every offset found in the masked
text points at the same characters of the original text.
"""

from __future__ import annotations

import re

_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"```.*?(?:```|\Z)", re.DOTALL),  # code blocks
    re.compile(r"`[^`\n]*`"),  # inline code
    re.compile(r"^[ \t]*(?:>|&gt;).*$", re.MULTILINE),  # quoted lines (Slack, email, Markdown)
    re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL),  # Teams mentions
    re.compile(r"<(?:[@#!][^>\n]*|(?:https?|mailto|tel):[^>\n]*)>"),  # Slack mentions and links
    re.compile(r"</?[a-zA-Z][^>\n]{0,200}>"),  # HTML tags (Teams sends HTML)
    re.compile(r"\[([^\]\n]*)\]\((?:https?|mailto):[^)\s]*\)"),  # Markdown links
    re.compile(r"\b(?:https?://|www\.)\S+"),  # bare links
    re.compile(r"(?<![\w:]):[a-z0-9_+\-']{1,40}:(?::skin-tone-\d:)?"),  # :emoji: codes
    re.compile(r"&(?:amp|lt|gt|quot|nbsp|#\d+);"),  # HTML entities
)


def mask_markup(text: str) -> str:
    """Return ``text`` with markup replaced by spaces (newlines kept); same length as ``text``."""
    chars = list(text)
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            for i in range(match.start(), match.end()):
                if chars[i] != "\n":
                    chars[i] = " "
    return "".join(chars)
