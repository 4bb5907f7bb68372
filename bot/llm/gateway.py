"""The one way Noblesse talks to a language model.

Every call goes through the same steps:

1. the prompt is rendered from its file (:mod:`bot.llm.prompts`), strictly;
2. the **daily budgets** are checked: tokens used today (UTC) by the user and by the workspace,
   asked of the :class:`~bot.llm.usage.BudgetLedger`; over a limit →
   :class:`~bot.llm.errors.BudgetExhausted`, whose ``notify`` is True only the first time that
   day for that user (tell the user once, stay silent after);
3. the **circuit breaker** lets the call through, or refuses at once with
   :class:`~bot.llm.errors.CircuitOpen`;
4. the request is sent with a timeout; 429, 408, 5xx, timeouts and connection errors are
   **retried** with capped, jittered backoff, honouring a short ``Retry-After``
   (:mod:`bot.llm.retry`); the SDK's own retries are off, so these are the only ones;
   a **deadline** bounds the whole call — every attempt and every wait between attempts —
   so that a user is answered in time whatever the model does (see "Time limits" below);
5. the outcome feeds the breaker, and one :class:`~bot.llm.usage.UsageRecord` (tokens, model,
   prompt id@version, latency, outcome, attempts) goes to the
   :class:`~bot.llm.usage.UsageRecorder` — also for refused, failed and cancelled calls.

The contract for callers: a call returns a usable answer or raises
:class:`~bot.llm.errors.LLMError`; on that error, use the offline engine. Nothing here logs
prompts, message contents or keys — only the provider, model, prompt id, outcome, attempts,
latency and token counts.

**Time limits.** ``timeout_s`` bounds one HTTP attempt; ``deadline_s`` bounds one whole call
from the moment it is admitted: each attempt gets at most what is left of it, and a retry whose
wait would not leave time for another attempt is not made. A call that runs out of time fails
like any other (outcome ``timeout``, or that of the last failed attempt), counts as a failure for
the breaker, and the caller falls back to the offline engine. A stream must deliver its first
text within ``deadline_s`` and end within ``stream_deadline_s`` of its start; a stream that hits
that cap after text was shown raises :class:`~bot.llm.errors.StreamInterrupted`. The time the
consumer spends between chunks counts, too: it is a wall-clock cap. The defaults (4 s per
attempt, 4.5 s per call and per stream) keep a role-play turn — a judge call, then the voice —
under 10 s.

**Streaming.** :meth:`Gateway.stream` yields text chunks. Failures before the first chunk are
retried like any other call. If the stream breaks off after text was yielded, it raises
:class:`~bot.llm.errors.StreamInterrupted` carrying that ``partial`` text: the caller must treat
the partial text as unfinished — never store or score it — and replace what it showed with the
offline answer (or, where a shown message cannot be edited, append the offline answer after a
short marker). A stream that ends without a finish reason counts as broken off, too. A caller
that may stop reading early should wrap the stream in ``contextlib.aclosing`` so that the
connection is closed (and the call recorded as cancelled) at once rather than at garbage
collection.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import math
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, TypeVar

import jsonschema
import openai
from openai import AsyncOpenAI

from bot.errors import ConfigurationError
from bot.identity import UserKey
from bot.llm.breaker import CircuitBreaker
from bot.llm.errors import (
    BudgetExhausted,
    InvalidModelOutput,
    ModelCallFailed,
    ModelUnavailable,
    Outcome,
    StreamInterrupted,
)
from bot.llm.prompts import Prompt, RenderedPrompt
from bot.llm.providers import TokenLimitParam, build_client
from bot.llm.retry import RetryPolicy, retry_after_s
from bot.llm.usage import (
    Budget,
    BudgetLedger,
    MemoryUsage,
    Usage,
    UsageRecord,
    UsageRecorder,
    workspace_of,
)
from bot.settings import LLMSettings

logger = logging.getLogger(__name__)

T = TypeVar("T")

CHARS_PER_TOKEN = 4
"""For estimating tokens when a server reports no usage."""

DEFAULT_TIMEOUT_S = 4.0
"""Seconds one HTTP attempt may take (``NOBLESSE_LLM_TIMEOUT``)."""
DEFAULT_DEADLINE_S = 4.5
"""Seconds one whole call may take, attempts and retry waits together
(``NOBLESSE_LLM_DEADLINE``); for a stream, until its first text."""
DEFAULT_STREAM_DEADLINE_S = 4.5
"""Seconds a whole streamed answer may take (``NOBLESSE_LLM_STREAM_DEADLINE``)."""
MIN_ATTEMPT_S = 1.0
"""A retry is only made when at least this much of the deadline is left after its wait."""


@dataclass(frozen=True, slots=True)
class Completion:
    """A finished answer. ``finish_reason`` is "stop", or "length" when cut at the token limit."""

    text: str
    usage: Usage
    model: str
    prompt_ref: str
    finish_reason: str
    latency_s: float
    attempts: int

    @property
    def truncated(self) -> bool:
        return self.finish_reason == "length"


@dataclass(slots=True)
class _Call:
    kind: str
    prompt_ref: str
    user: UserKey
    workspace: str
    started: float
    deadline_at: float = math.inf
    """Event-loop time by which the call must be done (a stream: must have sent text)."""
    ends_at: float = math.inf
    """Event-loop time by which a stream must have ended."""
    attempts: int = 0
    waited_s: float = 0.0
    admitted: bool = False


@dataclass(frozen=True, slots=True)
class _Failure:
    outcome: Outcome
    retryable: bool
    retry_after: float | None = None
    status: int | None = None


class _Incomplete(Exception):
    """A stream ended without a finish reason (internal; becomes STREAM_CUT)."""


class _BadResponse(Exception):
    """The body was not a usable chat completion (internal; becomes BAD_RESPONSE)."""


def _classify(exc: BaseException) -> _Failure | None:
    """How a failed request ended, and whether retrying may help; None if not a model error."""
    if isinstance(exc, TimeoutError | openai.APITimeoutError):
        return _Failure(Outcome.TIMEOUT, retryable=True)
    if isinstance(exc, openai.APIConnectionError):
        return _Failure(Outcome.CONNECTION, retryable=True)
    if isinstance(exc, _Incomplete):
        return _Failure(Outcome.STREAM_CUT, retryable=True)
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        if status == 429:
            return _Failure(
                Outcome.RATE_LIMITED,
                retryable=True,
                retry_after=retry_after_s(exc.response.headers),
                status=status,
            )
        if status == 408:
            return _Failure(Outcome.TIMEOUT, retryable=True, status=status)
        if status >= 500:
            return _Failure(Outcome.SERVER_ERROR, retryable=True, status=status)
        return _Failure(Outcome.CLIENT_ERROR, retryable=False, status=status)
    if isinstance(exc, openai.APIResponseValidationError | json.JSONDecodeError | _BadResponse):
        return _Failure(Outcome.BAD_RESPONSE, retryable=False)
    if isinstance(exc, openai.APIError):  # e.g. an error event inside a stream
        return _Failure(Outcome.SERVER_ERROR, retryable=True)
    if isinstance(exc, openai.OpenAIError):
        return _Failure(Outcome.CLIENT_ERROR, retryable=False)
    return None


_MODEL_ERRORS = (
    TimeoutError,
    openai.OpenAIError,
    json.JSONDecodeError,
    _Incomplete,
    _BadResponse,
)


def _estimate_tokens(text: str) -> int:
    return (len(text) + CHARS_PER_TOKEN - 1) // CHARS_PER_TOKEN


def _usage_of(reported: Any, rendered: RenderedPrompt, answer: str) -> Usage:
    """The server's token counts, or an estimate from the text when it reported none."""
    if reported is not None:
        prompt_tokens = getattr(reported, "prompt_tokens", None)
        completion_tokens = getattr(reported, "completion_tokens", None)
        if isinstance(prompt_tokens, int) and isinstance(completion_tokens, int):
            return Usage(prompt_tokens=prompt_tokens, completion_tokens=completion_tokens)
    return Usage(
        prompt_tokens=_estimate_tokens(rendered.system + rendered.user),
        completion_tokens=_estimate_tokens(answer),
        estimated=True,
    )


