"""Advice and rewrites: one concrete next step, and the message on an equal footing.

The rewrite keeps the writer's sentences that are already on an equal footing and replaces the
ones that pulled the message off balance: an unconditional concession becomes a conditional
one, an ultimatum becomes a firm limit with an option, grovelling becomes a courteous, firm line.
"""

from __future__ import annotations

import re

from bot.footing.model import Lang, Stance
from bot.footing.signals import SIGNALS, Hit
from bot.footing.text import dutch_register, sentences

_Templates = dict[str, str]

# Advice, keyed by the signal that most pulled the message off balance.
_ADVICE: dict[Lang, _Templates] = {
    "en": {
        "unconditional_concession": "Don't give it for free: attach a condition to the "
        'concession ("if you …, then we …") or hold it back until you know what they compare.',
        "bare_concession": "Don't just accept their number: ask what you get in return before "
        'you move ("We can look at that if you commit to …").',
        "matches_competitor": "Before matching a competitor, ask what exactly is in their offer; "
        "compare like with like, then trade rather than match.",
        "accepts_demand": "Say what you can and cannot do instead of agreeing to everything; "
        "a calm limit earns more respect than a yes.",
        "apology_for_position": "Drop the apology for your price or position: acknowledge their "
        "concern once, then state your terms plainly.",
        "pleading": "Stop pleading: name what you offer and what you need, and let them decide.",
        "self_minimising": "Speak for your company as an equal: say what you can decide or "
        "propose, not that you have no say.",
        "blames_own_side": "Don't run down your own company to win sympathy: explain the value "
        "behind the terms instead.",
        "seeks_approval": "Leave out the request for approval: state your proposal and ask a "
        "question about their needs.",
        "over_accommodating": "Replace the automatic yes with a question about what they need "
        "most.",
        "ultimatum": "Turn the ultimatum into a firm limit with an option: say where your limit "
        "is and what you can offer within it.",
        "threat": "Drop the threat: state the consequence calmly as a fact and invite a solution.",
        "belittling": "Leave out the put-down: acknowledge their point, then explain your "
        "position with one reason.",
        "blaming": "Skip the blame: describe what happened and propose how to move on together.",
        "boasting": "Instead of boasting about your position, show the value they get.",
        "dismissive": "Acknowledge their concern before you answer it, even if you disagree.",
        "command": "Ask instead of ordering: propose a next step and a date they can agree to.",
        "sarcasm": "Drop the sarcasm; say plainly what you disagree with and why.",
        "polite_cover": "A polite opening doesn't soften a put-down: lose the put-down, keep "
        "the courtesy.",
    },
    "nl": {
        "unconditional_concession": "Geef het niet zomaar weg: koppel een voorwaarde aan de "
        'toegeving ("als u …, dan …") of wacht tot u weet waarmee vergeleken wordt.',
        "bare_concession": "Aanvaard hun getal niet zomaar: vraag wat er tegenover staat voor u "
        'beweegt ("Dat kan, als u …").',
        "matches_competitor": "Vraag eerst wat er precies in dat andere aanbod zit; vergelijk "
        "appels met appels en ruil in plaats van te matchen.",
        "accepts_demand": "Zeg wat wel en niet kan in plaats van overal ja op te zeggen; een "
        "rustige grens dwingt meer respect af dan een ja.",
        "apology_for_position": "Laat de verontschuldiging voor uw prijs of positie weg: erken "
        "de bezorgdheid één keer en noem dan gewoon uw voorwaarden.",
        "pleading": "Smeek niet: zeg wat u biedt en wat u nodig heeft, en laat de klant kiezen.",
        "self_minimising": "Spreek als gelijkwaardige partner namens uw bedrijf: zeg wat u kunt "
        "voorstellen, niet dat u niets te zeggen heeft.",
        "blames_own_side": "Kraak uw eigen bedrijf niet af voor wat sympathie: leg de waarde "
        "achter de voorwaarden uit.",
        "seeks_approval": "Vraag niet om goedkeuring: doe uw voorstel en stel een vraag over "
        "wat de klant nodig heeft.",
        "over_accommodating": "Vervang het automatische ja door een vraag naar wat het "
        "belangrijkste is voor de klant.",
        "ultimatum": "Maak van het ultimatum een duidelijke grens met een optie: zeg waar uw "
        "grens ligt en wat binnen die grens wel kan.",
        "threat": "Laat het dreigement vallen: noem het gevolg rustig als feit en nodig uit tot "
        "een oplossing.",
        "belittling": "Laat de sneer weg: erken het punt van de klant en leg uw standpunt uit "
        "met één reden.",
        "blaming": "Laat de schuldvraag rusten: beschrijf wat er gebeurde en stel voor hoe u "
        "samen verder kunt.",
        "boasting": "Pronk niet met uw positie; laat zien welke waarde de klant krijgt.",
        "dismissive": "Erken de bezorgdheid van de klant voor u erop antwoordt, ook als u het "
        "oneens bent.",
        "command": "Vraag in plaats van te bevelen: stel een volgende stap en een datum voor.",
        "sarcasm": "Laat het sarcasme weg; zeg gewoon waar u het niet mee eens bent en waarom.",
        "polite_cover": "Een beleefde aanhef verzacht geen sneer: schrap de sneer, hou de "
        "beleefdheid.",
    },
}

