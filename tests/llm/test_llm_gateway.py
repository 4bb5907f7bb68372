"""The gateway against a fake OpenAI-compatible server: the requests it sends, retries, the
breaker, budgets, usage records, streaming, structured output and provider routing."""

from __future__ import annotations

import asyncio
import logging
from datetime import date
from typing import Any

import pytest
from fakes.openai_server import Cut, FakeOpenAI, Malformed, Reply, Stall, Status

from bot.identity import UserKey
from bot.llm.breaker import BreakerState
from bot.llm.errors import (
    BudgetExhausted,
    CircuitOpen,
    InvalidModelOutput,
    LLMError,
    ModelCallFailed,
    ModelUnavailable,
    Outcome,
    StreamInterrupted,
)
from bot.llm.gateway import build_gateway
from bot.llm.prompts import Prompt
from bot.llm.providers import DEFAULT_AZURE_API_VERSION, KEYLESS_PLACEHOLDER, build_client
from bot.llm.retry import RetryPolicy
from bot.llm.usage import Budget, DailyTokens, MemoryUsage, UsageRecord
from bot.settings import LLMSettings

from .conftest import MODEL, GatewayFactory, ManualClock, Sleeper, WallClock

VARS = {"topic": "pricing", "message": "Can you do 20% off?"}

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["verdict", "score"],
    "properties": {
        "verdict": {"type": "string", "enum": ["yes", "no"]},
        "score": {"type": "number", "minimum": 0, "maximum": 1},
    },
}


async def test_complete_sends_the_rendered_prompt_and_records_usage(
    fake: FakeOpenAI,
    make_gateway: GatewayFactory,
    echo_prompt: Prompt,
    user: UserKey,
    usage: MemoryUsage,
    wall: WallClock,
) -> None:
    fake.queue(Reply("Sure, let us talk.", prompt_tokens=30, completion_tokens=7))
    gateway = make_gateway()
    completion = await gateway.complete(echo_prompt, VARS, user=user)

    assert completion.text == "Sure, let us talk."
    assert (completion.usage.prompt_tokens, completion.usage.completion_tokens) == (30, 7)
    assert completion.prompt_ref == "echo@3"
    assert completion.attempts == 1
    assert not completion.truncated
    [request] = fake.requests
    assert request.path == "/v1/chat/completions"
    assert request.model == MODEL
    assert request.temperature == 0.4
    assert request.body["max_tokens"] == 50
    assert request.headers["Authorization"] == "Bearer test-key"
    assert request.content_of("system") == "You talk about pricing."
    assert request.content_of("user") == "Answer this:\n<message>Can you do 20% off?</message>"
    assert "stream" not in request.body

    [record] = usage.records
    assert record.outcome is Outcome.OK
    assert record.usage.total_tokens == 37
    assert not record.usage.estimated
    assert record.prompt_ref == "echo@3"
    assert record.model == MODEL
    assert record.kind == "complete"
    assert record.workspace == "slack:T1"
    assert record.user == user
    assert record.attempts == 1
    assert record.at == wall.current
    assert record.latency_s >= 0


async def test_overrides_and_estimates_when_the_server_reports_no_usage(
    fake: FakeOpenAI, make_gateway: GatewayFactory, echo_prompt: Prompt, user: UserKey
) -> None:
    fake.queue(Reply("12345678", include_usage=False))
    gateway = make_gateway(token_limit_param="max_completion_tokens")
    completion = await gateway.complete(echo_prompt, VARS, user=user, temperature=0.0, max_tokens=9)
    assert completion.usage.estimated
    assert completion.usage.completion_tokens == 2
    assert completion.usage.prompt_tokens > 0
    [request] = fake.requests
    assert request.temperature == 0.0
    assert request.body["max_completion_tokens"] == 9
    assert "max_tokens" not in request.body


