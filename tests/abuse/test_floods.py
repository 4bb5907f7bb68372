"""A user who sends 50 messages in 10 seconds is slowed down politely on every surface: the
coach's per-user token bucket (``bot.coach.throttle``, its default burst and rate) answers some
messages with the "slow down" notice and drops the rest, so the flood is not answered with a
flood; after a pause the user is served as before. On the playground, a burst beyond the HTTP
rate limit (50 requests per 10 s) gets 429 with ``Retry-After``.

Time is simulated: the bucket and the HTTP limiter read a test clock that advances 0.2 s per
message, and each message's work is finished before the next one is sent.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from slack.support import TEAM, event_body, message_event
from teams import activities

from adapters.server.limits import RateLimiter
from bot.coach.messages import say
from bot.coach.throttle import Throttle

from .logbook import LogBook
from .stack import FORM, SqliteDatabase, Stack, open_stack

pytestmark = pytest.mark.timeout(60)

MESSAGES = 50
SPACING_S = 0.2  # 50 messages in 10 seconds
BURST, RATE = Throttle().burst, Throttle().rate
MOST_ANSWERS = BURST + int(RATE * MESSAGES * SPACING_S) + 1
SLOW_DOWN = say("en", "slow_down")
DRAFT = "feedback: Sorry for the delay, we can give you the 20% you asked for."


class Clock:
    """A monotonic clock the test moves forward."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Tally:
    """What each message of a flood got back: ``answer``, ``notice`` or ``silence``."""

    outcomes: list[str] = field(default_factory=list)

    def note(self, texts: list[str]) -> None:
        if not texts:
            self.outcomes.append("silence")
        elif any(SLOW_DOWN in text for text in texts):
            assert len(texts) == 1, texts  # the notice comes alone
            self.outcomes.append("notice")
        else:
            self.outcomes.append("answer")

    def count(self, outcome: str) -> int:
        return self.outcomes.count(outcome)

    def assert_polite(self) -> None:
        answers, notices = self.count("answer"), self.count("notice")
        assert len(self.outcomes) == MESSAGES
        assert self.outcomes[:BURST] == ["answer"] * BURST, "a burst is served in full"
        assert notices >= 1, "nobody told the user to slow down"
        assert answers <= MOST_ANSWERS, f"{answers} answers: the bucket did not hold"
        assert answers + notices < 0.7 * MESSAGES, f"{self.outcomes}: a flood answered a flood"
        pairs = zip(self.outcomes, self.outcomes[1:], strict=False)
        assert ("notice", "notice") not in pairs, "the notice is not repeated message after message"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def timed_stack(sqlite_database: SqliteDatabase, clock: Clock) -> AsyncIterator[Stack]:
    """The server whose throttle and playground rate limit read the test clock."""
    async with open_stack(sqlite_database, rate_limiter=RateLimiter(clock=clock)) as stack:
        stack.bundle.coach.throttle = Throttle(clock=clock)
        yield stack


async def flood(clock: Clock, send: Callable[[int], Awaitable[list[str]]]) -> Tally:
    tally = Tally()
    for number in range(MESSAGES):
        tally.note(await send(number))
        clock.advance(SPACING_S)
    return tally


def _texts(payload: dict[str, object]) -> list[str]:
    replies = payload["replies"]
    assert isinstance(replies, list)
    return [json.dumps(reply, ensure_ascii=False) for reply in replies]


async def test_the_playground_slows_a_flood_down(
    timed_stack: Stack, clock: Clock, book: LogBook
) -> None:
    stack = timed_stack

    async def send(number: int) -> list[str]:
        answer = await stack.playground("feedback", {"text": DRAFT, "locale": "en"})
        assert answer.status == 200, answer
        return _texts(answer.json())

    tally = await flood(clock, send)
    tally.assert_polite()
    clock.advance(15.0)
    assert (await send(0)) and SLOW_DOWN not in (await send(0))[0], "a pause does not help"
    book.assert_clean()


async def test_the_playground_answers_a_burst_past_its_rate_limit_with_429(
    timed_stack: Stack, clock: Clock
) -> None:
    stack = timed_stack
    statuses = []
    for _ in range(60):  # all at the same instant
        answer = await stack.playground("tip", {})
        statuses.append(answer.status)
    assert statuses[:50] == [200] * 50
    assert set(statuses[50:]) == {429}
    refused = await stack.playground("tip", {})
    assert refused.json()["error"]["code"] == "slow_down"
    clock.advance(10.5)
    assert (await stack.playground("tip", {})).status == 200


async def test_slack_slows_a_flood_of_messages_and_commands_down(
    timed_stack: Stack, clock: Clock, book: LogBook
) -> None:
    """Alternately a DM to the app and a ``/coach feedback …`` command, from one user."""
    stack = timed_stack
    fake = stack.fake_slack

    async def send(number: int) -> list[str]:
        before = len(fake.posted())
        if number % 2:
            body = urlencode(
                {
                    "command": "/coach",
                    "text": DRAFT,
                    "team_id": TEAM,
                    "user_id": "U0FLOOD",
                    "channel_id": "C0SALES",
                    "response_url": fake.response_url(f"r{number}"),
                    "trigger_id": "t",
                }
            ).encode()
            answer = await stack.slack_post(body, FORM)
        else:
            event = message_event(DRAFT, user="U0FLOOD", channel="D0FLOOD", channel_type="im")
            answer = await stack.slack_post(json.dumps(event_body(event)).encode())
        assert answer.status == 200, answer
        await stack.settle()
        return [call.text_content() for call in fake.posted()[before:]]

    tally = await flood(clock, send)
    tally.assert_polite()
    clock.advance(15.0)
    assert SLOW_DOWN not in " ".join(await send(0)), "a pause does not help"
    book.assert_clean()


async def test_teams_slows_a_flood_down(timed_stack: Stack, clock: Clock, book: LogBook) -> None:
    stack = timed_stack
    connector = stack.connector

    async def send(number: int) -> list[str]:
        before = len(connector.messages())
        activity = activities.message(connector.url, DRAFT, user="flooder")
        answer = await stack.teams_activity(activity)
        assert answer.status in {200, 201}, answer
        return [
            json.dumps(posted.body, ensure_ascii=False) for posted in connector.messages()[before:]
        ]

    tally = await flood(clock, send)
    tally.assert_polite()
    clock.advance(15.0)
    assert SLOW_DOWN not in " ".join(await send(0)), "a pause does not help"
    book.assert_clean()
