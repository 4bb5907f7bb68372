"""The demanding customer: a deterministic engine that owns the customer's state.

Each salesperson turn is read for its footing (an :class:`~bot.footing.model.Assessment`) and
for what it gives away; the engine then decides trust, pressure, patience, the next demand, the
tactic in play and the outcome. Wording is separate: :func:`word` renders the chosen offline
line, and a language model may word the same :class:`Move` instead.

The reward structure follows the coaching model: caving is rewarded with a bigger demand,
domineering costs trust and patience and ends in a walk-out, and holding firm with respect
lowers the pressure and leads to a fair deal. Same seed and same inputs give the same states
and the same lines.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, replace

from bot.customer.concessions import Concession
from bot.customer.errors import CustomerError, SessionOverError
from bot.customer.model import Decision, Move
from bot.customer.reading import ISSUE_CONCESSION, Reading, read_turn
from bot.customer.scenario import Profile, Scenario, load_scenario
from bot.customer.state import CustomerState, HistoryEntry, Terms
from bot.customer.turn_kind import classify_turn
from bot.customer.valuation import deal_worth, too_much
from bot.customer.vocabulary import (
    DIFFICULTIES,
    Difficulty,
    Intent,
    Outcome,
    Tactic,
    TurnKind,
    WalkReason,
)
from bot.customer.wording import choose_line, load_lines, word_line
from bot.footing.model import LANGS, Assessment, Lang, Stance

logger = logging.getLogger(__name__)

_EPSILON = 1e-9
_CAVE_TRUST_SHARE = 0.25  # caving wins the seller only a little trust


@dataclass(frozen=True, slots=True)
class _Step:
    """The engine's decision before a line is chosen for it."""

    state: CustomerState
    intent: Intent
    topic: str | None = None
    outcome: Outcome | None = None
    reason: WalkReason | None = None


def start(
    scenario_id: str, difficulty: Difficulty = "normal", lang: Lang = "en", seed: int = 0
) -> tuple[CustomerState, str]:
    """Open a role-play: the first state and the customer's opening line."""
    if difficulty not in DIFFICULTIES:
        raise CustomerError(f"unknown difficulty {difficulty!r}; use {', '.join(DIFFICULTIES)}")
    if lang not in LANGS:
        raise CustomerError(f"unknown language {lang!r}; use {', '.join(LANGS)}")
    scenario = load_scenario(scenario_id)
    profile = scenario.profile(difficulty)
    issue = scenario.issue
    state = CustomerState(
        scenario_id=scenario.id,
        scenario_version=scenario.version,
        difficulty=difficulty,
        lang=lang,
        seed=seed,
        turn=0,
        trust=profile.trust,
        pressure=profile.pressure,
        patience=profile.patience,
        demand=issue.opening,
        demand_extras=(),
        terms=Terms(value=issue.standard),
        given=(),
        received=(),
        tactics_used=scenario.plan(difficulty)[:1],
        used_line_ids=(),
        outcome=None,
        history=(),
        dominant_streak=0,
        balanced_turns=0,
        escalations=0,
    )
    decision = _finish(scenario, _Step(state, "open", scenario.id), kind=None, stance=None)
    logger.debug("started %s/%s/%s seed=%s", scenario.id, difficulty, lang, seed)
    return decision.state, word(decision.move, decision.state)


def decide(state: CustomerState, text: str, assessment: Assessment | None) -> Decision:
    """The customer's reaction to one salesperson message, and the state after it.

    ``assessment`` is the message's footing; it may be ``None`` only where there is nothing to
    score (an empty message, which the analyser refuses). Empty, garbled and role-breaking
    messages get an in-character answer and leave the negotiation as it was (an empty or
    garbled one costs a little patience).
    """
    if state.outcome is not None:
        raise SessionOverError(f"this role-play already ended ({state.outcome})")
    scenario = _scenario(state)
    profile = scenario.profile(state.difficulty)
    turn = state.turn + 1
    current = replace(state, turn=turn)
    kind = classify_turn(text)
    stance: Stance | None = None
    recorded: tuple[Concession, ...] = ()
    if kind == "role_break":
        step = _Step(current, "stay_in_role")
    elif kind in ("empty", "garbled"):
        step = _stalled(current, profile, kind)
    else:
        if assessment is None:
            raise CustomerError("a message needs its footing assessment")
        stance = assessment.stance
        reading = read_turn(scenario, state, text, assessment, turn)
        recorded = reading.recorded
        step = _negotiate(scenario, profile, current, reading, assessment)
    if step.outcome is None and turn >= profile.max_turns:
        step = _walk_out(step.state, "time")
    return _finish(scenario, step, kind=kind, stance=stance, concessions=recorded)


