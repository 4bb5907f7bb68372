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
import re._parser as _sre_parser  # the standard library's own pattern parser
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from bot.errors import InputError
from bot.footing import lexicon_en, lexicon_nl
from bot.footing.feedback import advice_for, rewrite_for
from bot.footing.learned import feature_spans, features, routine_model, shipped_model
from bot.footing.model import LANGS, STANCES, Assessment, Evidence, Lang, Stance
from bot.footing.signals import SIGNALS, Family, Hit
from bot.footing.text import FUNCTION_WORDS, Span, clauses, detect_language, normalise, sentences

MAX_CHARS = 10_000
BALANCED_PRIOR = 0.35
MAX_REPEATS = 3  # occurrences of one signal that count towards the verdict
COUNTER_OFFER_WEIGHT = 0.5  # a concession next to a refusal is a counter-offer
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
    hypothetical: re.Pattern[str]
    closing: re.Pattern[str]
    words_after: int


@cache
def _lexicon(lang: Lang) -> _Lexicon:
    source = lexicon_nl if lang == "nl" else lexicon_en
    return _Lexicon(
        cues=_grouped(source.CUES),
        reciprocity=_guarded(source.RECIPROCITY),
        value=_guarded(source.VALUE),
        gift=_guarded(source.GIFT),
        short_accept=_guarded(source.SHORT_ACCEPT),
        give=_guarded(source.GIVE),
        negation=_guarded(source.NEGATION),
        negation_exceptions=_guarded(source.NEGATION_EXCEPTIONS),
        bare_openers=re.compile(source.BARE_OPENERS),
        hypothetical=re.compile(source.HYPOTHETICAL),
        closing=re.compile(source.CLOSING),
        words_after=source.NEGATION_WORDS_AFTER,
    )