async def test_server_errors_are_retried_with_backoff_until_an_answer(
    fake: FakeOpenAI,
    make_gateway: GatewayFactory,
    echo_prompt: Prompt,
    user: UserKey,
    sleeper: Sleeper,
    usage: MemoryUsage,
) -> None:
    fake.queue(Status(500), Status(503), Reply("third time lucky"))
    gateway = make_gateway(retry=RetryPolicy(max_retries=2, base_delay_s=0.2, max_delay_s=1.0))
    completion = await gateway.complete(echo_prompt, VARS, user=user)
    assert completion.text == "third time lucky"
    assert completion.attempts == 3
    assert len(fake.requests) == 3
    # equal jitter with rand() = 0.5: 3/4 of 0.2, then 3/4 of 0.4
    assert sleeper.delays == pytest.approx([0.15, 0.3])
    assert [r.outcome for r in usage.records] == [Outcome.OK]
    assert usage.records[0].attempts == 3


async def test_retries_are_bounded_and_the_sdk_does_not_retry_on_its_own(
    fake: FakeOpenAI,
    make_gateway: GatewayFactory,
    echo_prompt: Prompt,
    user: UserKey,
    usage: MemoryUsage,
) -> None:
    fake.queue(Status(500), Status(500), Status(500))
    gateway = make_gateway(retry=RetryPolicy(max_retries=2))
    with pytest.raises(ModelCallFailed) as caught:
        await gateway.complete(echo_prompt, VARS, user=user)
    assert caught.value.outcome is Outcome.SERVER_ERROR
    assert caught.value.attempts == 3
    assert len(fake.requests) == 3  # one per attempt: no hidden SDK retries
    assert [(r.outcome, r.attempts) for r in usage.records] == [(Outcome.SERVER_ERROR, 3)]


async def test_a_short_retry_after_is_honoured(
    fake: FakeOpenAI,
    make_gateway: GatewayFactory,
    echo_prompt: Prompt,
    user: UserKey,
    sleeper: Sleeper,
) -> None:
    fake.queue(Status(429, retry_after="2"), Status(429, retry_after_ms="350"), Reply("ok"))
    gateway = make_gateway()
    completion = await gateway.complete(echo_prompt, VARS, user=user)
    assert completion.text == "ok"
    assert sleeper.delays == [2.0, 0.35]


async def test_a_long_retry_after_ends_the_call_at_once(
    fake: FakeOpenAI,
    make_gateway: GatewayFactory,
    echo_prompt: Prompt,
    user: UserKey,
    sleeper: Sleeper,
) -> None:
    fake.queue(Status(429, retry_after="60"), Reply("never asked for"))
    gateway = make_gateway(retry=RetryPolicy(max_retries=2, max_retry_after_s=4))
    with pytest.raises(ModelCallFailed) as caught:
        await gateway.complete(echo_prompt, VARS, user=user)
    assert caught.value.outcome is Outcome.RATE_LIMITED
    assert len(fake.requests) == 1
    assert sleeper.delays == []
    assert fake.pending == 1


async def test_a_slow_server_times_out_and_is_retried(
    fake: FakeOpenAI, make_gateway: GatewayFactory, echo_prompt: Prompt, user: UserKey
) -> None:
    fake.queue(Stall(5.0), Reply("fast now"))
    gateway = make_gateway(timeout_s=0.25)
    started = asyncio.get_running_loop().time()
    completion = await gateway.complete(echo_prompt, VARS, user=user)
    assert completion.text == "fast now"
    assert completion.attempts == 2
    assert asyncio.get_running_loop().time() - started < 2.0


async def test_a_timeout_without_retries_is_model_unavailable(
    fake: FakeOpenAI,
    make_gateway: GatewayFactory,
    echo_prompt: Prompt,
    user: UserKey,
    usage: MemoryUsage,
) -> None:
    fake.queue(Stall(5.0))
    gateway = make_gateway(timeout_s=0.2, retry=RetryPolicy(max_retries=0))
    with pytest.raises(ModelUnavailable) as caught:
        await gateway.complete(echo_prompt, VARS, user=user)
    assert caught.value.outcome is Outcome.TIMEOUT
    assert usage.records[-1].outcome is Outcome.TIMEOUT


