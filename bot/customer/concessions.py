"""Reading what a salesperson's message gives away: percentages, amounts, prices, free items,
delivery dates, and whether each is conditional ("if you …, then we …").

The reader is language-agnostic: Dutch (Flemish and Netherlands) and English patterns are tried
together, so a message that mixes both still reads. Negated offers ("we can't do 15%") are not
concessions; a stated limit ("we can't go beyond 10%") counts as an offer of that limit, since a
demanding customer will take it as one. Quantities inside a condition ("if you order 20% more")
belong to the seller's ask, not to the offer.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from bot.customer.errors import StateError
from bot.customer.vocabulary import ASKS, CONCESSION_KINDS, Ask, ConcessionKind


@dataclass(frozen=True, slots=True)
class Concession:
    """Something of value one side offered.

    ``value`` is in the kind's natural unit: percentage points, a currency amount, a price,
    days until delivery; ``None`` for free items, non-numeric terms and unknown dates.
    ``label`` names the item or term; ``quote`` holds the words that carry the offer.
    ``explicit`` is False for items only said to be "included" or "added" (not "free"); the
    engine counts those only where they name something the customer asked for.
    ``gain`` and ``worth`` are set by the engine when it records a concession: how far it
    moved the deal toward the customer on the scenario's issue (``None`` when it is not on
    that issue), and what it is worth in the scenario's currency (0 where unknown).
    """

    kind: ConcessionKind
    value: float | None
    label: str
    conditional: bool
    quote: str = ""
    explicit: bool = True
    turn: int = 0
    gain: float | None = None
    worth: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Concession:
        expected = {
            "kind", "value", "label", "conditional", "quote", "explicit", "turn", "gain", "worth"
        }  # fmt: skip
        if not isinstance(data, dict) or set(data) != expected:
            raise StateError(f"a concession needs exactly the keys {sorted(expected)}")
        if data["kind"] not in CONCESSION_KINDS:
            raise StateError(f"unknown concession kind {data['kind']!r}")
        return cls(
            kind=data["kind"],
            value=None if data["value"] is None else float(data["value"]),
            label=str(data["label"]),
            conditional=bool(data["conditional"]),
            quote=str(data["quote"]),
            explicit=bool(data["explicit"]),
            turn=int(data["turn"]),
            gain=None if data["gain"] is None else float(data["gain"]),
            worth=float(data["worth"]),
        )


# --- sentence and segment structure -------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")

# A condition opener; the condition runs to the next comma or to where the main clause starts.
_CONDITION = re.compile(
    r"\b(?:if|als|indien|provided(?: that)?|providing|on (?:the )?condition(?: that)?|"
    r"op (?:de )?voorwaarde(?: dat)?|mits|as long as|zolang|in exchange for|in ruil voor|"
    r"in return for|in return|in ruil|daartegenover|daar staat tegenover(?: dat)?|"
    r"on the understanding that)\b",
    re.IGNORECASE,
)
# Condition-like openers that are courtesy, not a trade: "if you want, …", "als u wilt, …".
_COURTESY_CONDITION = re.compile(
    r"^(?:if|als|indien)\s+(?:you\s+(?:want|wish|like|prefer|need|'d like)|that\s+helps|"
    r"needed|necessary|possible|(?:u|je|jij|jullie)\s+(?:wilt|wil|willen|wenst|wensen)|"
    r"dat\s+helpt|nodig|mogelijk|het\s+moet)\b",
    re.IGNORECASE,
)
# Where a main clause starts again after a condition without a comma.
_MAIN_CLAUSE = re.compile(
    r"\b(?:then|dan|we|i|we'll|i'll|we'd|i'd|kunnen we|kan ik|geven we|doen we|gaan we|"
    r"krijgt u|krijg je|krijgen jullie)\b",
    re.IGNORECASE,
)

_SEGMENT_SPLIT = re.compile(
    r"(?<!\d),|,(?!\d)|\bbut\b|\bmaar\b|\bhowever\b|\bthough\b|\balthough\b|\bhoewel\b|\bwel\b|\bwhereas\b",
    re.IGNORECASE,
)
# "instead of 15%", "in plaats van 15%": what follows is not offered.
_INSTEAD = re.compile(
    r"\b(?:instead of|rather than|in plaats van|i\.p\.v\.|ipv|eerder dan)\b", re.IGNORECASE
)

# Phrases that look negative but are not: "no problem", "at no extra cost", "geen probleem".
_POSITIVE_IDIOMS = re.compile(
    r"\b(?:no problem|not a problem|no worries|no doubt|no-brainer|why not|"
    r"at no (?:extra |additional )?(?:cost|charge)|no (?:extra |additional )?(?:cost|charge)|"
    r"free of charge|not only|geen probleem|geen punt|zonder probleem|waarom niet|"
    r"niet alleen|geen (?:extra |bijkomende )?kosten|zonder (?:extra |bijkomende )?kosten|"
    r"geen meerprijs)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|no|never|cannot|can not|unable|impossible|no way|nothing|nope|"
    r"niet|geen|nooit|onmogelijk|uitgesloten|nee)\b|n't\b|n’t\b",
    re.IGNORECASE,
)
# A negated limit is an offer of that limit: "we can't go beyond 10%", "niet meer dan 10%".
_LIMIT = re.compile(
    r"\b(?:beyond|above|over|past|further than|higher than|more than|below|lower than|"
    r"less than|under|verder|hoger|meer|lager|minder|boven|onder|max(?:imum|imaal)?|"
    r"at most|hooguit|ten hoogste)\b(?:\s+\S+){0,2}?\s*(?:[€$£]\s?)?\d",
    re.IGNORECASE,
)
# The customer's own demand or a competitor's offer, quoted back: not an offer.
_REFERENCE = re.compile(
    r"\b(?:you|u|je|jij|jullie)\s+(?:asked|ask|want|wanted|mention(?:ed)?|request(?:ed)?|"
    r"demand(?:ed)?|said|suggest(?:ed)?|propose[ds]?|expect(?:ed)?|vraagt|vroeg|vragen|"
    r"vroegen|wilt|wil|willen|noemde|noemt|eist|eisen|verwacht|verwachten|stelt voor)\b|"
    r"\b(?:competitor\w*|concurrent\w*|other supplier\w*|andere leverancier\w*|"
    r"their (?:quote|offer|price)|hun (?:offerte|aanbod|prijs))\b",
    re.IGNORECASE,
)

# --- quantities ---------------------------------------------------------------------------

_NUMBER = r"\d{1,3}(?:[.,\s]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?"
_PERCENT = re.compile(
    rf"(?P<num>{_NUMBER})\s?(?:%|procent\b|percent\b|per cent\b|pct\b)", re.IGNORECASE
)
_CURRENCY_WORD = r"€|\$|£|eur\b|euro\b|euros\b|usd\b|gbp\b"
_AMOUNT_PREFIX = re.compile(
    rf"(?:{_CURRENCY_WORD})\s?(?P<num>{_NUMBER})(?:\s?(?P<k>k\b|duizend\b|thousand\b))?",
    re.IGNORECASE,
)
_AMOUNT_SUFFIX = re.compile(
    rf"(?P<num>{_NUMBER})(?:\s?(?P<k>k|duizend|thousand))?\s?"
    r"(?:€|euros?\b|eur\b|dollars?\b|usd\b|bucks\b|pounds?\b)",
    re.IGNORECASE,
)
_DISCOUNT_CONTEXT = re.compile(
    r"\b(?:off|discount\w*|korting\w*|reduc\w*|lower\w*|cheaper|credit\w*|refund\w*|rebate\w*|"
    r"compensat\w*|back|minder|eraf|af|goedkoper|tegoed|creditnota|compensatie|vergoeding|"
    r"terug\w*|prijsverlaging|verlag\w*|lager\w*|knock\w*|shave\w*|waive\w*)\b",
    re.IGNORECASE,
)
_PRICE_CONTEXT = re.compile(
    r"\b(?:for|voor|price|prijs|at|aan|total|totaal|tegen|to|naar|op|bring|make it|maken)\b",
    re.IGNORECASE,
)
_VOLUME_CONTEXT = re.compile(r"\b(?:volume|afname|bestelvolume|more units)\b", re.IGNORECASE)

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fourteen": 14, "fifteen": 15, "twenty": 20, "een": 1, "één": 1, "twee": 2, "drie": 3,
    "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9, "tien": 10, "elf": 11,
    "twaalf": 12, "veertien": 14, "vijftien": 15, "twintig": 20,
}  # fmt: skip
_NUMBER_WORD = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))

_DELIVERY_CONTEXT = re.compile(
    r"\b(?:deliver\w*|ship\w*|dispatch\w*|install\w*|ready|on site|arriv\w*|lead time|"
    r"turnaround|lever\w*|geleverd|bezorg\w*|verzend\w*|verstuur\w*|verzonden|klaar|"
    r"ter plaatse|installer\w*|opgeleverd|opleveren|levertijd|in huis|bij (?:u|je|jullie))\b",
    re.IGNORECASE,
)
_DURATION = re.compile(
    rf"(?P<num>\d+|{_NUMBER_WORD})[\s-]+(?:working |business |calendar |werk)?"
    r"(?P<unit>days?|dagen|dag|weeks?|weken|week)\b",
    re.IGNORECASE,
)
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4,
    "zaterdag": 5, "zondag": 6,
}  # fmt: skip
_WEEKDAY = re.compile(rf"\b(?P<day>{'|'.join(_WEEKDAYS)})\b", re.IGNORECASE)
_RELATIVE_DAYS = (
    (re.compile(r"\b(?:overmorgen|day after tomorrow)\b", re.IGNORECASE), 2),
    (re.compile(r"\b(?:tomorrow|morgen\w*)\b", re.IGNORECASE), 1),
    (re.compile(r"\b(?:today|vandaag|same day|dezelfde dag)\b", re.IGNORECASE), 0),
    (re.compile(r"\b(?:next week|volgende week|de week erop)\b", re.IGNORECASE), 7),
)
_END_OF_WEEK = re.compile(
    r"\b(?:this week|deze week|binnen de week|within the week|end of (?:the )?week|"
    r"eind(?:e)? van de week|tegen het weekend|voor het weekend|before the weekend)\b",
    re.IGNORECASE,
)

# --- free items ---------------------------------------------------------------------------

_FREE = re.compile(
    r"(?<![-\w])free(?: of charge)?\b|\bfor free\b|"
    r"\bat no (?:extra |additional )?(?:cost|charge)\b|"
    r"\bno (?:extra |additional )?charge\b|\bon the house\b|\bthrow(?:ing)? in\b|\bthrown in\b|"
    r"\bcomplimentary\b|\bat our (?:own )?expense\b|\bgratis\b|\bkosteloos\b|"
    r"\b(?:zonder|geen) (?:extra |bijkomende )?kosten\b|\bvoor niets\b|\bvoor niks\b|"
    r"\bop onze kosten\b|\bvoor onze rekening\b|\bcadeau\b|\bgeen meerprijs\b",
    re.IGNORECASE,
)
_NOT_FREE = re.compile(r"\bfeel free\b|\bfree to\b|\bvrij om\b", re.IGNORECASE)
_UNNAMED_ITEM = "extra"
# Weaker than "free": something is added or included. It counts as a concession only where it
# names something the customer asked for (the engine checks that against the scenario).
_INCLUDE = re.compile(
    r"\b(?:include[sd]?|including|add|adding|throw(?:ing)? in|inbegrepen|toevoegen|"
    r"voeg\w* .{0,40}\btoe|meegeven|geven .{0,40}\bmee|erbij)\b",
    re.IGNORECASE,
)
_ERBIJ = re.compile(r"\b(?:erbij|bovenop|er\s+\w+\s+bij)\b", re.IGNORECASE)
_GIVE_VERB = re.compile(
    r"\b(?:doen|doe|geven|geef|leggen|leg|zetten|zet|gooien|gooi|krijg|krijgt|krijgen|"
    r"nemen|neem)\b",
    re.IGNORECASE,
)
_FUNCTION_WORDS = frozenset(
    """
    a an the and or also too as well we we'll we'd i i'll i'd you your you'll can could will
    would shall should may might happy glad to for of on in with at our us it this that these
    those is are be been include including included add adding throw thrown in give giving
    provide providing offer offering do doing make get gets some plus extra additional free
    charge cost no house complimentary expense own gladly course sure okay ok yes then so
    de het een en of ook als wel we wij ik u je jij jullie kan kunnen kunt wil willen zullen
    zal graag voor van op in met aan bij er erbij bovenop doen doe geven geef leggen leg zetten
    zet gooien gooi krijg krijgt krijgen nemen neem gratis kosteloos zonder geen kosten
    bijkomende extra niets niks onze ons rekening cadeau meerprijs dat die dit deze is zijn
    natuurlijk zeker oké ok ja dan dus nog eens even off discount korting
    """.split()
)

# --- asks: what the seller wants in return -------------------------------------------------

_ASK_PATTERNS: dict[Ask, re.Pattern[str]] = {
    "volume": re.compile(
        r"\b(?:volume\w*|larger order|bigger order|order more|more units|more licen[cs]es|"
        r"more seats|grotere bestelling|meer afne\w*|afname\w*|bestelvolume|grotere afname|"
        r"meer (?:stuks|licenties|eenheden)|extra (?:stuks|licenties))\b",
        re.IGNORECASE,
    ),
    "longer_contract": re.compile(
        rf"\b(?:(?:\d+|{_NUMBER_WORD})[- ]years?|multi-?year|longer (?:contract|term|commitment)|"
        r"long-?term (?:contract|commitment)|(?:\d+|"
        rf"{_NUMBER_WORD})[- ]?jarig\w*|meerjarig\w*|langer contract|langere looptijd|"
        rf"jaarcontract|voor (?:\d+|{_NUMBER_WORD}) jaar|langlopend\w*|contract (?:verlengen|"
        r"verlenging)|extend the contract)\b",
        re.IGNORECASE,
    ),
    "prepayment": re.compile(
        r"\b(?:prepay\w*|pay(?:ment)? (?:up ?front|in advance)|up ?front payment|pay up ?front|"
        r"advance payment|vooruitbeta\w*|vooraf (?:beta\w*)|betaalt vooraf|betaal je vooraf|"
        r"voorafbetaling)\b",
        re.IGNORECASE,
    ),
    "reference": re.compile(
        r"\b(?:reference\w*|case stud\w*|testimonial\w*|referentie\w*|getuigenis\w*|"
        r"use (?:you|your name|your logo)|logo)\b",
        re.IGNORECASE,
    ),
    "flexible_delivery": re.compile(
        r"\b(?:flexible (?:delivery|date|timing)|delivery window|split (?:the )?deliver\w*|"
        r"partial deliver\w*|deliver in (?:two|2|parts|phases|batches)|flexibele lever\w*|"
        r"gespreide lever\w*|deellever\w*|in (?:twee|2|delen|fasen|schijven) lever\w*|"
        r"lever\w* in (?:twee|2|delen|fasen|schijven))\b",
        re.IGNORECASE,
    ),
    "quick_signature": re.compile(
        r"\b(?:sign (?:today|this week|now|by \w+)|signed (?:today|this week|by \w+)|"
        r"(?:tekent|teken|tekenen) (?:vandaag|deze week|nu)|vandaag (?:tekent|tekenen)|"
        r"deze week (?:tekent|tekenen|getekend))\b",
        re.IGNORECASE,
    ),
}


def parse_number(raw: str) -> float:
    """A number written the Dutch or the English way: "2.000", "2,000", "2 000", "2,5",
    "12.5", "1.250,50" and "1,250.50" all read as you would expect."""
    text = raw.strip().replace("\u00a0", " ").replace(" ", "")
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        return float(text.replace(thousands, "").replace(decimal, "."))
    for separator in (",", "."):
        if separator in text:
            parts = text.split(separator)
            if len(parts) > 2 or (len(parts[-1]) == 3 and parts[0] not in {"", "0"}):
                return float(text.replace(separator, ""))  # thousands separator
            return float(text.replace(separator, "."))
    return float(text)


def read_concessions(text: str, *, today: int = 0) -> tuple[Concession, ...]:
    """Every offer in ``text``, in reading order. ``today`` (0 = Monday … 6 = Sunday) turns
    weekday deadlines ("by Friday", "tegen vrijdag") into days."""
    found: list[Concession] = []
    exchange = _message_has_exchange(text)
    for sentence in _sentences(text):
        main, conditional = _split_conditions(sentence)
        conditional = conditional or exchange
        delivery = bool(_DELIVERY_CONTEXT.search(sentence))
        for segment in _segments(main):
            found.extend(_read_segment(segment, conditional, delivery, today))
    return tuple(found)


def read_asks(text: str) -> tuple[Ask, ...]:
    """What the seller asks in return, in the fixed order of :data:`ASKS`."""
    return tuple(ask for ask in ASKS if _ASK_PATTERNS[ask].search(text))


def is_conditional(text: str) -> bool:
    """Whether the message ties what it gives to something in return."""
    if _message_has_exchange(text):
        return True
    return any(_split_conditions(sentence)[1] for sentence in _sentences(text))


# --- internals ----------------------------------------------------------------------------


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


_EXCHANGE = re.compile(
    r"\b(?:in exchange|in return|in ruil|daartegenover|daar staat tegenover|on condition|"
    r"op voorwaarde|provided|mits|as long as)\b",
    re.IGNORECASE,
)


def _message_has_exchange(text: str) -> bool:
    return bool(_EXCHANGE.search(text)) and bool(read_asks(text))


def _split_conditions(sentence: str) -> tuple[list[str], bool]:
    """The sentence without its condition clauses, and whether a real condition was found."""
    main: list[str] = []
    conditional = False
    position = 0
    for match in _CONDITION.finditer(sentence):
        if match.start() < position:
            continue
        rest = sentence[match.start() :]
        end = _condition_end(sentence, match.end())
        if _COURTESY_CONDITION.match(rest):
            main.append(sentence[position : match.start()])
            position = end  # a courtesy condition carries no offer and no trade
            continue
        conditional = True
        main.append(sentence[position : match.start()])
        position = end
    main.append(sentence[position:])
    return [part for part in main if part.strip()], conditional


def _condition_end(sentence: str, start: int) -> int:
    comma = sentence.find(",", start)
    limit = len(sentence) if comma < 0 else comma
    clause = _MAIN_CLAUSE.search(sentence, start, limit)
    if clause is not None and clause.start() > start:
        return clause.start()
    return limit


def _segments(parts: list[str]) -> list[tuple[str, bool]]:
    """Split into clauses; each is paired with whether it follows "instead of" (not offered)."""
    segments: list[tuple[str, bool]] = []
    for part in parts:
        for clause in _SEGMENT_SPLIT.split(part):
            pieces = _INSTEAD.split(clause)
            segments.append((pieces[0], False))
            segments.extend((piece, True) for piece in pieces[1:])
    return [(s.strip(), instead) for s, instead in segments if s.strip()]


def _negated(segment: str) -> bool:
    cleaned = _POSITIVE_IDIOMS.sub(" ", segment)
    return bool(_NEGATION.search(cleaned)) and not _LIMIT.search(cleaned)


def _read_segment(
    piece: tuple[str, bool], conditional: bool, delivery: bool, today: int
) -> list[Concession]:
    segment, instead = piece
    if instead or _negated(segment) or _REFERENCE.search(segment):
        return []
    found: list[Concession] = []
    taken: list[tuple[int, int]] = []

    for match in _PERCENT.finditer(segment):
        value = parse_number(match.group("num"))
        if 0 < value < 100 and not _VOLUME_CONTEXT.search(segment):
            found.append(_make("percentage", value, match.group(0), conditional, segment))
        taken.append(match.span())

    for pattern in (_AMOUNT_PREFIX, _AMOUNT_SUFFIX):
        for match in pattern.finditer(segment):
            if any(_overlaps(match.span(), span) for span in taken):
                continue
            taken.append(match.span())
            value = parse_number(match.group("num"))
            if match.group("k"):
                value *= 1000
            if value <= 0:
                continue
            if _DISCOUNT_CONTEXT.search(segment):
                found.append(_make("amount", value, match.group(0), conditional, segment))
            elif _PRICE_CONTEXT.search(segment):
                found.append(_make("price", value, match.group(0), conditional, segment))

    if delivery:
        days = _delivery_days(segment, today)
        if days is not None:
            found.append(_make("delivery", float(days[0]), days[1], conditional, segment))

    item = _free_item(segment)
    if item is not None and (item[0] != _UNNAMED_ITEM or not found):
        found.append(
            Concession("item", None, item[0], conditional, quote=segment, explicit=item[1])
        )
    return found


def _make(
    kind: ConcessionKind, value: float, label: str, conditional: bool, segment: str
) -> Concession:
    return Concession(kind, value, label.strip(), conditional, quote=segment)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _delivery_days(segment: str, today: int) -> tuple[int, str] | None:
    match = _DURATION.search(segment)
    if match is not None:
        raw = match.group("num").lower()
        count = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
        unit = match.group("unit").lower()
        return (count * 7 if unit.startswith("we") else count), match.group(0)
    for pattern, days in _RELATIVE_DAYS:
        relative = pattern.search(segment)
        if relative is not None:
            return days, relative.group(0)
    end_of_week = _END_OF_WEEK.search(segment)
    if end_of_week is not None:
        return max(1, 4 - today), end_of_week.group(0)
    weekday = _WEEKDAY.search(segment)
    if weekday is not None:
        ahead = (_WEEKDAYS[weekday.group("day").lower()] - today) % 7
        return (ahead or 7), weekday.group(0)
    return None


def _free_item(segment: str) -> tuple[str, bool] | None:
    """The item a segment gives, and whether it is said to be free (else only "included")."""
    if _NOT_FREE.search(segment):
        return None
    explicit = bool(_FREE.search(segment)) or bool(
        _ERBIJ.search(segment) and _GIVE_VERB.search(segment)
    )
    if not explicit and not _INCLUDE.search(segment):
        return None
    words = re.findall(r"[\w'-]+", segment.lower().replace("’", "'"))
    kept = [w for w in words if w not in _FUNCTION_WORDS and not w[0].isdigit()]
    return (" ".join(kept[:6]) if kept else _UNNAMED_ITEM), explicit
