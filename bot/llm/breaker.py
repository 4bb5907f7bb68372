"""A circuit breaker in front of the language model.

* **closed** — calls go through; consecutive failures are counted, a success resets the count.
* **open** — after ``failure_threshold`` consecutive failures: every call is refused at once
  (:class:`~bot.llm.errors.CircuitOpen`), so users get the offline answer without waiting.
* **half-open** — once ``cooldown_s`` has passed: exactly one trial call is let through at a
  time. Its success closes the circuit; its failure opens it again for another cool-down.

The clock is injectable (a ``time.monotonic``-like function) so tests move time by hand.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from enum import StrEnum

from bot.llm.errors import CircuitOpen

logger = logging.getLogger(__name__)


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    """Counts failures of whole gateway calls (after their retries), not single requests."""

    def __init__(
        self,
        *,
        failure_threshold: int = 5,
        cooldown_s: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        if cooldown_s <= 0:
            raise ValueError("cooldown_s must be positive")
        self.failure_threshold = failure_threshold
        self.cooldown_s = cooldown_s
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._trial_in_flight = False

    @property
    def state(self) -> BreakerState:
        if self._opened_at is None:
            return BreakerState.CLOSED
        if self._clock() - self._opened_at < self.cooldown_s:
            return BreakerState.OPEN
        return BreakerState.HALF_OPEN

    @property
    def consecutive_failures(self) -> int:
        return self._failures

    def acquire(self) -> None:
        """Let one call through, or raise :class:`CircuitOpen`. Every successful ``acquire``
        must be followed by exactly one of ``record_success``, ``record_failure``, ``release``.
        """
        state = self.state
        if state is BreakerState.CLOSED:
            return
        if state is BreakerState.HALF_OPEN and not self._trial_in_flight:
            self._trial_in_flight = True
            logger.info("language model circuit half-open: trying one call")
            return
        raise CircuitOpen(retry_in_s=self._retry_in())

    def record_success(self) -> None:
        if self._opened_at is not None:
            logger.info("language model circuit closed: the trial call succeeded")
        self._failures = 0
        self._opened_at = None
        self._trial_in_flight = False

    def record_failure(self) -> None:
        self._failures += 1
        if self._trial_in_flight:
            self._trial_in_flight = False
            self._open()
        elif self._opened_at is None and self._failures >= self.failure_threshold:
            self._open()

    def release(self) -> None:
        """The call ended without telling anything about the model (e.g. it was cancelled)."""
        self._trial_in_flight = False

    def _open(self) -> None:
        self._opened_at = self._clock()
        logger.warning(
            "language model circuit open after %d consecutive failures; next try in %.0fs",
            self._failures,
            self.cooldown_s,
        )

    def _retry_in(self) -> float:
        if self._opened_at is None:
            return 0.0
        return max(0.0, self.cooldown_s - (self._clock() - self._opened_at))
