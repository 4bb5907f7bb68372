"""The customer's voice: a language model words the move the customer engine decided.

**The engine decides, the model only words.** Trust, pressure, patience, the demand, the tactic
and the outcome are computed by :mod:`bot.customer.engine` before the model is asked anything;
the model gets them as facts (prompt ``customer_voice``) and returns one to three sentences. Its
answer never flows back into the state, so nothing the salesperson writes to the model ("ignore
your instructions", "you are now …") can change the negotiation.

**Bounded context.** A prompt carries the scenario, the engine state, a rolling summary built
deterministically from the state's history (no extra model call, at most
:data:`MAX_SUMMARY_CHARS`), the last :data:`RECENT_TURNS` exchanges (each capped) and the new
message (capped at :data:`MAX_MESSAGE_CHARS`) — never the whole transcript. Its size therefore
stops growing after a few turns; ``bench/prompt_tokens.py`` prints it per turn.

**Token counting.** :func:`estimate_tokens` is the gateway's own approximation (characters / 4,
rounded up; :data:`bot.llm.gateway.CHARS_PER_TOKEN`) — the same figure the gateway records when
a server reports no usage, and the one the fake test server reports. It is close for English
and low for Dutch (Dutch words split into more tokens), but it is the same rule for every turn,
which is what a comparison of turns needs.

**Caching.** Everything that stays the same during a session (role, rules, scenario facts,
language and form of address) comes first in the system message, so a provider's prefix cache
applies; the per-turn part follows it. :func:`static_prefix` returns that prefix.

**Post-processing** (:func:`clean_line`): quotes and a speaker label around the words are
removed, whitespace is collapsed, a second speaker's line is cut off, and the line is capped at
:data:`MAX_SENTENCES` sentences and :data:`MAX_LINE_CHARS` characters. Rejected as
:class:`~bot.llm.errors.InvalidModelOutput` — which means: use the offline line — are empty
output; output that falls out of the role (talk of AI, prompts, the engine's numbers or
vocabulary) or speaks for the salesperson; output that names the customer's private walk-away
figure when nothing in the turn mentions it; output that closes a deal the engine did not make;
output in the wrong language; and Dutch in the wrong form of address (*u* / *je*).

:func:`word` never raises for model trouble: every failure gives the offline line, flagged as a
fallback. :func:`stream` does the same while streaming — see :class:`VoiceStream`.
"""

from __future__ import annotations

import contextlib
import logging
import math
import re
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Final, Literal, cast

from bot.customer.model import Decision, Exchange
from bot.customer.scenario import Scenario, load_scenario
from bot.customer.state import CustomerState
from bot.customer.vocabulary import INTENTS, TACTICS, Ask, Register
from bot.customer.wording import placeholder_values
from bot.identity import UserKey
from bot.llm.errors import BudgetExhausted, InvalidModelOutput, LLMError, ModelUnavailable
from bot.llm.gateway import CHARS_PER_TOKEN, Gateway
from bot.llm.prompts import Prompt, RenderedPrompt, load_prompt, neutralise_tag

logger = logging.getLogger(__name__)

VOICE_PROMPT_ID: Final = "customer_voice"
RECENT_TURNS: Final = 4
"""How many earlier exchanges a prompt quotes word for word."""
EARLIER_MOVES: Final = 6
"""How many moves before the quoted ones the rolling summary lists one by one."""
MAX_SUMMARY_CHARS: Final = 900
MAX_MESSAGE_CHARS: Final = 2_000
"""Only this much of the salesperson's new message is sent (the rest is marked as cut)."""
MAX_RECENT_SELLER_CHARS: Final = 500
MAX_RECENT_CUSTOMER_CHARS: Final = 400
MAX_SENTENCES: Final = 3
MAX_LINE_CHARS: Final = 480
CORRECTION_MARKER: Final = "\n\n— "
"""Put before the offline line when a stream that was already shown had to be replaced."""

LANGUAGE_NAMES: Final = {"en": "English", "nl": "Dutch"}
_ADDRESS: Final = {
    None: "none (English has only one)",
    "u": "u (formal)",
    "je": "je (informal)",
}
_ASK_WORDS: Final[dict[Ask, str]] = {
    "volume": "a larger volume",
    "longer_contract": "a longer contract",
    "prepayment": "payment up front",
    "reference": "a reference case",
    "flexible_delivery": "flexible delivery",
    "quick_signature": "a signature this week",
}
_NO_MESSAGE: Final = "(no message is available for this turn; answer the move)"
_NO_RECENT: Final = "(none quoted)"
_CUT_NOTE: Final = " […]"