def _validator(schema: Mapping[str, Any]) -> jsonschema.protocols.Validator:
    """A checked validator for ``schema``; checking a schema costs milliseconds, so validators
    are cached by the schema's canonical JSON text."""
    return _cached_validator(json.dumps(schema, sort_keys=True))


@functools.lru_cache(maxsize=64)
def _cached_validator(canonical: str) -> jsonschema.protocols.Validator:
    schema = json.loads(canonical)
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    try:
        cls.check_schema(schema)
    except jsonschema.SchemaError as exc:
        raise ConfigurationError(
            f"invalid JSON schema for structured output: {exc.message}"
        ) from exc
    return cls(schema)


def _parse_structured(
    text: str, finish_reason: str, validator: jsonschema.protocols.Validator
) -> dict[str, Any]:
    if finish_reason == "length":
        raise InvalidModelOutput("cut off at the token limit")
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InvalidModelOutput("not JSON") from exc
    if not isinstance(data, dict):
        raise InvalidModelOutput("not a JSON object")
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        where = "/" + "/".join(str(part) for part in error.absolute_path)
        raise InvalidModelOutput(f"schema violation at {where} ({error.validator})")
    return data


class Gateway:
    """The language-model gateway. Build it with :func:`build_gateway` from settings, or
    directly with an SDK client (tests pass a client pointed at a local fake server).

    ``timeout_s`` bounds one HTTP attempt, ``deadline_s`` one whole call (all attempts and
    retry waits; for a stream, until its first text) and ``stream_deadline_s`` a whole stream;
    see "Time limits" in the module text. ``budget=None`` means no daily limits; ``recorder``
    and ``ledger`` default to one shared :class:`~bot.llm.usage.MemoryUsage`. ``sleep``,
    ``rand`` and ``now`` are injectable for tests (``now`` must return an aware UTC datetime;
    its date is the budget day). The deadlines are kept on the event loop's clock.
    """

    def __init__(
        self,
        client: AsyncOpenAI,
        *,
        model: str,
        provider: str = "openai",
        timeout_s: float = DEFAULT_TIMEOUT_S,
        deadline_s: float = DEFAULT_DEADLINE_S,
        stream_deadline_s: float = DEFAULT_STREAM_DEADLINE_S,
        retry: RetryPolicy | None = None,
        breaker: CircuitBreaker | None = None,
        recorder: UsageRecorder | None = None,
        ledger: BudgetLedger | None = None,
        budget: Budget | None = None,
        token_limit_param: TokenLimitParam = "max_tokens",
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rand: Callable[[], float] = random.random,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        timer: Callable[[], float] = time.perf_counter,
    ) -> None:
        if timeout_s <= 0:
            raise ConfigurationError("the model timeout must be positive")
        if deadline_s <= 0 or stream_deadline_s <= 0:
            raise ConfigurationError("the model call deadlines must be positive")
        memory = MemoryUsage()
        self._client = client
        self.model = model
        self.provider = provider
        self.timeout_s = timeout_s
        self.deadline_s = deadline_s
        self.stream_deadline_s = stream_deadline_s
        self.retry = retry or RetryPolicy()
        self.breaker = breaker or CircuitBreaker()
        self.recorder: UsageRecorder = recorder if recorder is not None else memory
        self.ledger: BudgetLedger = ledger if ledger is not None else memory
        self.budget = budget
        self._token_limit_param = token_limit_param
        self._sleep = sleep
        self._rand = rand
        self._now = now
        self._timer = timer

    async def aclose(self) -> None:
        await self._client.close()

    async def __aenter__(self) -> Gateway:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # -- public calls --------------------------------------------------------------------------

    async def complete(
        self,
        prompt: Prompt,
        variables: Mapping[str, str],
        *,
        user: UserKey,
        tenant: str | None = None,
        temperature: float | None = None,
        max_tokens: int | None = None,
    ) -> Completion:
        """One answer as text. Raises :class:`LLMError` (fall back) when there is none; an
        empty answer or a refusal is :class:`InvalidModelOutput`."""
        rendered = prompt.render(variables)
        params = self._params(prompt, rendered, temperature=temperature, max_tokens=max_tokens)
        return await self._run(
            "complete", rendered, params, user=user, tenant=tenant, parse=lambda c: c
        )

    async def structured(
        self,
        prompt: Prompt,
        variables: Mapping[str, str],
        schema: Mapping[str, Any],
        *,
        schema_name: str,
        user: UserKey,
        tenant: str | None = None,
        max_tokens: int | None = None,
    ) -> dict[str, Any]:
        """A JSON object valid against ``schema`` (strict ``json_schema`` response format,
        temperature 0), validated with ``jsonschema``. Invalid → :class:`InvalidModelOutput`."""
        validator = _validator(schema)
        rendered = prompt.render(variables)
        params = self._params(prompt, rendered, temperature=0.0, max_tokens=max_tokens)
        params["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": schema_name, "schema": dict(schema), "strict": True},
        }

        def parse(completion: Completion) -> dict[str, Any]:
            return _parse_structured(completion.text, completion.finish_reason, validator)

        return await self._run(
            "structured", rendered, params, user=user, tenant=tenant, parse=parse
        )

    async def stream(
        self,
        prompt: Prompt,
        variables: Mapping[str, str],
        *,
        user: UserKey,
        tenant: str | None = None,
        temperature: float | None = None,
        max_tokens: int | None = None,
    ) -> AsyncIterator[str]:
        """Yield the answer in chunks as they arrive. See the module docstring for how to treat
        :class:`StreamInterrupted` and its partial text. A finished stream without any text
        raises :class:`InvalidModelOutput`, as :meth:`complete` does."""
        rendered = prompt.render(variables)
        params = self._params(prompt, rendered, temperature=temperature, max_tokens=max_tokens)
        params["stream"] = True
        params["stream_options"] = {"include_usage": True}
        call = await self._admit("stream", rendered, user, tenant)
        pieces: list[str] = []
        finished = False
        try:
            while True:
                finish_reason: str | None = None
                reported: Any = None
                try:
                    limit = self._attempt_limit(call.deadline_at)
                    call.attempts += 1
                    async with asyncio.timeout(limit):
                        sdk_stream = await self._client.chat.completions.create(**params)
                    try:
                        chunks = sdk_stream.__aiter__()
                        while True:
                            by = call.ends_at if pieces else call.deadline_at
                            async with asyncio.timeout(self._attempt_limit(by)):
                                chunk = await anext(chunks, None)
                            if chunk is None:
                                break
                            if chunk.usage is not None:
                                reported = chunk.usage
                            for choice in chunk.choices:
                                if choice.finish_reason is not None:
                                    finish_reason = choice.finish_reason
                                text = choice.delta.content if choice.delta else None
                                if text:
                                    pieces.append(text)
                                    yield text
                    finally:
                        await sdk_stream.close()
                    if finish_reason is None:
                        raise _Incomplete
                except _MODEL_ERRORS as exc:
                    failure = _classify(exc)
                    if failure is None:  # pragma: no cover - _MODEL_ERRORS all classify
                        raise
                    if pieces:
                        usage = _usage_of(None, rendered, "".join(pieces))
                        await self._fail(call, Outcome.STREAM_CUT, usage)
                        raise StreamInterrupted(
                            partial="".join(pieces), attempts=call.attempts
                        ) from None
                    delay = self._retry_delay(call, failure, call.deadline_at)
                    if delay is None:
                        await self._fail(call, failure.outcome, Usage())
                        raise ModelCallFailed(
                            f"the language model call failed: {failure.outcome}",
                            outcome=failure.outcome,
                            attempts=call.attempts,
                        ) from None
                    await self._wait(call, failure, delay)
                    continue
                text = "".join(pieces)
                finished = True
                if not text.strip():
                    await self._succeed(
                        call, _usage_of(reported, rendered, text), outcome=Outcome.INVALID_OUTPUT
                    )
                    raise InvalidModelOutput("empty answer")
                await self._succeed(call, _usage_of(reported, rendered, text))
                return
        finally:
            if not finished and call.admitted:
                # The consumer stopped reading (aclose) or the task was cancelled.
                self.breaker.release()
                call.admitted = False
                await self._record(
                    call, Outcome.CANCELLED, _usage_of(None, rendered, "".join(pieces))
                )

    # -- the shared path -----------------------------------------------------------------------

    def _params(
        self,
        prompt: Prompt,
        rendered: RenderedPrompt,
        *,
        temperature: float | None,
        max_tokens: int | None,
    ) -> dict[str, Any]:
        params: dict[str, Any] = {"model": self.model, "messages": rendered.messages()}
        chosen_temperature = temperature if temperature is not None else prompt.temperature
        if chosen_temperature is not None:
            params["temperature"] = chosen_temperature
        chosen_limit = max_tokens if max_tokens is not None else prompt.max_tokens
        if chosen_limit is not None:
            params[self._token_limit_param] = chosen_limit
        return params

    async def _run(
        self,
        kind: str,
        rendered: RenderedPrompt,
        params: dict[str, Any],
        *,
        user: UserKey,
        tenant: str | None,
        parse: Callable[[Completion], T],
    ) -> T:
        call = await self._admit(kind, rendered, user, tenant)
        try:
            response = await self._send(call, params)
            completion, refused = self._read(call, rendered, response)
        except ModelUnavailable as exc:
            await self._fail(call, exc.outcome, Usage())
            raise
        except asyncio.CancelledError:
            self.breaker.release()
            call.admitted = False
            await self._record(call, Outcome.CANCELLED, Usage())
            raise
        except BaseException:
            self.breaker.release()
            raise
        try:
            if refused:
                raise InvalidModelOutput("the model refused")
            if not completion.text.strip():
                raise InvalidModelOutput("empty answer")
            result = parse(completion)
        except InvalidModelOutput:
            # The model is up (it answered): that is a success for the breaker.
            await self._succeed(call, completion.usage, outcome=Outcome.INVALID_OUTPUT)
            raise
        await self._succeed(call, completion.usage)
        return result

    async def _admit(
        self, kind: str, rendered: RenderedPrompt, user: UserKey, tenant: str | None
    ) -> _Call:
        """Check the budget, then the breaker; record and raise when the call is refused."""
        call = _Call(
            kind=kind,
            prompt_ref=rendered.prompt_ref,
            user=user,
            workspace=workspace_of(user, tenant),
            started=self._timer(),
        )
        try:
            await self._check_budget(call)
            self.breaker.acquire()
        except ModelUnavailable as exc:
            await self._record(call, exc.outcome, Usage())
            raise
        call.admitted = True
        opened = asyncio.get_running_loop().time()
        call.deadline_at = opened + self.deadline_s
        if kind == "stream":
            call.ends_at = opened + self.stream_deadline_s
            call.deadline_at = min(call.deadline_at, call.ends_at)
        return call

    async def _check_budget(self, call: _Call) -> None:
        if self.budget is None:
            return
        day = self._now().astimezone(UTC).date()
        try:
            used = await self.ledger.tokens_used(call.user, call.workspace, day)
        except Exception as exc:  # the ledger is down: coaching goes on, unmetered
            logger.warning("budget ledger unavailable (%s); call allowed", type(exc).__name__)
            return
        scope = self.budget.exceeded(used)
        if scope is None:
            return
        try:
            notify = await self.ledger.claim_budget_notice(call.user, day)
        except Exception as exc:
            logger.warning("budget ledger unavailable (%s); no notice", type(exc).__name__)
            notify = False
        raise BudgetExhausted("user" if scope == "user" else "workspace", notify=notify)

    async def _send(self, call: _Call, params: dict[str, Any]) -> Any:
        """POST the request, retrying what may succeed on a retry, until the call's deadline."""
        while True:
            try:
                limit = self._attempt_limit(call.deadline_at)
                call.attempts += 1
                async with asyncio.timeout(limit):
                    return await self._client.chat.completions.create(**params)
            except _MODEL_ERRORS as exc:
                failure = _classify(exc)
                if failure is None:  # pragma: no cover - _MODEL_ERRORS all classify
                    raise
                delay = self._retry_delay(call, failure, call.deadline_at)
                if delay is None:
                    raise ModelCallFailed(
                        f"the language model call failed: {failure.outcome}",
                        outcome=failure.outcome,
                        attempts=call.attempts,
                    ) from None
                await self._wait(call, failure, delay)

    def _attempt_limit(self, by: float) -> float:
        """Seconds the next attempt (or stream read) may take: ``timeout_s``, cut to what is
        left before the event-loop time ``by``. Raises :class:`TimeoutError` when nothing is
        left."""
        left = by - asyncio.get_running_loop().time()
        if left <= 0:
            raise TimeoutError
        return min(self.timeout_s, left)

    def _retry_delay(self, call: _Call, failure: _Failure, by: float) -> float | None:
        """The wait before the next attempt, or None to give up: the failure is final, the
        retry policy says stop, or the wait would not leave :data:`MIN_ATTEMPT_S` before
        ``by`` (event-loop time)."""
        if not failure.retryable:
            return None
        delay = self.retry.wait_before(
            call.attempts,
            retry_after=failure.retry_after,
            waited_s=call.waited_s,
            rand=self._rand(),
        )
        if delay is None:
            return None
        if asyncio.get_running_loop().time() + delay + MIN_ATTEMPT_S > by:
            logger.info(
                "model call out of time (%s, attempt %d, prompt %s); no retry",
                failure.outcome,
                call.attempts,
                call.prompt_ref,
            )
            return None
        return delay

    async def _wait(self, call: _Call, failure: _Failure, delay: float) -> None:
        logger.info(
            "model request failed (%s%s, attempt %d, prompt %s); retrying in %.2fs",
            failure.outcome,
            f" {failure.status}" if failure.status is not None else "",
            call.attempts,
            call.prompt_ref,
            delay,
        )
        call.waited_s += delay
        await self._sleep(delay)

    def _read(
        self, call: _Call, rendered: RenderedPrompt, response: Any
    ) -> tuple[Completion, bool]:
        """Turn an SDK ``ChatCompletion`` into a :class:`Completion`, and whether the model
        refused."""
        choices = getattr(response, "choices", None)
        if not choices:
            raise ModelCallFailed(
                "the language model sent no choices",
                outcome=Outcome.BAD_RESPONSE,
                attempts=call.attempts,
            )
        message = choices[0].message
        refusal = getattr(message, "refusal", None)
        text = message.content or ""
        usage = _usage_of(getattr(response, "usage", None), rendered, text)
        completion = Completion(
            text=text,
            usage=usage,
            model=self.model,
            prompt_ref=call.prompt_ref,
            finish_reason=choices[0].finish_reason or "stop",
            latency_s=self._timer() - call.started,
            attempts=call.attempts,
        )
        return completion, bool(refusal) and not text

    async def _succeed(self, call: _Call, usage: Usage, outcome: Outcome = Outcome.OK) -> None:
        self.breaker.record_success()
        call.admitted = False
        await self._record(call, outcome, usage)

    async def _fail(self, call: _Call, outcome: Outcome, usage: Usage) -> None:
        self.breaker.record_failure()
        call.admitted = False
        await self._record(call, outcome, usage)

    async def _record(self, call: _Call, outcome: Outcome, usage: Usage) -> None:
        latency = self._timer() - call.started
        logger.info(
            "model call %s: provider=%s model=%s prompt=%s outcome=%s attempts=%d "
            "latency_ms=%.0f prompt_tokens=%d completion_tokens=%d",
            call.kind,
            self.provider,
            self.model,
            call.prompt_ref,
            outcome,
            call.attempts,
            latency * 1000,
            usage.prompt_tokens,
            usage.completion_tokens,
        )
        record = UsageRecord(
            at=self._now(),
            user=call.user,
            workspace=call.workspace,
            provider=self.provider,
            model=self.model,
            prompt_ref=call.prompt_ref,
            kind=call.kind,
            outcome=outcome,
            usage=usage,
            latency_s=latency,
            attempts=call.attempts,
        )
        try:
            await self.recorder.record(record)
        except Exception as exc:  # usage bookkeeping must never cost the user an answer
            logger.warning("usage recorder failed (%s)", type(exc).__name__)


