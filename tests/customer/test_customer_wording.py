"""Offline wording: every line renders for every scenario that can reach it, in both Dutch
registers; malformed line files fail clearly; hints render."""

from __future__ import annotations

import copy
import random
import re
import tomllib
from typing import Any

import pytest

from bot.customer.engine import start
from bot.customer.errors import WordingError
from bot.customer.hints import load_hints, parse_hints
from bot.customer.scenario import load_scenario, scenario_ids
from bot.customer.state import CustomerState
from bot.customer.vocabulary import INTENTS, MAX_SESSION_TURNS, TACTICS
from bot.customer.wording import (
    ANY,
    chain,
    choose_line,
    load_lines,
    parse_lines,
    placeholder_values,
    render,
)
from bot.footing.model import Lang
from bot.resources import prompts_root


def raw_lines(lang: Lang) -> dict[str, Any]:
    entry = prompts_root() / "customer" / f"lines.{lang}.toml"
    return tomllib.loads(entry.read_text(encoding="utf-8"))


def reachable(scenario_id: str, intent: str, topic: str) -> bool:
    scenario = load_scenario(scenario_id)
    if intent == "open":
        return topic in (ANY, scenario_id)
    if topic in TACTICS:
        return topic in scenario.tactics
    return True


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("scenario_id", scenario_ids())
def test_every_reachable_line_renders(lang: Lang, scenario_id: str) -> None:
    scenario = load_scenario(scenario_id)
    state, _ = start(scenario_id, "normal", lang, seed=0)
    values = placeholder_values(scenario, state)
    book = load_lines(lang)
    rendered = 0
    for (intent, topic), lines in book.pools.items():
        if not reachable(scenario_id, intent, topic):
            continue
        for line in lines:
            for register in ("u", "je"):
                text = render(line.for_register(register), values, line.id)
                assert "{" not in text and "}" not in text, line.id
                assert text[0].isupper() or not text[0].isalpha(), (line.id, text)
                assert len(text) < 300, line.id
                rendered += 1
    assert rendered > 100


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_scenario_has_its_own_opening(lang: Lang) -> None:
    book = load_lines(lang)
    openings = {topic for (intent, topic) in book.pools if intent == "open"} - {ANY}
    assert openings == set(scenario_ids())


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_pools_are_large_enough_for_a_session_without_repeats(lang: Lang) -> None:
    book = load_lines(lang)
    assert len(book.pool("refocus", ANY)) >= MAX_SESSION_TURNS
    for intent in INTENTS:
        keys = chain(intent, None, "price_squeeze")
        if intent not in ("open", "accept", "accept_too_much", "walk_out"):
            assert keys[-1] == ("refocus", ANY), intent
    for tactic in TACTICS:
        assert len(book.pool("press", tactic)) >= 3, tactic


def test_dutch_lines_follow_the_scenarios_register() -> None:
    book = load_lines("nl")
    line = book.line("walk_out.dominance.3")
    assert "U hoeft" in line.for_register("u")
    assert "Je hoeft" in line.for_register("je")
    u_state, u_opening = start("price_squeeze", "normal", "nl", seed=1)
    je_state, je_opening = start("rush_delivery", "normal", "nl", seed=1)
    assert load_scenario(u_state.scenario_id).register == "u"
    assert load_scenario(je_state.scenario_id).register == "je"
    assert not re.search(r"\b(je|jij|jouw)\b", u_opening, re.IGNORECASE)
    assert not re.search(r"\b(u|uw)\b", je_opening)


def test_a_line_opening_with_a_placeholder_starts_with_a_capital() -> None:
    assert render("{demand}, and we sign.", {"demand": "data migration"}) == (
        "Data migration, and we sign."
    )
    assert render("Fine. {demand}!", {"demand": "levering binnen 5 dagen"}) == (
        "Fine. Levering binnen 5 dagen!"
    )


def test_a_missing_placeholder_is_a_clear_error() -> None:
    with pytest.raises(WordingError, match="needs placeholder 'competitor'"):
        render("Ask {competitor}.", {}, "press.competitor_offer.1")