_GENERIC_ADVICE: dict[Lang, _Templates] = {
    "en": {
        "submissive": "Check what you give and what you get back: name one condition before "
        "you move, and keep your own terms in view.",
        "dominant": "Keep your position but lose the edge: acknowledge their point, state your "
        "limit calmly and offer one option.",
    },
    "nl": {
        "submissive": "Kijk wat u geeft en wat u terugkrijgt: noem één voorwaarde voor u "
        "beweegt, en hou uw eigen voorwaarden in het oog.",
        "dominant": "Hou uw standpunt, maar zonder scherpte: erken het punt van de klant, "
        "noem rustig uw grens en bied één optie.",
    },
}

_BALANCED_ADVICE: dict[Lang, _Templates] = {
    "en": {
        "ask": "Good footing. Next step: add one question about what matters most to them, so "
        "your next offer hits the mark.",
        "option": "Good footing. Next step: pair your limit with one option they can say yes to.",
        "hold": "Good footing: you stay firm and respectful. Hold this line if they push again, "
        "and trade rather than give.",
    },
    "nl": {
        "ask": "Goed evenwicht. Volgende stap: stel één vraag over wat voor de klant het "
        "zwaarst weegt, zodat uw volgende voorstel raak is.",
        "option": "Goed evenwicht. Volgende stap: zet naast uw grens één optie waar de klant ja "
        "op kan zeggen.",
        "hold": "Goed evenwicht: u blijft duidelijk en respectvol. Hou die lijn vast als de "
        "klant opnieuw duwt, en ruil in plaats van te geven.",
    },
}


def _strongest(stance: Stance, hits: list[Hit]) -> str | None:
    family = {"submissive": "S", "dominant": "D"}.get(stance)
    candidates = [h for h in hits if SIGNALS[h.signal].family == family]
    if not candidates:
        return None
    return max(candidates, key=lambda h: SIGNALS[h.signal].weight * h.weight).signal


def advice_for(stance: Stance, hits: list[Hit], lang: Lang, norm: str) -> str:
    """One concrete next step for the writer."""
    strongest = _strongest(stance, hits)
    if strongest is not None:
        text = _ADVICE[lang][strongest]
        return _to_je(text) if lang == "nl" and dutch_register(norm) == "je" else text
    if stance != "balanced":
        text = _GENERIC_ADVICE[lang][stance]
        return _to_je(text) if lang == "nl" and dutch_register(norm) == "je" else text
    names = {h.signal for h in hits}
    if "asks_need" not in names:
        key = "ask"
    elif "limit" in names and not names & {"alternative", "conditional_trade"}:
        key = "option"
    else:
        key = "hold"
    text = _BALANCED_ADVICE[lang][key]
    return _to_je(text) if lang == "nl" and dutch_register(norm) == "je" else text


# --- rewrite ------------------------------------------------------------------------------------

_LINES: dict[str, _Templates] = {
    "en": {
        "trade": "{value} is possible if you can {ask}.",
        "trade_plain": "We can look at that if you can {ask}.",
        "ask": "commit to a longer term or a larger volume",
        "ack": "I understand this matters to you.",
        "limit_option": "This is as far as we can go on price; what we can do is look at the "
        "terms or the scope together.",
        "consequence": "If we can't agree, we'll have to reconsider the arrangement; I'd rather "
        "find a solution with you.",
        "value": "Our offer reflects the quality and reliability you get from us.",
        "request": "Could you let me know by when you can decide?",
        "question": "What matters most to you here?",
        "firm": "Here is what we can offer, and on what terms.",
        "position": "Our offer stands, and I'm happy to walk you through what is behind it.",
        "demand": "Let me check what is feasible and come back to you with options.",
    },
    "nl-u": {
        "trade": "{value} is mogelijk als u {ask}.",
        "trade_plain": "Daar kunnen we naar kijken als u {ask}.",
        "ask": "een langere looptijd of een groter volume vastlegt",
        "ack": "Ik begrijp dat dit belangrijk is voor u.",
        "limit_option": "Verder kunnen we in prijs niet gaan; wat we wel kunnen doen, is samen "
        "naar de voorwaarden of de scope kijken.",
        "consequence": "Als we er niet uitkomen, moeten we de samenwerking herbekijken; ik zoek "
        "liever samen met u een oplossing.",
        "value": "Ons aanbod weerspiegelt de kwaliteit en betrouwbaarheid die u van ons krijgt.",
        "request": "Kunt u me laten weten wanneer u kunt beslissen?",
        "question": "Wat is voor u hier het belangrijkste?",
        "firm": "Dit is wat we kunnen bieden, en onder welke voorwaarden.",
        "position": "Ons aanbod blijft staan, en ik licht graag toe wat erachter zit.",
        "demand": "Ik bekijk wat haalbaar is en kom bij u terug met opties.",
    },
    "nl-je": {
        "trade": "{value} is mogelijk als je {ask}.",
        "trade_plain": "Daar kunnen we naar kijken als je {ask}.",
        "ask": "een langere looptijd of een groter volume vastlegt",
        "ack": "Ik begrijp dat dit belangrijk is voor je.",
        "limit_option": "Verder kunnen we in prijs niet gaan; wat we wel kunnen doen, is samen "
        "naar de voorwaarden of de scope kijken.",
        "consequence": "Als we er niet uitkomen, moeten we de samenwerking herbekijken; ik zoek "
        "liever samen met jou een oplossing.",
        "value": "Ons aanbod weerspiegelt de kwaliteit en betrouwbaarheid die je van ons krijgt.",
        "request": "Kun je me laten weten wanneer je kunt beslissen?",
        "question": "Wat is voor jou hier het belangrijkste?",
        "firm": "Dit is wat we kunnen bieden, en onder welke voorwaarden.",
        "position": "Ons aanbod blijft staan, en ik licht graag toe wat erachter zit.",
        "demand": "Ik bekijk wat haalbaar is en kom bij je terug met opties.",
    },
}