@pytest.mark.parametrize(
    ("step", "outcome"),
    [
        (Malformed(), Outcome.BAD_RESPONSE),
        (Status(401, message="bad key"), Outcome.CLIENT_ERROR),
        (Status(400), Outcome.CLIENT_ERROR),
        (Cut(('{"id": "chatcmpl-1", "cho',)), Outcome.CONNECTION),
    ],
)
async def test_broken_answers_fail_without_pointless_retries(
    fake: FakeOpenAI,
    make_gateway: GatewayFactory,
    echo_prompt: Prompt,
    user: UserKey,
    step: Any,
    outcome: Outcome,
) -> None:
    retries_expected = outcome is Outcome.CONNECTION
    fake.queue(step)
    if retries_expected:
        fake.queue(Reply("recovered"))
    gateway = make_gateway()
    if retries_expected:
        completion = await gateway.complete(echo_prompt, VARS, user=user)
        assert completion.text == "recovered"
        return
    with pytest.raises(ModelCallFailed) as caught:
        await gateway.complete(echo_prompt, VARS, user=user)
    assert caught.value.outcome is outcome
    assert len(fake.requests) == 1


async def test_empty_answers_and_refusals_are_invalid_output(
    fake: FakeOpenAI,
    make_gateway: GatewayFactory,
    echo_prompt: Prompt,
    user: UserKey,
    usage: MemoryUsage,
) -> None:
    fake.queue(Reply("  "), Reply("", refusal="I cannot help with that."))
    gateway = make_gateway(failure_threshold=1)
    with pytest.raises(InvalidModelOutput, match="empty answer"):
        await gateway.complete(echo_prompt, VARS, user=user)
    with pytest.raises(InvalidModelOutput, match="refused"):
        await gateway.complete(echo_prompt, VARS, user=user)
    assert [r.outcome for r in usage.records] == [Outcome.INVALID_OUTPUT] * 2
    assert gateway.breaker.state is BreakerState.CLOSED  # the model is up: not a failure


async def test_the_breaker_opens_then_half_opens_after_the_cooldown(
    fake: FakeOpenAI,
    make_gateway: GatewayFactory,
    echo_prompt: Prompt,
    user: UserKey,
    clock: ManualClock,
    usage: MemoryUsage,
) -> None:
    gateway = make_gateway(failure_threshold=2, cooldown_s=30, retry=RetryPolicy(max_retries=0))
    fake.queue(Status(500), Status(502))
    for _ in range(2):
        with pytest.raises(ModelCallFailed):
            await gateway.complete(echo_prompt, VARS, user=user)
    assert gateway.breaker.state is BreakerState.OPEN

    started = asyncio.get_running_loop().time()
    with pytest.raises(CircuitOpen):
        await gateway.complete(echo_prompt, VARS, user=user)
    assert asyncio.get_running_loop().time() - started < 0.05  # no waiting for a dead model
    assert len(fake.requests) == 2  # the open circuit sent nothing
    assert usage.records[-1].outcome is Outcome.CIRCUIT_OPEN
    assert usage.records[-1].attempts == 0

    clock.advance(30)
    fake.queue(Status(500))  # the trial fails: open again
    with pytest.raises(ModelCallFailed):
        await gateway.complete(echo_prompt, VARS, user=user)
    assert gateway.breaker.state is BreakerState.OPEN
    with pytest.raises(CircuitOpen):
        await gateway.complete(echo_prompt, VARS, user=user)

    clock.advance(30)
    fake.queue(Reply("back"))  # the trial succeeds: closed
    completion = await gateway.complete(echo_prompt, VARS, user=user)
    assert completion.text == "back"
    assert gateway.breaker.state is BreakerState.CLOSED


async def test_only_one_trial_runs_while_half_open(
    fake: FakeOpenAI,
    make_gateway: GatewayFactory,
    echo_prompt: Prompt,
    user: UserKey,
    clock: ManualClock,
) -> None:
    gateway = make_gateway(failure_threshold=1, cooldown_s=10, retry=RetryPolicy(max_retries=0))
    fake.queue(Status(500))
    with pytest.raises(ModelCallFailed):
        await gateway.complete(echo_prompt, VARS, user=user)
    clock.advance(10)
    fake.queue(Stall(0.1, then=Reply("trial ok")))
    trial = asyncio.create_task(gateway.complete(echo_prompt, VARS, user=user))
    await asyncio.sleep(0.03)
    with pytest.raises(CircuitOpen):
        await gateway.complete(echo_prompt, VARS, user=user)
    assert (await trial).text == "trial ok"
    assert gateway.breaker.state is BreakerState.CLOSED


