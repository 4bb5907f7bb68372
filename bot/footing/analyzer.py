"""The offline footing analyser: cues → signals → a verdict on Leary's Rose, with its evidence.

How it decides, in order:
1. Markup is masked and the text normalised without changing its length (``text.py``), so
   every span found points into the original text.
2. Each sentence is searched for the cues of its language (``lexicon_en`` / ``lexicon_nl``).
   A submissive cue preceded by a negation in its own clause is dropped ("we won't match").
3. Offers are found structurally per clause: something of value (a percentage, an amount,
   "free", an extra, a rush date) together with a giving verb or an acceptance word, and no
   negation. An offer is a ``conditional_trade`` when the same or a neighbouring sentence asks
   something back ("if you sign for two years", "in ruil voor"), otherwise an
   ``unconditional_concession``; a message that opens by accepting ("OK. 25% then.") is a
   ``bare_concession``. A refused value ("15% isn't possible") is a ``limit``, and an
   unconditional offer in a message that also refuses something is a counter-offer: it weighs
   half.
4. Each signal votes for its family (submissive, balanced, dominant) with its weight; repeats
   of one signal weigh half. Balanced starts with a small prior: a plain, neutral message is on
   equal footing. The family with most votes is the verdict. The axes are the summed pulls of
   the signals, squashed into [-1, 1] and kept consistent with the verdict.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from bot.errors import InputError
from bot.footing import lexicon_en, lexicon_nl
from bot.footing.feedback import advice_for, rewrite_for
from bot.footing.model import LANGS, Assessment, Evidence, Lang, Stance
from bot.footing.signals import SIGNALS, Family, Hit
from bot.footing.text import Span, clauses, detect_language, normalise, sentences

MAX_CHARS = 10_000
BALANCED_PRIOR = 0.35
_FAMILY_STANCE: dict[Family, Stance] = {"S": "submissive", "B": "balanced", "D": "dominant"}


@dataclass(frozen=True, slots=True)
class _Lexicon:
    cues: tuple[tuple[str, re.Pattern[str]], ...]
    reciprocity: re.Pattern[str]
    value: re.Pattern[str]
    gift: re.Pattern[str]
    give: re.Pattern[str]
    short_accept: re.Pattern[str]
    negation: re.Pattern[str]
    negation_exceptions: re.Pattern[str]
    bare_openers: re.Pattern[str]


@cache
def _lexicon(lang: Lang) -> _Lexicon:
    source = lexicon_nl if lang == "nl" else lexicon_en
    return _Lexicon(
        cues=tuple((name, re.compile(pattern)) for name, pattern in source.CUES),
        reciprocity=re.compile(source.RECIPROCITY),
        value=re.compile(source.VALUE),
        gift=re.compile(source.GIFT),
        short_accept=re.compile(source.SHORT_ACCEPT),
        give=re.compile(source.GIVE),
        negation=re.compile(source.NEGATION),
        negation_exceptions=re.compile(source.NEGATION_EXCEPTIONS),
        bare_openers=re.compile(source.BARE_OPENERS),
    )


def resolve_language(lang: str | None, norm: str) -> Lang:
    """A forced language ("nl", "nl-BE", "en_GB" …) or the detected one."""
    if lang is None or not lang.strip():
        return detect_language(norm)
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    if code in ("vls", "be"):
        code = "nl"
    if code not in LANGS:
        raise InputError(f"unsupported language {lang!r}: use 'nl' or 'en'")
    return "nl" if code == "nl" else "en"


def analyze(text: str, lang: str | None = None) -> Assessment:
    """Judge the footing of one salesperson message.

    Raises ``InputError`` for text that is not a string or holds nothing to analyse.
    Text longer than ``MAX_CHARS`` is analysed up to that cap, and a note says so.
    """
    if not isinstance(text, str):
        raise InputError("the message must be text")
    if not text.strip():
        raise InputError("the message is empty")
    notes: list[str] = []
    analysed = text
    if len(text) > MAX_CHARS:
        analysed = text[:MAX_CHARS]
        notes.append(f"analysed the first {MAX_CHARS:,} of {len(text):,} characters")
    norm = normalise(analysed)
    if not norm.strip():
        notes.append("only markup (mentions, links, code or quotes): nothing of your own to judge")
    language = resolve_language(lang, norm)
    hits = find_hits(norm, language)
    return _assess(text, norm, language, hits, tuple(notes))


def find_hits(norm: str, lang: Lang) -> list[Hit]:
    """Every signal found in the normalised text, as spans into it."""
    lex = _lexicon(lang)
    spans = sentences(norm)
    hits: list[Hit] = []
    for sentence in spans:
        chunk = norm[sentence.start : sentence.end]
        for name, pattern in lex.cues:
            for match in pattern.finditer(chunk):
                start, end = sentence.start + match.start(), sentence.start + match.end()
                if SIGNALS[name].family == "S" and _negated_before(norm, sentence, start, lex):
                    continue
                hits.append(Hit(name, *_trim(norm, start, end)))
    hits.extend(_offers(norm, spans, hits, lex))
    return _dedupe(_absorb_questions(hits, spans))


def _absorb_questions(hits: list[Hit], spans: list[Span]) -> list[Hit]:
    """A question that carries a put-down or a plea is that put-down or plea, not a question
    about the customer's needs ("Do you even know what it costs?")."""
    loaded = set()
    for sentence in spans:
        if any(
            SIGNALS[h.signal].family != "B" and sentence.start <= h.start < sentence.end
            for h in hits
        ):
            loaded.add(sentence.sentence)
    if not loaded:
        return hits
    return [
        h
        for h in hits
        if h.signal != "asks_need"
        or not any(s.sentence in loaded and s.start <= h.start < s.end for s in spans)
    ]


