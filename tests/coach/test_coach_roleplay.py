"""Scripted role-plays through the coach, in both languages, at each difficulty, on both
database backends: the customer rewards caving with more demands, walks out on domineering,
and settles on fair terms with a balanced salesperson."""

from __future__ import annotations

import pytest

from bot.coach.coach import Coach
from bot.coach.requests import EndRoleplay, Rewind, StartRoleplay

from .conftest import Dialogue

SUBMISSIVE = {
    "en": [
        "I'm so sorry, you're right. We'll give you the 10% discount.",
        "Of course, no problem at all, we'll add free installation as well.",
        "Whatever you want. We'll drop the price another 5%, I really don't want to lose you.",
        "Fine, we'll match their price too. Anything to keep you happy.",
    ],
    "nl": [
        "Het spijt me echt, u hebt gelijk. We geven u die 10% korting.",
        "Natuurlijk, geen enkel probleem, de installatie doen we er gratis bij.",
        "Zoals u wilt. We zakken nog eens 5%, ik wil u echt niet kwijt.",
        "Goed, we gaan mee met hun prijs. Alles om u tevreden te houden.",
    ],
}
BALANCED = {
    "en": [
        "I understand the pressure you're under. What matters most to you in this deal?",
        "Our price reflects the service you get. If you commit to two years, we can do 3%.",
        "That's a fair question. We can't go below this price, but we could phase the "
        "delivery. Would that help?",
        "I hear you. If you sign this month for two years, 3% and the phased delivery stand.",
        "Let's agree on that: two years, 3%, phased delivery. Shall I send the contract?",
        "I understand. What would you need from us to sign this week?",
    ],
    "nl": [
        "Ik begrijp de druk waaronder u staat. Wat is voor u het belangrijkste in deze deal?",
        "Onze prijs weerspiegelt de service die u krijgt. Als u voor twee jaar tekent, kunnen "
        "we 3% doen.",
        "Terechte vraag. Lager dan deze prijs kunnen we niet, maar we kunnen wel gefaseerd "
        "leveren. Zou dat helpen?",
        "Ik hoor u. Als u deze maand voor twee jaar tekent, blijven 3% en de gefaseerde "
        "levering staan.",
        "Laten we dat zo afspreken: twee jaar, 3%, gefaseerde levering. Zal ik het contract "
        "sturen?",
        "Ik begrijp het. Wat heeft u van ons nodig om deze week te tekenen?",
    ],
}
DOMINANT = {
    "en": [
        "Take it or leave it. This is our final offer.",
        "You clearly don't understand how pricing works. Any professional buyer would know.",
        "Stop wasting my time. Sign today or we cancel your delivery slot.",
    ],
    "nl": [
        "Graag of niet. Dit is ons laatste bod.",
        "U begrijpt blijkbaar niet hoe prijszetting werkt. Elke professionele inkoper weet dat.",
        "Stop met mijn tijd te verspillen. Teken vandaag, anders schrappen we uw leverslot.",
    ],
}
LANGS = ("en", "nl")
DIFFICULTIES = ("easy", "normal", "hard")


async def _play(dialogue: Dialogue, lines: list[str]) -> list:
    replies = []
    for text in lines:
        replies = await dialogue.send(text)
        if dialogue.scorecard(replies):
            break
    return replies


async def _finish(dialogue: Dialogue):
    """The scorecard: the one that ended the talk, or the one ending it now."""
    for replies in dialogue.history:
        card = dialogue.scorecard(replies)
        if card is not None:
            return card
    card = dialogue.scorecard(await dialogue.send(EndRoleplay()))
    assert card is not None
    return card


def _state(dialogue: Dialogue) -> dict:
    for replies in reversed(dialogue.history):
        for reply in replies:
            state = getattr(reply, "state", None)
            if state:
                return state
    raise AssertionError("no customer state seen")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
