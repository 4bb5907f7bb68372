"""Interactive elements: the ``action_id`` of every button and picker, and what each asks of
the coach. Role-play buttons carry their conversation id as the button ``value``."""

from __future__ import annotations

import re
from typing import Final

from bot.coach.replies import Action
from bot.coach.requests import Command, EndRoleplay, Forget, Hint, Rewind, TipNow, TipSettings

PREFIX: Final = "noblesse."
PATTERN: Final = re.compile(r"^noblesse\.")

HINT: Final = "noblesse.hint"
REWIND: Final = "noblesse.rewind"
END: Final = "noblesse.end"
START: Final = "noblesse.start"
TIP: Final = "noblesse.tip"
FEEDBACK: Final = "noblesse.feedback"
FORGET_CONFIRM: Final = "noblesse.forget_confirm"
TIPS_ON: Final = "noblesse.tips_on"
TIPS_OFF: Final = "noblesse.tips_off"
TIP_TIME: Final = "noblesse.tip_time"

ROLEPLAY: Final = frozenset({HINT, REWIND, END})

DRAFT_VIEW: Final = "noblesse.draft"
"""``callback_id`` of the modal in which a draft is pasted."""
DRAFT_BLOCK: Final = "noblesse.draft_block"
DRAFT_INPUT: Final = "noblesse.draft_input"

CHECK_FOOTING: Final = "check_footing"
"""``callback_id`` of the message shortcut (see manifest.json)."""
CHECK_DRAFT: Final = "check_draft"
"""``callback_id`` of the global shortcut (see manifest.json)."""

_BY_REPLY_ACTION: Final[dict[Action, str]] = {
    "hint": HINT,
    "rewind": REWIND,
    "end": END,
    "start": START,
    "tip": TIP,
    "feedback": FEEDBACK,
    "forget_confirm": FORGET_CONFIRM,
}


def action_id(action: Action) -> str:
    """The ``action_id`` of the button for one of the coach's reply actions."""
    return _BY_REPLY_ACTION[action]


def simple_command(action: str) -> Command | None:
    """The coach command a button stands for, when the button alone says it all."""
    match action:
        case "noblesse.hint":
            return Hint()
        case "noblesse.rewind":
            return Rewind()
        case "noblesse.end":
            return EndRoleplay()
        case "noblesse.tip":
            return TipNow()
        case "noblesse.forget_confirm":
            return Forget(confirmed=True)
        case "noblesse.tips_on":
            return TipSettings(enabled=True)
        case "noblesse.tips_off":
            return TipSettings(enabled=False)
    return None
