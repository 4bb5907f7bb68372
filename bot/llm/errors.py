"""Errors raised by the language-model layer.

The contract for callers is one line: **catch** :class:`LLMError` **and use the offline
engine.** Its two branches say why: :class:`ModelUnavailable` — the model gave no answer this
time (circuit open, budget used up, timeout, outage …); :class:`InvalidModelOutput` — the model
answered, but not in the required shape. No error here carries message contents, prompts or keys
in its text, so all are safe to log.

:class:`PromptError` is deliberately *not* an :class:`LLMError` but a
:class:`~bot.errors.ConfigurationError`: a prompt file is broken or a caller passed the wrong
variables. That is a programming or packaging error, caught by the tests that render every
prompt, and it must not be silently absorbed by a fallback.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from bot.errors import ConfigurationError, NoblesseError


class Outcome(StrEnum):
    """How one gateway call ended. Stored with every usage record."""

    OK = "ok"
    TIMEOUT = "timeout"
    RATE_LIMITED = "rate_limited"
    SERVER_ERROR = "server_error"
    CONNECTION = "connection"
    CLIENT_ERROR = "client_error"  # 4xx other than 408/429: bad key, unknown model, bad request
    BAD_RESPONSE = "bad_response"  # the body was not a usable chat completion
    STREAM_CUT = "stream_cut"
    INVALID_OUTPUT = "invalid_output"  # structured output that fails its schema, or a refusal
    CIRCUIT_OPEN = "circuit_open"
    BUDGET_EXHAUSTED = "budget_exhausted"
    CANCELLED = "cancelled"  # the caller was cancelled or stopped reading a stream


class LLMError(NoblesseError):
    """Root of the language-model layer's errors."""


class ModelUnavailable(LLMError):
    """The model produced no answer; the caller should use its offline fallback.

    ``outcome`` says why (see :class:`Outcome`); ``attempts`` is how many HTTP requests were
    made (0 when the call was refused before reaching the model).
    """

    def __init__(self, message: str, *, outcome: Outcome, attempts: int = 0) -> None:
        super().__init__(message)
        self.outcome = outcome
        self.attempts = attempts


class CircuitOpen(ModelUnavailable):
    """The circuit breaker is open after repeated failures: the model is not even tried."""

    def __init__(self, retry_in_s: float) -> None:
        super().__init__(
            f"the language model is paused after repeated failures; next try in {retry_in_s:.0f}s",
            outcome=Outcome.CIRCUIT_OPEN,
        )
        self.retry_in_s = retry_in_s


class BudgetExhausted(ModelUnavailable):
    """The user's or the workspace's daily token budget is used up.

    ``notify`` is True exactly once per user and day (UTC): the first refusal that day. The
    caller should then tell the user, once, that coaching continues with the offline engine
    until tomorrow; later refusals that day have ``notify=False`` and should stay silent.
    """

    def __init__(self, scope: Literal["user", "workspace"], *, notify: bool) -> None:
        super().__init__(
            f"the daily token budget of this {scope} is used up",
            outcome=Outcome.BUDGET_EXHAUSTED,
        )
        self.scope: Literal["user", "workspace"] = scope
        self.notify = notify


class ModelCallFailed(ModelUnavailable):
    """The call reached the model's server but failed after the allowed retries."""


class StreamInterrupted(ModelUnavailable):
    """A streamed answer broke off after some text had already been yielded.

    ``partial`` is the text yielded before the break. It is **not** a finished answer: callers
    must not store it or score it; they replace whatever they showed with the offline answer
    (or append the offline answer after a short marker, if what was shown cannot be edited).
    """

    def __init__(self, *, partial: str, attempts: int) -> None:
        super().__init__(
            "the model's streamed answer broke off", outcome=Outcome.STREAM_CUT, attempts=attempts
        )
        self.partial = partial


class InvalidModelOutput(LLMError):
    """The model answered, but the answer is unusable: empty, a refusal, or (structured output)
    not JSON, not valid against the schema, or cut off at the token limit. ``reason`` is a short
    description without any of the content."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"the model's answer is unusable: {reason}")
        self.reason = reason


class PromptError(ConfigurationError):
    """A prompt file is malformed, or a prompt was rendered with the wrong variables."""