Source = Literal["model", "offline"]


@dataclass(frozen=True, slots=True)
class VoiceResult:
    """The customer's words for one move, and how they came about.

    ``fallback_reason`` is an :class:`~bot.llm.errors.Outcome` value, ``"offline"`` (no model
    configured) or ``"invalid_output"`` when the offline line was used; ``budget_notice`` is True
    when the daily budget ran out just now and the user should be told once."""

    text: str
    source: Source
    fallback_reason: str | None = None
    budget_notice: bool = False
    prompt_ref: str | None = None

    @property
    def fallback(self) -> bool:
        return self.source == "offline"


# --- building the prompt ---------------------------------------------------------------------


def estimate_tokens(text: str) -> int:
    """Characters / :data:`~bot.llm.gateway.CHARS_PER_TOKEN`, rounded up (see the module text)."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def prompt_tokens(rendered: RenderedPrompt) -> int:
    """The estimated prompt tokens of both messages, as the gateway would estimate them."""
    return estimate_tokens(rendered.system + rendered.user)


def voice_prompt() -> Prompt:
    return load_prompt(VOICE_PROMPT_ID)


def register_of(scenario: Scenario, state: CustomerState) -> Register | None:
    """The Dutch form of address of this session (``"u"`` or ``"je"``), None in English."""
    return scenario.register if state.lang == "nl" else None


def session_variables(scenario: Scenario, state: CustomerState) -> dict[str, str]:
    """The variables that stay the same for the whole session (the cached prefix)."""
    lang = state.lang
    values = placeholder_values(scenario, state)
    issue = scenario.issue
    walk_away_state = _with_demand(state, scenario.customer.walk_away)
    walk_away = placeholder_values(scenario, walk_away_state)["demand"]
    facts = [
        f"{key.replace('_', ' ')}: {value}"
        for key, value in sorted(scenario.placeholders[lang].items())
    ]
    extras = [extra.name[lang] for extra in scenario.extras if extra not in issue.items]
    if extras:
        facts.append("extras you could ask for at no cost: " + "; ".join(extras))
    register = register_of(scenario, state)
    return {
        "customer_name": scenario.customer.name,
        "customer_role": scenario.customer.role[lang],
        "company": scenario.customer.company,
        "product": values["product"],
        "list_price": values["list_price"],
        "customer_need": _one_line(scenario.customer.need[lang]),
        "walk_away": walk_away,
        "difficulty": state.difficulty,
        "tactic_plan": ", ".join(scenario.plan(state.difficulty)),
        "scenario_facts": "; ".join(facts) + ".",
        "language_name": LANGUAGE_NAMES[lang],
        "address": _ADDRESS[register],
    }


def voice_variables(
    decision: Decision,
    *,
    offline_line: str,
    seller_text: str | None,
    recent: Sequence[Exchange] = (),
    recent_limit: int | None = RECENT_TURNS,
) -> dict[str, str]:
    """Every variable of the ``customer_voice`` prompt for ``decision``.

    ``recent`` are earlier exchanges of the session (any number, any order); only the last
    ``recent_limit`` before the move's turn are quoted (``None`` quotes them all, uncapped —
    what sending the whole transcript would cost; used by the benchmark only)."""
    state = decision.state
    move = decision.move
    scenario = load_scenario(state.scenario_id)
    quoted = _quoted(recent, move.turn, recent_limit)
    values = placeholder_values(scenario, state)
    variables = session_variables(scenario, state)
    variables.update(
        turn=str(move.turn),
        trust=_level(state.trust),
        pressure=_level(state.pressure),
        patience=_level(state.patience),
        demand=_demand(values, state),
        terms=_terms(scenario, state, values),
        intent=move.intent,
        tactic=move.tactic or "none",
        outcome=_outcome(decision),
        reference_line=_one_line(offline_line),
        summary=rolling_summary(state, {exchange.turn for exchange in quoted}),
        recent_turns=_render_recent(
            quoted, scenario.customer.name, capped=recent_limit is not None
        ),
        message=_message(seller_text),
    )
    return variables


def render_voice(
    decision: Decision,
    *,
    offline_line: str,
    seller_text: str | None,
    recent: Sequence[Exchange] = (),
    recent_limit: int | None = RECENT_TURNS,
) -> RenderedPrompt:
    """The voice prompt exactly as it would be sent for ``decision``."""
    variables = voice_variables(
        decision,
        offline_line=offline_line,
        seller_text=seller_text,
        recent=recent,
        recent_limit=recent_limit,
    )
    return voice_prompt().render(variables)


def static_prefix(rendered: RenderedPrompt) -> str:
    """The part of the system message that stays the same for a whole session."""
    marker = "## This turn"
    index = rendered.system.find(marker)
    return rendered.system if index < 0 else rendered.system[:index]


def rolling_summary(state: CustomerState, quoted_turns: Collection[int] = ()) -> str:
    """A short account of the talk so far, from the state alone: deterministic, capped at
    :data:`MAX_SUMMARY_CHARS`, in English with the figures worded in the session's language.
    Moves whose turn is in ``quoted_turns`` are quoted elsewhere in the prompt and are not
    listed; the current move is described elsewhere too."""
    scenario = load_scenario(state.scenario_id)
    issue = scenario.issue
    opening = placeholder_values(scenario, _with_demand(state, issue.opening))["demand"]
    now = placeholder_values(scenario, state)["demand"]
    scored = [entry.stance for entry in state.history if entry.stance is not None]
    lines = [
        f"{state.turn} salesperson turn(s) so far. You opened asking {opening}; "
        f"you now ask {now}; you raised your demand {state.escalations} time(s).",
    ]
    if scored:
        counts = ", ".join(f"{stance} {scored.count(stance)}" for stance in _STANCE_ORDER)
        lines.append(
            f"The salesperson's footing over the last {len(scored)} scored turn(s): {counts}."
        )
    if state.tactics_used:
        lines.append("Tactics you have used: " + ", ".join(state.tactics_used) + ".")
    unconditional = sum(1 for concession in state.given if not concession.conditional)
    lines.append(
        f"Concessions by the salesperson: {len(state.given)} "
        f"({unconditional} without anything in return); by you: {len(state.received)}."
    )
    earlier = [
        entry
        for entry in state.history
        if entry.turn < state.turn and entry.turn not in quoted_turns
    ][-EARLIER_MOVES:]
    moves: list[str] = []
    for entry in earlier:
        if entry.kind == "opening":
            moves.append(f"turn 0: you opened ({entry.tactic or 'no tactic'})")
            continue
        what = entry.stance or entry.kind.replace("_", " ")
        tactic = f", {entry.tactic}" if entry.tactic else ""
        demand = placeholder_values(scenario, _with_demand(state, entry.demand))["demand"]
        moves.append(
            f"turn {entry.turn}: salesperson {what}, you {entry.intent}{tactic}, demand {demand}"
        )
    summary = "\n".join(lines)
    while moves:
        candidate = summary + "\nEarlier moves: " + "; ".join(moves) + "."
        if len(candidate) <= MAX_SUMMARY_CHARS:
            summary = candidate
            break
        moves.pop(0)
    if len(summary) > MAX_SUMMARY_CHARS:
        summary = summary[: MAX_SUMMARY_CHARS - 1].rstrip() + "…"
    return summary


_STANCE_ORDER: Final = ("balanced", "submissive", "dominant")


def _with_demand(state: CustomerState, demand: float) -> CustomerState:
    return replace(state, demand=demand, demand_extras=())


def _level(value: float) -> str:
    word = "low" if value < 0.34 else "medium" if value < 0.67 else "high"
    return f"{value:.2f} ({word})"


def _demand(values: Mapping[str, str], state: CustomerState) -> str:
    demand = values["demand"]
    if state.demand_extras:
        demand += f", and on top of that, at the last minute: {values['extra']}"
    return demand


def _terms(scenario: Scenario, state: CustomerState, values: Mapping[str, str]) -> str:
    lang = state.lang
    issue = scenario.issue
    terms = state.terms
    parts: list[str] = []
    if terms.value == issue.standard and not terms.extras:
        parts.append("the standard terms; nothing offered yet")
    else:
        parts.append(values["offer"])
    known = {extra.id: extra for extra in scenario.extras}
    loose = [
        known[extra_id].name[lang] if extra_id in known else extra_id
        for extra_id in terms.extras
        if not any(item.id == extra_id for item in issue.items)
    ]
    if loose:
        parts.append("included at no cost: " + ", ".join(loose))
    if terms.asks:
        parts.append("asked in return: " + ", ".join(_ASK_WORDS[ask] for ask in terms.asks))
    return "; ".join(parts)


def _outcome(decision: Decision) -> str:
    move = decision.move
    if move.outcome is None:
        return "none"
    if move.outcome == "walk_out" and move.reason is not None:
        return f"walk_out (reason: {move.reason})"
    return move.outcome


def _quoted(recent: Sequence[Exchange], turn: int, limit: int | None) -> list[Exchange]:
    """The exchanges before ``turn``, one per turn (the latest wins), oldest first."""
    by_turn = {exchange.turn: exchange for exchange in recent if exchange.turn < turn}
    ordered = [by_turn[key] for key in sorted(by_turn)]
    if limit is None:
        return ordered
    return ordered[-limit:] if limit > 0 else []


def _render_recent(quoted: Sequence[Exchange], customer_name: str, *, capped: bool) -> str:
    if not quoted:
        return _NO_RECENT
    lines: list[str] = []
    for exchange in quoted:
        seller = _one_line(exchange.seller) or "(nothing)"
        customer = _one_line(exchange.customer)
        if capped:
            seller = _cap_chars(seller, MAX_RECENT_SELLER_CHARS)
            customer = _cap_chars(customer, MAX_RECENT_CUSTOMER_CHARS)
        # The quoted text must not pose as the new message either.
        seller = neutralise_tag(seller, "message")
        customer = neutralise_tag(customer, "message")
        lines.append(f"Turn {exchange.turn}, salesperson: {seller}")
        lines.append(f"Turn {exchange.turn}, you ({customer_name}): {customer}")
    return "\n".join(lines)


def _message(seller_text: str | None) -> str:
    if seller_text is None or not seller_text.strip():
        return _NO_MESSAGE
    return _cap_chars(seller_text.strip(), MAX_MESSAGE_CHARS)


def _cap_chars(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - len(_CUT_NOTE)].rstrip() + _CUT_NOTE


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- checking the model's words --------------------------------------------------------------

_OPEN_QUOTES: Final = "\"'“‘„‚«‹「"
_CLOSE_QUOTES: Final = "\"'”’“‘»›」"
_GENERIC_SPEAKERS: Final = (
    "customer",
    "the customer",
    "client",
    "buyer",
    "klant",
    "de klant",
    "koper",
    "inkoper",
    "aankoper",
    "assistant",
    "ai",
)
_SELLER_LABEL: Final = re.compile(
    r"(?:^|\n)\s*[*_]{0,2}(?:salesperson|sales ?rep|seller|account ?manager|verkoper|"
    r"verkoopster|vertegenwoordiger|user|gebruiker|you|jij|u)[*_]{0,2}\s*:",
    re.IGNORECASE,
)
_OUT_OF_ROLE: Final = re.compile(
    r"""
    \bas\s+an?\s+(?:ai|artificial\s+intelligence|language\s+model|assistant|chatbot|bot)\b
    | \b(?:i\s+am|i'm)\s+(?:just\s+)?(?:an?\s+)?
        (?:ai|language\s+model|chatbot|virtual\s+assistant)\b
    | \blanguage\s+model\b | \btaalmodel\b | \bopenai\b | \bchatgpt\b | \bgpt-?\d
    | \bsystem\s*prompt\b | \bsysteemprompt\b
    | \b(?:my|these)\s+instructions\b | \b(?:mijn|deze)\s+instructies\b
    | \bals\s+(?:een\s+)?(?:ai|taalmodel|chatbot|assistent)\b
    | \bik\s+ben\s+(?:maar\s+)?een\s+(?:ai|taalmodel|chatbot|assistent)\b
    | \bi\s+(?:cannot|can't|can\s+not|am\s+unable\s+to)\s+(?:assist|comply)\b
    | \brole-?\s?play\w*\b | \brollenspel\w*\b
    | \bnoblesse\b | \bgame\s+engine\b
    | \b(?:trust|pressure|patience|vertrouwen|druk|geduld)\s*(?:[:=]|is|of|van)?\s*0[.,]\d
    | \b(?:intent|tactic|outcome|reference\s+line)\s*[:=]
    | </?\s*(?:message|recent_turns)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
_CLOSING: Final = re.compile(
    r"""
    (?:^|[.!?]\s+)
    (?:(?:fine|ok|okay|good|great|all\s+right|alright|right|then|well|goed|prima|oké|oke|dan|nou)
        \s*,?\s+)*
    (?:deal|agreed|it's\s+a\s+deal|that's\s+a\s+deal|we\s+have\s+a\s+deal
      |you(?:\s+have|'ve\s+got)\s+a\s+deal
      |we\s+hebben\s+een\s+deal|(?:het|dat)\s+is\s+een\s+deal|(?:we\s+zijn|zijn\s+we)\s+rond
      |afgesproken|akkoord)
    \s*[.!]
    """,
    re.IGNORECASE | re.VERBOSE,
)
"""A sentence that only closes a deal ("Deal!", "Fine, we have a deal.", "Dan zijn we rond."):
allowed only when the engine's outcome is a deal. Conditional offers ("15% and it's a deal")
are in character and pass."""
_VOCABULARY: Final = re.compile(
    r"\b(?:" + "|".join(sorted({w for w in (*INTENTS, *TACTICS) if "_" in w})) + r")\b"
)
_SENTENCE_END: Final = re.compile(r"[.!?…]+[\"'”’»)]*(?=\s|$)")
_WORD: Final = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_ENGLISH: Final = frozenset(
    "the and you your yours to of for with this that not are will would what can have it "
    "i'm you're don't we're our".split()
)
_DUTCH: Final = frozenset(
    "de het een en je jij jou jouw u uw niet dat dit met voor van naar ook wat ik zijn wij "
    "ons onze maar geen nog wel".split()
)
_FORMAL: Final = re.compile(r"\b(?:u|uw|uzelf)\b", re.IGNORECASE)
_INFORMAL: Final = re.compile(r"\b(?:jij|jou|jouw|jezelf)\b", re.IGNORECASE)
_GENERIC_JE: Final = re.compile(r"\bje\b", re.IGNORECASE)
""""je" is also impersonal ("zo spreek je een klant niet aan"): once is not yet informal."""


def speaker_names(scenario: Scenario, lang: str) -> tuple[str, ...]:
    """Labels a model may put in front of the customer's words."""
    name = scenario.customer.name
    first = name.split()[0]
    role = scenario.customer.role.en if lang == "en" else scenario.customer.role.nl
    return (name, first, role, *_GENERIC_SPEAKERS)


def _speaker_prefix(names: Sequence[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(
        rf"^\s*[*_]{{0,2}}(?:{alternatives})(?:\s*\([^)\n]{{0,40}}\))?[*_]{{0,2}}\s*[:：]"
        rf"\s*[*_]{{0,2}}\s*",
        re.IGNORECASE,
    )


def _tidy(raw: str, names: Sequence[str]) -> str:
    """Strip fences, a speaker label, wrapping quotes and emphasis; cut a second speaker's line;
    collapse whitespace. Prefix-stable: tidying a longer stream extends the tidied shorter one
    (apart from the last few characters), which lets a stream show text as it comes."""
    text = raw.replace("```", "")
    for label in _SELLER_LABEL.finditer(text):
        if text[: label.start()].strip():
            text = text[: label.start()]
            break
    text = text.lstrip()
    text = _speaker_prefix(names).sub("", text, count=1)
    text = text.replace("**", "").replace("__", "")
    text = " ".join(text.split())
    if text[:1] and text[0] in _OPEN_QUOTES:
        text = text[1:].lstrip()
        if text[-1:] and text[-1] in _CLOSE_QUOTES:
            text = text[:-1].rstrip()
    return text


def _cap(text: str) -> str:
    """At most :data:`MAX_SENTENCES` sentences and :data:`MAX_LINE_CHARS` characters."""
    ends = [match.end() for match in _SENTENCE_END.finditer(text)]
    if len(ends) > MAX_SENTENCES:
        text = text[: ends[MAX_SENTENCES - 1]]
    if len(text) > MAX_LINE_CHARS:
        fitting = [end for end in ends if end <= MAX_LINE_CHARS]
        if fitting:
            text = text[: fitting[-1]]
        else:
            text = text[: MAX_LINE_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text.strip()


def _drop_unfinished(text: str) -> str:
    """A line cut off at the token limit: keep its complete sentences, or nothing."""
    ends = [match.end() for match in _SENTENCE_END.finditer(text)]
    if ends and ends[-1] == len(text):
        return text
    return text[: ends[-1]].strip() if ends else ""


def _language_mismatch(text: str, lang: str) -> bool:
    words = [word.lower() for word in _WORD.findall(text)]
    english = sum(word in _ENGLISH for word in words)
    dutch = sum(word in _DUTCH for word in words)
    if lang == "nl":
        return english >= 3 and english > 2 * dutch
    return dutch >= 3 and dutch > 2 * english


def _register_mismatch(text: str, register: Register | None) -> bool:
    """Dutch in the other form of address: *u* where *je* is wanted, or clearly informal
    address (*jij*, *jouw* …, or *je* more than once) where *u* is wanted."""
    if register is None:
        return False
    formal = len(_FORMAL.findall(text))
    informal = len(_INFORMAL.findall(text))
    generic = len(_GENERIC_JE.findall(text))
    if register == "u":
        return formal == 0 and (informal > 0 or generic >= 2)
    return formal > 0 and informal + generic == 0


def out_of_role(text: str) -> bool:
    """True when the text talks as an AI, about prompts or the game, or leaks the engine's
    numbers or vocabulary."""
    return bool(_OUT_OF_ROLE.search(text) or _VOCABULARY.search(text))


def _speaks_as_seller(raw: str) -> bool:
    """The answer opens with the salesperson's label: the model wrote the other side's line."""
    label = _SELLER_LABEL.match(raw.replace("```", "").lstrip())
    return label is not None


_FIGURE: Final = re.compile(r"\d+(?:[.,]\d+)*(?:\s?%)?")


_PERCENT: Final = r"\s?(?:%|procent\b|percent\b)"


def _figure_pattern(figure: str) -> re.Pattern[str]:
    """``figure`` as a whole number in a text: "4%" matches "4 %" and "4 procent", not "14%"
    or "4.5%"; "10" matches "10 days", not "10%" or "100"."""
    number = figure.rstrip("% ")
    tail = _PERCENT if figure.endswith("%") else f"(?!{_PERCENT})"
    return re.compile(rf"(?<![\d.,]){re.escape(number)}(?!\d|[.,]\d){tail}", re.IGNORECASE)


def guarded_figures(
    scenario: Scenario, state: CustomerState, known: Sequence[str]
) -> tuple[str, ...]:
    """The figures of the customer's private walk-away point that none of the ``known`` texts
    (the move's facts, what the salesperson wrote) mentions: a line naming one of them gives
    the secret away."""
    secret = placeholder_values(scenario, _with_demand(state, scenario.customer.walk_away))
    figures = dict.fromkeys(match.group(0) for match in _FIGURE.finditer(secret["demand"]))
    return tuple(
        figure
        for figure in figures
        if not any(_figure_pattern(figure).search(text) for text in known)
    )


def _leaks(text: str, guarded: Sequence[str]) -> bool:
    return any(_figure_pattern(figure).search(text) for figure in guarded)


def clean_line(
    raw: str,
    *,
    lang: str,
    register: Register | None,
    names: Sequence[str],
    truncated: bool = False,
    guarded: Sequence[str] = (),
    deal: bool = True,
) -> str:
    """The model's answer as the customer's line, or :class:`InvalidModelOutput` when it is not
    usable (see the module docstring). ``truncated`` says the answer hit the token limit;
    ``guarded`` are figures the line must not name (see :func:`guarded_figures`); ``deal`` says
    whether the engine closed a deal this turn (if not, the line may not claim one)."""
    if _speaks_as_seller(raw):
        raise InvalidModelOutput("speaks for the salesperson")
    text = _tidy(raw, names)
    if truncated:
        text = _drop_unfinished(text)
    text = _cap(text)
    if not text or not any(char.isalpha() for char in text):
        raise InvalidModelOutput("empty line")
    if text[:1] in "{[<":
        raise InvalidModelOutput("not a spoken line")
    if out_of_role(text):
        raise InvalidModelOutput("out of role")
    if _language_mismatch(text, lang):
        raise InvalidModelOutput("wrong language")
    if _register_mismatch(text, register):
        raise InvalidModelOutput("wrong form of address")
    if _leaks(text, guarded):
        raise InvalidModelOutput("gives the walk-away point away")
    if not deal and _CLOSING.search(text):
        raise InvalidModelOutput("claims a deal the engine did not make")
    return text


# --- asking the model --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Request:
    prompt: Prompt
    variables: dict[str, str]
    lang: str
    register: Register | None
    names: tuple[str, ...]
    guarded: tuple[str, ...]
    deal: bool


def _request(
    decision: Decision, offline_line: str, seller_text: str | None, recent: Sequence[Exchange]
) -> _Request:
    state = decision.state
    scenario = load_scenario(state.scenario_id)
    variables = voice_variables(
        decision, offline_line=offline_line, seller_text=seller_text, recent=recent
    )
    known = (
        offline_line,
        variables["demand"],
        variables["terms"],
        seller_text or "",
        *(exchange.seller for exchange in recent),
    )
    return _Request(
        prompt=voice_prompt(),
        variables=variables,
        lang=state.lang,
        register=register_of(scenario, state),
        names=speaker_names(scenario, state.lang),
        guarded=guarded_figures(scenario, state, known),
        deal=decision.move.outcome in ("fair_deal", "gave_too_much"),
    )


def _fallback_of(exc: LLMError, offline_line: str) -> VoiceResult:
    if isinstance(exc, BudgetExhausted):
        return VoiceResult(offline_line, "offline", exc.outcome.value, budget_notice=exc.notify)
    if isinstance(exc, ModelUnavailable):
        return VoiceResult(offline_line, "offline", exc.outcome.value)
    reason = exc.reason if isinstance(exc, InvalidModelOutput) else type(exc).__name__
    logger.info("customer voice fell back: %s", reason)
    return VoiceResult(offline_line, "offline", "invalid_output")


async def word(
    gateway: Gateway | None,
    decision: Decision,
    *,
    offline_line: str,
    seller_text: str | None,
    recent: Sequence[Exchange] = (),
    user: UserKey,
    tenant: str | None = None,
) -> VoiceResult:
    """The customer's words for ``decision``: the model's, checked, or ``offline_line``.

    Never raises for model trouble (timeouts, 429, 5xx, garbage, an open circuit, a spent
    budget, an unusable answer): the result is then ``offline_line``, flagged as a fallback."""
    if gateway is None:
        return VoiceResult(offline_line, "offline", "offline")
    request = _request(decision, offline_line, seller_text, recent)
    try:
        completion = await gateway.complete(
            request.prompt, request.variables, user=user, tenant=tenant
        )
        text = clean_line(
            completion.text,
            lang=request.lang,
            register=request.register,
            names=request.names,
            truncated=completion.truncated,
            guarded=request.guarded,
            deal=request.deal,
        )
    except LLMError as exc:
        return _fallback_of(exc, offline_line)
    logger.info("customer voice: model line, prompt=%s", request.prompt.ref)
    return VoiceResult(text, "model", prompt_ref=request.prompt.ref)


def stream(
    gateway: Gateway,
    decision: Decision,
    *,
    offline_line: str,
    seller_text: str | None,
    recent: Sequence[Exchange] = (),
    user: UserKey,
    tenant: str | None = None,
    on_done: Callable[[VoiceResult], None] | None = None,
) -> VoiceStream:
    """Stream the customer's words for ``decision``; see :class:`VoiceStream`."""
    request = _request(decision, offline_line, seller_text, recent)

    def open_stream() -> AsyncIterator[str]:
        return gateway.stream(request.prompt, request.variables, user=user, tenant=tenant)

    return VoiceStream(open_stream, request=request, offline_line=offline_line, on_done=on_done)


_HEAD_HOLD: Final = 40
"""Characters held back at the start of a stream until a speaker label can be recognised."""
_TAIL_HOLD: Final = 16
"""Characters held back at the end of what has arrived (a closing quote, a second speaker)."""


class VoiceStream:
    """The customer's words as they arrive: an async iterator of display chunks.

    How to use it: show the chunks as they come; when the iteration ends, :attr:`result` holds
    the line to **store** (and to show, where a surface can edit what it showed):

    * the model streamed a usable line: the chunks add up to ``result.text`` (check
      :attr:`corrected`: in rare cases — a line cut at the length cap after more was shown —
      the shown text differs slightly and should be replaced by ``result.text``);
    * the model failed before anything was shown (timeout, 429, 5xx, open circuit, budget,
      unusable answer): the one chunk is the offline line, and ``result`` is the offline line;
    * the stream broke off, or the finished answer proved unusable, **after** text was shown:
      the last chunk is :data:`CORRECTION_MARKER` followed by the offline line, ``result`` is
      the offline line and :attr:`corrected` is True. A surface that can edit its message
      replaces everything it showed with ``result.text``; one that cannot keeps the marker.

    Iterating never raises :class:`~bot.llm.errors.LLMError`. Stop early with :meth:`aclose`
    (the model call is then closed and recorded as cancelled)."""

    def __init__(
        self,
        open_stream: Callable[[], AsyncIterator[str]],
        *,
        request: _Request,
        offline_line: str,
        on_done: Callable[[VoiceResult], None] | None = None,
    ) -> None:
        self._open = open_stream
        self._request = request
        self._offline = offline_line
        self._on_done = on_done
        self._iterator = self._run()
        self.result: VoiceResult | None = None
        self.corrected = False
        self.shown = ""

    def __aiter__(self) -> VoiceStream:
        return self

    async def __anext__(self) -> str:
        return await self._iterator.__anext__()

    async def aclose(self) -> None:
        await self._iterator.aclose()

    def _tidied(self, raw: str) -> str:
        return _cap(_tidy(raw, self._request.names))

    def _displayable(self, raw: str) -> str:
        """What of ``raw`` may be shown now: tidied, capped, without the held-back tail; all of
        it once the sentence cap is reached (nothing after that can change it)."""
        if len(raw) < _HEAD_HOLD or _speaks_as_seller(raw):
            return ""
        text = self._tidied(raw)
        if out_of_role(text) or _leaks(text, self._request.guarded):
            return ""
        ends = [m.end() for m in _SENTENCE_END.finditer(text) if m.end() < len(text)]
        if len(ends) >= MAX_SENTENCES:
            return text[: ends[MAX_SENTENCES - 1]]
        return text[: max(0, len(text) - _TAIL_HOLD)]

    def _finish(self, result: VoiceResult) -> None:
        self.result = result
        if self._on_done is not None:
            self._on_done(result)

    async def _run(self) -> AsyncGenerator[str, None]:
        request = self._request
        raw = ""
        stopped = False
        failure: VoiceResult | None = None
        try:
            # Gateway.stream is an async generator; closing it closes the HTTP stream at once.
            opened = cast(AsyncGenerator[str, None], self._open())
            async with contextlib.aclosing(opened) as chunks:
                async for chunk in chunks:
                    raw += chunk
                    if stopped:
                        continue  # read to the end, so that the call is recorded as finished
                    visible = self._displayable(raw)
                    if not visible.startswith(self.shown):
                        stopped = True
                        continue
                    piece = visible[len(self.shown) :]
                    if piece:
                        self.shown = visible
                        yield piece
        except LLMError as exc:
            failure = _fallback_of(exc, self._offline)
        if failure is None:
            limit = request.prompt.max_tokens
            try:
                text = clean_line(
                    raw,
                    lang=request.lang,
                    register=request.register,
                    names=request.names,
                    truncated=limit is not None and estimate_tokens(raw) >= limit - 2,
                    guarded=request.guarded,
                    deal=request.deal,
                )
            except InvalidModelOutput as exc:
                failure = _fallback_of(exc, self._offline)
            else:
                if text.startswith(self.shown):
                    rest = text[len(self.shown) :]
                    if rest:
                        self.shown = text
                        yield rest
                else:
                    self.corrected = True
                self._finish(VoiceResult(text, "model", prompt_ref=request.prompt.ref))
                return
        if self.shown:
            self.corrected = True
            yield CORRECTION_MARKER + self._offline
        else:
            self.shown = self._offline
            yield self._offline
        self._finish(failure)
