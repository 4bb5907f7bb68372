"""Reading concessions from a salesperson's message, in English and Dutch."""

from __future__ import annotations

import json

import pytest

from bot.customer.concessions import (
    Concession,
    is_conditional,
    parse_number,
    read_asks,
    read_concessions,
)
from bot.customer.errors import StateError


def offers(text: str) -> list[tuple[str, float | None, bool]]:
    return [(c.kind, c.value, c.conditional) for c in read_concessions(text)]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2.000", 2000.0),
        ("2,000", 2000.0),
        ("2 000", 2000.0),
        ("2,5", 2.5),
        ("12.5", 12.5),
        ("1.250,50", 1250.5),
        ("1,250.50", 1250.5),
        ("15", 15.0),
    ],
)
def test_numbers_read_the_dutch_and_the_english_way(raw: str, expected: float) -> None:
    assert parse_number(raw) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("OK. 25% then. I'll send the new quote.", [("percentage", 25.0, False)]),
        ("Goed, 15 procent dan.", [("percentage", 15.0, False)]),
        ("We can go to 12,5%.", [("percentage", 12.5, False)]),
        ("We can take € 2.000 off the price.", [("amount", 2000.0, False)]),
        ("I can knock 2,000 euros off.", [("amount", 2000.0, False)]),
        ("A $500 credit on your next invoice.", [("amount", 500.0, False)]),
        ("We geven u € 1.500 korting.", [("amount", 1500.0, False)]),
        ("We can do it for €44,000.", [("price", 44000.0, False)]),
        ("We can deliver in 3 days.", [("delivery", 3.0, False)]),
        ("We kunnen binnen drie werkdagen leveren.", [("delivery", 3.0, False)]),
        ("Levering binnen de week, geen probleem.", [("delivery", 4.0, False)]),
        ("We can deliver by Friday.", [("delivery", 4.0, False)]),
        ("We leveren tegen vrijdag.", [("delivery", 4.0, False)]),
        ("Delivery in two weeks is possible.", [("delivery", 14.0, False)]),
    ],
)
def test_offers_are_read_with_their_size(
    text: str, expected: list[tuple[str, float | None, bool]]
) -> None:
    assert offers(text) == expected


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("We'll throw in training.", "training"),
        ("Free shipping, of course.", "shipping"),
        ("We can include installation at no extra cost.", "installation"),
        ("Gratis installatie, dat spreekt vanzelf.", "installatie"),
        ("We doen de opleiding er gratis bij.", "opleiding"),
    ],
)
def test_free_items_are_named(text: str, label: str) -> None:
    (item,) = read_concessions(text)
    assert (item.kind, item.label, item.explicit) == ("item", label, True)


def test_an_item_only_said_to_be_included_is_marked_as_not_explicitly_free() -> None:
    (item,) = read_concessions("We can add premium support.")
    assert item.kind == "item"
    assert not item.explicit


@pytest.mark.parametrize(
    "text",
    [
        "We can't do 15%.",
        "15% isn't possible.",
        "Sorry for the late reply — 15% isn't possible, but longer payment terms are.",
        "That is not possible: no 15% discount.",
        "15% kunnen we niet geven.",
        "Geen 15% korting, dat lukt niet.",
        "We cannot deliver in 3 days.",
        "Binnen drie dagen leveren is onmogelijk.",
        "Feel free to call me about it.",
        "I'll send you the quote by Friday.",
        "You asked for 20%.",
        "Our competitor price is 15% lower, you say?",
    ],
)
def test_negated_quoted_and_unrelated_numbers_are_not_concessions(text: str) -> None:
    assert read_concessions(text) == ()


def test_a_negated_offer_next_to_a_real_one_keeps_only_the_real_one() -> None:
    assert offers("We can't do 15%, but 10% is possible.") == [("percentage", 10.0, False)]
    assert offers("15 procent kunnen we niet geven, wel 10 procent.") == [
        ("percentage", 10.0, False)
    ]
    assert offers("We offer 10% instead of 15%.") == [("percentage", 10.0, False)]


def test_a_stated_limit_counts_as_an_offer_of_that_limit() -> None:
    assert offers("We can't go beyond 10%.") == [("percentage", 10.0, False)]
    assert offers("Meer dan 10% kunnen we niet geven.") == [("percentage", 10.0, False)]


@pytest.mark.parametrize(
    "text",
    [
        "If you sign for three years we can do 8%.",
        "We can do 8% if you order more.",
        "We can do 8%, provided that you pay up front.",
        "You asked for 20%; we can offer 8% in exchange for a reference case.",
        "Als u voor drie jaar tekent, kunnen we 8% korting geven.",
        "We geven 8% mits vooruitbetaling.",
        "8% korting op voorwaarde dat jullie deze week tekenen.",
        "In ruil voor een contract van twee jaar geven we 8%.",
    ],
)
def test_conditional_offers_are_marked_conditional(text: str) -> None:
    assert offers(text) == [("percentage", 8.0, True)]
    assert is_conditional(text)


@pytest.mark.parametrize(
    "text",
    [
        "If you want, we can do 8%.",
        "Als u wilt, kunnen we 8% geven.",
    ],
)
def test_a_courtesy_if_is_not_a_condition(text: str) -> None:
    assert offers(text) == [("percentage", 8.0, False)]


def test_numbers_inside_the_condition_belong_to_the_ask_not_the_offer() -> None:
    assert offers("We can do 8% if you order 20% more.") == [("percentage", 8.0, True)]


def test_a_trade_across_sentences_is_conditional() -> None:
    text = "We can do 8%. In return, we would like a three-year contract."
    assert offers(text) == [("percentage", 8.0, True)]


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("If you sign a three-year contract and pay up front.", ("longer_contract", "prepayment")),
        ("Als jullie vooruitbetalen en een referentie geven.", ("prepayment", "reference")),
        ("With a larger order we can talk.", ("volume",)),
        ("We could deliver in two parts.", ("flexible_delivery",)),
        ("If you sign this week.", ("quick_signature",)),
        ("We are happy to help.", ()),
    ],
)
def test_asks_in_return_are_recognised(text: str, asks: tuple[str, ...]) -> None:
    assert read_asks(text) == asks


def test_a_concession_round_trips_through_json() -> None:
    concession = Concession(
        kind="percentage",
        value=8.0,
        label="8%",
        conditional=True,
        quote="we can do 8%",
        turn=3,
        gain=8.0,
        worth=3840.0,
    )
    data = json.loads(json.dumps(concession.to_dict()))
    assert Concession.from_dict(data) == concession


def test_a_malformed_concession_is_rejected() -> None:
    with pytest.raises(StateError, match="keys"):
        Concession.from_dict({"kind": "percentage"})