def _negated_before(norm: str, sentence: Span, start: int, lex: _Lexicon) -> bool:
    for clause in clauses(norm, sentence):
        if clause.start <= start < clause.end:
            before = lex.negation_exceptions.sub(
                lambda m: " " * len(m.group()), norm[clause.start : start]
            )
            return bool(lex.negation.search(before))
    return False


def _offers(norm: str, spans: list[Span], cue_hits: list[Hit], lex: _Lexicon) -> list[Hit]:
    """Concessions found structurally: value + giving word, not negated."""
    found: list[Hit] = []
    reciprocal = {s.sentence for s in spans if lex.reciprocity.search(norm, s.start, s.end)}
    refused = any(h.signal == "limit" for h in cue_hits)
    opener = bool(spans) and bool(lex.bare_openers.match(norm[spans[0].start : spans[0].end]))
    for sentence in spans:
        for clause in clauses(norm, sentence):
            piece = norm[clause.start : clause.end]
            cleaned = lex.negation_exceptions.sub(lambda m: " " * len(m.group()), piece)
            value = lex.value.search(piece) or lex.gift.search(piece)
            start, end = _trim(norm, clause.start, clause.end)
            negated = value is not None and _negates(cleaned, value.start(), value.end(), lex)
            if negated and not clause.question:
                found.append(Hit("limit", start, end))  # refusing something of value
                refused = True
            if not value or negated or clause.question:
                continue
            give = (
                lex.give.search(piece)
                or lex.gift.search(piece)
                or (len(piece.split()) <= 6 and lex.short_accept.search(piece))
            )
            if not give and not opener:
                continue
            near = {sentence.sentence - 1, sentence.sentence, sentence.sentence + 1}
            if near & reciprocal:
                found.append(Hit("conditional_trade", start, end))
            elif opener and sentence.sentence <= 2:
                first = spans[0]
                found.append(Hit("bare_concession", *_trim(norm, first.start, end)))
            else:
                found.append(Hit("unconditional_concession", start, end))
    if refused:  # a concession next to a refusal is a counter-offer: it weighs half
        found = [
            Hit(h.signal, h.start, h.end, 0.5) if h.signal == "unconditional_concession" else h
            for h in found
        ]
    return found


_WORDS_BEFORE, _WORDS_AFTER = 5, 6


