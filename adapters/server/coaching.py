"""Building the coach the server shares with every surface.

With ``bot.coach.model_backed`` present, its ``build_collaborators(settings, store)`` supplies
the judge, the voice and the language-model gateway (None when no model is configured);
otherwise the offline judge and voice are used. Either way the collaborators are wrapped so
that ``/metrics`` counts model tokens, answers and offline fallbacks.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from typing import Any

from adapters.server.metering import MeteredCoach, MeteredJudge, MeteredUsageRecorder, MeteredVoice
from adapters.server.metrics import Metrics
from bot.coach.collaborators import Judge, OfflineJudge, OfflineVoice, Voice
from bot.settings import Settings
from bot.store import Store

logger = logging.getLogger(__name__)

MODEL_BACKED = "bot.coach.model_backed"


@dataclass(slots=True)
class CoachBundle:
    coach: MeteredCoach
    gateway: Any  # bot.llm.gateway.Gateway | None; closed at shutdown

    async def aclose(self) -> None:
        close = getattr(self.gateway, "aclose", None)
        if close is not None:
            await close()


def _collaborators(settings: Settings, store: Store) -> tuple[Judge, Voice, Any]:
    if not settings.llm.enabled:
        # Offline: no need to load the model layer (the OpenAI SDK alone takes ~1 s to import).
        return OfflineJudge(), OfflineVoice(), None
    try:
        module = importlib.import_module(MODEL_BACKED)
    except ModuleNotFoundError as exc:
        if exc.name != MODEL_BACKED:
            raise
        if settings.llm.enabled:
            logger.warning(
                "a language model is configured, but this build has no model-backed coach"
            )
        return OfflineJudge(), OfflineVoice(), None
    judge, voice, gateway = module.build_collaborators(settings, store)
    return judge, voice, gateway


def build_coach(settings: Settings, store: Store, metrics: Metrics) -> CoachBundle:
    judge, voice, gateway = _collaborators(settings, store)
    model_enabled = gateway is not None
    if gateway is not None and hasattr(gateway, "recorder"):
        gateway.recorder = MeteredUsageRecorder(gateway.recorder, metrics)
    coach = MeteredCoach(
        store,
        metrics=metrics,
        judge=MeteredJudge(judge, metrics, model_enabled=model_enabled),
        voice=MeteredVoice(voice, metrics, model_enabled=model_enabled),
    )
    if model_enabled:
        logger.info(
            "coach: language model %s via %s",
            getattr(gateway, "model", "?"),
            getattr(gateway, "provider", "?"),
        )
    else:
        logger.info("coach: offline engine (no language model configured)")
    return CoachBundle(coach, gateway)