async def test_caving_raises_pressure_and_ends_worse_than_balance(
    coach: Coach, lang: str, difficulty: str
) -> None:
    caving = Dialogue(coach, conversation=_conv("caving"))
    await caving.send(StartRoleplay("price_squeeze", difficulty, lang, seed=11))
    opening = _state(caving)
    await _play(caving, SUBMISSIVE[lang])
    caved = _state(caving)
    assert all(caving.badge(r).assessment.stance == "submissive" for r in caving.history[1:5])
    assert caved["pressure"] > opening["pressure"]
    assert caved["escalations"] >= 1

    firm = Dialogue(coach, conversation=_conv("firm"))
    await firm.send(StartRoleplay("price_squeeze", difficulty, lang, seed=11))
    await _play(firm, BALANCED[lang][:4])
    held = _state(firm)
    assert held["pressure"] < caved["pressure"]
    assert held["trust"] > caved["trust"]
    caved_end = await _finish(caving)
    firm_end = await _finish(firm)
    assert caved_end.given_away  # the caving salesperson gave value away for nothing
    assert not firm_end.given_away
    assert caved_end.outcome in ("gave_too_much", "stopped")
    assert set(caved_end.habits) & {"submissive", "trading", "limits", "asking"}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("difficulty", ["normal", "hard"])
async def test_three_dominant_answers_end_in_a_walk_out(
    dialogue: Dialogue, lang: str, difficulty: str
) -> None:
    await dialogue.send(StartRoleplay("price_squeeze", difficulty, lang, seed=5))
    replies = await _play(dialogue, DOMINANT[lang])
    card = dialogue.scorecard(replies)
    assert card is not None, "the customer should have walked out"
    assert card.outcome == "walk_out"
    assert all(t.stance == "dominant" for t in card.turns)
    assert card.rose_dominance > 0.25


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
async def test_balanced_play_reaches_a_fair_deal(
    dialogue: Dialogue, lang: str, difficulty: str
) -> None:
    await dialogue.send(StartRoleplay("price_squeeze", difficulty, lang, seed=3))
    lines = BALANCED[lang] * 2
    replies = await _play(dialogue, lines)
    card = dialogue.scorecard(replies)
    assert card is not None, "balanced play should close the talk"
    assert card.outcome == "fair_deal", card.text
    assert card.rose_label


def _conv(name: str):
    from bot.identity import ConversationKey

    return ConversationKey("test", "t1", name)


async def test_rewind_takes_back_the_last_turn(dialogue: Dialogue) -> None:
    await dialogue.send(StartRoleplay("price_squeeze", "normal", "en", seed=2))
    first = await dialogue.send(BALANCED["en"][0])
    before = dialogue.line(first).state
    await dialogue.send(SUBMISSIVE["en"][0])
    rewound = await dialogue.send(Rewind())
    assert dialogue.line(first).line in rewound[0].text
    again = await dialogue.send(BALANCED["en"][1])
    assert dialogue.line(again).turn == before["turn"] + 1
    turns = await dialogue.coach.store.turns(dialogue.line(again).session_id)
    assert [t.salesperson_text for t in turns] == [BALANCED["en"][0], BALANCED["en"][1]]


async def test_nothing_to_rewind_at_the_start(dialogue: Dialogue) -> None:
    await dialogue.send(StartRoleplay("price_squeeze", "normal", "en", seed=2))
    replies = await dialogue.send(Rewind())
    assert "no answer to take back" in replies[0].text


async def test_a_new_coach_on_the_same_store_resumes_exactly(dialogue: Dialogue) -> None:
    await dialogue.send(StartRoleplay("rush_delivery", "normal", "nl", seed=9))
    await dialogue.send(BALANCED["nl"][0])
    state = _state(dialogue)
    restarted = Dialogue(Coach(dialogue.coach.store), dialogue.user, dialogue.conversation)
    replies = await restarted.send(BALANCED["nl"][1])
    line = restarted.line(replies)
    assert line.turn == state["turn"] + 1
    assert line.state["scenario_id"] == "rush_delivery"
