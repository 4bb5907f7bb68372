"""The issue a scenario negotiates about (a discount, an amount off, a delivery time, free
items): arithmetic on how favourable a value is to the customer, and how to write it down."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from bot.customer.table import Localized
from bot.customer.vocabulary import IssueKind
from bot.footing.model import Lang

Currency = Literal["EUR", "USD", "GBP"]
CURRENCIES: tuple[Currency, ...] = ("EUR", "USD", "GBP")
_SYMBOLS: dict[Currency, str] = {"EUR": "€", "USD": "$", "GBP": "£"}


@dataclass(frozen=True, slots=True)
class Extra:
    """Something a seller could include at no cost (training, installation, support …)."""

    id: str
    name: Localized
    value: float  # what it is worth, in the scenario's currency
    keywords: tuple[str, ...]  # lower-case words that name it, in both languages

    def named_in(self, text: str) -> bool:
        lowered = text.lower()
        return any(keyword in lowered for keyword in self.keywords)


@dataclass(frozen=True, slots=True)
class Issue:
    """The terms at stake, on one axis. Values are in the kind's natural unit: percentage
    points off, a currency amount off, days until delivery, or a number of free items.

    ``gain`` measures how favourable a value is to the customer: 0 at the seller's standard
    terms, growing as the customer gets more (a higher discount, fewer days, more items).
    """

    kind: IssueKind
    standard: float  # the seller's normal terms (0% off, 15 days, no free items)
    opening: float  # the customer's opening demand
    fair: float  # what a fair deal looks like
    floor: float  # the seller's limit: going beyond it gives too much away
    max_demand: float  # the most the customer will ever ask, however much the seller caves
    step: float  # how much one escalation adds to the demand
    granularity: float  # demands are rounded to this
    list_price: float  # the product's list price (turns percentages into money)
    cost_per_day: float  # days only: what one day faster costs the seller
    items: tuple[Extra, ...]  # items only: the demanded items, in the order asked

    def gain(self, value: float) -> float:
        return self.standard - value if self.kind == "days" else value - self.standard

    def value_at(self, gain: float) -> float:
        return self.standard - gain if self.kind == "days" else self.standard + gain

    def snap(self, gain: float) -> float:
        """A gain rounded to the issue's granularity and kept within the possible range."""
        bounded = min(max(gain, 0.0), self.gain(self.max_demand))
        steps = math.floor(bounded / self.granularity + 0.5)
        return round(steps * self.granularity, 6)

    def money(self, gain: float) -> float:
        """What a gain costs the seller, in the scenario's currency."""
        if gain <= 0:
            return 0.0
        if self.kind == "percentage":
            return round(self.list_price * gain / 100, 2)
        if self.kind == "amount":
            return round(gain, 2)
        if self.kind == "days":
            return round(self.cost_per_day * gain, 2)
        count = math.floor(gain + 1e-9)
        return round(sum(item.value for item in self.items[:count]), 2)


def format_number(value: float, lang: Lang) -> str:
    """12.5 → "12.5" (en) / "12,5" (nl); 2000 → "2,000" (en) / "2.000" (nl)."""
    rounded = round(value, 2)
    whole = rounded == int(rounded)
    text = f"{int(rounded):,}" if whole else f"{rounded:,.2f}".rstrip("0")
    if lang == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def format_money(amount: float, currency: Currency, lang: Lang) -> str:
    symbol = _SYMBOLS[currency]
    number = format_number(amount, lang)
    return f"{symbol} {number}" if lang == "nl" else f"{symbol}{number}"


def join_names(names: list[str], lang: Lang) -> str:
    """["a", "b", "c"] → "a, b and c" / "a, b en c"."""
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    conjunction = " en " if lang == "nl" else " and "
    return ", ".join(names[:-1]) + conjunction + names[-1]


def format_terms(
    issue: Issue,
    value: float,
    lang: Lang,
    currency: Currency,
    items: tuple[Extra, ...] | None = None,
) -> str:
    """The terms written out as a noun phrase: "20% off", "levering binnen 5 dagen",
    "€ 3.000 korting", "training and data migration at no charge".

    For items, ``items`` names the ones meant (the seller's offer); else the first ``value``
    demanded items are named."""
    if issue.kind == "percentage":
        number = format_number(value, lang)
        return f"{number}% korting" if lang == "nl" else f"{number}% off"
    if issue.kind == "amount":
        money = format_money(value, currency, lang)
        return f"{money} korting" if lang == "nl" else f"{money} off"
    if issue.kind == "days":
        days = format_number(value, lang)
        if lang == "nl":
            return f"levering binnen {days} {'dag' if value == 1 else 'dagen'}"
        return f"delivery within {days} {'day' if value == 1 else 'days'}"
    chosen = items if items is not None else issue.items[: math.floor(value + 1e-9)]
    if not chosen:
        return "geen extra's" if lang == "nl" else "nothing extra"
    names = join_names([item.name[lang] for item in chosen], lang)
    return f"{names} gratis inbegrepen" if lang == "nl" else f"{names} included at no charge"
