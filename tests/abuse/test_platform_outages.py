"""Slack's Web API or the Teams Bot Connector is down: it answers 500 (or 503), refuses the
connection, or resets it. Outgoing messages — replies to the user, and the daily tip — are
tried a bounded number of times, then dropped with a log line; the attempts are counted on the
fakes, and no log record carries the text of the message."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from slack.support import TEAM, event_body, message_event
from teams import activities

from adapters.server.scheduler import RETRY_DELAYS_S, TipScheduler
from adapters.server.surfaces import SurfaceRegistry
from bot.identity import UserKey

from .logbook import LogBook, logbook
from .stack import ResettingServer, SqliteDatabase, Stack, closed_port, open_stack

pytestmark = pytest.mark.timeout(60)

SECRET_WORDS = ("vexlorin", "quambrith")
DRAFT = f"feedback: Sorry {SECRET_WORDS[0]}, we can do the {SECRET_WORDS[1]} discount of 20%."
SLACK_USER = "U0OUTAGE"
DM = "D0OUTAGE"
TEAMS_USER = "outage"
MAX_TRIES = 3
"""At most this many attempts for one outgoing message (the first and two retries)."""


@pytest.fixture
async def stack(sqlite_database: SqliteDatabase) -> AsyncIterator[Stack]:
    """Here on SQLite only (this module's subject is the platforms, not the database)."""
    async with open_stack(sqlite_database) as opened:
        yield opened


@pytest.fixture
def info() -> Iterator[LogBook]:
    """Every log record from INFO up."""
    with logbook(logging.INFO) as opened:
        yield opened


def assert_no_text(book: LogBook) -> None:
    leaks = book.leaks(SECRET_WORDS)
    assert not leaks, f"message text in the logs: {[record.getMessage() for _, record in leaks]}"


def slack_dm(text: str) -> bytes:
    event = message_event(text, user=SLACK_USER, channel=DM, channel_type="im")
    return json.dumps(event_body(event)).encode()


# --- Slack --------------------------------------------------------------------------------------


async def warm_up(stack: Stack) -> None:
    """One exchange while Slack is up: Bolt has checked its token (``auth.test``, once) and
    the user's profile is known, so what follows is only the reply's own calls."""
    answer = await stack.slack_post(slack_dm("help"))
    assert answer.status == 200
    await stack.settle()
    assert stack.fake_slack.of("chat.postMessage")
    stack.fake_slack.calls.clear()


async def test_slack_answering_500_drops_the_reply_with_a_log_line(
    stack: Stack, info: LogBook
) -> None:
    await warm_up(stack)
    stack.fake_slack.down = 500
    answer = await stack.slack_post(slack_dm(DRAFT))
    assert answer.status == 200  # the event is acknowledged all the same
    await stack.settle()
    assert stack.fake_slack.methods() == ["chat.postMessage", "chat.postEphemeral"]
    assert info.matching("adapters.slack", "slack message failed")
    assert info.matching("adapters.slack", "the error notice failed too")
    assert_no_text(info)
    await stack.alive()


async def test_slack_resetting_connections_is_retried_twice_then_dropped(
    stack: Stack, info: LogBook
) -> None:
    """A connection that is reset (or refused: the same ``ClientOSError`` family) is retried
    twice by the Web API client (``AsyncConnectionErrorRetryHandler``), then given up."""
    await warm_up(stack)
    async with ResettingServer() as reset:
        stack.slack.client.base_url = f"{reset.url}api/"
        answer = await stack.slack_post(slack_dm(DRAFT))
        assert answer.status == 200
        await stack.settle()
    assert reset.connections == 2 * MAX_TRIES  # the reply and the apology, three tries each
    assert info.matching("adapters.slack", "slack message failed")
    assert_no_text(info)


async def test_an_event_is_acknowledged_at_once_while_slack_is_unreachable(
    stack: Stack, info: LogBook
) -> None:
    stack.slack.client.base_url = f"http://127.0.0.1:{closed_port()}/api/"
    answer = await stack.slack_post(slack_dm(DRAFT))
    assert answer.status == 200 and answer.seconds < 1.0, answer
    await stack.settle()
    info.assert_clean()


# --- Teams --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "tries"), [(500, 1), (503, 2)])
async def test_the_connector_answering_an_error_drops_the_reply_with_a_log_line(
    stack: Stack, info: LogBook, status: int, tries: int
) -> None:
    """500: not retried; 503 (refused, not processed): retried once."""
    stack.connector.down = status
    answer = await stack.teams_activity(activities.message(stack.connector.url, DRAFT))
    assert answer.status in {200, 201}
    # the reply, then the apology: each tried ``tries`` times
    assert len(stack.connector.attempts) == 2 * tries
    assert info.matching("adapters.teams", "teams turn failed")
    assert info.matching("adapters.teams", "could not tell the user")
    assert_no_text(info)
    await stack.alive()


async def test_a_connector_refusing_connections_drops_the_reply_with_a_log_line(
    stack: Stack, info: LogBook
) -> None:
    refusing = f"http://127.0.0.1:{closed_port()}/"
    answer = await stack.teams_activity(activities.message(refusing, DRAFT))
    assert answer.status in {200, 201}
    assert info.matching("adapters.teams", "teams turn failed")
    assert info.matching("adapters.teams", "could not tell the user")
    assert_no_text(info)
    await stack.alive()


async def test_a_connector_resetting_connections_drops_the_reply_after_one_try(
    stack: Stack, info: LogBook
) -> None:
    async with ResettingServer() as reset:
        answer = await stack.teams_activity(activities.message(reset.url, DRAFT))
        assert answer.status in {200, 201}
    assert reset.connections == 2  # the reply and the apology, once each
    assert info.matching("adapters.teams", "teams turn failed")
    assert_no_text(info)


# --- daily tips ---------------------------------------------------------------------------------

DUE = datetime(2030, 3, 5, 10, 0, tzinfo=UTC)  # a Tuesday, an hour after the 09:00 tips


async def _subscribe(stack: Stack, user: UserKey) -> None:
    await stack.store.update_user(
        user, tz="UTC", tip_time="09:00", weekdays_only=False, tips_enabled=True
    )


async def _run_until_given_up(scheduler: TipScheduler) -> list[datetime]:
    """Scheduler passes at each retry time, and one more after the last."""
    when, passes = DUE, [DUE]
    for delay in RETRY_DELAYS_S:
        when += timedelta(seconds=delay)
        passes.append(when)
    passes.append(when + timedelta(hours=1))
    for moment in passes:
        await scheduler.run_once(moment)
    return passes


async def test_daily_tips_are_retried_then_given_up_while_slack_is_down(stack: Stack) -> None:
    user = UserKey("slack", TEAM, SLACK_USER)
    await stack.slack_post(slack_dm("help"))  # the user is known, with a reference for tips
    await stack.settle()
    await _subscribe(stack, user)
    stack.fake_slack.down = 500
    scheduler = TipScheduler(stack.store, SurfaceRegistry.of(stack.slack))
    with logbook(logging.INFO) as info:
        await _run_until_given_up(scheduler)
    opened = len(stack.fake_slack.of("conversations.open"))
    assert opened == len(RETRY_DELAYS_S) + 1, "one attempt per pass, and none after giving up"
    assert len(info.matching("adapters.slack", "daily tip not sent")) == opened
    assert info.matching("adapters.server.scheduler", "giving up")
    tip_words = await _tip_words(stack, user)
    assert not info.leaks(tip_words), "the tip's text is in the logs"


async def test_daily_tips_are_retried_then_given_up_while_the_connector_is_down(
    stack: Stack,
) -> None:
    await stack.teams_activity(activities.message(stack.connector.url, "help", user=TEAMS_USER))
    user = await _teams_user(stack)
    await _subscribe(stack, user)
    stack.connector.attempts.clear()
    stack.connector.down = 500
    scheduler = TipScheduler(stack.store, SurfaceRegistry.of(stack.teams))
    with logbook(logging.INFO) as info:
        await _run_until_given_up(scheduler)
    assert len(stack.connector.attempts) == len(RETRY_DELAYS_S) + 1
    assert (
        len(info.matching("adapters.teams", "proactive message failed")) == len(RETRY_DELAYS_S) + 1
    )
    assert info.matching("adapters.server.scheduler", "giving up")
    assert not info.leaks(await _tip_words(stack, user)), "the tip's text is in the logs"


async def _teams_user(stack: Stack) -> UserKey:
    users = [u for u in await stack.store.users_with_tips_enabled() if u.key.platform == "teams"]
    [record] = [u for u in users if u.key.user_id.endswith(TEAMS_USER)]
    return record.key


async def _tip_words(stack: Stack, user: UserKey) -> list[str]:
    """Distinctive words of the tip the user would have got (its title's longest words)."""
    record = await stack.store.get_user(user)
    assert record is not None
    tip = await stack.bundle.coach.tips.today(record, "en")
    words = sorted({w.strip(".,!?:;'\"") for w in tip.title.split()}, key=len, reverse=True)
    return [word for word in words if len(word) >= 6][:3] or [tip.title]
