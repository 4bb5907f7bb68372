"""Hints during a role-play: what a balanced answer would do now, for the tactic in play and
the demand on the table (``prompts/customer/hints.<lang>.toml``)."""

from __future__ import annotations

import logging
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from bot.customer.errors import WordingError
from bot.customer.issue import format_terms, join_names
from bot.customer.scenario import COMPUTED_PLACEHOLDERS, load_scenario
from bot.customer.state import CustomerState
from bot.customer.table import Table
from bot.customer.vocabulary import ASKS, TACTIC_PLACEHOLDERS, TACTICS, Ask, Tactic
from bot.customer.wording import placeholder_values, render
from bot.footing.model import LANGS, Lang
from bot.resources import prompts_root

logger = logging.getLogger(__name__)

SITUATIONS = ("caved", "dominant", "pleaded", "confused", "role_break", "over")
_HINT_PLACEHOLDERS = COMPUTED_PLACEHOLDERS | {"floor", "fair", "asks"}


@dataclass(frozen=True, slots=True)
class HintBook:
    lang: Lang
    version: int
    tactics: Mapping[Tactic, str]
    situations: Mapping[str, str]
    limits: str
    asks: Mapping[Ask, str]


@lru_cache(maxsize=4)
def load_hints(lang: Lang) -> HintBook:
    if lang not in LANGS:
        raise WordingError(f"no hints for language {lang!r}")
    entry = prompts_root() / "customer" / f"hints.{lang}.toml"
    try:
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise WordingError(f"hints.{lang}.toml cannot be read: {exc}") from exc
    return parse_hints(data, lang, f"hints.{lang}.toml")


def parse_hints(data: Mapping[str, Any], lang: Lang, where: str) -> HintBook:
    root = Table(data, where, WordingError)
    if root.text("id") != "customer-hints":
        raise root.fail("'id' must be 'customer-hints'")
    version = root.integer("version", minimum=1)
    if root.text("lang") != lang:
        raise root.fail(f"'lang' must be {lang!r}")
    tactic_table = root.table("tactic")
    tactics = {
        t: _checked(tactic_table, t, _HINT_PLACEHOLDERS | TACTIC_PLACEHOLDERS[t]) for t in TACTICS
    }
    tactic_table.done()
    situation_table = root.table("situation")
    situations = {s: _checked(situation_table, s, _HINT_PLACEHOLDERS) for s in SITUATIONS}
    situation_table.done()
    limits = _checked(root, "limits", _HINT_PLACEHOLDERS)
    ask_table = root.table("asks")
    asks = {ask: ask_table.text(ask) for ask in ASKS}
    ask_table.done()
    root.done()
    return HintBook(
        lang=lang,
        version=version,
        tactics=MappingProxyType(tactics),
        situations=MappingProxyType(situations),
        limits=limits,
        asks=MappingProxyType(asks),
    )


def hint(state: CustomerState) -> str:
    """What a balanced answer would do at this point of the role-play, in the session's
    language: a word on the last turn where it needs one, the tactic in play, and the limits."""
    scenario = load_scenario(state.scenario_id)
    book = load_hints(state.lang)
    issue = scenario.issue
    currency = scenario.product.currency
    values = placeholder_values(scenario, state)
    values["floor"] = format_terms(issue, issue.floor, state.lang, currency)
    values["fair"] = format_terms(issue, issue.fair, state.lang, currency)
    values["asks"] = join_names([book.asks[a] for a in scenario.asks], state.lang)
    if state.outcome is not None:
        return render(book.situations["over"], values)
    parts: list[str] = []
    situation = _situation(state)
    if situation is not None:
        parts.append(render(book.situations[situation], values))
    tactic: Tactic | None = "last_minute" if state.demand_extras else state.tactic
    if tactic is not None:
        parts.append(render(book.tactics[tactic], values))
    parts.append(render(book.limits, values))
    return " ".join(parts)


def _situation(state: CustomerState) -> str | None:
    if not state.history:
        return None
    last = state.history[-1]
    if last.kind in ("empty", "garbled"):
        return "confused"
    if last.kind == "role_break":
        return "role_break"
    if last.stance == "dominant":
        return "dominant"
    if last.intent == "escalate":
        return "caved"
    if last.stance == "submissive":
        return "pleaded"
    return None


def _checked(table: Table, key: str, allowed: frozenset[str]) -> str:
    text = table.text(key)
    for _, field, _, _ in string.Formatter().parse(text):
        if field is not None and field not in allowed:
            raise table.fail(f"{key}: placeholder {{{field}}} is not available in hints")
    return text
