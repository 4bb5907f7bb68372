"""Fixtures for the customer engine tests: hand-built footing assessments."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.footing.model import Assessment, Evidence, Lang, Stance

MakeAssessment = Callable[..., Assessment]

_AXES: dict[Stance, tuple[float, float]] = {
    "submissive": (-0.6, 0.4),
    "balanced": (0.0, 0.5),
    "dominant": (0.7, -0.5),
}


def build_assessment(
    stance: Stance,
    *,
    confidence: float = 0.8,
    lang: Lang = "en",
    signals: tuple[str, ...] = (),
) -> Assessment:
    """An assessment as the footing analyser would return it, built by hand."""
    dominance, affiliation = _AXES[stance]
    evidence = tuple(
        Evidence(start=0, end=0, quote="", signal=signal, dominance=0.0, affiliation=0.0)
        for signal in signals
    )
    return Assessment(
        stance=stance,
        dominance=dominance,
        affiliation=affiliation,
        confidence=confidence,
        lang=lang,
        evidence=evidence,
        advice="",
        rewrite="",
    )


@pytest.fixture
def assess() -> MakeAssessment:
    return build_assessment
