"""Offline wording of the customer's moves: ``prompts/customer/lines.<lang>.toml``.

Lines are keyed by intent and topic (a tactic, a scenario id for openings, a walk-out reason,
or ``any``). Dutch lines either suit both registers or come as ``{ u = "…", je = "…" }``.
Each move draws an unused line along a fallback chain that ends in the ``refocus`` pool, which
holds at least :data:`MAX_SESSION_TURNS` lines; since no session runs longer, no line is ever
spoken twice in one session.
"""

from __future__ import annotations

import logging
import random
import re
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from bot.customer.errors import WordingError
from bot.customer.issue import format_money, format_terms, join_names
from bot.customer.scenario import COMPUTED_PLACEHOLDERS, Scenario
from bot.customer.state import CustomerState
from bot.customer.table import Table
from bot.customer.vocabulary import (
    INTENTS,
    MAX_SESSION_TURNS,
    TACTIC_PLACEHOLDERS,
    TACTICS,
    WALK_REASONS,
    Intent,
    Register,
)
from bot.footing.model import LANGS, Lang
from bot.resources import prompts_root

logger = logging.getLogger(__name__)

ANY = "any"
# A lower-case letter that starts a sentence, e.g. where a line opens with "{demand}".
_SENTENCE_START = re.compile(r"(^|[.!?]\s+)([a-zà-ÿ])")
_CONFUSED_TOPICS = ("empty", "garbled")
_TACTIC_TOPIC_INTENTS: frozenset[Intent] = frozenset({"press", "escalate", "insist"})


@dataclass(frozen=True, slots=True)
class Line:
    """One line. ``text`` suits every register; otherwise ``u`` and ``je`` hold the variants."""

    id: str
    text: str | None = None
    u: str | None = None
    je: str | None = None

    def for_register(self, register: Register) -> str:
        if self.text is not None:
            return self.text
        chosen = self.u if register == "u" else self.je
        if chosen is None:  # guarded by validation; kept for the type checker
            raise WordingError(f"line {self.id} has no {register} variant")
        return chosen

    def variants(self) -> tuple[str, ...]:
        return tuple(v for v in (self.text, self.u, self.je) if v is not None)


@dataclass(frozen=True, slots=True)
class LineBook:
    lang: Lang
    version: int
    pools: Mapping[tuple[Intent, str], tuple[Line, ...]]
    by_id: Mapping[str, Line]

    def pool(self, intent: Intent, topic: str) -> tuple[Line, ...]:
        return self.pools.get((intent, topic), ())

    def line(self, line_id: str) -> Line:
        try:
            return self.by_id[line_id]
        except KeyError:
            raise WordingError(f"no {self.lang} line with id {line_id!r}") from None


@lru_cache(maxsize=4)
def load_lines(lang: Lang) -> LineBook:
    """The validated line book for ``lang`` (cached)."""
    if lang not in LANGS:
        raise WordingError(f"no customer lines for language {lang!r}")
    entry = prompts_root() / "customer" / f"lines.{lang}.toml"
    try:
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise WordingError(f"lines.{lang}.toml cannot be read: {exc}") from exc
    book = parse_lines(data, lang, f"lines.{lang}.toml")
    logger.debug("loaded customer lines %s@%s", lang, book.version)
    return book


def parse_lines(data: Mapping[str, Any], lang: Lang, where: str) -> LineBook:
    """Validate a parsed line file: known intents and topics, register variants, placeholders,
    no duplicate lines, and pools large enough for the no-repeat guarantee."""
    root = Table(data, where, WordingError)
    if root.text("id") != "customer-lines":
        raise root.fail("'id' must be 'customer-lines'")
    version = root.integer("version", minimum=1)
    if root.text("lang") != lang:
        raise root.fail(f"'lang' must be {lang!r}")
    pools: dict[tuple[Intent, str], tuple[Line, ...]] = {}
    for intent in INTENTS:
        if not root.has(intent):
            raise root.fail(f"missing the [{intent}] table")
        table = root.table(intent)
        for topic in table.names():
            _check_topic(table, intent, topic)
            pools[(intent, topic)] = _read_pool(table, intent, topic, lang)
        table.done()
    root.done()
    _check_coverage(root, pools)
    by_id = {line.id: line for lines in pools.values() for line in lines}
    return LineBook(
        lang=lang, version=version, pools=MappingProxyType(pools), by_id=MappingProxyType(by_id)
    )