def _guarded(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled with its word-boundary alternatives behind a first-letter guard."""
    at_word = [alt[2:] for alt in _alternatives(pattern) if alt.startswith(r"\b")]
    other = [alt for alt in _alternatives(pattern) if not alt.startswith(r"\b")]
    return re.compile(_joined(at_word, other))


def _grouped(cues: tuple[tuple[str, str], ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One alternation per signal, in the order signals first appear: far fewer regex calls per
    sentence than one pattern per cue (cues of one signal never need overlapping matches)."""
    by_signal: dict[str, tuple[list[str], list[str]]] = {}
    for name, pattern in cues:
        at_word, other = by_signal.setdefault(name, ([], []))
        for alternative in _alternatives(pattern):
            if alternative.startswith(r"\b") and not alternative.startswith(r"\b|"):
                at_word.append(alternative[2:])
            else:
                other.append(alternative)
    return tuple(
        (name, re.compile(_joined(at_word, other))) for name, (at_word, other) in by_signal.items()
    )


def _joined(at_word: list[str], other: list[str]) -> str:
    """``\\b(?:a|b)|(?:c)``: one word-boundary test, then alternatives that the regex engine can
    reject by their first letter."""
    parts = []
    if at_word:
        first = _first_letters(at_word)
        guard = f"(?=[{re.escape(first)}])" if first else ""
        parts.append(guard + r"\b(?:" + "|".join(at_word) + ")")
    if other:
        parts.append("(?:" + "|".join(other) + ")")
    return "|".join(parts)


def _first_letters(alternatives: list[str]) -> str | None:
    """The characters any of ``alternatives`` can start with, or None if that cannot be told.
    A lookahead on them lets the regex engine skip most positions before trying a long
    alternation (about a third faster on the biggest cue groups)."""
    chars: set[str] = set()
    for alternative in alternatives:
        try:
            parsed = list(_sre_parser.parse(alternative))
        except re.error:
            return None
        first = _first_of(parsed)
        if first is None:
            return None
        chars |= first
    return "".join(sorted(chars))


def _first_of(items: list[tuple[object, object]]) -> set[str] | None:
    if not items:
        return None
    op, arg = items[0]
    name = str(op)
    if name == "AT":  # a zero-width boundary: the next item decides
        return _first_of(items[1:])
    if name in ("MAX_REPEAT", "MIN_REPEAT") and arg[0] == 0:  # type: ignore[index]
        optional = _first_of(list(arg[2]))  # type: ignore[index]
        rest = _first_of(items[1:])
        return None if optional is None or rest is None else optional | rest
    if name == "LITERAL":
        return {chr(arg)}  # type: ignore[arg-type]
    if name == "SUBPATTERN":
        return _first_of(list(arg[-1]))  # type: ignore[index]
    if name == "BRANCH":
        out: set[str] = set()
        for branch in arg[1]:  # type: ignore[index]
            first = _first_of(list(branch))
            if first is None:
                return None
            out |= first
        return out
    if name == "IN":
        out = set()
        for kind, value in arg:  # type: ignore[attr-defined]
            if str(kind) == "LITERAL":
                out.add(chr(value))
            elif str(kind) == "RANGE":
                out |= {chr(c) for c in range(value[0], value[1] + 1)}
            else:
                return None
        return out
    if name in ("MAX_REPEAT", "MIN_REPEAT") and arg[0] >= 1:  # type: ignore[index]
        return _first_of(list(arg[2]))  # type: ignore[index]
    return None


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern (split at ``|`` outside groups and classes)."""
    out: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":
                i += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out


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
        parts: list[Span] | None = None
        for name, pattern in lex.cues:
            for match in pattern.finditer(chunk):
                start, end = sentence.start + match.start(), sentence.start + match.end()
                if SIGNALS[name].family == "S":
                    parts = parts if parts is not None else clauses(norm, sentence)
                    if _negated_before(norm, parts, start, lex):
                        continue
                hits.append(Hit(name, *_trim(norm, start, end)))
    hits.extend(_offers(norm, spans, hits, lex))
    hits.extend(_closings(norm, spans, hits, lex))
    return _dedupe(_absorb_questions(_drop_mock_offers(hits, spans), spans))


def _drop_mock_offers(hits: list[Hit], spans: list[Span]) -> list[Hit]:
    """A sarcastic offer ("Oh sure, let me just waive the whole invoice") gives nothing."""
    mocking = {
        s.sentence
        for s in spans
        for h in hits
        if h.signal == "sarcasm" and s.start <= h.start < s.end
    }
    if not mocking:
        return hits
    return [
        h
        for h in hits
        if h.signal not in ("unconditional_concession", "bare_concession")
        or not any(s.sentence in mocking and s.start <= h.start < s.end for s in spans)
    ]


# Balanced moves that make a flat statement of terms a limit rather than a closed door.
_SOFTENERS = frozenset({"reason", "alternative", "asks_need", "next_step", "conditional_trade"})


def _closings(norm: str, spans: list[Span], hits: list[Hit], lex: _Lexicon) -> list[Hit]:
    """Sentences that state terms as settled ("The quote stands.", "Lead time is six weeks."):
    a ``limit`` in a message that also gives a reason or an option, an ``ultimatum`` when they
    stand alone and so close the matter."""
    found = [
        Hit("closing", *_trim(norm, s.start, s.end))
        for s in spans
        if not s.question and lex.closing.search(norm[s.start : s.end])
    ]
    if not found:
        return []
    softened = any(h.signal in _SOFTENERS or SIGNALS[h.signal].family == "S" for h in hits)
    name = "limit" if softened else "ultimatum"
    return [Hit(name, h.start, h.end) for h in found]


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


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _negated_before(norm: str, parts: list[Span], start: int, lex: _Lexicon) -> bool:
    """Is there a negation earlier in the clause (``parts``: the sentence's clauses)?"""
    for clause in parts:
        if clause.start <= start < clause.end:
            before = norm[clause.start : start]
            if not lex.negation.search(before):
                return False
            return bool(lex.negation.search(lex.negation_exceptions.sub(_blank, before)))
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
            value = lex.value.search(piece) or lex.gift.search(piece)
            if value is None:
                continue
            if lex.hypothetical.search(piece, 0, value.start()):
                continue  # someone else's number, a wish, the customer's own request
            cleaned = lex.negation_exceptions.sub(_blank, piece)
            start, end = _trim(norm, clause.start, clause.end)
            negated = _negates(cleaned, value.start(), value.end(), lex)
            if negated and not clause.question:
                found.append(Hit("limit", start, end))  # refusing something of value
                refused = True
            if negated or clause.question:
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
            Hit(h.signal, h.start, h.end, COUNTER_OFFER_WEIGHT)
            if h.signal == "unconditional_concession"
            else h
            for h in found
        ]
    return found


_WORDS_BEFORE = 5


def _negates(cleaned: str, start: int, end: int, lex: _Lexicon) -> bool:
    """Is the value at ``cleaned[start:end]`` negated: a negation among the few words before it
    ("we can't do 15%") or right after it ("15% isn't possible", "15% zit er niet in"), within
    the same comma-separated part of the clause?"""
    before = " ".join(cleaned[:start].rsplit(",", 1)[-1].split()[-_WORDS_BEFORE:])
    after = " ".join(cleaned[end:].split(",", 1)[0].split()[: lex.words_after])
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
        if any(k.signal == hit.signal and k.start <= hit.start and hit.end <= k.end for k in kept):
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
        if seen.get(hit.signal, 0) >= MAX_REPEATS:
            continue  # a cue said ten times is not ten times as strong
        repeat = 0.5 if seen.get(hit.signal) else 1.0
        seen[hit.signal] = seen.get(hit.signal, 0) + 1
        factor = repeat * hit.weight
        scores[signal.family] += signal.weight * factor
        dominance += signal.dominance * factor
        affiliation += signal.affiliation * factor
    family = max(scores, key=lambda f: (scores[f], f == "B"))
    stance = _FAMILY_STANCE[family]
    model = shipped_model()
    probabilities: dict[Stance, float] | None = None
    wording: list[Evidence] = []
    if model is not None:
        feats = features(norm, lang, hits)
        probabilities = _blend(model.probabilities(feats), scores, _decisive(hits))
        stance = max(STANCES, key=lambda s: probabilities[s] if probabilities else 0.0)
        routine = _routine(feats, hits) if stance != "balanced" else None
        if routine is not None:
            stance = "balanced"
            rest = (1.0 - routine) / 2
            probabilities = {"submissive": rest, "balanced": routine, "dominant": rest}
        if stance != "balanced" and not any(
            SIGNALS[h.signal].family == ("S" if stance == "submissive" else "D") for h in hits
        ):
            wording = _wording_evidence(text, norm, model.contributions(feats, stance), stance)
    dom_axis = math.tanh(dominance * 1.5)
    if stance == "submissive":
        dom_axis = min(dom_axis, -0.25)
    elif stance == "dominant":
        dom_axis = max(dom_axis, 0.25)
    else:
        dom_axis = max(-0.3, min(0.3, dom_axis))
    aff_axis = math.tanh(affiliation * 1.5 + (0.1 if stance != "dominant" else -0.1))
    if probabilities is not None:
        confidence = probabilities[stance]
    else:
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
    evidence = tuple(sorted((*evidence, *wording), key=lambda e: (e.start, e.end)))
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


RULE_SHARE = 0.2  # how much the rules' own vote weighs beside the learned layer
RULE_SHARPNESS = 2.0  # how decisive a margin in the rules' votes is


# Signals that settle a verdict by themselves in the coaching model ("conditional concessions
# are balanced", an ultimatum is dominant, accepting their number is submissive).
DECISIVE = frozenset({"conditional_trade", "ultimatum", "threat", "bare_concession", "pleading"})
DECISIVE_RULE_SHARE = 0.5


ROUTINE_THRESHOLD = 0.65


def _routine(feats: dict[str, float], hits: list[Hit]) -> float | None:
    """How surely this is an everyday message (thanks, scheduling, a document) with nothing
    off balance in it — plain wording is on an equal footing, whatever the stance model makes
    of its words; None when it is not."""
    gate = routine_model()
    if gate is None or any(SIGNALS[h.signal].family in ("S", "D") for h in hits):
        return None
    chance = gate.probabilities(feats)["routine"]
    return chance if chance > ROUTINE_THRESHOLD else None


def _decisive(hits: list[Hit]) -> bool:
    """True when decisive signals were found, all pointing the same way."""
    families = {SIGNALS[h.signal].family for h in hits if h.signal in DECISIVE}
    return len(families) == 1


def _blend(
    learned: Mapping[str, float], votes: dict[Family, float], decisive: bool = False
) -> dict[Stance, float]:
    """The learned layer's probabilities, with the rules' votes mixed in (a weighted geometric
    mean): textbook cases the rules know well keep their verdict, wording decides the rest.
    Where decisive signals all point one way, the rules weigh as much as the learned layer."""
    share = DECISIVE_RULE_SHARE if decisive else RULE_SHARE
    # in log space, with floors: a message that repeats one cue a thousand times must not
    # overflow or reach log(0)
    rule_logits = {_FAMILY_STANCE[f]: RULE_SHARPNESS * v for f, v in votes.items()}
    rule_norm = _log_sum_exp(rule_logits.values())
    logits = {
        s: (1 - share) * math.log(max(learned[s], _FLOOR)) + share * (rule_logits[s] - rule_norm)
        for s in STANCES
    }
    norm = _log_sum_exp(logits.values())
    return {s: math.exp(v - norm) for s, v in logits.items()}


_FLOOR = 1e-12


def _log_sum_exp(values: Iterable[float]) -> float:
    items = list(values)
    top = max(items)
    return top + math.log(sum(math.exp(v - top) for v in items))


_WORDING_PULL: dict[Stance, tuple[float, float]] = {
    "submissive": (-0.3, 0.1),
    "dominant": (0.3, -0.3),
    "balanced": (0.0, 0.2),
}


def _wording_evidence(
    text: str, norm: str, ranked: list[tuple[str, float]], stance: Stance, limit: int = 2
) -> list[Evidence]:
    """Where the rules found no signal for the verdict, quote the words the learned layer
    weighed most for it (word pairs first, as they read better)."""
    found: list[Evidence] = []
    dominance, affiliation = _WORDING_PULL[stance]
    spans = feature_spans(norm)
    for name, weight in ranked:
        if weight <= 0 or len(found) >= limit:
            break
        if name not in spans:
            continue
        words = name[2:].split("_")
        if all(w in FUNCTION_WORDS or len(w) < 3 or w.isdigit() for w in words):
            continue
        start, end = spans[name]
        if any(e.start < end and start < e.end for e in found):
            continue
        found.append(Evidence(start, end, text[start:end], "wording", dominance, affiliation))
    return found


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