# What replaces a sentence that carries each off-balance signal ("" drops the sentence).
_REPLACEMENT = {
    "unconditional_concession": "trade",
    "bare_concession": "trade",
    "matches_competitor": "trade",
    "accepts_demand": "demand",
    "apology_for_position": "ack",
    "pleading": "firm",
    "self_minimising": "firm",
    "blames_own_side": "value",
    "seeks_approval": "",
    "over_accommodating": "",
    "ultimatum": "limit_option",
    "threat": "consequence",
    "belittling": "position",
    "blaming": "ack",
    "boasting": "value",
    "dismissive": "ack",
    "command": "request",
    "sarcasm": "",
    "polite_cover": "",
}

_VALUE_IN_QUOTE = re.compile(
    r"(?<![\d.,])\d+(?:[.,]\d+)?\s?(?:%|percent|procent)|[€$£]\s?\d[\d.,]*|"
    r"(?<![\d.,])\d[\d.,]*\s?(?:euros?|eur)\b",
    re.IGNORECASE,
)


def _to_je(text: str) -> str:
    """Turn formal advice (u) into informal (je) for a writer who uses je."""
    swaps = (
        (r"\bu kunt\b", "je kunt"),
        (r"\bkunt u\b", "kun je"),
        (r"\bu heeft\b", "je hebt"),
        (r"\bheeft u\b", "heb je"),
        (r"\bu bent\b", "je bent"),
        (r"\bbent u\b", "ben je"),
        (r"\bu weet\b", "je weet"),
        (r"\bweet u\b", "weet je"),
        (r"\buw\b", "je"),
        (r"\bu\b", "je"),
        (r"\bUw\b", "Je"),
        (r"\bU\b", "Je"),
    )
    for pattern, repl in swaps:
        text = re.sub(pattern, repl, text)
    return text


def rewrite_for(text: str, norm: str, stance: Stance, hits: list[Hit], lang: Lang) -> str:
    """The message rewritten on an equal footing; a balanced message is returned as it is."""
    if stance == "balanced":
        return text.strip()
    key = "en" if lang == "en" else f"nl-{dutch_register(norm)}"
    lines = _LINES[key]
    family = "S" if stance == "submissive" else "D"
    out: list[str] = []
    used: set[str] = set()
    replaced_until = 0
    for sentence in sentences(norm):
        off = [
            h
            for h in hits
            if h.start < sentence.end
            and h.end > sentence.start
            and SIGNALS[h.signal].family == family
        ]
        original = text[sentence.start : sentence.end].strip()
        if sentence.end <= replaced_until:
            continue
        if not off:
            if original and norm[sentence.start : sentence.end].strip():
                out.append(original)
            continue
        strongest = max(off, key=lambda h: SIGNALS[h.signal].weight * h.weight)
        replaced_until = max(h.end for h in off)
        template = _REPLACEMENT.get(strongest.signal, "")
        if template == "trade":
            value = _VALUE_IN_QUOTE.search(text, strongest.start, strongest.end)
            if value:
                line = lines["trade"].format(value=value.group().strip(), ask=lines["ask"])
                line = line[0].upper() + line[1:]
            else:
                line = lines["trade_plain"].format(ask=lines["ask"])
        else:
            line = lines[template] if template else ""
        if line and line not in used:
            used.add(line)
            out.append(line)
    if family == "S" and not any(h.signal == "asks_need" for h in hits):
        out.append(lines["question"])
    if family == "D" and lines["ack"] not in used:
        out.insert(0, lines["ack"])
    if not out:
        out = [lines["firm"]]
    return " ".join(out)