def chain(intent: Intent, topic: str | None, scenario_id: str) -> tuple[tuple[Intent, str], ...]:
    """The pools a move draws from, in order, ending in one that cannot run dry."""
    specific = topic or ANY
    if intent == "open":
        return (("open", scenario_id), ("open", ANY))
    if intent in ("accept", "accept_too_much"):
        return ((intent, ANY),)
    if intent == "walk_out":
        return (("walk_out", specific), ("walk_out", ANY))
    if intent == "press":
        return (("press", specific), ("insist", ANY), ("refocus", ANY))
    if intent in ("escalate", "insist", "confused"):
        return ((intent, specific), (intent, ANY), ("insist", ANY), ("refocus", ANY))
    if intent == "counter":
        return (("counter", ANY), ("soften", ANY), ("refocus", ANY))
    if intent == "warn":
        return (("warn", ANY), ("bristle", ANY), ("refocus", ANY))
    return ((intent, ANY), ("refocus", ANY))


def choose_line(
    book: LineBook,
    intent: Intent,
    topic: str | None,
    scenario_id: str,
    used: tuple[str, ...],
    rng: random.Random,
) -> Line:
    """An unused line for the move, drawn with ``rng`` from the first pool that has one."""
    spent = set(used)
    for key in chain(intent, topic, scenario_id):
        fresh = [line for line in book.pool(*key) if line.id not in spent]
        if fresh:
            return rng.choice(fresh)
    raise WordingError(f"every {book.lang} line for {intent}/{topic} was used in this session")


def placeholder_values(scenario: Scenario, state: CustomerState) -> dict[str, str]:
    """Everything a line may mention, worded in the state's language."""
    lang = state.lang
    issue = scenario.issue
    currency = scenario.product.currency
    offered_items = None
    if issue.kind == "items":
        offered_items = tuple(item for item in issue.items if item.id in state.terms.extras)
    previous = state.history[-2].demand if len(state.history) >= 2 else issue.opening
    values = dict(scenario.placeholders[lang])
    values.update(
        customer_name=scenario.customer.name,
        company=scenario.customer.company,
        role=scenario.customer.role[lang],
        product=scenario.product.name[lang],
        list_price=format_money(scenario.product.list_price, currency, lang),
        demand=format_terms(issue, state.demand, lang, currency),
        previous_demand=format_terms(issue, previous, lang, currency),
        offer=format_terms(issue, state.terms.value, lang, currency, offered_items),
        extra=_extra_name(scenario, state),
    )
    return values


def render(text: str, values: Mapping[str, str], line_id: str = "") -> str:
    """Fill the placeholders of one line; a missing one raises a clear :class:`WordingError`."""
    try:
        filled = text.format_map(values)
    except KeyError as exc:
        raise WordingError(f"line {line_id or text!r} needs placeholder {exc.args[0]!r}") from exc
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), filled)


def word_line(line_id: str, scenario: Scenario, state: CustomerState) -> str:
    """The line ``line_id`` in the state's language and the scenario's register, filled in."""
    line = load_lines(state.lang).line(line_id)
    register: Register = scenario.register if state.lang == "nl" else "u"
    return render(line.for_register(register), placeholder_values(scenario, state), line_id)


