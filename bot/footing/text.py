"""Text preparation for the analyser: one-to-one normalisation, clauses, language and register.

Every transformation here keeps the text's length, so offsets stay valid in the original.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from bot.footing.markup import mask_markup
from bot.footing.model import Lang

_CHAR_MAP = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u201a": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u202f": " ",
    }
)


def normalise(text: str) -> str:
    """Lower-case, straight quotes and plain dashes, markup masked; same length as ``text``."""
    masked = mask_markup(text).translate(_CHAR_MAP)
    lowered = masked.lower()
    if len(lowered) == len(masked):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in masked)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the text: a sentence (with its terminator) or a clause inside one."""

    start: int
    end: int
    sentence: int  # index of the sentence this span belongs to
    question: bool  # the sentence ends with a question mark


_SENTENCE_END = re.compile(r"(?:[!?;\n]|\.(?!\d))+|(?<=\s)-(?=\s)")
_CONNECTIVE = re.compile(r"\b(?:but|however|though|although|yet|whereas|maar|echter|alleen|doch)\b")


def sentences(norm: str) -> list[Span]:
    """Sentences of the normalised text, each including its terminating punctuation."""
    out: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(norm):
        if norm[start : match.start()].strip():
            out.append(Span(start, match.end(), len(out), "?" in match.group()))
        start = match.end()
    if norm[start:].strip():
        out.append(Span(start, len(norm), len(out), False))
    return out


def clauses(norm: str, sentence: Span) -> list[Span]:
    """The clauses of one sentence: split where 'but' / 'maar' turns the sentence around."""
    cuts = [sentence.start]
    for word in _CONNECTIVE.finditer(norm, sentence.start, sentence.end):
        cut = word.start()
        while cut > sentence.start and norm[cut - 1].isspace():
            cut -= 1  # step back over the space (and a comma) before the connective
        if cut == word.start():
            continue  # glued to the word before it: not a connective
        if cut > sentence.start and norm[cut - 1] == ",":
            cut -= 1
        if cut > sentence.start:
            cuts.append(cut)
    cuts.append(sentence.end)
    return [
        Span(a, b, sentence.sentence, sentence.question)
        for a, b in itertools.pairwise(cuts)
        if norm[a:b].strip()
    ]


_NL_WORDS = frozenset(
    """
    de het een en van ik je jij u uw we wij jullie niet geen maar dat die dit is zijn kan
    kunnen wil willen moet moeten met voor op aan bij ook nog wel dan als om te er prijs
    korting levering graag heel echt even dus want omdat zo hoe wat wie welke onze ons mijn
    hebben heb heeft wordt worden zal zullen gaan gaat doen doet deze bedankt dank sorry
    excuses klant offerte factuur afspraak
    """.split()
)
_EN_WORDS = frozenset(
    """
    the a an and of i you we our us my your they not no but that this is are be can could
    will would should must with for on at by also still then if to it there what which how
    who price discount delivery please really just so because since do does have has had am
    was were been get give offer thanks thank sorry customer quote invoice deal happy sure
    okay fine
    """.split()
)
FUNCTION_WORDS = _NL_WORDS | _EN_WORDS
_WORD = re.compile(r"[a-zà-ÿ']+")


def detect_language(norm: str) -> Lang:
    """The closest of Dutch and English by function words; ties go to English."""
    nl = en = 0
    for word in _WORD.findall(norm):
        if word in _NL_WORDS:
            nl += 1
        if word in _EN_WORDS:
            en += 1
    return "nl" if nl > en else "en"


_FORMAL = re.compile(r"\b(?:u|uw|uzelf|heeft u|kunt u|bent u|wilt u)\b")
_INFORMAL = re.compile(r"\b(?:je|jij|jou|jouw|jullie|jezelf|ge|gij|uw eigen)\b")


def dutch_register(norm: str) -> str:
    """``"u"`` (formal) or ``"je"`` (informal) for Dutch text; formal when unsure."""
    formal = len(_FORMAL.findall(norm))
    informal = len(_INFORMAL.findall(norm))
    return "je" if informal > formal else "u"
