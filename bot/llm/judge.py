"""The feedback judge: a language model's second opinion on a message's footing, combined with
the offline engine's :class:`~bot.footing.model.Assessment` under fixed rules.

The model is asked (prompt ``feedback_judge``, structured output at temperature 0) for a verdict,
both axes, evidence quotes with the verdict each leans towards, one next step, a rewrite and the
habits to practise. Its answer is then checked and combined with the offline assessment.

**Combination rule** (implemented exactly by :func:`combine`):

1. *Quotes are verified.* The first :data:`MAX_EVIDENCE` items are read. A quote counts only if
   it occurs verbatim in the judged message (surrounding whitespace ignored). It becomes an
   :class:`~bot.footing.model.Evidence` span with ``quote == text[start:end]`` (the first
   occurrence not already claimed by an earlier quote). Unverifiable quotes are dropped and
   counted in ``dropped_quotes``.
2. *Verdict.* The model's verdict wins when at least one verified quote leans towards that same
   verdict; otherwise the offline verdict stands (``verdict_source`` says which).
3. *Axes* are blended: ``w * model + (1 - w) * offline`` with ``w = 0.6`` when the model's verdict
   won and ``w = 0.25`` when it did not; the model's values and the result are clamped to
   [-1, 1].
4. *Evidence* is the union: all offline evidence, plus each verified model span that overlaps no
   span already kept; sorted by position. A model span's axis effects come from the verdict it
   leans towards (:data:`LEANING_AXES`).
5. *Advice, rewrite and habits* come from the model when the final verdict is the model's verdict
   (whether it won or simply agrees) and the value is usable: advice non-empty and at most
   :data:`MAX_ADVICE_CHARS`; rewrite non-empty, at most :data:`MAX_REWRITE_CHARS` or three times
   the message, and — unless the verdict is balanced — different from the message; habits
   non-empty (the first :data:`MAX_HABITS` distinct ones). Otherwise the offline value is kept.
   This keeps the feedback consistent with the verdict that is shown.
6. *Confidence*: when the model's verdict equals the offline verdict, ``max(offline, 0.8)``;
   when they differ, ``min(offline, 0.5)``. ``lang`` and ``notes`` are the offline ones.
7. *Disagreement* (model verdict ≠ offline verdict) is reported with both stances, so that the
   caller can store it for review, whichever side won.

If there is no gateway, the call fails, the budget is used up, or the answer is invalid, the
offline assessment is returned unchanged with ``fallback=True`` and the reason; after a budget
refusal ``budget_notice`` tells the caller whether to tell the user (once per day).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from typing import Any, Final, Literal, cast

from bot.errors import InputError
from bot.footing.model import STANCES, Assessment, Evidence, Stance
from bot.habits import ALL_HABITS
from bot.identity import UserKey
from bot.llm.errors import BudgetExhausted, InvalidModelOutput, ModelUnavailable
from bot.llm.gateway import Gateway
from bot.llm.prompts import load_prompt, neutralise_tag

logger = logging.getLogger(__name__)

JUDGE_PROMPT_ID: Final = "feedback_judge"
MESSAGE_TAG: Final = "message"
MAX_JUDGED_CHARS: Final = 8_000
"""Only this much of a message is sent to the model (and searched for its quotes)."""
MAX_EVIDENCE: Final = 4
MAX_HABITS: Final = 2
MAX_ADVICE_CHARS: Final = 400
MAX_REWRITE_CHARS: Final = 1_500
MODEL_WEIGHT_WHEN_WON: Final = 0.6
MODEL_WEIGHT_WHEN_OVERRULED: Final = 0.25
AGREEMENT_CONFIDENCE: Final = 0.8
DISAGREEMENT_CONFIDENCE: Final = 0.5
LEANING_AXES: Final[dict[Stance, tuple[float, float]]] = {
    "submissive": (-0.6, 0.3),
    "balanced": (0.0, 0.5),
    "dominant": (0.6, -0.6),
}
"""(dominance, affiliation) effect given to a model evidence span, by the verdict it leans to."""

LANGUAGE_NAMES: Final = {"nl": "Dutch", "en": "English"}

JUDGE_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["verdict", "dominance", "affiliation", "evidence", "advice", "rewrite", "habits"],
    "properties": {
        "verdict": {"type": "string", "enum": list(STANCES)},
        "dominance": {"type": "number"},
        "affiliation": {"type": "number"},
        "evidence": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["quote", "signal", "leans"],
                "properties": {
                    "quote": {"type": "string"},
                    "signal": {"type": "string"},
                    "leans": {"type": "string", "enum": list(STANCES)},
                },
            },
        },
        "advice": {"type": "string"},
        "rewrite": {"type": "string"},
        "habits": {
            "type": "array",
            "items": {"type": "string", "enum": [habit.value for habit in ALL_HABITS]},
        },
    },
}
"""The structured-output schema. It stays inside the subset every strict structured-output
implementation accepts (every property required, no extra properties, no numeric or length
bounds), so that Azure API versions and OpenAI-compatible servers take it too; the bounds are
applied in :func:`combine` instead (axes clamped, at most :data:`MAX_EVIDENCE` quotes and
:data:`MAX_HABITS` habits read)."""

FallbackReason = str
"""An :class:`~bot.llm.errors.Outcome` value, or "offline" when no model is configured."""


@dataclass(frozen=True, slots=True)
class JudgeResult:
    """The combined assessment and how it came about."""

    assessment: Assessment
    offline_stance: Stance
    model_stance: Stance | None = None
    verdict_source: Literal["model", "offline"] = "offline"
    disagreement: bool = False
    dropped_quotes: int = 0
    fallback: bool = False
    fallback_reason: FallbackReason | None = None
    budget_notice: bool = False
    prompt_ref: str | None = None


def _fallback(
    offline: Assessment, reason: FallbackReason, *, budget_notice: bool = False
) -> JudgeResult:
    return JudgeResult(
        assessment=offline,
        offline_stance=offline.stance,
        fallback=True,
        fallback_reason=reason,
        budget_notice=budget_notice,
    )


async def judge(
    gateway: Gateway | None,
    text: str,
    offline: Assessment,
    *,
    user: UserKey,
    tenant: str | None = None,
) -> JudgeResult:
    """Ask the model for its opinion on ``text`` and combine it with ``offline``.

    Never raises for model trouble: every failure returns the offline assessment, flagged as a
    fallback. Raises :class:`~bot.errors.InputError` for an empty message.
    """
    if not text.strip():
        raise InputError("there is no message to judge")
    if gateway is None:
        return _fallback(offline, "offline")
    prompt = load_prompt(JUDGE_PROMPT_ID)
    judged = text[:MAX_JUDGED_CHARS]
    variables = {"language": LANGUAGE_NAMES.get(offline.lang, "English"), "message": judged}
    try:
        data = await gateway.structured(
            prompt, variables, JUDGE_SCHEMA, schema_name="footing_verdict", user=user, tenant=tenant
        )
    except BudgetExhausted as exc:
        return _fallback(offline, exc.outcome.value, budget_notice=exc.notify)
    except ModelUnavailable as exc:
        return _fallback(offline, exc.outcome.value)
    except InvalidModelOutput as exc:
        logger.info("feedback judge fell back: %s", exc.reason)
        return _fallback(offline, "invalid_output")
    result = combine(judged, offline, data, prompt_ref=prompt.ref)
    logger.info(
        "feedback judge: source=%s disagreement=%s dropped_quotes=%d prompt=%s",
        result.verdict_source,
        result.disagreement,
        result.dropped_quotes,
        prompt.ref,
    )
    return result


def _signal_name(raw: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "_", raw.strip().lower()).strip("_")[:40]
    return name or "model_signal"


def locate(text: str, quote: str, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Where ``quote`` (surrounding whitespace ignored) occurs verbatim in ``text``: the first
    occurrence not in ``taken``, else the first occurrence; None if it does not occur. A quote
    of a neutralised ``<message>`` tag is matched too (the neutralised text has the same
    positions)."""
    needle = quote.strip()
    if not needle:
        return None
    for haystack in (text, neutralise_tag(text, MESSAGE_TAG)):
        found: list[tuple[int, int]] = []
        start = haystack.find(needle)
        while start != -1:
            found.append((start, start + len(needle)))
            start = haystack.find(needle, start + 1)
        if found:
            for span in found:
                if span not in taken:
                    return span
            return found[0]
    return None


