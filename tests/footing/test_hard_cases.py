"""The hard cases of the coaching model, in English and in Dutch (Flemish and Netherlands)."""

from __future__ import annotations

import pytest

from bot.footing import analyze

CASES: list[tuple[str, str, str]] = [
    # courtesy apology is not submission
    (
        "en",
        "balanced",
        "Sorry for the late reply — 15% isn't possible, but longer payment terms are.",
    ),
    (
        "nl",
        "balanced",
        "Sorry voor mijn late antwoord: 15% kan niet, maar een langere betalingstermijn wel.",
    ),
    (
        "nl",
        "balanced",
        "Excuses voor de vertraging. Een korting van 15% zit er niet in; wel kunnen "
        "we de betaling over drie termijnen spreiden.",
    ),
    # apologising for one's own price is
    (
        "en",
        "submissive",
        "I'm so sorry our prices went up, I know it's a lot. I'll take 10% off for you.",
    ),
    ("nl", "submissive", "Het spijt me echt dat onze prijs zo hoog is. Ik doe er 10% af voor u."),
    # bare concession without an apologetic word
    ("en", "submissive", "OK. 25% then. I'll send the new quote."),
    ("en", "submissive", "Fine, free shipping it is."),
    ("nl", "submissive", "Oké, 25% dan. Ik stuur de nieuwe offerte."),
    ("nl", "submissive", "Goed, dan doen we 20%."),
    # polite opening before a put-down
    ("en", "dominant", "With all due respect, you are not in a position to negotiate."),
    ("nl", "dominant", "Met alle respect, maar u bent niet in de positie om te onderhandelen."),
    ("nl", "dominant", "Met alle respect, je begrijpt blijkbaar niet hoe onze prijzen werken."),
    # a no with an alternative
    (
        "en",
        "balanced",
        "No, that doesn't work for us. What we can do is split the delivery in two phases.",
    ),
    ("nl", "balanced", "Nee, dat lukt ons niet. Wat we wel kunnen doen, is in twee fases leveren."),
    # conditional vs unconditional concessions
    ("en", "balanced", "If you sign for two years, we can do 10%."),
    ("en", "submissive", "We'll give you 10% off, and free installation too."),
    ("nl", "balanced", "Als u voor twee jaar tekent, kunnen we 10% korting geven."),
    ("nl", "balanced", "Mits jullie vooruitbetalen, kan ik 5% korting geven."),
    ("nl", "submissive", "We geven jullie 10% korting en de installatie gratis erbij."),
    # negation flips the meaning
    (
        "en",
        "balanced",
        "We won't drop the price, but we can add a training day if you confirm "
        "the order this month.",
    ),
    (
        "en",
        "balanced",
        "We are not going to match their price blindly. Could you tell me what "
        "their offer includes?",
    ),
    (
        "nl",
        "balanced",
        "We gaan niet zomaar onder de prijs van de concurrent duiken. Wat zit er "
        "precies in hun offerte?",
    ),
    # questions: exploring, pleading, rhetorical
    ("en", "balanced", "What matters most to you: the unit price or the delivery date?"),
    ("en", "submissive", "Is there anything at all I can do to keep you on board?"),
    ("en", "dominant", "Do you even know what a proper implementation costs?"),
    ("nl", "balanced", "Wat is voor u het belangrijkste: de prijs of de levertermijn?"),
    ("nl", "submissive", "Is er nog iets wat ik kan doen om u als klant te houden?"),
    ("nl", "dominant", "Weet u eigenlijk wel wat een degelijke implementatie kost?"),
    # formal u and informal je
    (
        "nl",
        "balanced",
        "Ik begrijp dat u onder druk staat. Lager dan deze prijs kunnen we niet, "
        "maar als u het volume verdubbelt, kunnen we praten over 5%.",
    ),
    (
        "nl",
        "balanced",
        "Ik snap dat je onder druk staat. Lager dan deze prijs kunnen we niet, "
        "maar als je het volume verdubbelt, kunnen we praten over 5%.",
    ),
    ("nl", "dominant", "Dit is ons laatste bod. Graag of niet."),
    ("nl", "dominant", "Dit is mijn laatste bod, je neemt het of je laat het: graag of niet."),
    # Flemish and Netherlands wording
    (
        "nl",
        "balanced",
        "Ik begrijp dat de aankoopdienst een scherpere offerte wil. Welke punten "
        "wegen voor jullie het zwaarst?",
    ),
    (
        "nl",
        "balanced",
        "Ik snap dat de inkoopafdeling scherper wil zitten. Welke punten wegen "
        "voor jullie het zwaarst?",
    ),
    ("nl", "submissive", "Zeker en vast, we leveren binnen de week en de verzending is gratis."),
    (
        "nl",
        "submissive",
        "Prima hoor, we leveren gewoon morgen al en de verzendkosten laten we vallen.",
    ),
    # short trades: the condition makes the concession balanced
    ("en", "balanced", "If you sign today, we'll do 5%."),
    ("nl", "balanced", "Als u tekent, doen we 5%."),
    ("nl", "balanced", "Als je vooruitbetaalt, kan ik 4% geven."),
    # ultimatums and threats
    ("en", "dominant", "Sign today or the slot goes to someone else."),
    ("en", "dominant", "Take it or leave it. There are plenty of customers waiting for this slot."),
    ("en", "dominant", "Sign by Friday or we cancel your delivery slot."),
    ("nl", "dominant", "Teken vandaag, anders stoppen we de levering."),
    # terms stated as settled: a closed door alone, a limit with a reason or an option
    ("en", "dominant", "The delivery date stands. Anything beyond the spec is billable."),
    (
        "en",
        "balanced",
        "The quote stands because the steel price went up, but we could phase the delivery.",
    ),
    ("nl", "dominant", "De levertermijn blijft acht weken. Al het andere is meerwerk."),
    (
        "nl",
        "balanced",
        "De offerte blijft staan omdat de grondstoffen duurder zijn geworden; we kunnen wel in "
        "twee fases leveren.",
    ),
    # orders aimed at the customer
    ("en", "dominant", "Read the service terms again before you open another ticket."),
    ("nl", "dominant", "Lees eerst de handleiding voor u ons nog eens belt."),
    # sarcasm: mock agreement and mock offers
    ("en", "dominant", "Oh sure, let me just waive the whole invoice while I'm at it."),
    ("nl", "dominant", "Tuurlijk, en zullen we de factuur dan ook maar zelf betalen?"),
    # impatient repetition, accusations, non-renewal threats
    ("en", "dominant", "I have told you this three times now: the licence count is fixed."),
    ("en", "dominant", "The outages come from how your team configured the servers."),
    ("en", "dominant", "Keep this up and we simply won't renew next year."),
    (
        "nl",
        "dominant",
        "Dat heb ik al twee keer uitgelegd. Als jullie blijven aandringen, verlengen we "
        "gewoon niet.",
    ),
    # accepting the customer's terms without an apologetic word
    ("en", "submissive", "Consider the late fee cancelled. Friday works for us."),
    ("en", "submissive", "We've adjusted the order to 4,200 units at the price you mentioned."),
    ("nl", "submissive", "Beschouw de administratiekosten als geschrapt. Vrijdag past voor ons."),
    # giving up a limit as soon as it is tested
    (
        "en",
        "submissive",
        "Would it be okay if we kept the rate? If not, that's fine and we'll drop it.",
    ),
    (
        "nl",
        "submissive",
        "Zou het oké zijn als we de prijs laten staan? Zo niet, dan gaan we gewoon omlaag.",
    ),
    # a wish to give is not a gift
    (
        "en",
        "balanced",
        "I'd love to include it for free, but it's two weeks of work. We can quote it separately.",
    ),
    (
        "nl",
        "balanced",
        "Ik zou het ook graag gratis doen, maar het is twee weken werk. Ik zet het apart in de "
        "offerte.",
    ),
]