def test_lines_are_drawn_unused_and_fall_back_along_the_chain() -> None:
    book = load_lines("en")
    warn_ids = tuple(line.id for line in book.pool("warn", ANY))
    line = choose_line(book, "warn", None, "price_squeeze", warn_ids, random.Random(0))
    assert line.id.startswith("bristle.any.")
    everything = tuple(book.by_id)
    with pytest.raises(WordingError, match="every en line"):
        choose_line(book, "refocus", None, "price_squeeze", everything, random.Random(0))


def test_placeholder_values_word_the_terms_per_language() -> None:
    state, _ = start("escalation", "normal", "nl", seed=0)
    values = placeholder_values(load_scenario("escalation"), state)
    assert values["demand"] == "€ 12.000 korting"
    assert values["list_price"] == "€ 85.000"
    state, _ = start("escalation", "normal", "en", seed=0)
    values = placeholder_values(load_scenario("escalation"), state)
    assert values["demand"] == "€12,000 off"
    state, _ = start("rush_delivery", "normal", "en", seed=0)
    values = placeholder_values(load_scenario("rush_delivery"), state)
    assert values["demand"] == "delivery within 3 days"
    state, _ = start("free_extras", "normal", "en", seed=0)
    values = placeholder_values(load_scenario("free_extras"), state)
    assert values["demand"] == (
        "data migration, onboarding and premium support included at no charge"
    )


def mutated(lang: Lang, change: Any) -> dict[str, Any]:
    data = copy.deepcopy(raw_lines(lang))
    change(data)
    return data


@pytest.mark.parametrize(
    ("lang", "change", "message"),
    [
        ("en", lambda d: d.update(gossip={"any": ["Hi"]}), r"unknown key\(s\): gossip"),
        ("en", lambda d: d.pop("walk_out"), r"missing the \[walk_out\] table"),
        ("en", lambda d: d["bristle"].update(deadline=["Hm."]), "unknown topic 'deadline'"),
        ("en", lambda d: d["press"].pop("silence"), "needs lines for silence"),
        ("en", lambda d: d["soften"].update(any=["Say {competitor}."]), "not available here"),
        ("en", lambda d: d["soften"].update(any=["Say {demand!r}."]), "must be a plain name"),
        ("en", lambda d: d["soften"].update(any=["Say {demand"]), "malformed placeholder"),
        ("en", lambda d: d["refocus"].update(any=["{demand}?"]), "at least 15 lines"),
        ("en", lambda d: d["soften"].update(any=[{"u": "a", "je": "b"}]), "must be a string"),
        ("en", lambda d: d.update(lang="nl"), "'lang' must be 'en'"),
        ("nl", lambda d: d["soften"].update(any=[{"u": "Hallo."}]), "missing required key 'je'"),
        (
            "en",
            lambda d: d["soften"]["any"].append(d["soften"]["any"][0]),
            "repeats soften.any.1 word for word",
        ),
    ],
)
def test_a_malformed_line_file_gives_a_clear_error(lang: Lang, change: Any, message: str) -> None:
    with pytest.raises(WordingError, match=message):
        parse_lines(mutated(lang, change), lang, f"lines.{lang}.toml")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_hints_load_and_reject_unknown_placeholders(lang: Lang) -> None:
    book = load_hints(lang)
    assert set(book.tactics) == set(TACTICS)
    entry = prompts_root() / "customer" / f"hints.{lang}.toml"
    data = tomllib.loads(entry.read_text(encoding="utf-8"))
    data["tactic"]["silence"] = "Mention {competitor}."
    with pytest.raises(WordingError, match="not available in hints"):
        parse_hints(data, lang, f"hints.{lang}.toml")


def test_state_placeholders_follow_the_state() -> None:
    state, _ = start("price_squeeze", "normal", "en", seed=0)
    moved = CustomerState.from_dict({**state.to_dict(), "demand": 26.0})
    values = placeholder_values(load_scenario("price_squeeze"), moved)
    assert values["demand"] == "26% off"
    assert values["offer"] == "0% off"
