"""Role-play scenarios: strict loading and validation of ``prompts/scenarios/<id>.toml``.

A scenario is data: who the customer is, what they really need, the terms at stake, the
tactics they use in order, and three difficulty profiles that change how the customer behaves.
Loading rejects unknown keys, missing fields and inconsistent numbers with a message that names
the file and the table.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources.abc import Traversable
from types import MappingProxyType
from typing import Any

from bot.customer.errors import ScenarioError
from bot.customer.issue import CURRENCIES, Currency, Extra, Issue
from bot.customer.table import Localized, Table
from bot.customer.vocabulary import (
    ASKS,
    DIFFICULTIES,
    ISSUE_KINDS,
    MAX_SESSION_TURNS,
    REGISTERS,
    TACTIC_PLACEHOLDERS,
    TACTICS,
    Ask,
    Difficulty,
    Register,
    Tactic,
)
from bot.footing.model import LANGS, Lang
from bot.resources import prompts_root

logger = logging.getLogger(__name__)

_ID = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
_PLACEHOLDER = re.compile(r"^[a-z][a-z0-9_]{0,40}$")

COMPUTED_PLACEHOLDERS: frozenset[str] = frozenset(
    {
        "customer_name",
        "company",
        "role",
        "product",
        "list_price",
        "demand",
        "previous_demand",
        "offer",
        "extra",
    }
)
"""Placeholders the engine fills from the scenario and the state; a scenario may not set them."""


@dataclass(frozen=True, slots=True)
class Customer:
    name: str
    company: str
    role: Localized
    need: Localized  # what they really need, behind the demand
    walk_away: float  # the least favourable terms (in the issue's unit) they still accept


@dataclass(frozen=True, slots=True)
class Product:
    name: Localized
    list_price: float
    currency: Currency


@dataclass(frozen=True, slots=True)
class Profile:
    """One difficulty level: how the customer behaves, not only how it sounds."""

    trust: float  # starting trust in the seller, 0..1
    pressure: float  # starting pressure the customer puts on, 0..1
    patience: float  # starting patience, 0..1; at 0 the customer walks out
    trust_gain: float  # trust won by a balanced answer
    trust_loss: float  # trust lost by a domineering answer
    pressure_gain: float  # pressure added when the seller caves or pleads
    pressure_relief: float  # pressure removed by a balanced answer
    patience_loss: float  # patience lost by a domineering answer
    stall_cost: float  # patience lost by a turn without progress
    tactics: int  # how many of the scenario's tactics the customer uses
    walkout_streak: int  # domineering answers in a row that end the talk
    walkout_trust: float  # at or below this trust the customer walks out
    escalation: float  # multiple of the issue's step added to the demand after caving
    max_escalations: int  # how often the customer raises the demand
    yield_rate: float  # share of the way toward a fair deal the customer moves per good turn
    deal_after: int  # balanced answers needed before the customer agrees
    deal_trust: float  # trust needed before the customer agrees
    max_turns: int  # the customer ends the talk after this many turns without a result


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    version: int
    title: Localized
    briefing: Localized  # the situation, for the salesperson
    register: Register  # how the Dutch-speaking customer addresses the seller: "u" or "je"
    customer: Customer
    product: Product
    issue: Issue
    extras: tuple[Extra, ...]  # things the seller could include at no cost
    tactics: tuple[Tactic, ...]  # in the order the customer uses them
    asks: tuple[Ask, ...]  # what the seller can sensibly ask in return
    placeholders: Mapping[Lang, Mapping[str, str]]  # scenario words the wording may use
    profiles: Mapping[Difficulty, Profile]
    source: str  # the file it came from, for error messages

    def profile(self, difficulty: Difficulty) -> Profile:
        try:
            return self.profiles[difficulty]
        except KeyError:
            raise ScenarioError(
                f"{self.id}: unknown difficulty {difficulty!r}; use one of "
                f"{', '.join(DIFFICULTIES)}"
            ) from None

    def plan(self, difficulty: Difficulty) -> tuple[Tactic, ...]:
        """The tactics the customer uses at this difficulty, in order."""
        return self.tactics[: self.profile(difficulty).tactics]

    def extra(self, extra_id: str) -> Extra:
        for extra in self.extras:
            if extra.id == extra_id:
                return extra
        raise ScenarioError(f"{self.id}: no extra named {extra_id!r}")


def scenario_ids() -> tuple[str, ...]:
    """The ids of all scenario files, sorted."""
    folder = prompts_root() / "scenarios"
    if not folder.is_dir():
        raise ScenarioError("the prompts/scenarios folder is missing")
    return tuple(
        sorted(
            entry.name.removesuffix(".toml")
            for entry in folder.iterdir()
            if entry.name.endswith(".toml") and entry.is_file()
        )
    )


@lru_cache(maxsize=64)
def load_scenario(scenario_id: str) -> Scenario:
    """The validated scenario ``prompts/scenarios/<scenario_id>.toml`` (cached)."""
    if not _ID.match(scenario_id):
        raise ScenarioError(f"{scenario_id!r} is not a valid scenario id")
    entry = prompts_root() / "scenarios" / f"{scenario_id}.toml"
    if not entry.is_file():
        raise ScenarioError(
            f"unknown scenario {scenario_id!r}; available: {', '.join(scenario_ids())}"
        )
    return read_scenario(entry)


def load_scenarios() -> tuple[Scenario, ...]:
    return tuple(load_scenario(scenario_id) for scenario_id in scenario_ids())


def read_scenario(entry: Traversable) -> Scenario:
    """Read and validate one scenario file. Its name must be ``<id>.toml``."""
    where = entry.name
    try:
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{where}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise ScenarioError(f"{where}: cannot be read: {exc}") from exc
    scenario = parse_scenario(data, where)
    if where != f"{scenario.id}.toml":
        raise ScenarioError(f"{where}: the file name must be {scenario.id}.toml, after its id")
    logger.debug("loaded scenario %s@%s", scenario.id, scenario.version)
    return scenario


def parse_scenario(data: Mapping[str, Any], where: str = "scenario") -> Scenario:
    """Validate parsed TOML and build a :class:`Scenario`; raise :class:`ScenarioError`."""
    root = Table(data, where, ScenarioError)
    scenario_id = root.text("id")
    if not _ID.match(scenario_id):
        raise root.fail(f"id {scenario_id!r} must be lower_snake_case")
    version = root.integer("version", minimum=1)
    title = root.localized("title")
    briefing = root.localized("briefing")
    register = root.choice("register", REGISTERS)
    tactics = _tactics(root)
    asks = root.choices("asks", ASKS)
    if not asks:
        raise root.fail("'asks' must name at least one thing the seller can ask in return")

    product_table = root.table("product")
    product = Product(
        name=product_table.localized("name"),
        list_price=product_table.number("list_price", minimum=0.01),
        currency=product_table.choice("currency", CURRENCIES),
    )
    product_table.done()

    extras = _extras(root)
    issue = _issue(root.table("terms"), product, extras)

    customer_table = root.table("customer")
    customer = Customer(
        name=customer_table.text("name"),
        company=customer_table.text("company"),
        role=customer_table.localized("role"),
        need=customer_table.localized("need"),
        walk_away=customer_table.number("walk_away"),
    )
    _check_walk_away(customer_table, issue, customer.walk_away)
    customer_table.done()

    placeholders = _placeholders(root.table("placeholders"))
    for tactic in tactics:
        missing = sorted(TACTIC_PLACEHOLDERS[tactic] - set(placeholders["en"]))
        if missing:
            raise root.fail(f"tactic {tactic} needs [placeholders] {', '.join(missing)}")
    if "last_minute" in tactics and not any(e not in issue.items for e in extras):
        raise root.fail("last_minute needs an extra in [[extras]] that 'items' does not list")
    profiles = _profiles(root.table("difficulty"), len(tactics))
    root.done()
    return Scenario(
        id=scenario_id,
        version=version,
        title=title,
        briefing=briefing,
        register=register,
        customer=customer,
        product=product,
        issue=issue,
        extras=extras,
        tactics=tactics,
        asks=asks,
        placeholders=placeholders,
        profiles=profiles,
        source=where,
    )


def _tactics(root: Table) -> tuple[Tactic, ...]:
    tactics = root.choices("tactics", TACTICS)
    if len(tactics) < 2:
        raise root.fail("'tactics' must list at least two tactics")
    if tactics[0] == "last_minute":
        raise root.fail("'tactics' cannot open with last_minute: it follows an agreement")
    if "last_minute" in tactics[:-1]:
        raise root.fail("'tactics': last_minute can only come last (it follows an agreement)")
    return tactics


def _extras(root: Table) -> tuple[Extra, ...]:
    extras: list[Extra] = []
    for table in root.tables("extras"):
        extra_id = table.text("id")
        if not _ID.match(extra_id):
            raise table.fail(f"id {extra_id!r} must be lower_snake_case")
        keywords_table = table.table("keywords")
        keywords = keywords_table.strings("en") + keywords_table.strings("nl")
        keywords_table.done()
        if not keywords:
            raise table.fail("'keywords' must hold at least one word")
        extras.append(
            Extra(
                id=extra_id,
                name=table.localized("name"),
                value=table.number("value", minimum=0),
                keywords=tuple(k.lower() for k in keywords),
            )
        )
        table.done()
    ids = [extra.id for extra in extras]
    if len(set(ids)) != len(ids):
        raise root.fail("[[extras]] ids must be unique")
    return tuple(extras)


def _issue(table: Table, product: Product, extras: tuple[Extra, ...]) -> Issue:
    kind = table.choice("kind", ISSUE_KINDS)
    values = {
        key: table.number(key, minimum=0)
        for key in ("standard", "opening", "fair", "floor", "max_demand")
    }
    step = table.number("step", minimum=0.01)
    granularity = table.number("granularity", minimum=0.01)
    cost_per_day = table.number("cost_per_day", minimum=0) if kind == "days" else 0.0
    items: tuple[Extra, ...] = ()
    if kind == "items":
        by_id = {extra.id: extra for extra in extras}
        names = table.strings("items")
        unknown = [name for name in names if name not in by_id]
        if unknown:
            raise table.fail(f"'items' names unknown extras: {', '.join(unknown)}")
        items = tuple(by_id[name] for name in names)
    issue = Issue(
        kind=kind,
        standard=values["standard"],
        opening=values["opening"],
        fair=values["fair"],
        floor=values["floor"],
        max_demand=values["max_demand"],
        step=step,
        granularity=granularity,
        list_price=product.list_price,
        cost_per_day=cost_per_day,
        items=items,
    )
    table.done()
    gains = {key: issue.gain(value) for key, value in values.items()}
    if not 0 < gains["fair"] <= gains["floor"] < gains["opening"] <= gains["max_demand"]:
        direction = "fewer days" if kind == "days" else "more"
        raise table.fail(
            "the terms must run standard < fair <= floor < opening <= max_demand, measured by "
            f"what the customer gets ({direction} is better for the customer)"
        )
    if kind == "percentage" and issue.max_demand >= 100:
        raise table.fail("a percentage demand must stay below 100")
    if kind == "days" and issue.max_demand < 1:
        raise table.fail("delivery cannot be faster than 1 day")
    if kind == "items" and issue.max_demand > len(items):
        raise table.fail("'max_demand' cannot ask for more items than 'items' lists")
    return issue


def _check_walk_away(table: Table, issue: Issue, walk_away: float) -> None:
    gain = issue.gain(walk_away)
    if not 0 < gain <= issue.gain(issue.fair):
        raise table.fail(
            "'walk_away' must give the customer something, and no more than the fair deal"
        )


def _placeholders(table: Table) -> Mapping[Lang, Mapping[str, str]]:
    result: dict[Lang, Mapping[str, str]] = {}
    for lang in LANGS:
        inner = table.table(lang)
        words: dict[str, str] = {}
        for key in inner.names():
            if not _PLACEHOLDER.match(key):
                raise inner.fail(f"placeholder name {key!r} must be lower_snake_case")
            if key in COMPUTED_PLACEHOLDERS:
                raise inner.fail(f"{key!r} is filled in by the engine and cannot be set here")
            words[key] = inner.text(key)
        inner.done()
        result[lang] = MappingProxyType(words)
    table.done()
    if set(result["en"]) != set(result["nl"]):
        missing = sorted(set(result["en"]) ^ set(result["nl"]))
        raise table.fail(f"en and nl must define the same placeholders; differ in {missing}")
    return MappingProxyType(result)


def _profiles(table: Table, tactic_count: int) -> Mapping[Difficulty, Profile]:
    profiles: dict[Difficulty, Profile] = {}
    for difficulty in DIFFICULTIES:
        inner = table.table(difficulty)
        profile = Profile(
            trust=inner.number("trust", 0, 1),
            pressure=inner.number("pressure", 0, 1),
            patience=inner.number("patience", 0.01, 1),
            trust_gain=inner.number("trust_gain", 0.01, 1),
            trust_loss=inner.number("trust_loss", 0.01, 1),
            pressure_gain=inner.number("pressure_gain", 0, 1),
            pressure_relief=inner.number("pressure_relief", 0, 1),
            patience_loss=inner.number("patience_loss", 0.01, 1),
            stall_cost=inner.number("stall_cost", 0.01, 1),
            tactics=inner.integer("tactics", 1, tactic_count),
            walkout_streak=inner.integer("walkout_streak", 1, 10),
            walkout_trust=inner.number("walkout_trust", 0, 1),
            escalation=inner.number("escalation", 0.1, 5),
            max_escalations=inner.integer("max_escalations", 0, 10),
            yield_rate=inner.number("yield_rate", 0.01, 1),
            deal_after=inner.integer("deal_after", 1, MAX_SESSION_TURNS - 1),
            deal_trust=inner.number("deal_trust", 0, 1),
            max_turns=inner.integer("max_turns", 3, MAX_SESSION_TURNS),
        )
        inner.done()
        if difficulty != "easy" and profile.walkout_streak > 3:
            raise inner.fail(
                "'walkout_streak' must be 3 or less: on normal and hard, three domineering "
                "answers in a row end the talk"
            )
        if profile.walkout_trust >= profile.trust:
            raise inner.fail("'walkout_trust' must be below the starting 'trust'")
        profiles[difficulty] = profile
    table.done()
    return MappingProxyType(profiles)
