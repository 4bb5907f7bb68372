"""Hypothesis settings for the fuzz tests and the checks made after every example.

Every fuzz test is reproducible: ``derandomize=True`` (the examples follow from the test's
code), no example database, a fixed ``max_examples`` and a ``deadline``. The deadline is
generous (it covers the background work an example starts, on a loaded machine); each answer
is held to :data:`MAX_ANSWER_S` by an explicit assertion instead.

Tests marked ``xfail`` for a known product bug use :data:`FUZZ_KNOWN_BUG`, which does not shrink
the failing example (shrinking would only cost time; the explicit ``@example`` already names
the failing input).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from hypothesis import HealthCheck, Phase, currently_in_test_context, event, settings

from bot.coach.throttle import Throttle

from .logbook import LogBook
from .stack import Answer, Stack

MAX_ANSWER_S: Final = 2.0
"""Every answer to a fuzzed request arrives within this time."""

_HEALTH: Final = [
    HealthCheck.function_scoped_fixture,  # one server serves every example: that is the point
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.large_base_example,
    HealthCheck.filter_too_much,
]


def fuzz_settings(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples,
        deadline=timedelta(seconds=10),
        derandomize=True,
        database=None,
        suppress_health_check=_HEALTH,
        print_blob=False,
    )


def known_bug_settings(max_examples: int) -> settings:
    return settings(fuzz_settings(max_examples), phases=(Phase.explicit, Phase.generate))


def begin_example(stack: Stack, book: LogBook) -> None:
    """Before each example: a clean log book, and no per-user throttle — fuzzing aims at
    parsing and handling, not at the throttle (tested on its own), so the shared coach gets a
    bucket no fuzz run empties."""
    book.clear()
    stack.bundle.coach.throttle = Throttle(burst=1_000_000)


def assert_answered(answer: Answer, *, allowed_5xx: frozenset[int] = frozenset()) -> None:
    """Not a server error (unless explicitly allowed), and in time. The status is noted as a
    Hypothesis event (``--hypothesis-show-statistics`` shows how often each one came)."""
    if currently_in_test_context():  # statistics only inside a hypothesis test
        event(f"HTTP {answer.status}")
    assert answer.status < 500 or answer.status in allowed_5xx, (
        f"HTTP {answer.status}: {answer.body[:200]!r}"
    )
    assert answer.seconds < MAX_ANSWER_S, f"the answer took {answer.seconds:.2f} s"


async def assert_still_serving(stack: Stack, book: LogBook) -> None:
    """The background work is done, the logs show no trouble, and the server still answers."""
    await stack.settle()
    book.assert_clean()
    await stack.alive()
    book.clear()
