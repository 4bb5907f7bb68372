"""What one salesperson message means for the deal: which concessions are new, what they are
worth, what is now on the table, and whether the seller caved or traded."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.customer.concessions import Concession, is_conditional, read_asks, read_concessions
from bot.customer.issue import Extra, Issue
from bot.customer.scenario import Scenario
from bot.customer.state import CustomerState
from bot.customer.vocabulary import Ask, ConcessionKind, IssueKind
from bot.footing.model import Assessment

_EPSILON = 1e-9
ISSUE_CONCESSION: dict[IssueKind, ConcessionKind] = {
    "percentage": "percentage",
    "amount": "amount",
    "days": "delivery",
    "items": "item",
}
CAVING_SIGNALS = frozenset({"unconditional_concession", "bare_concession"})
ACCEPTS_SIGNAL = "accepts_demand"
TRADE_SIGNAL = "conditional_trade"


@dataclass(frozen=True, slots=True)
class Reading:
    """The deal-relevant content of one message."""

    recorded: tuple[Concession, ...]  # new concessions, with turn, gain and worth filled in
    table_gain: float  # how favourable the seller's offer on the issue now is to the customer
    extras: tuple[str, ...]  # extras on the table after the message
    asks: tuple[Ask, ...]  # what the seller asks in return
    conditional: bool  # the message ties what it offers to something in return

    @property
    def caved(self) -> bool:
        """Gave something new without asking anything back."""
        return any(not c.conditional for c in self.recorded)

    @property
    def traded(self) -> bool:
        """Gave something new, but only in exchange for something."""
        return bool(self.recorded) and not self.caved


def read_turn(
    scenario: Scenario, state: CustomerState, text: str, assessment: Assessment, turn: int
) -> Reading:
    issue = scenario.issue
    signals = {evidence.signal for evidence in assessment.evidence}
    trade_signal = TRADE_SIGNAL in signals
    conditional = is_conditional(text) or trade_signal
    old_gain = issue.gain(state.terms.value)
    extras = list(state.terms.extras)
    recorded: list[Concession] = []
    best: Concession | None = None
    best_gain = old_gain

    for parsed in read_concessions(text):
        concession = replace(parsed, conditional=parsed.conditional or trade_signal, turn=turn)
        if concession.kind == "item":
            recorded.extend(_record_items(scenario, state, concession, extras))
            continue
        gain = issue_gain(issue, concession)
        if gain is None:
            worth = _off_issue_worth(scenario, concession)
            if worth > 0:
                recorded.append(replace(concession, worth=worth))
        elif gain > best_gain + _EPSILON:
            best, best_gain = concession, gain

    # Signals without a named size count only when the message reads as submissive: a
    # balanced "you're right, that was annoying" must not hand over the whole demand.
    submissive = assessment.stance == "submissive"
    demand_gain = issue.gain(state.demand)
    accepts = submissive and ACCEPTS_SIGNAL in signals and not recorded and best is None
    if accepts:  # "fine, you'll have it": everything asked, extras included
        demanded = [scenario.extra(extra_id) for extra_id in state.demand_extras]
        if issue.kind == "items":
            demanded += list(issue.items[: int(demand_gain + _EPSILON)])
        if demanded:
            accepted = replace(_accepted(issue, state, turn, conditional), kind="item", value=None)
            recorded.extend(_record_items(scenario, state, accepted, extras, demanded))
    if accepts and issue.kind != "items" and demand_gain > old_gain + _EPSILON:
        best_gain = demand_gain
        best = _accepted(issue, state, turn, conditional)
    if best is not None and issue.kind != "items":
        recorded.append(
            replace(
                best,
                gain=round(best_gain - old_gain, 6),
                worth=round(issue.money(best_gain) - issue.money(old_gain), 2),
            )
        )
    else:
        best_gain = old_gain
    if submissive and not recorded and signals & CAVING_SIGNALS and not conditional:
        recorded.append(  # heard as a concession, though no size was named
            Concession(
                kind=ISSUE_CONCESSION[issue.kind],
                value=None,
                label="unquantified",
                conditional=False,
                turn=turn,
                gain=0.0,
            )
        )

    if issue.kind == "items":
        table_gain = float(sum(1 for item in issue.items if item.id in extras))
    else:
        table_gain = best_gain
    return Reading(
        recorded=tuple(recorded),
        table_gain=table_gain,
        extras=tuple(extras),
        asks=read_asks(text),
        conditional=conditional,
    )


def _accepted(issue: Issue, state: CustomerState, turn: int, conditional: bool) -> Concession:
    return Concession(
        kind=ISSUE_CONCESSION[issue.kind],
        value=state.demand,
        label="accepted the demand",
        conditional=conditional,
        turn=turn,
    )


def issue_gain(issue: Issue, concession: Concession) -> float | None:
    """How favourable a numeric concession is to the customer on the issue; ``None`` when it
    is about something else (a discount in a delivery scenario, say)."""
    value = concession.value
    if value is None or issue.kind == "items":
        return None
    kind = concession.kind
    if issue.kind == "days":
        return issue.standard - value if kind == "delivery" else None
    if issue.kind == "percentage":
        if kind == "percentage":
            return value - issue.standard
        if kind == "amount":
            return round(value / issue.list_price * 100, 4)
        if kind == "price":
            return round((issue.list_price - value) / issue.list_price * 100, 4)
        return None
    if kind == "amount":
        return value - issue.standard
    if kind == "percentage":
        return round(issue.list_price * value / 100, 2)
    if kind == "price":
        return issue.list_price - value
    return None


def _off_issue_worth(scenario: Scenario, concession: Concession) -> float:
    value = concession.value or 0.0
    list_price = scenario.product.list_price
    if concession.kind == "percentage":
        return round(list_price * value / 100, 2)
    if concession.kind == "amount":
        return round(value, 2)
    if concession.kind == "price":
        return round(max(0.0, list_price - value), 2)
    return 0.0


def _record_items(
    scenario: Scenario,
    state: CustomerState,
    concession: Concession,
    extras: list[str],
    matched: list[Extra] | None = None,
) -> list[Concession]:
    """Free items named in the concession (or given as ``matched``), matched to the scenario's
    extras; each new one is added to ``extras`` and returned as a recorded concession."""
    issue = scenario.issue
    wanted = [e for e in scenario.extras if e.id in state.demand_extras]
    wanted += list(issue.items[: int(issue.gain(state.demand) + _EPSILON)])
    if matched is None:
        text = f"{concession.label} {concession.quote}"
        matched = [extra for extra in scenario.extras if extra.named_in(text)]
        if not concession.explicit:  # only "included": counts for what the customer asked
            matched = [extra for extra in matched if extra in wanted]
            if not matched:
                return []
    if not matched:
        pending = [extra for extra in wanted if extra.id not in extras]
        if pending:  # "we'll include that for free": the next thing the customer asked for
            matched = pending[:1]
    recorded: list[Concession] = []
    for extra in matched:
        if extra.id in extras:
            continue
        extras.append(extra.id)
        on_issue = issue.kind == "items" and extra in issue.items
        recorded.append(
            replace(concession, label=extra.id, gain=1.0 if on_issue else None, worth=extra.value)
        )
    if not matched and concession.label not in extras:
        extras.append(concession.label)
        recorded.append(concession)
    return recorded