@dataclass(frozen=True, slots=True)
class GatewayOptions:
    """Tuning that is not in the environment; the defaults suit chat users."""

    retry: RetryPolicy = field(default_factory=RetryPolicy)
    failure_threshold: int = 5
    cooldown_s: float = 30.0


def build_gateway(
    settings: LLMSettings,
    *,
    recorder: UsageRecorder | None = None,
    ledger: BudgetLedger | None = None,
    options: GatewayOptions | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Gateway | None:
    """The gateway for the configured provider, or None when it is ``offline``.

    ``settings.max_retries``, ``timeout_s``, ``deadline_s`` and ``stream_deadline_s`` apply;
    budgets come from ``daily_tokens_per_user`` / ``daily_tokens_per_workspace``.
    """
    built = build_client(settings)
    if built is None:
        return None
    options = options or GatewayOptions()
    retry = RetryPolicy(
        max_retries=max(0, settings.max_retries),
        base_delay_s=options.retry.base_delay_s,
        max_delay_s=options.retry.max_delay_s,
        max_retry_after_s=options.retry.max_retry_after_s,
        max_total_wait_s=options.retry.max_total_wait_s,
    )
    logger.info("language model: provider=%s model=%s", built.provider, built.model)
    return Gateway(
        built.client,
        model=built.model,
        provider=built.provider,
        timeout_s=settings.timeout_s,
        deadline_s=settings.deadline_s,
        stream_deadline_s=settings.stream_deadline_s,
        retry=retry,
        breaker=CircuitBreaker(
            failure_threshold=options.failure_threshold,
            cooldown_s=options.cooldown_s,
            clock=clock,
        ),
        recorder=recorder,
        ledger=ledger,
        budget=Budget(
            per_user=settings.daily_tokens_per_user,
            per_workspace=settings.daily_tokens_per_workspace,
        ),
        token_limit_param=built.token_limit_param,
    )