def _overlaps(a: Evidence, b: Evidence) -> bool:
    return a.start < b.end and b.start < a.end


def _clamp(value: float) -> float:
    return round(max(-1.0, min(1.0, value)), 3)


def combine(
    text: str, offline: Assessment, data: dict[str, Any], *, prompt_ref: str | None = None
) -> JudgeResult:
    """Combine a schema-valid model answer ``data`` with ``offline`` (see the module docstring).
    ``text`` is the message as judged (the quotes are searched in it)."""
    model_stance = cast(Stance, data["verdict"])
    verified: list[tuple[Evidence, Stance]] = []
    taken: list[tuple[int, int]] = []
    dropped = 0
    for item in data["evidence"][:MAX_EVIDENCE]:
        span = locate(text, item["quote"], taken)
        if span is None:
            dropped += 1
            continue
        taken.append(span)
        leans = cast(Stance, item["leans"])
        dominance, affiliation = LEANING_AXES[leans]
        evidence = Evidence(
            start=span[0],
            end=span[1],
            quote=text[span[0] : span[1]],
            signal=_signal_name(item["signal"]),
            dominance=dominance,
            affiliation=affiliation,
        )
        verified.append((evidence, leans))

    model_won = any(leans == model_stance for _evidence, leans in verified)
    stance: Stance = model_stance if model_won else offline.stance
    weight = MODEL_WEIGHT_WHEN_WON if model_won else MODEL_WEIGHT_WHEN_OVERRULED
    model_dominance = _clamp(float(data["dominance"]))
    model_affiliation = _clamp(float(data["affiliation"]))
    dominance = _clamp(weight * model_dominance + (1 - weight) * offline.dominance)
    affiliation = _clamp(weight * model_affiliation + (1 - weight) * offline.affiliation)

    kept = list(offline.evidence)
    for evidence, _leans in verified:
        if not any(_overlaps(evidence, other) for other in kept):
            kept.append(evidence)
    kept.sort(key=lambda e: (e.start, e.end))

    advice, rewrite, habits = offline.advice, offline.rewrite, offline.habits
    if stance == model_stance:
        model_advice = data["advice"].strip()
        if model_advice and len(model_advice) <= MAX_ADVICE_CHARS:
            advice = model_advice
        model_rewrite = data["rewrite"].strip()
        rewrite_limit = max(MAX_REWRITE_CHARS, 3 * len(text))
        if (
            model_rewrite
            and len(model_rewrite) <= rewrite_limit
            and (stance == "balanced" or model_rewrite != text.strip())
        ):
            rewrite = model_rewrite
        if data["habits"]:
            habits = tuple(dict.fromkeys(data["habits"]))[:MAX_HABITS]

    agree = model_stance == offline.stance
    confidence = (
        max(offline.confidence, AGREEMENT_CONFIDENCE)
        if agree
        else min(offline.confidence, DISAGREEMENT_CONFIDENCE)
    )
    assessment = replace(
        offline,
        stance=stance,
        dominance=dominance,
        affiliation=affiliation,
        confidence=confidence,
        evidence=tuple(kept),
        advice=advice,
        rewrite=rewrite,
        habits=habits,
    )
    return JudgeResult(
        assessment=assessment,
        offline_stance=offline.stance,
        model_stance=model_stance,
        verdict_source="model" if model_won else "offline",
        disagreement=not agree,
        dropped_quotes=dropped,
        prompt_ref=prompt_ref,
    )