async def test_a_cancelled_call_frees_the_trial_and_is_recorded(
    fake: FakeOpenAI,
    make_gateway: GatewayFactory,
    echo_prompt: Prompt,
    user: UserKey,
    clock: ManualClock,
    usage: MemoryUsage,
) -> None:
    gateway = make_gateway(failure_threshold=1, cooldown_s=10, retry=RetryPolicy(max_retries=0))
    fake.queue(Status(500), Stall(5.0))
    with pytest.raises(ModelCallFailed):
        await gateway.complete(echo_prompt, VARS, user=user)
    clock.advance(10)
    trial = asyncio.create_task(gateway.complete(echo_prompt, VARS, user=user))
    await asyncio.sleep(0.05)
    trial.cancel()
    with pytest.raises(asyncio.CancelledError):
        await trial
    assert usage.records[-1].outcome is Outcome.CANCELLED
    assert gateway.breaker.state is BreakerState.HALF_OPEN
    fake.queue(Reply("next trial"))
    assert (await gateway.complete(echo_prompt, VARS, user=user)).text == "next trial"


async def test_the_user_budget_refuses_and_notifies_once_a_day(
    fake: FakeOpenAI,
    make_gateway: GatewayFactory,
    echo_prompt: Prompt,
    user: UserKey,
    wall: WallClock,
    usage: MemoryUsage,
) -> None:
    gateway = make_gateway(budget=Budget(per_user=100, per_workspace=10_000))
    fake.queue(Reply("a long answer", prompt_tokens=80, completion_tokens=25))
    await gateway.complete(echo_prompt, VARS, user=user)  # 105 tokens: over the limit now

    with pytest.raises(BudgetExhausted) as first:
        await gateway.complete(echo_prompt, VARS, user=user)
    assert first.value.scope == "user"
    assert first.value.notify is True
    assert isinstance(first.value, ModelUnavailable)
    with pytest.raises(BudgetExhausted) as second:
        await gateway.complete(echo_prompt, VARS, user=user)
    assert second.value.notify is False
    assert len(fake.requests) == 1
    assert [r.outcome for r in usage.records][1:] == [Outcome.BUDGET_EXHAUSTED] * 2

    colleague = UserKey(platform="slack", tenant="T1", user_id="U2")
    fake.queue(Reply("fine"))
    assert (await gateway.complete(echo_prompt, VARS, user=colleague)).text == "fine"

    wall.next_day()
    fake.queue(Reply("a new day"))
    assert (await gateway.complete(echo_prompt, VARS, user=user)).text == "a new day"


async def test_the_workspace_budget_covers_everyone_in_it(
    fake: FakeOpenAI,
    make_gateway: GatewayFactory,
    echo_prompt: Prompt,
    user: UserKey,
    usage: MemoryUsage,
) -> None:
    gateway = make_gateway(budget=Budget(per_user=0, per_workspace=50))
    fake.queue(Reply("x", prompt_tokens=40, completion_tokens=10))
    await gateway.complete(echo_prompt, VARS, user=user)
    colleague = UserKey(platform="slack", tenant="T1", user_id="U2")
    with pytest.raises(BudgetExhausted) as caught:
        await gateway.complete(echo_prompt, VARS, user=colleague)
    assert caught.value.scope == "workspace"
    assert caught.value.notify is True
    elsewhere = UserKey(platform="slack", tenant="T2", user_id="U1")
    fake.queue(Reply("other workspace"), Reply("explicit workspace"))
    assert (await gateway.complete(echo_prompt, VARS, user=elsewhere)).text == "other workspace"
    explicit = await gateway.complete(echo_prompt, VARS, user=colleague, tenant="E-grid")
    assert explicit.text == "explicit workspace"
    assert usage.records[-1].workspace == "slack:E-grid"


class _BrokenStore:
    async def record(self, record: UsageRecord) -> None:
        raise OSError("disk full")

    async def tokens_used(self, user: UserKey, workspace: str, day: date) -> DailyTokens:
        raise OSError("database down")

    async def claim_budget_notice(self, user: UserKey, day: date) -> bool:
        raise OSError("database down")


