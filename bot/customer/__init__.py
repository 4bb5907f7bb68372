"""The demanding customer: scenarios as data, a deterministic engine that owns the customer's
state, and offline wording.

Typical use::

    state, opening = start("price_squeeze", "normal", "en", seed=7)
    decision, line = respond(state, text, analyze(text, "en"))
    state = decision.state          # store it (state.to_dict() is JSON-able)
    hint(state)                     # what a balanced answer would do now
    summarize(state)                # at the end: value given away, final terms, stances
"""

from bot.customer.concessions import Concession, read_asks, read_concessions
from bot.customer.engine import decide, respond, start, stop, word
from bot.customer.errors import (
    CustomerError,
    ScenarioError,
    SessionOverError,
    StateError,
    WordingError,
)
from bot.customer.hints import hint
from bot.customer.model import Decision, Move
from bot.customer.scenario import Scenario, load_scenario, load_scenarios, scenario_ids
from bot.customer.state import CustomerState, HistoryEntry, Terms
from bot.customer.summary import Summary, summarize
from bot.customer.turn_kind import classify_turn
from bot.resources import prompts_root

__all__ = [
    "Concession",
    "CustomerError",
    "CustomerState",
    "Decision",
    "HistoryEntry",
    "Move",
    "Scenario",
    "ScenarioError",
    "SessionOverError",
    "StateError",
    "Summary",
    "Terms",
    "WordingError",
    "classify_turn",
    "decide",
    "hint",
    "load_scenario",
    "load_scenarios",
    "prompts_root",
    "read_asks",
    "read_concessions",
    "respond",
    "scenario_ids",
    "start",
    "stop",
    "summarize",
    "word",
]
