"""Fixtures for the language-model tests: a fake OpenAI server, a hand-driven clock, a sleep
that only records, and a gateway factory wired to all three."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fakes.openai_server import FakeOpenAI
from openai import AsyncOpenAI

from bot.identity import UserKey
from bot.llm.breaker import CircuitBreaker
from bot.llm.gateway import Gateway
from bot.llm.prompts import Prompt, parse_prompt
from bot.llm.retry import RetryPolicy
from bot.llm.usage import Budget, MemoryUsage

MODEL = "coach-model"


class ManualClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Sleeper:
    """Stands in for asyncio.sleep: records each requested delay, returns at once."""

    delays: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@dataclass
class WallClock:
    """The gateway's ``now`` (budget day), movable by the test."""

    current: datetime = field(default_factory=lambda: datetime(2026, 11, 5, 9, 30, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.current

    def next_day(self) -> None:
        self.current += timedelta(days=1)


@pytest.fixture
async def fake() -> AsyncIterator[FakeOpenAI]:
    server = FakeOpenAI()
    await server.start()
    try:
        yield server
    finally:
        await server.close()
    assert server.unexpected == 0, "a request reached the fake server with nothing scripted"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def sleeper() -> Sleeper:
    return Sleeper()


@pytest.fixture
def wall() -> WallClock:
    return WallClock()


@pytest.fixture
def usage() -> MemoryUsage:
    return MemoryUsage()


@pytest.fixture
def user() -> UserKey:
    return UserKey(platform="slack", tenant="T1", user_id="U1")


@pytest.fixture
def echo_prompt() -> Prompt:
    return parse_prompt(
        {
            "id": "echo",
            "version": 3,
            "description": "test prompt",
            "variables": ["topic", "message"],
            "untrusted": ["message"],
            "temperature": 0.4,
            "max_tokens": 50,
            "system": "You talk about {topic}.",
            "user": "Answer this:\n<message>{message}</message>",
        }
    )


GatewayFactory = Callable[..., Gateway]


@pytest.fixture
async def make_gateway(
    fake: FakeOpenAI,
    clock: ManualClock,
    sleeper: Sleeper,
    wall: WallClock,
    usage: MemoryUsage,
) -> AsyncIterator[GatewayFactory]:
    made: list[Gateway] = []

    def make(
        *,
        timeout_s: float = 5.0,
        retry: RetryPolicy | None = None,
        failure_threshold: int = 3,
        cooldown_s: float = 30.0,
        budget: Budget | None = None,
        **extra: Any,
    ) -> Gateway:
        client = AsyncOpenAI(
            base_url=fake.openai_url, api_key="test-key", max_retries=0, timeout=timeout_s
        )
        gateway = Gateway(
            client,
            model=MODEL,
            timeout_s=timeout_s,
            retry=retry or RetryPolicy(max_retries=2),
            breaker=CircuitBreaker(
                failure_threshold=failure_threshold, cooldown_s=cooldown_s, clock=clock
            ),
            recorder=usage,
            ledger=usage,
            budget=budget,
            sleep=sleeper,
            rand=lambda: 0.5,
            now=wall,
            **extra,
        )
        made.append(gateway)
        return gateway

    yield make
    for gateway in made:
        await gateway.aclose()