async def test_broken_bookkeeping_never_costs_the_user_an_answer(
    fake: FakeOpenAI,
    make_gateway: GatewayFactory,
    echo_prompt: Prompt,
    user: UserKey,
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = _BrokenStore()
    gateway = make_gateway(budget=Budget(per_user=1, per_workspace=1))
    gateway.recorder = store
    gateway.ledger = store
    fake.queue(Reply("still here"))
    with caplog.at_level(logging.WARNING, logger="bot.llm.gateway"):
        completion = await gateway.complete(echo_prompt, VARS, user=user)
    assert completion.text == "still here"
    assert "budget ledger unavailable (OSError)" in caplog.text
    assert "usage recorder failed (OSError)" in caplog.text


async def test_logs_name_the_call_but_never_its_content(
    fake: FakeOpenAI,
    make_gateway: GatewayFactory,
    echo_prompt: Prompt,
    user: UserKey,
    caplog: pytest.LogCaptureFixture,
) -> None:
    secret = "our walk-away price is 41k"
    fake.queue(Status(500, message=f"echo: {secret}"), Reply(f"reply mentioning {secret}"))
    gateway = make_gateway()
    with caplog.at_level(logging.DEBUG, logger="bot.llm"):
        await gateway.complete(echo_prompt, {"topic": "x", "message": secret}, user=user)
    assert "prompt=echo@3" in caplog.text
    assert "outcome=ok" in caplog.text
    assert "server_error 500" in caplog.text
    assert secret not in caplog.text
    assert "test-key" not in caplog.text


async def test_stream_yields_chunks_and_records_reported_usage(
    fake: FakeOpenAI,
    make_gateway: GatewayFactory,
    echo_prompt: Prompt,
    user: UserKey,
    usage: MemoryUsage,
) -> None:
    fake.queue(Reply("Let us find a fair deal.", prompt_tokens=12, completion_tokens=6))
    gateway = make_gateway()
    chunks = [chunk async for chunk in gateway.stream(echo_prompt, VARS, user=user)]
    assert "".join(chunks) == "Let us find a fair deal."
    assert len(chunks) > 1
    [request] = fake.requests
    assert request.stream
    assert request.body["stream_options"] == {"include_usage": True}
    [record] = usage.records
    assert (record.kind, record.outcome, record.usage.total_tokens) == ("stream", Outcome.OK, 18)


async def test_a_stream_without_text_is_invalid_output(
    fake: FakeOpenAI,
    make_gateway: GatewayFactory,
    echo_prompt: Prompt,
    user: UserKey,
    usage: MemoryUsage,
) -> None:
    fake.queue(Reply("", chunks=()))
    gateway = make_gateway()
    with pytest.raises(InvalidModelOutput, match="empty answer"):
        async for _chunk in gateway.stream(echo_prompt, VARS, user=user):
            pass
    assert [r.outcome for r in usage.records] == [Outcome.INVALID_OUTPUT]


async def test_a_stream_failing_before_any_text_is_retried(
    fake: FakeOpenAI,
    make_gateway: GatewayFactory,
    echo_prompt: Prompt,
    user: UserKey,
    sleeper: Sleeper,
) -> None:
    fake.queue(Status(503), Cut(()), Reply("second wind"))
    gateway = make_gateway()
    text = "".join([c async for c in gateway.stream(echo_prompt, VARS, user=user)])
    assert text == "second wind"
    assert len(fake.requests) == 3
    assert len(sleeper.delays) == 2


async def test_a_stream_cut_halfway_raises_with_the_partial_text(
    fake: FakeOpenAI,
    make_gateway: GatewayFactory,
    echo_prompt: Prompt,
    user: UserKey,
    usage: MemoryUsage,
) -> None:
    fake.queue(Cut(("We can ", "offer ")), Reply("not requested: no retry after text"))
    gateway = make_gateway()
    received: list[str] = []
    with pytest.raises(StreamInterrupted) as caught:
        async for chunk in gateway.stream(echo_prompt, VARS, user=user):
            received.append(chunk)
    assert "".join(received) == "We can offer "
    assert caught.value.partial == "We can offer "
    assert caught.value.outcome is Outcome.STREAM_CUT
    assert isinstance(caught.value, LLMError)
    assert len(fake.requests) == 1
    assert fake.pending == 1
    [record] = usage.records
    assert record.outcome is Outcome.STREAM_CUT
    assert record.usage.estimated and record.usage.completion_tokens > 0
    assert gateway.breaker.consecutive_failures == 1


async def test_a_stream_the_caller_abandons_is_recorded_as_cancelled(
    fake: FakeOpenAI,
    make_gateway: GatewayFactory,
    echo_prompt: Prompt,
    user: UserKey,
    usage: MemoryUsage,
    clock: ManualClock,
) -> None:
    gateway = make_gateway(failure_threshold=1, cooldown_s=10, retry=RetryPolicy(max_retries=0))
    fake.queue(Status(500), Reply("one two three four"), Reply("after"))
    with pytest.raises(ModelCallFailed):
        await gateway.complete(echo_prompt, VARS, user=user)
    clock.advance(10)  # the stream below is the half-open trial
    stream = gateway.stream(echo_prompt, VARS, user=user)
    assert await anext(stream) == "one "
    await stream.aclose()  # type: ignore[attr-defined]
    record = usage.records[-1]
    assert record.outcome is Outcome.CANCELLED
    assert record.usage.completion_tokens > 0
    assert gateway.breaker.state is BreakerState.HALF_OPEN  # the trial slot is free again
    assert (await gateway.complete(echo_prompt, VARS, user=user)).text == "after"
    assert gateway.breaker.state is BreakerState.CLOSED


async def test_structured_output_sends_the_schema_at_temperature_zero(
    fake: FakeOpenAI,
    make_gateway: GatewayFactory,
    echo_prompt: Prompt,
    user: UserKey,
    usage: MemoryUsage,
) -> None:
    fake.queue_json({"verdict": "yes", "score": 0.75})
    gateway = make_gateway()
    data = await gateway.structured(echo_prompt, VARS, SCHEMA, schema_name="answer", user=user)
    assert data == {"verdict": "yes", "score": 0.75}
    [request] = fake.requests
    assert request.temperature == 0.0
    assert request.response_format == {
        "type": "json_schema",
        "json_schema": {"name": "answer", "schema": SCHEMA, "strict": True},
    }
    assert usage.records[0].kind == "structured"


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Reply('{"verdict": "maybe", "score": 0.5}'), "schema violation at /verdict (enum)"),
        (Reply('{"verdict": "yes", "score": 7}'), "schema violation at /score (maximum)"),
        (Reply('{"verdict": "yes"}'), "schema violation at / (required)"),
        (Reply('{"verdict": "yes", "score": 1, "x": 1}'), "(additionalProperties)"),
        (Reply("[1, 2]"), "not a JSON object"),
        (Reply("Sure! Here is the JSON"), "not JSON"),
        (Reply('{"verdict": "yes", "sc', finish_reason="length"), "cut off at the token limit"),
        (Reply("", refusal="No."), "refused"),
    ],
)
async def test_invalid_structured_output_is_rejected(
    fake: FakeOpenAI,
    make_gateway: GatewayFactory,
    echo_prompt: Prompt,
    user: UserKey,
    usage: MemoryUsage,
    reply: Reply,
    reason: str,
) -> None:
    fake.queue(reply)
    gateway = make_gateway()
    with pytest.raises(InvalidModelOutput) as caught:
        await gateway.structured(echo_prompt, VARS, SCHEMA, schema_name="answer", user=user)
    assert reason in caught.value.reason
    assert len(fake.requests) == 1
    assert usage.records[0].outcome is Outcome.INVALID_OUTPUT
    assert "maybe" not in str(caught.value)


