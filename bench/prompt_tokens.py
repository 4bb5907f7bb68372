"""Prompt tokens per turn of the customer's voice, against sending the whole transcript.

Plays a 40-turn role-play offline (no model, no server: it only renders prompts) and prints,
per turn, the prompt tokens of the ``customer_voice`` prompt as it would be sent — the scenario,
the engine state, a rolling summary, the last four exchanges and the new message — beside the
same prompt carrying the whole transcript instead of the last four exchanges.

Tokens are estimated as characters / 4, rounded up: the gateway's own estimate
(``bot.llm.voice.estimate_tokens``). The engine ends every session by its fifteenth turn, so to
look further the script replays the engine's own non-final moves after that, with the turn
counter, the history and the concessions carried forward: the prompt is built exactly as it
would be for such a long session.

    python bench/prompt_tokens.py [--turns 40] [--scenario price_squeeze] [--lang en]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace
from pathlib import Path

if __package__ in (None, ""):  # run as a script from a checkout: make ``bot`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.figures import Figure, report
from bot.customer import engine
from bot.customer.model import Decision
from bot.customer.state import HISTORY_LIMIT
from bot.footing import analyze
from bot.llm.prompts import RenderedPrompt
from bot.llm.voice import Exchange, estimate_tokens, prompt_tokens, render_voice, static_prefix

SELLER_MESSAGES = {
    "en": (
        "I hear you on the budget, and I want to keep working with you. Before we talk "
        "numbers: what matters most to you in this renewal?",
        "A lower price is possible if we fix the term. Sign for three years and I can take 4% off.",
        "I can't match that quote without knowing what's in it. Does it cover the same "
        "response times and the winter call-outs?",
        "No, 15% doesn't work for us. What we can do is 5% with payment up front.",
        "I understand your finance director is pushing. Let's see what gives you a saving "
        "without cutting the service you rely on.",
        "If you add the two new sites to the contract, the price per site comes down by 6%.",
        "Friday is tight, but I can have a proposal on your desk by Thursday if we agree "
        "on the main points today.",
        "Happy to talk to your finance director with you. The offer stays the same: 5% for "
        "a three-year term.",
    ),
    "nl": (
        "Ik begrijp de budgetdruk, en ik wil graag met u verder. Voor we over cijfers "
        "praten: wat is voor u het belangrijkste bij deze verlenging?",
        "Een lagere prijs kan als we de looptijd vastleggen. Tekent u voor drie jaar, dan "
        "kan ik 4% korting geven.",
        "Die offerte kan ik niet zomaar volgen zonder te weten wat erin zit. Zitten "
        "dezelfde responstijden en de interventies in de winter erin?",
        "Nee, 15% lukt voor ons niet. Wat we wel kunnen doen is 5% bij vooruitbetaling.",
        "Ik begrijp dat uw financieel directeur druk zet. Laten we kijken wat u een "
        "besparing geeft zonder in te leveren op de service.",
        "Als u de twee nieuwe vestigingen aan het contract toevoegt, zakt de prijs per "
        "vestiging met 6%.",
        "Vrijdag is krap, maar ik kan donderdag een voorstel bij u hebben als we vandaag "
        "de hoofdlijnen afspreken.",
        "Ik praat graag samen met uw financieel directeur. Het aanbod blijft: 5% bij een "
        "looptijd van drie jaar.",
    ),
}


@dataclass(frozen=True, slots=True)
class PlayedTurn:
    """One turn: the move to word, the salesperson's message and the engine's own line."""

    decision: Decision
    seller_text: str
    offline_line: str
    replayed: bool


@dataclass(frozen=True, slots=True)
class TurnCost:
    turn: int
    voice: RenderedPrompt
    whole: RenderedPrompt
    replayed: bool

    @property
    def voice_tokens(self) -> int:
        return prompt_tokens(self.voice)

    @property
    def whole_tokens(self) -> int:
        return prompt_tokens(self.whole)


def play(
    turns: int = 40,
    *,
    scenario_id: str = "price_squeeze",
    difficulty: str = "hard",
    lang: str = "en",
    seed: int = 11,
) -> list[PlayedTurn]:
    """A role-play of ``turns`` turns: the engine's real moves while the talk runs, then its
    non-final moves replayed with the turn counter, history and concessions carried on."""
    messages = SELLER_MESSAGES[lang]
    state, _opening = engine.start(scenario_id, difficulty, lang, seed)  # type: ignore[arg-type]
    played: list[PlayedTurn] = []
    pool: list[PlayedTurn] = []
    replaying = False
    for turn in range(1, turns + 1):
        text = messages[(turn - 1) % len(messages)]
        if not replaying:
            decision = engine.decide(state, text, analyze(text, lang))
            if decision.move.outcome is None:
                line = engine.word(decision.move, decision.state)
                entry = PlayedTurn(decision, text, line, replayed=False)
                played.append(entry)
                pool.append(entry)
                state = decision.state
                continue
            if not pool:
                raise RuntimeError("the engine ended the talk on the first turn")
            replaying = True
        template = pool[(turn - 1 - len(pool)) % len(pool)]
        decision = _replay(template.decision, played[-1].decision, turn)
        line = engine.word(decision.move, decision.state)
        played.append(PlayedTurn(decision, text, line, replayed=True))
    return played


def _replay(template: Decision, previous: Decision, turn: int) -> Decision:
    """``template``'s move as turn ``turn`` of a session that went on after ``previous``."""
    last = template.state.history[-1]
    history = (*previous.state.history, replace(last, turn=turn))[-HISTORY_LIMIT:]
    state = replace(
        template.state,
        turn=turn,
        history=history,
        given=previous.state.given + template.concessions,
        received=previous.state.received,
        tactics_used=previous.state.tactics_used,
    )
    return Decision(state=state, move=replace(template.move, turn=turn), concessions=())


