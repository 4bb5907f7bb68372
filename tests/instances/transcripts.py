"""What a role-play must look like, worked out in the test process with the same engine.

The servers run offline (no language model): the judge is the footing analyser and the customer
is the deterministic engine, seeded by the test. So the test can

* plan messages that keep a role-play going for as many turns as it needs (:func:`plan`,
  :func:`plan_pair`), whatever the engine's current tuning, instead of hoping a fixed script
  never ends in a deal or a walk-out; and
* replay the transcript the store holds (:func:`assert_replays`): every stored turn must be
  the engine's answer to the state before it plus that turn's message, and the session's state
  the state after the last turn — a lost or interleaved update breaks the chain.
"""

from __future__ import annotations

import json
import string
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.customer import engine
from bot.customer.state import CustomerState
from bot.footing import analyze
from bot.footing.model import Assessment
from bot.store import SessionRecord, TurnRecord

LANG = "en"

# Things a salesperson says; {word} is the test's sentinel, so that each message is unique and
# findable. The planner picks, turn by turn, one that does not end the role-play.
SAYINGS: tuple[str, ...] = (
    "What matters most to you besides the price, {word}?",
    "I understand the pressure on your budget, {word}. If you commit to three years, "
    "we can look at the payment terms.",
    "Let me think about that for a moment, {word}.",
    "Which delivery dates would help your team most, {word}?",
    "Sorry {word}, I am just the rep. Whatever you want.",
    "No, that price stays, {word}. What we can do is spread the payments over the year.",
    "Could you tell me how you compare the two offers, {word}?",
    "That is not possible for us, {word}, but we could add a yearly review of the service.",
    "With all due respect, {word}, you clearly don't understand how our pricing works.",
    "OK {word}, I'll see what I can do for you, I really don't want to lose you.",
    "Take it or leave it, {word}.",
    "Please {word}, give us one more chance, I'll ask my manager for an exception.",
)


@dataclass(frozen=True)
class Roleplay:
    """A role-play as the test starts it."""

    scenario: str
    difficulty: str
    seed: int

    def opening(self) -> CustomerState:
        state, _ = engine.start(self.scenario, self.difficulty, LANG, self.seed)  # type: ignore[arg-type]
        return state


def tagged(base: str, number: int) -> str:
    """A unique made-up word per message: ``base`` plus letters (no digits, which the
    customer could read as an offer)."""
    letters = string.ascii_lowercase
    suffix = letters[number // 26 % 26] + letters[number % 26]
    return f"{base}{suffix}"


def _after(state: CustomerState, text: str) -> CustomerState | None:
    """The state after ``text``, or None when the role-play would end with it."""
    decision = engine.decide(state, text, analyze(text, LANG))
    return None if decision.move.outcome is not None else decision.state


def plan(
    state: CustomerState, count: int, word: str, *, first_number: int = 0
) -> tuple[list[str], CustomerState]:
    """``count`` messages, from ``state`` on, none of which ends the role-play; and the state
    after them. Messages rotate through :data:`SAYINGS` for variety."""
    texts: list[str] = []
    for step in range(count):
        number = first_number + step
        for offset in range(len(SAYINGS)):
            saying = SAYINGS[(number + offset) % len(SAYINGS)]
            text = saying.format(word=tagged(word, number))
            following = _after(state, text)
            if following is not None:
                texts.append(text)
                state = following
                break
        else:
            raise AssertionError(f"no message keeps this role-play going at turn {number + 1}")
    return texts, state


def plan_pair(state: CustomerState, word: str, first_number: int) -> tuple[str, str]:
    """Two messages that may arrive in either order without ending the role-play."""
    options = [
        saying.format(word=tagged(word, first_number + index))
        for index, saying in enumerate(SAYINGS)
    ]
    for first in options:
        for second in options:
            if first == second:
                continue
            one = _after(state, first)
            other = _after(state, second)
            if one is None or other is None:
                continue
            if _after(one, second) is not None and _after(other, first) is not None:
                return first, second
    raise AssertionError("no two messages keep this role-play going in either order")


def _plain(data: Any) -> Any:
    """JSON-shaped data as the database gives it back (lists, not tuples)."""
    return json.loads(json.dumps(data))


def assert_replays(session: SessionRecord, turns: Sequence[TurnRecord]) -> None:
    """The stored transcript is a chain: turn i is the engine's answer to the state after
    turn i-1 (the opening for the first) and turn i's message; the session holds the last."""
    state, _ = engine.start(session.scenario, session.difficulty, session.lang, session.seed)  # type: ignore[arg-type]
    for expected, turn in enumerate(turns):
        assert turn.index == expected, [t.index for t in turns]
        assert turn.salesperson_text is not None, f"turn {expected + 1} lost its text"
        decision = engine.decide(
            state, turn.salesperson_text, Assessment.from_dict(turn.assessment)
        )
        assert _plain(turn.state["customer"]) == _plain(decision.state.to_dict()), (
            f"turn {expected + 1} does not follow from the turn before it"
        )
        assert turn.customer_line == engine.word(decision.move, decision.state)
        state = decision.state
    assert session.turn_count == len(turns)
    assert _plain(session.state["customer"]) == _plain(state.to_dict()), (
        "the session's state is not the state after its last turn"
    )
