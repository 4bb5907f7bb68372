"""Scenario files: every one loads and validates; malformed ones fail with a clear message."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest

import bot.resources as resources
from bot.customer.errors import ScenarioError
from bot.customer.scenario import (
    load_scenario,
    load_scenarios,
    parse_scenario,
    read_scenario,
    scenario_ids,
)
from bot.customer.vocabulary import DIFFICULTIES, TACTICS
from bot.resources import prompts_root

REQUIRED = {
    "price_squeeze",
    "rush_delivery",
    "free_extras",
    "biggest_client",
    "escalation",
    "renewal_complaint",
}


def raw_scenario(scenario_id: str = "price_squeeze") -> dict[str, Any]:
    entry = prompts_root() / "scenarios" / f"{scenario_id}.toml"
    return tomllib.loads(entry.read_text(encoding="utf-8"))


def test_the_required_scenarios_exist() -> None:
    assert set(scenario_ids()) >= REQUIRED
    assert len(scenario_ids()) >= 6


@pytest.mark.parametrize("scenario_id", sorted(REQUIRED))
def test_every_scenario_loads_and_is_complete(scenario_id: str) -> None:
    scenario = load_scenario(scenario_id)
    assert scenario.id == scenario_id
    assert scenario.version >= 1
    for text in (scenario.title, scenario.briefing, scenario.customer.need):
        assert text.en and text.nl
    assert scenario.register in ("u", "je")
    assert scenario.customer.name and scenario.customer.company
    assert scenario.asks
    assert set(scenario.placeholders["en"]) == set(scenario.placeholders["nl"])


def test_the_scenarios_cover_different_tactics_and_both_registers() -> None:
    scenarios = load_scenarios()
    openings = {scenario.tactics[0] for scenario in scenarios}
    assert len(openings) == len(scenarios)  # each opens with its own tactic
    assert {scenario.register for scenario in scenarios} == {"u", "je"}
    assert {scenario.issue.kind for scenario in scenarios} == {
        "percentage",
        "amount",
        "days",
        "items",
    }
    used = {tactic for scenario in scenarios for tactic in scenario.tactics}
    assert len(used) >= 8 and used <= set(TACTICS)


@pytest.mark.parametrize("scenario_id", sorted(REQUIRED))
def test_difficulty_changes_behaviour_not_only_tone(scenario_id: str) -> None:
    scenario = load_scenario(scenario_id)
    easy, normal, hard = (scenario.profile(d) for d in DIFFICULTIES)
    assert easy.tactics < normal.tactics < hard.tactics
    assert len(scenario.plan("easy")) < len(scenario.plan("hard"))
    assert scenario.plan("hard")[: len(scenario.plan("easy"))] == scenario.plan("easy")
    assert easy.walkout_streak > normal.walkout_streak >= hard.walkout_streak
    assert normal.walkout_streak <= 3
    assert easy.trust > normal.trust > hard.trust
    assert easy.trust_gain > normal.trust_gain > hard.trust_gain
    assert easy.escalation < normal.escalation < hard.escalation
    assert easy.max_escalations < normal.max_escalations < hard.max_escalations
    assert easy.deal_after < hard.deal_after
    assert easy.max_turns >= normal.max_turns >= hard.max_turns


def test_terms_are_ordered_from_standard_to_the_customers_ceiling() -> None:
    for scenario in load_scenarios():
        issue = scenario.issue
        gains = [
            issue.gain(scenario.customer.walk_away),
            issue.gain(issue.fair),
            issue.gain(issue.floor),
            issue.gain(issue.opening),
            issue.gain(issue.max_demand),
        ]
        assert 0 < gains[0] <= gains[1] <= gains[2] < gains[3] <= gains[4], scenario.id


def test_an_unknown_scenario_names_the_available_ones() -> None:
    with pytest.raises(ScenarioError, match=r"available: .*price_squeeze"):
        load_scenario("no_such_scenario")
    with pytest.raises(ScenarioError, match="not a valid scenario id"):
        load_scenario("../etc/passwd")


def test_an_unknown_difficulty_is_a_clear_error() -> None:
    with pytest.raises(ScenarioError, match="unknown difficulty 'brutal'"):
        load_scenario("price_squeeze").profile("brutal")  # type: ignore[arg-type]


def mutated(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(raw_scenario())
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(colour="red"), r"price_squeeze\.toml: unknown key\(s\): colour"),
        (lambda d: d.pop("briefing"), "missing required key 'briefing'"),
        (lambda d: d["briefing"].pop("nl"), r"\[briefing\]: missing required key 'nl'"),
        (lambda d: d["terms"].pop("floor"), r"\[terms\]: missing required key 'floor'"),
        (lambda d: d["terms"].update(discount=5), r"\[terms\]: unknown key\(s\): discount"),
        (lambda d: d["terms"].update(floor=25), "standard < fair <= floor < opening"),
        (lambda d: d["terms"].update(kind="barter"), "'kind' must be one of"),
        (lambda d: d.update(register="jij"), "'register' must be one of u, je"),
        (lambda d: d.update(tactics=["bluff", "deadline"]), "'bluff' is not one of"),
        (
            lambda d: d.update(tactics=["last_minute", "deadline"]),
            "cannot open with last_minute",
        ),
        (
            lambda d: d.update(tactics=["deadline", "last_minute", "silence"]),
            "last_minute can only come last",
        ),
        (lambda d: d["placeholders"]["en"].pop("competitor"), "differ in"),
        (
            lambda d: [d["placeholders"][lang].pop("competitor") for lang in ("en", "nl")],
            "tactic competitor_offer needs",
        ),
        (
            lambda d: d["placeholders"]["en"].update(demand="x"),
            "'demand' is filled in by the engine",
        ),
        (lambda d: d["customer"].update(walk_away=15), "'walk_away' must give the customer"),
        (
            lambda d: d["difficulty"]["normal"].update(walkout_streak=4),
            "three domineering answers in a row",
        ),
        (
            lambda d: d["difficulty"]["hard"].update(tactics=9),
            r"\[difficulty\] \[hard\]: 'tactics' must be at most 5",
        ),
        (lambda d: d["difficulty"].pop("easy"), "missing required key 'easy'"),
        (lambda d: d["difficulty"]["easy"].update(trust="high"), "'trust' must be a number"),
        (lambda d: d["difficulty"]["easy"].update(max_turns=40), "'max_turns' must be at most"),
        (lambda d: d["extras"][0].pop("value"), r"\[\[extras\]\] #1: missing required key"),
        (lambda d: d.update(version=0), "'version' must be at least 1"),
        (lambda d: d.update(asks=["discount"]), "'discount' is not one of"),
    ],
)
def test_a_malformed_scenario_gives_a_clear_error(change: Any, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        parse_scenario(mutated(change), "price_squeeze.toml")


def test_a_file_that_is_not_toml_names_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('id = "broken"\nversion = \n', encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"broken\.toml: not valid TOML"):
        read_scenario(broken)


def test_a_file_must_be_named_after_its_id(tmp_path: Path) -> None:
    source = prompts_root() / "scenarios" / "price_squeeze.toml"
    renamed = tmp_path / "squeeze.toml"
    renamed.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"must be price_squeeze\.toml"):
        read_scenario(renamed)


def test_the_prompts_folder_is_found_in_a_source_checkout() -> None:
    root = prompts_root()
    assert (root / "scenarios" / "price_squeeze.toml").is_file()
    assert (root / "customer" / "lines.en.toml").is_file()


def test_an_installed_package_folder_is_preferred(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "prompts").mkdir()
    monkeypatch.setattr(resources, "files", lambda package: tmp_path)
    assert prompts_root() == tmp_path / "prompts"