def costs(played: list[PlayedTurn]) -> list[TurnCost]:
    """The voice prompt of every turn, and the prompt with the whole transcript instead."""
    results: list[TurnCost] = []
    transcript: list[Exchange] = []
    for entry in played:
        turn = entry.decision.move.turn
        voice = render_voice(
            entry.decision,
            offline_line=entry.offline_line,
            seller_text=entry.seller_text,
            recent=transcript,
        )
        whole = render_voice(
            entry.decision,
            offline_line=entry.offline_line,
            seller_text=entry.seller_text,
            recent=transcript,
            recent_limit=None,
        )
        results.append(TurnCost(turn, voice, whole, entry.replayed))
        transcript.append(Exchange(turn, entry.seller_text, entry.offline_line))
    return results


def table(rows: list[TurnCost]) -> str:
    lines = [
        "turn  voice prompt  whole transcript  saved",
        "----  ------------  ----------------  -----",
    ]
    for row in rows:
        saved = 1 - row.voice_tokens / row.whole_tokens
        mark = "*" if row.replayed else " "
        lines.append(
            f"{row.turn:>3}{mark}  {row.voice_tokens:>12,}  {row.whole_tokens:>16,}  {saved:>5.0%}"
        )
    by_turn = {row.turn: row for row in rows}
    if 8 in by_turn and rows[-1].turn > 8:
        last = rows[-1]
        ratio = last.voice_tokens / by_turn[8].voice_tokens
        whole_ratio = last.whole_tokens / by_turn[8].whole_tokens
        lines.append("")
        lines.append(
            f"turn {last.turn} / turn 8: voice prompt {ratio:.2f}x, whole transcript "
            f"{whole_ratio:.2f}x"
        )
    if rows:
        prefix = estimate_tokens(static_prefix(rows[-1].voice))
        lines.append(f"the same for the whole session (cacheable prefix): {prefix:,} tokens")
    lines.append("tokens = characters / 4, rounded up; * = engine move replayed past its end")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--turns", type=int, default=40)
    parser.add_argument("--scenario", default="price_squeeze")
    parser.add_argument("--difficulty", default="hard", choices=("easy", "normal", "hard"))
    parser.add_argument("--lang", default="en", choices=tuple(SELLER_MESSAGES))
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    played = play(
        args.turns,
        scenario_id=args.scenario,
        difficulty=args.difficulty,
        lang=args.lang,
        seed=args.seed,
    )
    print(f"customer_voice prompt tokens per turn: {args.scenario}, {args.difficulty}, {args.lang}")
    rows = costs(played)
    print(table(rows))
    by_turn = {row.turn: row for row in rows}
    if 8 in by_turn and rows[-1].turn > 8:
        last = rows[-1]
        ratio = last.voice_tokens / by_turn[8].voice_tokens
        report(
            "prompt tokens",
            [
                Figure(
                    f"voice prompt, turn {last.turn} / turn 8",
                    "<= 1.3x",
                    f"{ratio:.2f}x",
                    ratio <= 1.3,
                ),
                Figure(f"voice prompt at turn {last.turn}", "", f"{last.voice_tokens:,}", None),
                Figure(f"whole transcript at turn {last.turn}", "", f"{last.whole_tokens:,}", None),
            ],
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
