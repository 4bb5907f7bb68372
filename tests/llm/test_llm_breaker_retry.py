"""The circuit breaker's states on a hand-driven clock, and the retry policy's arithmetic."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.llm.breaker import BreakerState, CircuitBreaker
from bot.llm.errors import CircuitOpen, ModelUnavailable, Outcome
from bot.llm.retry import RetryPolicy, retry_after_s

from .conftest import ManualClock


def _fail_times(breaker: CircuitBreaker, times: int) -> None:
    for _ in range(times):
        breaker.acquire()
        breaker.record_failure()


def test_the_breaker_opens_after_consecutive_failures_only(clock: ManualClock) -> None:
    breaker = CircuitBreaker(failure_threshold=3, cooldown_s=30, clock=clock)
    _fail_times(breaker, 2)
    breaker.acquire()
    breaker.record_success()  # a success resets the count
    _fail_times(breaker, 2)
    assert breaker.state is BreakerState.CLOSED
    _fail_times(breaker, 1)
    assert breaker.state is BreakerState.OPEN
    with pytest.raises(CircuitOpen) as caught:
        breaker.acquire()
    assert isinstance(caught.value, ModelUnavailable)
    assert caught.value.outcome is Outcome.CIRCUIT_OPEN
    assert caught.value.retry_in_s == pytest.approx(30)


def test_half_open_lets_one_trial_through_and_closes_on_success(clock: ManualClock) -> None:
    breaker = CircuitBreaker(failure_threshold=2, cooldown_s=10, clock=clock)
    _fail_times(breaker, 2)
    clock.advance(9.9)
    with pytest.raises(CircuitOpen) as caught:
        breaker.acquire()
    assert caught.value.retry_in_s == pytest.approx(0.1)
    clock.advance(0.1)
    assert breaker.state is BreakerState.HALF_OPEN
    breaker.acquire()  # the trial
    with pytest.raises(CircuitOpen):
        breaker.acquire()  # a second caller while the trial runs
    breaker.record_success()
    assert breaker.state is BreakerState.CLOSED
    assert breaker.consecutive_failures == 0
    breaker.acquire()


def test_a_failed_trial_opens_the_circuit_for_a_new_cooldown(clock: ManualClock) -> None:
    breaker = CircuitBreaker(failure_threshold=2, cooldown_s=10, clock=clock)
    _fail_times(breaker, 2)
    clock.advance(10)
    breaker.acquire()
    breaker.record_failure()
    assert breaker.state is BreakerState.OPEN
    clock.advance(9)
    with pytest.raises(CircuitOpen):
        breaker.acquire()
    clock.advance(1)
    breaker.acquire()


def test_a_released_trial_frees_the_slot_without_deciding(clock: ManualClock) -> None:
    breaker = CircuitBreaker(failure_threshold=1, cooldown_s=5, clock=clock)
    _fail_times(breaker, 1)
    clock.advance(5)
    breaker.acquire()
    breaker.release()
    assert breaker.state is BreakerState.HALF_OPEN
    breaker.acquire()


def test_the_breaker_rejects_nonsense_settings() -> None:
    with pytest.raises(ValueError):
        CircuitBreaker(failure_threshold=0)
    with pytest.raises(ValueError):
        CircuitBreaker(cooldown_s=0)


def test_backoff_grows_exponentially_with_jitter_and_a_cap() -> None:
    policy = RetryPolicy(max_retries=5, base_delay_s=0.5, max_delay_s=2.0, max_total_wait_s=100)
    assert policy.backoff(1, 0.0) == 0.25
    assert policy.backoff(1, 0.999) == pytest.approx(0.5, abs=0.001)
    assert policy.backoff(2, 0.0) == 0.5
    assert policy.backoff(3, 0.0) == 1.0
    assert policy.backoff(4, 0.0) == 1.0  # capped at max_delay_s / 2 .. max_delay_s
    assert policy.backoff(9, 1.0) == 2.0


def test_retry_after_is_honoured_when_short_and_ends_retrying_when_long() -> None:
    policy = RetryPolicy(max_retries=3, max_retry_after_s=4, max_total_wait_s=6)
    assert policy.wait_before(1, retry_after=1.5, waited_s=0, rand=0.9) == 1.5
    assert policy.wait_before(1, retry_after=4.0, waited_s=0, rand=0.9) == 4.0
    assert policy.wait_before(1, retry_after=4.1, waited_s=0, rand=0.9) is None
    assert policy.wait_before(2, retry_after=3.0, waited_s=4.0, rand=0.9) is None  # total cap
    assert policy.wait_before(4, retry_after=None, waited_s=0, rand=0.9) is None  # retries used


def test_retry_after_headers_are_read_in_every_form() -> None:
    now = datetime(2026, 11, 5, 9, 0, 0, tzinfo=UTC)
    assert retry_after_s({"Retry-After": "2"}) == 2.0
    assert retry_after_s({"retry-after": "0.5"}) == 0.5
    assert retry_after_s({"retry-after-ms": "1500", "retry-after": "9"}) == 1.5
    assert retry_after_s({"Retry-After": "Thu, 05 Nov 2026 09:00:03 GMT"}, now=now) == 3.0
    assert retry_after_s({"Retry-After": "Thu, 05 Nov 2026 08:00:00 GMT"}, now=now) == 0.0
    assert retry_after_s({"Retry-After": "soon"}) is None
    assert retry_after_s({}) is None