def word(move: Move, state: CustomerState) -> str:
    """The offline wording of ``move``; ``state`` is the state the move produced."""
    return word_line(move.line_id, _scenario(state), state)


def respond(state: CustomerState, text: str, assessment: Assessment | None) -> tuple[Decision, str]:
    """:func:`decide` and :func:`word` in one call."""
    decision = decide(state, text, assessment)
    return decision, word(decision.move, decision.state)


def stop(state: CustomerState) -> CustomerState:
    """End the session at the salesperson's request; a finished session stays as it was."""
    if state.outcome is not None:
        return state
    return replace(state, outcome="stopped")


# --- the dynamics -------------------------------------------------------------------------


def _negotiate(
    scenario: Scenario,
    profile: Profile,
    state: CustomerState,
    reading: Reading,
    assessment: Assessment,
) -> _Step:
    issue = scenario.issue
    asks = state.terms.asks + tuple(a for a in reading.asks if a not in state.terms.asks)
    terms = Terms(value=issue.value_at(reading.table_gain), extras=reading.extras, asks=asks)
    state = replace(state, terms=terms, given=state.given + reading.recorded)
    scale = 0.5 + 0.5 * _clamp(assessment.confidence)
    if assessment.stance == "dominant":
        return _domineered(state, profile, scale)
    if reading.caved:
        return _caved(scenario, profile, state, scale)
    if assessment.stance == "submissive":
        return _pleaded(scenario, profile, state, reading, scale)
    return _held_firm(scenario, profile, state, reading, scale)


def _domineered(state: CustomerState, profile: Profile, scale: float) -> _Step:
    """Domineering costs trust and patience; repeated, it ends the talk."""
    trust_loss = profile.trust_loss * scale
    patience_loss = profile.patience_loss * scale
    state = replace(
        state,
        trust=_clamp(state.trust - trust_loss),
        patience=_clamp(state.patience - patience_loss),
        pressure=_clamp(state.pressure + profile.pressure_gain * 0.5 * scale),
        dominant_streak=state.dominant_streak + 1,
    )
    if (
        state.dominant_streak >= profile.walkout_streak
        or state.trust <= profile.walkout_trust + _EPSILON
        or state.patience <= _EPSILON
    ):
        return _walk_out(state, "dominance")
    if (
        state.dominant_streak == profile.walkout_streak - 1
        or state.trust - trust_loss <= profile.walkout_trust + _EPSILON
        or state.patience - patience_loss <= _EPSILON
    ):
        return _Step(state, "warn")
    return _Step(state, "bristle")


def _caved(scenario: Scenario, profile: Profile, state: CustomerState, scale: float) -> _Step:
    """Value given for nothing: a little trust, more pressure, and a bigger demand."""
    issue = scenario.issue
    state = replace(
        state,
        trust=_clamp(state.trust + profile.trust_gain * _CAVE_TRUST_SHARE * scale),
        pressure=_clamp(state.pressure + profile.pressure_gain),
        dominant_streak=0,
    )
    if state.demand_extras:  # the last-minute demand was granted
        return _accept(scenario, replace(state, demand_extras=()))
    table_gain = _table_gain(scenario, state)
    demand_gain = issue.gain(state.demand)
    at_ceiling = demand_gain >= issue.gain(issue.max_demand) - _EPSILON
    met = table_gain >= demand_gain - _EPSILON
    if met and (state.escalations >= profile.max_escalations or at_ceiling):
        return _accept(scenario, state)
    if state.escalations < profile.max_escalations and not at_ceiling:
        bump = max(issue.granularity, issue.step * profile.escalation * (0.5 + state.pressure))
        raised = issue.snap(max(demand_gain, table_gain) + bump)
        if raised <= table_gain + _EPSILON:  # already offered the most it would ask
            return _accept(scenario, state)
        state = replace(state, demand=issue.value_at(raised), escalations=state.escalations + 1)
        return _Step(state, "escalate", state.tactic)
    return _Step(state, "insist", state.tactic)