@pytest.mark.parametrize(("lang", "expected", "text"), CASES)
def test_hard_case_verdicts(lang: str, expected: str, text: str) -> None:
    assessment = analyze(text)
    assert assessment.lang == lang
    assert assessment.stance == expected, [(e.signal, e.quote) for e in assessment.evidence]


@pytest.mark.parametrize(("lang", "expected", "text"), CASES)
def test_evidence_quotes_point_into_the_text(lang: str, expected: str, text: str) -> None:
    assessment = analyze(text)
    for item in assessment.evidence:
        assert text[item.start : item.end] == item.quote
        assert item.quote.strip()


@pytest.mark.parametrize(("lang", "expected", "text"), CASES)
def test_axes_agree_with_the_verdict(lang: str, expected: str, text: str) -> None:
    assessment = analyze(text)
    assert -1 <= assessment.dominance <= 1 and -1 <= assessment.affiliation <= 1
    assert 0 <= assessment.confidence <= 1
    if expected == "submissive":
        assert assessment.dominance < 0
    elif expected == "dominant":
        assert assessment.dominance > 0 and assessment.affiliation < 0
    else:
        assert abs(assessment.dominance) <= 0.3


def test_off_balance_messages_carry_evidence_of_their_verdict() -> None:
    for _lang, expected, text in CASES:
        if expected == "balanced":
            continue
        signals = {e.signal for e in analyze(text).evidence}
        assert signals, text
