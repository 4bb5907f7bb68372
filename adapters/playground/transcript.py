"""A running role-play as the page shows it, rebuilt from the store after a reload or restart.

The page asks for it when it opens: the briefing, the customer's opening line, and every turn
so far (the salesperson's words, the footing verdict with its evidence, the customer's answer).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from adapters.playground.render import to_json
from bot.coach.messages import label, say
from bot.coach.replies import CustomerLine, FootingBadge, Reply, RoleplayStarted, Scorecard
from bot.coach.texts import badge_text
from bot.customer import engine
from bot.customer.errors import CustomerError
from bot.customer.scenario import load_scenario
from bot.footing.model import Assessment
from bot.store import SessionRecord, Store, TurnRecord

logger = logging.getLogger(__name__)


def session_meta(session: SessionRecord | None) -> dict[str, Any]:
    """What the page needs to know about the conversation's role-play: whether one runs, its
    id and how many turns it has."""
    if session is None or not session.active:
        return {"active": False}
    return {"active": True, "id": session.id, "turns": session.turn_count}


def session_from_replies(replies: Sequence[Reply]) -> dict[str, Any] | None:
    """The same, read from the coach's answer when it tells (a customer line or a scorecard
    does), which saves a database read on the busiest calls; None when it does not."""
    if any(isinstance(reply, Scorecard) for reply in replies):
        return {"active": False}
    lines = [reply for reply in replies if isinstance(reply, CustomerLine)]
    if not lines:
        return None
    last = lines[-1]
    if last.outcome is not None:
        return {"active": False}
    return {"active": True, "id": last.session_id, "turns": last.turn}


def _opening(session: SessionRecord) -> str:
    """The customer's first words: the engine's opening is deterministic per seed."""
    if session.turn_count == 0:
        return str(session.state.get("line", ""))
    try:
        _, line = engine.start(session.scenario, session.difficulty, session.lang, session.seed)  # type: ignore[arg-type]
    except CustomerError:
        return ""
    return line


def _exchange(session: SessionRecord, speaker: str, turn: TurnRecord) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    lang = session.lang
    if turn.salesperson_text is not None:
        items.append({"type": "salesperson", "text": turn.salesperson_text, "turn": turn.index + 1})
    try:
        assessment = Assessment.from_dict(turn.assessment)
    except (KeyError, TypeError, ValueError):
        logger.warning("a stored assessment of session %s could not be read", session.id)
    else:
        items.append(to_json(FootingBadge(lang, assessment, badge_text(lang, assessment))))
    if turn.customer_line is not None:
        line = CustomerLine(
            lang=lang,
            session_id=session.id,
            speaker=speaker,
            line=turn.customer_line,
            turn=turn.index + 1,
            tactic="",
            outcome=None,
            text=say(lang, "customer_says", name=speaker, line=turn.customer_line),
        )
        items.append(to_json(line))
    return items


async def transcript(store: Store, session: SessionRecord) -> list[dict[str, Any]]:
    """The role-play so far, as the replies the page renders (plus ``salesperson`` items)."""
    scenario = load_scenario(session.scenario)
    lang = session.lang
    title = scenario.title[lang]  # type: ignore[index]
    briefing = scenario.briefing[lang]  # type: ignore[index]
    speaker = scenario.customer.name
    started = RoleplayStarted(
        lang=lang,
        session_id=session.id,
        scenario_id=scenario.id,
        title=title,
        briefing=briefing,
        customer_name=speaker,
        customer_role=scenario.customer.role[lang],  # type: ignore[index]
        company=scenario.customer.company,
        difficulty=session.difficulty,
        text="\n".join(
            (
                say(
                    lang,
                    "roleplay_title",
                    title=title,
                    difficulty=label(lang, session.difficulty),
                ),
                briefing,
            )
        ),
    )
    opening = _opening(session)
    items = [to_json(started)]
    if opening:
        first = CustomerLine(
            lang=lang,
            session_id=session.id,
            speaker=speaker,
            line=opening,
            turn=0,
            tactic="",
            outcome=None,
            text=say(lang, "customer_says", name=speaker, line=opening),
        )
        items.append(to_json(first))
    for turn in await store.turns(session.id):
        items.extend(_exchange(session, speaker, turn))
    return items