def _negates(cleaned: str, start: int, end: int, lex: _Lexicon) -> bool:
    """Is the value at ``cleaned[start:end]`` negated: a negation among the few words before it
    ("we can't do 15%") or right after it ("15% isn't possible", "15% zit er niet in")?"""
    before = " ".join(cleaned[:start].split()[-_WORDS_BEFORE:])
    after = " ".join(cleaned[end:].split()[:_WORDS_AFTER])
    return bool(lex.negation.search(before) or lex.negation.search(after))


_EDGE = " \t\r\n.,;:!?-\"'()"


def _trim(norm: str, start: int, end: int) -> tuple[int, int]:
    while start < end and norm[start] in _EDGE:
        start += 1
    while end > start and norm[end - 1] in _EDGE:
        end -= 1
    return start, end


def _dedupe(hits: list[Hit]) -> list[Hit]:
    """Drop a hit contained in another hit of the same signal; keep the text's order."""
    hits = sorted(hits, key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[Hit] = []
    for hit in hits:
        if any(
            k.signal == hit.signal and k.start <= hit.start and hit.end <= k.end for k in kept
        ):
            continue
        kept.append(hit)
    return kept


def _assess(
    text: str, norm: str, lang: Lang, hits: list[Hit], notes: tuple[str, ...]
) -> Assessment:
    scores: dict[Family, float] = {"S": 0.0, "B": BALANCED_PRIOR, "D": 0.0}
    dominance = affiliation = 0.0
    seen: dict[str, int] = {}
    for hit in hits:
        signal = SIGNALS[hit.signal]
        repeat = 0.5 if seen.get(hit.signal) else 1.0
        seen[hit.signal] = seen.get(hit.signal, 0) + 1
        factor = repeat * hit.weight
        scores[signal.family] += signal.weight * factor
        dominance += signal.dominance * factor
        affiliation += signal.affiliation * factor
    family = max(scores, key=lambda f: (scores[f], f == "B"))
    stance = _FAMILY_STANCE[family]
    dom_axis = math.tanh(dominance * 1.5)
    if stance == "submissive":
        dom_axis = min(dom_axis, -0.25)
    elif stance == "dominant":
        dom_axis = max(dom_axis, 0.25)
    else:
        dom_axis = max(-0.3, min(0.3, dom_axis))
    aff_axis = math.tanh(affiliation * 1.5 + (0.1 if stance != "dominant" else -0.1))
    ranked = sorted(scores.values(), reverse=True)
    margin = (ranked[0] - ranked[1]) / (ranked[0] + ranked[1] + 0.2)
    confidence = 0.45 if not hits else 0.5 + 0.45 * margin
    evidence = tuple(
        Evidence(
            start=h.start,
            end=h.end,
            quote=text[h.start : h.end],
            signal=h.signal,
            dominance=round(SIGNALS[h.signal].dominance * h.weight, 3),
            affiliation=round(SIGNALS[h.signal].affiliation * h.weight, 3),
        )
        for h in hits
    )
    habits = _habits(stance, hits)
    return Assessment(
        stance=stance,
        dominance=round(dom_axis, 3),
        affiliation=round(aff_axis, 3),
        confidence=round(min(0.95, confidence), 3),
        lang=lang,
        evidence=evidence,
        advice=advice_for(stance, hits, lang, norm),
        rewrite=rewrite_for(text, norm, stance, hits, lang),
        habits=habits,
        notes=notes,
    )


def _habits(stance: Stance, hits: list[Hit]) -> tuple[str, ...]:
    """The habits this message calls for: those of the signals that pulled it off balance."""
    if stance == "balanced":
        return ()
    family: Family = "S" if stance == "submissive" else "D"
    ordered: list[str] = [stance]
    for hit in sorted(hits, key=lambda h: -SIGNALS[h.signal].weight):
        signal = SIGNALS[hit.signal]
        if signal.family == family and signal.habit.value not in ordered:
            ordered.append(signal.habit.value)
    return tuple(ordered)