async def test_an_invalid_schema_is_a_programming_error(
    make_gateway: GatewayFactory, echo_prompt: Prompt, user: UserKey
) -> None:
    gateway = make_gateway()
    with pytest.raises(Exception, match="invalid JSON schema") as caught:
        await gateway.structured(
            echo_prompt, VARS, {"type": "nonsense"}, schema_name="x", user=user
        )
    assert not isinstance(caught.value, LLMError)


async def test_azure_requests_go_to_the_deployment_with_the_api_version(
    fake: FakeOpenAI, echo_prompt: Prompt, user: UserKey
) -> None:
    settings = LLMSettings(
        azure_endpoint=fake.base_url,
        azure_api_key="azure-key",
        api_version="2025-01-01-preview",
        azure_deployment="noblesse-coach",
        timeout_s=5,
    )
    usage = MemoryUsage()
    gateway = build_gateway(settings, recorder=usage, ledger=usage)
    assert gateway is not None
    fake.queue(Reply("hallo"), Reply('{"verdict": "no", "score": 0}'))
    try:
        assert (await gateway.complete(echo_prompt, VARS, user=user)).text == "hallo"
        await gateway.structured(echo_prompt, VARS, SCHEMA, schema_name="answer", user=user)
    finally:
        await gateway.aclose()
    for request in fake.requests:
        assert request.path == "/openai/deployments/noblesse-coach/chat/completions"
        assert request.deployment == "noblesse-coach"
        assert request.api_version == "2025-01-01-preview"
        assert request.headers["api-key"] == "azure-key"
        assert "Authorization" not in request.headers
        assert request.model == "noblesse-coach"
    assert fake.requests[1].response_format is not None
    assert usage.records[0].provider == "azure"