def _pleaded(
    scenario: Scenario,
    profile: Profile,
    state: CustomerState,
    reading: Reading,
    scale: float,
) -> _Step:
    """Submissive without giving anything new: the customer smells weakness and pushes on."""
    issue = scenario.issue
    progress = bool(reading.recorded)
    state = replace(
        state,
        trust=_clamp(state.trust + profile.trust_gain * _CAVE_TRUST_SHARE * scale),
        pressure=_clamp(state.pressure + profile.pressure_gain * scale),
        patience=state.patience if progress else _clamp(state.patience - profile.stall_cost),
        dominant_streak=0,
    )
    if state.patience <= _EPSILON:
        return _walk_out(state, "patience")
    if state.demand_extras:
        return _Step(state, "insist", "last_minute")
    demand_gain = issue.gain(state.demand)
    if state.escalations < profile.max_escalations:
        bump = max(issue.granularity, issue.step * profile.escalation * 0.5)
        raised = issue.snap(demand_gain + bump)
        if raised > demand_gain + _EPSILON:
            state = replace(state, demand=issue.value_at(raised), escalations=state.escalations + 1)
    following = _next_tactic(scenario, state)
    if following is not None:
        state = replace(state, tactics_used=(*state.tactics_used, following))
        return _Step(state, "press", following)
    return _Step(state, "insist", state.tactic)


def _held_firm(
    scenario: Scenario,
    profile: Profile,
    state: CustomerState,
    reading: Reading,
    scale: float,
) -> _Step:
    """Firm and respectful: pressure drops, trust grows, and the customer moves toward a fair
    deal, accepting it after a few such turns (or at once when the seller's terms meet it)."""
    issue = scenario.issue
    state = replace(
        state,
        trust=_clamp(state.trust + profile.trust_gain * scale),
        pressure=_clamp(state.pressure - profile.pressure_relief * scale),
        patience=_clamp(state.patience + profile.stall_cost * 0.5),
        dominant_streak=0,
        balanced_turns=state.balanced_turns + 1,
    )
    traded = reading.conditional or bool(reading.asks)
    table_gain = _table_gain(scenario, state)
    demand_gain = issue.gain(state.demand)
    target = min(demand_gain, max(issue.gain(issue.fair), table_gain))
    if demand_gain > target + _EPSILON:
        lowered = max(
            target,
            issue.snap(
                demand_gain
                - max(issue.granularity, (demand_gain - target) * profile.yield_rate * scale)
            ),
        )
        given_up = Concession(
            kind=ISSUE_CONCESSION[issue.kind],
            value=issue.value_at(lowered),
            label="lowered the demand",
            conditional=traded,
            turn=state.turn,
            gain=round(demand_gain - lowered, 6),
            worth=round(issue.money(demand_gain) - issue.money(lowered), 2),
        )
        state = replace(state, demand=issue.value_at(lowered), received=(*state.received, given_up))
        demand_gain = lowered

    if state.demand_extras:  # the seller held firm on the last-minute demand: it is dropped
        dropped = tuple(
            Concession(
                kind="item",
                value=None,
                label=extra_id,
                conditional=traded,
                turn=state.turn,
                worth=scenario.extra(extra_id).value,
            )
            for extra_id in state.demand_extras
        )
        state = replace(state, demand_extras=(), received=state.received + dropped)
        return _accept(scenario, state)

    walk_away_gain = issue.gain(scenario.customer.walk_away)
    ready = state.balanced_turns >= profile.deal_after and state.trust >= profile.deal_trust
    met = (
        table_gain > _EPSILON
        and table_gain >= demand_gain - _EPSILON
        and table_gain >= walk_away_gain - _EPSILON
    )
    if ready or met:
        if _last_minute_planned(scenario, state):
            extra = _last_minute_extra(scenario, state)
            state = replace(
                state,
                tactics_used=(*state.tactics_used, "last_minute"),
                demand_extras=(extra,),
            )
            return _Step(state, "press", "last_minute")
        return _accept(scenario, state)
    following = _next_tactic(scenario, state)
    if following is not None and state.trust < profile.deal_trust:
        state = replace(state, tactics_used=(*state.tactics_used, following))
        return _Step(state, "press", following)
    if table_gain > _EPSILON:
        return _Step(state, "counter", state.tactic)
    return _Step(state, "soften", state.tactic)


def _stalled(state: CustomerState, profile: Profile, kind: TurnKind) -> _Step:
    """An empty or garbled message: nothing moves but the customer's patience."""
    state = replace(state, patience=_clamp(state.patience - profile.stall_cost))
    if state.patience <= _EPSILON:
        return _walk_out(state, "patience")
    return _Step(state, "confused", kind)