def _extra_name(scenario: Scenario, state: CustomerState) -> str:
    """The extra a last-minute demand names: the one asked, else the first not yet given."""
    wanted = state.demand_extras or tuple(
        extra.id
        for extra in scenario.extras
        if extra.id not in state.terms.extras and extra not in scenario.issue.items
    )
    if not wanted:
        wanted = tuple(extra.id for extra in scenario.extras[:1])
    names = [scenario.extra(extra_id).name[state.lang] for extra_id in wanted[:1]]
    return join_names(names, state.lang)


def _check_topic(table: Table, intent: Intent, topic: str) -> None:
    if topic == ANY:
        return
    if intent in _TACTIC_TOPIC_INTENTS and topic in TACTICS:
        return
    if intent == "walk_out" and topic in WALK_REASONS:
        return
    if intent == "confused" and topic in _CONFUSED_TOPICS:
        return
    if intent == "open" and topic.replace("_", "").isalnum() and topic.islower():
        return  # a scenario id; tests check that it names a real scenario
    raise table.fail(f"unknown topic {topic!r} for intent {intent}")


def _allowed_placeholders(intent: Intent, topic: str) -> frozenset[str] | None:
    """Which placeholders a pool may use; ``None`` means any (scenario openings)."""
    if intent == "open" and topic != ANY:
        return None
    if topic in TACTICS:
        return COMPUTED_PLACEHOLDERS | TACTIC_PLACEHOLDERS[topic]
    return COMPUTED_PLACEHOLDERS


def _read_pool(table: Table, intent: Intent, topic: str, lang: Lang) -> tuple[Line, ...]:
    raw = table.raw(topic)
    if not isinstance(raw, list) or not raw:
        raise table.fail(f"{topic!r} must be a non-empty list of lines")
    allowed = _allowed_placeholders(intent, topic)
    lines: list[Line] = []
    for index, entry in enumerate(raw, start=1):
        line_id = f"{intent}.{topic}.{index}"
        if isinstance(entry, str):
            line = Line(id=line_id, text=entry.strip())
        elif isinstance(entry, dict) and lang == "nl":
            variants = Table(entry, f"{table.where} {line_id}", WordingError)
            line = Line(id=line_id, u=variants.text("u"), je=variants.text("je"))
            variants.done()
        else:
            expected = "a string or {u, je}" if lang == "nl" else "a string"
            raise table.fail(f"{line_id} must be {expected}")
        for text in line.variants():
            if not text:
                raise table.fail(f"{line_id} is empty")
            _check_fields(table, line_id, text, allowed)
        lines.append(line)
    return tuple(lines)


def _check_fields(table: Table, line_id: str, text: str, allowed: frozenset[str] | None) -> None:
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise table.fail(f"{line_id} has a malformed placeholder: {exc}") from exc
    for _, field, spec, conversion in parsed:
        if field is None:
            continue
        if not field.isidentifier() or spec or conversion:
            raise table.fail(f"{line_id}: placeholder {{{field}}} must be a plain name")
        if allowed is not None and field not in allowed:
            raise table.fail(f"{line_id}: placeholder {{{field}}} is not available here")


def _check_coverage(root: Table, pools: Mapping[tuple[Intent, str], tuple[Line, ...]]) -> None:
    for intent in INTENTS:
        if intent != "press" and (intent, ANY) not in pools:
            raise root.fail(f"[{intent}] needs an 'any' list")
    missing = [t for t in TACTICS if ("press", t) not in pools]
    if missing:
        raise root.fail(f"[press] needs lines for {', '.join(missing)}")
    if len(pools[("refocus", ANY)]) < MAX_SESSION_TURNS:
        raise root.fail(
            f"[refocus] any needs at least {MAX_SESSION_TURNS} lines so that no session "
            "repeats a line"
        )
    seen: dict[str, str] = {}
    for lines in pools.values():
        for line in lines:
            for text in line.variants():
                if text in seen and seen[text] != line.id:
                    raise root.fail(f"{line.id} repeats {seen[text]} word for word")
                seen[text] = line.id