async def test_azure_without_a_deployment_or_version_uses_the_model_and_a_ga_version(
    fake: FakeOpenAI, echo_prompt: Prompt, user: UserKey
) -> None:
    settings = LLMSettings(
        azure_endpoint=fake.base_url, api_key="shared-key", model="gpt-4o-mini", timeout_s=5
    )
    gateway = build_gateway(settings)
    assert gateway is not None
    fake.queue(Reply("ok"))
    try:
        await gateway.complete(echo_prompt, VARS, user=user)
    finally:
        await gateway.aclose()
    [request] = fake.requests
    assert request.path == "/openai/deployments/gpt-4o-mini/chat/completions"
    assert request.api_version == DEFAULT_AZURE_API_VERSION
    assert request.headers["api-key"] == "shared-key"


async def test_an_openai_compatible_server_needs_no_key(
    fake: FakeOpenAI, echo_prompt: Prompt, user: UserKey
) -> None:
    settings = LLMSettings(base_url=fake.openai_url, model="llama3.2", timeout_s=5)
    assert settings.provider == "openai"
    gateway = build_gateway(settings)
    assert gateway is not None
    fake.queue(Reply("local answer"))
    try:
        assert (await gateway.complete(echo_prompt, VARS, user=user)).text == "local answer"
    finally:
        await gateway.aclose()
    [request] = fake.requests
    assert request.model == "llama3.2"
    assert request.headers["Authorization"] == f"Bearer {KEYLESS_PLACEHOLDER}"
    assert request.body["max_tokens"] == 50


async def test_settings_drive_retries_and_budgets(
    fake: FakeOpenAI, echo_prompt: Prompt, user: UserKey
) -> None:
    settings = LLMSettings(
        base_url=fake.openai_url,
        api_key="k",
        max_retries=1,
        daily_tokens_per_user=10,
        daily_tokens_per_workspace=0,
    )
    gateway = build_gateway(settings)
    assert gateway is not None
    assert gateway.retry.max_retries == 1
    assert gateway.budget == Budget(per_user=10, per_workspace=0)
    fake.queue(Status(500), Status(500))
    try:
        with pytest.raises(ModelCallFailed):
            await gateway.complete(echo_prompt, VARS, user=user)
    finally:
        await gateway.aclose()
    assert len(fake.requests) == 2


def test_offline_settings_build_no_gateway() -> None:
    assert LLMSettings().provider == "offline"
    assert build_gateway(LLMSettings()) is None
    assert build_client(LLMSettings()) is None


def test_official_openai_uses_max_completion_tokens() -> None:
    built = build_client(LLMSettings(api_key="sk-test"))
    assert built is not None
    assert built.token_limit_param == "max_completion_tokens"
    assert str(built.client.base_url).startswith("https://api.openai.com/v1")
    assert built.client.max_retries == 0