def _accept(scenario: Scenario, state: CustomerState) -> _Step:
    """The customer agrees: on the seller's terms where they reach the customer's walk-away
    point, else on the fair compromise the scenario defines."""
    issue = scenario.issue
    table_gain = _table_gain(scenario, state)
    walk_away_gain = issue.gain(scenario.customer.walk_away)
    extras = state.terms.extras
    value = state.terms.value
    if table_gain < walk_away_gain - _EPSILON:
        value = issue.fair
        if issue.kind == "items":
            settled = [item.id for item in issue.items[: int(issue.gain(value) + _EPSILON)]]
            extras = extras + tuple(i for i in settled if i not in extras)
    if issue.kind == "items":
        value = issue.value_at(float(sum(1 for item in issue.items if item.id in extras)))
    terms = replace(state.terms, value=value, extras=extras)
    granted = tuple(
        Concession(kind="term", value=None, label=ask, conditional=True, turn=state.turn)
        for ask in terms.asks
    )
    state = replace(state, terms=terms, demand=value, received=state.received + granted)
    outcome: Outcome = "gave_too_much" if too_much(scenario, state) else "fair_deal"
    state = replace(state, outcome=outcome)
    logger.debug(
        "deal in %s: %s, worth %.2f", scenario.id, outcome, deal_worth(scenario, state.terms)
    )
    intent: Intent = "accept_too_much" if outcome == "gave_too_much" else "accept"
    return _Step(state, intent, None, outcome)


def _walk_out(state: CustomerState, reason: WalkReason) -> _Step:
    return _Step(replace(state, outcome="walk_out"), "walk_out", reason, "walk_out", reason)


# --- helpers ------------------------------------------------------------------------------


def _finish(
    scenario: Scenario,
    step: _Step,
    *,
    kind: TurnKind | None,
    stance: Stance | None,
    concessions: tuple[Concession, ...] = (),
) -> Decision:
    """Choose the line for the step, record it, and package the decision."""
    state = step.state
    rng = random.Random(state.seed * 1_000_003 + state.turn)
    line = choose_line(
        load_lines(state.lang), step.intent, step.topic, scenario.id, state.used_line_ids, rng
    )
    entry = HistoryEntry(
        turn=state.turn,
        kind=kind or "opening",
        stance=stance,
        intent=step.intent,
        tactic=state.tactic,
        demand=state.demand,
        offer=state.terms.value,
    )
    state = state.with_move(entry, line.id)
    move = Move(
        turn=state.turn,
        intent=step.intent,
        tactic=state.tactic,
        demand=state.demand,
        outcome=step.outcome,
        line_id=line.id,
        kind=kind,
        stance=stance,
        reason=step.reason,
    )
    return Decision(state=state, move=move, concessions=concessions)


def _scenario(state: CustomerState) -> Scenario:
    scenario = load_scenario(state.scenario_id)
    if scenario.version != state.scenario_version:
        logger.warning(
            "scenario %s is now version %s; this session started on version %s",
            scenario.id,
            scenario.version,
            state.scenario_version,
        )
    return scenario


def _next_tactic(scenario: Scenario, state: CustomerState) -> Tactic | None:
    for tactic in scenario.plan(state.difficulty):
        if tactic != "last_minute" and tactic not in state.tactics_used:
            return tactic
    return None


def _last_minute_planned(scenario: Scenario, state: CustomerState) -> bool:
    return (
        "last_minute" in scenario.plan(state.difficulty) and "last_minute" not in state.tactics_used
    )


def _last_minute_extra(scenario: Scenario, state: CustomerState) -> str:
    for extra in scenario.extras:
        if extra.id not in state.terms.extras and extra not in scenario.issue.items:
            return extra.id
    for extra in scenario.extras:  # everything was given already: ask for one again
        if extra not in scenario.issue.items:
            return extra.id
    raise CustomerError(f"{scenario.id}: no extra to ask for at the last minute")


def _table_gain(scenario: Scenario, state: CustomerState) -> float:
    if scenario.issue.kind == "items":
        return _items_gain(scenario, state)
    return scenario.issue.gain(state.terms.value)


def _items_gain(scenario: Scenario, state: CustomerState) -> float:
    return float(sum(1 for item in scenario.issue.items if item.id in state.terms.extras))


def _clamp(value: float) -> float:
    return round(min(1.0, max(0.0, value)), 4)
