"""What a deal is worth, and whether the seller gave too much away to get it."""

from __future__ import annotations

from bot.customer.scenario import Scenario
from bot.customer.state import CustomerState, Terms

_CENT = 0.005


def deal_worth(scenario: Scenario, terms: Terms) -> float:
    """What the terms cost the seller compared with its standard terms, in the currency:
    the issue's value plus every catalogued extra included at no cost."""
    issue = scenario.issue
    known = {extra.id: extra.value for extra in scenario.extras}
    extras = sum(known.get(extra_id, 0.0) for extra_id in terms.extras)
    if issue.kind == "items":
        return round(extras, 2)
    return round(issue.money(issue.gain(terms.value)) + extras, 2)


def given_away(state: CustomerState) -> float:
    """The worth of everything the seller conceded without asking anything back."""
    return round(sum(c.worth for c in state.given if not c.conditional), 2)


def traded_away(state: CustomerState) -> float:
    """The worth of what the seller conceded in exchange for something."""
    return round(sum(c.worth for c in state.given if c.conditional), 2)


def too_much(scenario: Scenario, state: CustomerState) -> bool:
    """A deal gives too much away when it goes past the seller's floor, or when it goes past a
    fair deal and most of it was given for nothing."""
    issue = scenario.issue
    worth = deal_worth(scenario, state.terms)
    fair_worth = issue.money(issue.gain(issue.fair))
    if issue.kind == "items":
        count = sum(1 for item in issue.items if item.id in state.terms.extras)
        beyond_floor = count > issue.gain(issue.floor) + 1e-9
    else:
        floor_worth = issue.money(issue.gain(issue.floor))
        beyond_floor = (
            issue.gain(state.terms.value) > issue.gain(issue.floor) + 1e-9
            or worth > floor_worth + _CENT
        )
    if beyond_floor:
        return True
    return worth > fair_worth + _CENT and given_away(state) * 2 > worth
