"""The gateway's time limits: one deadline per call covers every attempt and every retry wait;
a stream must send its first text within the deadline and end within its own cap; a call out
of time fails (and counts for the breaker) so that the caller answers offline in time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any, cast

import pytest
from fakes.openai_server import FakeOpenAI, Reply, Stall, Status
from openai import AsyncOpenAI

from bot.errors import ConfigurationError
from bot.identity import UserKey
from bot.llm.errors import CircuitOpen, ModelCallFailed, Outcome, StreamInterrupted
from bot.llm.gateway import Gateway, build_gateway
from bot.llm.prompts import Prompt
from bot.llm.retry import RetryPolicy
from bot.llm.usage import MemoryUsage
from bot.settings import LLMSettings, Settings

from .conftest import GatewayFactory, Sleeper

VARS = {"topic": "pricing", "message": "Can you do 20% off?"}
PATIENT = RetryPolicy(max_retries=10, max_retry_after_s=10.0, max_total_wait_s=100.0)
"""A policy that would retry for a long time: only the deadline stops it."""


def loop_time() -> float:
    return asyncio.get_running_loop().time()


async def test_the_deadline_stops_retries_of_a_stalling_model(
    fake: FakeOpenAI,
    make_gateway: GatewayFactory,
    echo_prompt: Prompt,
    user: UserKey,
    usage: MemoryUsage,
) -> None:
    fake.queue(*(Stall(10.0) for _ in range(10)))
    gateway = make_gateway(timeout_s=1.0, deadline_s=2.5, retry=PATIENT)
    started = loop_time()
    with pytest.raises(ModelCallFailed) as caught:
        await gateway.complete(echo_prompt, VARS, user=user)
    took = loop_time() - started
    assert caught.value.outcome is Outcome.TIMEOUT
    # 1 s, a wait, 1 s, then less than MIN_ATTEMPT_S is left: no third attempt
    assert caught.value.attempts == 2
    assert len(fake.requests) == 2
    assert took >= 1.9
    assert took < 3.5  # generous for a loaded machine; the stall alone would take 10 s
    assert usage.records[-1].outcome is Outcome.TIMEOUT
    assert usage.records[-1].attempts == 2


async def test_the_last_attempt_gets_only_what_is_left_of_the_deadline(
    fake: FakeOpenAI, make_gateway: GatewayFactory, echo_prompt: Prompt, user: UserKey
) -> None:
    fake.queue(Status(503), Stall(10.0))
    gateway = make_gateway(timeout_s=5.0, deadline_s=1.5, retry=PATIENT)
    started = loop_time()
    with pytest.raises(ModelCallFailed) as caught:
        await gateway.complete(echo_prompt, VARS, user=user)
    took = loop_time() - started
    assert caught.value.outcome is Outcome.TIMEOUT
    assert caught.value.attempts == 2
    assert took >= 1.4
    assert took < 3.0, "the second attempt ran past the deadline (its own timeout is 5 s)"


async def test_a_retry_wait_that_would_pass_the_deadline_is_not_made(
    fake: FakeOpenAI,
    make_gateway: GatewayFactory,
    echo_prompt: Prompt,
    user: UserKey,
    sleeper: Sleeper,
) -> None:
    fake.queue(Status(429, retry_after="2"))
    gateway = make_gateway(timeout_s=1.0, deadline_s=2.5, retry=PATIENT)
    started = loop_time()
    with pytest.raises(ModelCallFailed) as caught:
        await gateway.structured(
            echo_prompt,
            VARS,
            {"type": "object"},
            schema_name="answer",
            user=user,
        )
    assert caught.value.outcome is Outcome.RATE_LIMITED
    assert caught.value.attempts == 1
    assert sleeper.delays == [], "waited although no attempt could follow in time"
    assert loop_time() - started < 1.0


async def test_retries_within_the_deadline_still_happen(
    fake: FakeOpenAI,
    make_gateway: GatewayFactory,
    echo_prompt: Prompt,
    user: UserKey,
    sleeper: Sleeper,
) -> None:
    fake.queue(Status(500), Status(503), Reply("third time lucky"))
    gateway = make_gateway(timeout_s=1.0, deadline_s=3.0, retry=PATIENT)
    completion = await gateway.complete(echo_prompt, VARS, user=user)
    assert completion.text == "third time lucky"
    assert completion.attempts == 3
    assert len(sleeper.delays) == 2


async def test_a_call_out_of_time_counts_for_the_breaker(
    fake: FakeOpenAI, make_gateway: GatewayFactory, echo_prompt: Prompt, user: UserKey
) -> None:
    fake.queue(Stall(10.0))
    gateway = make_gateway(timeout_s=5.0, deadline_s=0.5, failure_threshold=1, retry=PATIENT)
    with pytest.raises(ModelCallFailed):
        await gateway.complete(echo_prompt, VARS, user=user)
    with pytest.raises(CircuitOpen):
        await gateway.complete(echo_prompt, VARS, user=user)
    assert len(fake.requests) == 1


async def test_a_stream_must_send_its_first_text_within_the_deadline(
    fake: FakeOpenAI,
    make_gateway: GatewayFactory,
    echo_prompt: Prompt,
    user: UserKey,
    usage: MemoryUsage,
) -> None:
    fake.queue(*(Stall(10.0) for _ in range(5)))
    gateway = make_gateway(timeout_s=5.0, deadline_s=1.0, stream_deadline_s=8.0, retry=PATIENT)
    started = loop_time()
    with pytest.raises(ModelCallFailed) as caught:
        async for _ in gateway.stream(echo_prompt, VARS, user=user):
            pytest.fail("a stalled stream yielded text")
    took = loop_time() - started
    assert caught.value.outcome is Outcome.TIMEOUT
    assert 0.9 <= took < 1.5
    assert len(fake.requests) == 1
    assert usage.records[-1].outcome is Outcome.TIMEOUT


class TricklingClient:
    """Stands in for ``AsyncOpenAI``: a stream that sends a word every ``gap`` seconds and
    would only finish after ``words`` words."""

    def __init__(self, *, gap: float, words: int) -> None:
        self.gap = gap
        self.words = words
        self.closed = 0
        self.chat = SimpleNamespace(completions=SimpleNamespace(create=self._create))

    async def _create(self, **params: Any) -> Any:
        assert params["stream"] is True
        client = self

        class Stream:
            def __aiter__(self) -> AsyncIterator[Any]:
                return client._chunks()

            async def close(self) -> None:
                client.closed += 1

        return Stream()

    async def _chunks(self) -> AsyncIterator[Any]:
        for index in range(self.words):
            await asyncio.sleep(self.gap)
            delta = SimpleNamespace(content=f"word{index} ")
            yield SimpleNamespace(
                usage=None, choices=[SimpleNamespace(finish_reason=None, delta=delta)]
            )
        done = SimpleNamespace(finish_reason="stop", delta=None)
        yield SimpleNamespace(usage=None, choices=[done])

    async def close(self) -> None:
        return None


async def test_a_trickling_stream_is_cut_at_its_overall_cap(
    echo_prompt: Prompt, user: UserKey
) -> None:
    client = TricklingClient(gap=0.3, words=30)  # 9 s in all; each gap well under the timeout
    usage = MemoryUsage()
    gateway = Gateway(
        cast(AsyncOpenAI, client),
        model="coach-model",
        timeout_s=1.0,
        deadline_s=1.0,
        stream_deadline_s=1.6,
        retry=PATIENT,
        recorder=usage,
        ledger=usage,
    )
    shown: list[str] = []
    started = loop_time()
    with pytest.raises(StreamInterrupted) as caught:
        async for chunk in gateway.stream(echo_prompt, VARS, user=user):
            shown.append(chunk)
    took = loop_time() - started
    assert took >= 1.5
    assert took < 2.6
    assert 3 <= len(shown) <= 6
    assert caught.value.partial == "".join(shown)
    assert client.closed == 1
    assert usage.records[-1].outcome is Outcome.STREAM_CUT
    assert gateway.breaker.consecutive_failures == 1


def test_the_time_limits_come_from_the_environment() -> None:
    defaults = Settings.from_env({}).llm
    assert (defaults.timeout_s, defaults.deadline_s, defaults.stream_deadline_s) == (4.0, 4.5, 4.5)
    assert defaults == LLMSettings()
    tuned = Settings.from_env(
        {
            "OPENAI_API_KEY": "sk-test",
            "NOBLESSE_LLM_TIMEOUT": "2",
            "NOBLESSE_LLM_DEADLINE": "3.5",
            "NOBLESSE_LLM_STREAM_DEADLINE": "6",
        }
    ).llm
    gateway = build_gateway(tuned)
    assert gateway is not None
    assert (gateway.timeout_s, gateway.deadline_s, gateway.stream_deadline_s) == (2.0, 3.5, 6.0)
    with pytest.raises(ConfigurationError):
        Settings.from_env({"NOBLESSE_LLM_DEADLINE": "soon"})


@pytest.mark.parametrize(("deadline_s", "stream_deadline_s"), [(0.0, 4.5), (4.5, -1.0)])
def test_a_deadline_must_be_positive(deadline_s: float, stream_deadline_s: float) -> None:
    client = AsyncOpenAI(api_key="k", base_url="http://127.0.0.1:9/v1", max_retries=0)
    with pytest.raises(ConfigurationError):
        Gateway(client, model="m", deadline_s=deadline_s, stream_deadline_s=stream_deadline_s)
