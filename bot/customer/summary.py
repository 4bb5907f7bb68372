"""An end-of-session summary of the negotiation for the coach's scorecard."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from bot.customer.issue import format_terms, join_names
from bot.customer.scenario import load_scenario
from bot.customer.state import CustomerState
from bot.customer.valuation import deal_worth, given_away, traded_away
from bot.customer.vocabulary import Ask, Outcome, Tactic


@dataclass(frozen=True, slots=True)
class Summary:
    """What the salesperson gave, what they got, and how the talk went."""

    scenario_id: str
    outcome: Outcome | None
    turns: int
    final_terms: str  # worded in the session's language, extras included
    final_value: float  # the terms on the issue, in its unit
    deal_worth: float  # what the terms cost the seller against its standard terms
    given_away: float  # worth of everything conceded without anything in return
    traded: float  # worth of what was conceded in exchange for something
    currency: str
    concessions_given: int
    unconditional_given: int
    concessions_received: int
    asks_obtained: tuple[Ask, ...]  # what the seller asked in return and kept on the table
    escalations: int  # times the customer raised its demand
    tactics_used: tuple[Tactic, ...]
    stances: dict[str, int]  # how many turns read submissive / balanced / dominant

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["asks_obtained"] = list(self.asks_obtained)
        data["tactics_used"] = list(self.tactics_used)
        return data


def summarize(state: CustomerState) -> Summary:
    scenario = load_scenario(state.scenario_id)
    issue = scenario.issue
    lang = state.lang
    currency = scenario.product.currency
    items = None
    if issue.kind == "items":
        items = tuple(item for item in issue.items if item.id in state.terms.extras)
    worded = format_terms(issue, state.terms.value, lang, currency, items)
    known = {extra.id: extra for extra in scenario.extras}
    others = [
        known[e].name[lang] if e in known else e
        for e in state.terms.extras
        if not (items and any(item.id == e for item in items))
    ]
    if others:
        plus = " plus " if lang == "en" else " en "
        free = " at no charge" if lang == "en" else " gratis"
        worded = f"{worded}{plus}{join_names(others, lang)}{free}"
    stances = {"submissive": 0, "balanced": 0, "dominant": 0}
    for entry in state.history:
        if entry.stance is not None:
            stances[entry.stance] += 1
    return Summary(
        scenario_id=state.scenario_id,
        outcome=state.outcome,
        turns=state.turn,
        final_terms=worded,
        final_value=state.terms.value,
        deal_worth=deal_worth(scenario, state.terms),
        given_away=given_away(state),
        traded=traded_away(state),
        currency=currency,
        concessions_given=len(state.given),
        unconditional_given=sum(1 for c in state.given if not c.conditional),
        concessions_received=len(state.received),
        asks_obtained=state.terms.asks,
        escalations=state.escalations,
        tactics_used=state.tactics_used,
        stances=stances,
    )
