"""Slack with two ``noblesse serve`` processes on one database and one (fake) Slack.

Slack may deliver an event to any instance, and delivers it again when an answer seemed slow
(``X-Slack-Retry-Num``): the user must get one answer. Both instances run the daily-tip
scheduler: each user whose tip is due must get it once. The fake Web API counts the messages;
each server has its own bot token, so the fake also knows who sent what.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from bot.identity import UserKey
from bot.store import Store

from .databases import run_in_thread
from .fake_slack_api import TEAM, FakeSlackApi, dm_channel
from .log_scan import assert_logs_clean
from .processes import ServerProcess, launch, server_env, stop_all, wait_ready_blocking
from .slack_events import SIGNING_SECRET, deliver, dm_message

pytestmark = pytest.mark.timeout(90)

TIP_INTERVAL_S = 0.3
TOKENS = {"alpha": "xoxb-instance-alpha", "beta": "xoxb-instance-beta"}
WRITER = "U0WRITER"  # whose event both servers receive
CONTROL = "U0CONTROL"  # whose event one server receives, to learn what one answer looks like
DRAFT_WORD = "pangolinsorbet"
TIP_ZONES = (
    "Europe/Brussels",
    "Europe/Amsterdam",
    "America/New_York",
    "Asia/Tokyo",
    "Australia/Sydney",
    "America/Los_Angeles",
    "UTC",
)
EARLY_TIP_USERS = 4  # due before the servers start
LATE_TIP_USERS = 8  # falling due while both schedulers run


@dataclass(frozen=True)
class TipUser:
    key: UserKey
    zone: str
    tip_time: str

    @property
    def channel(self) -> str:
        return dm_channel(self.key.user_id)


def _zones_away_from_midnight(now: datetime) -> list[str]:
    """Zones where the local day does not turn within the next few minutes (a tip due "now"
    would otherwise belong to a day that is over before the scheduler looks)."""
    return [
        zone
        for zone in TIP_ZONES
        if (local := now.astimezone(ZoneInfo(zone))).hour < 23 or local.minute < 55
    ]


async def _add_tip_users(database_url: str, first_number: int, count: int) -> list[TipUser]:
    """Users whose tip time is the current minute in their zone, registered two days ago (so
    today's slot counts). ``update_user`` creates each user with these settings in one step,
    so no scheduler pass ever sees one with the default settings."""
    now = datetime.now(UTC)
    registered = now - timedelta(days=2)
    store = await Store.open(database_url, clock=lambda: registered)
    try:
        users: list[TipUser] = []
        zones = _zones_away_from_midnight(now)
        for number in range(first_number, first_number + count):
            zone = zones[number % len(zones)]
            key = UserKey("slack", TEAM, f"U0TIP{number:02d}")
            tip_time = now.astimezone(ZoneInfo(zone)).strftime("%H:%M")
            await store.update_user(
                key, tz=zone, tip_time=tip_time, weekdays_only=False, tips_enabled=True
            )
            users.append(TipUser(key, zone, tip_time))
    finally:
        await store.close()
    return users


async def _prepare_users(database_url: str) -> list[TipUser]:
    """Before the servers start: users whose tip is due, and the chat users with tips off."""
    store = await Store.open(database_url)
    try:
        for chat_user in (WRITER, CONTROL):
            await store.update_user(UserKey("slack", TEAM, chat_user), tips_enabled=False)
    finally:
        await store.close()
    return await _add_tip_users(database_url, 0, EARLY_TIP_USERS)


@pytest.fixture(scope="module")
def slack_api() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as fake:
        yield fake


@pytest.fixture(scope="module")
def tip_users(database_url: str) -> list[TipUser]:
    return run_in_thread(lambda: _prepare_users(database_url))


@pytest.fixture(scope="module")
def slack_pair(
    database_url: str,
    slack_api: FakeSlackApi,
    tip_users: list[TipUser],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[list[ServerProcess]]:
    """Two servers with Slack on (HTTP mode), one fake Slack, tips checked every 0.3 s."""
    workdir: Path = tmp_path_factory.mktemp("shared-slack")
    servers = []
    try:
        for name, token in TOKENS.items():
            env = server_env(
                database_url,
                {
                    "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                    "SLACK_BOT_TOKEN": token,
                    "SLACK_API_URL": slack_api.api_url,
                },
            )
            servers.append(launch(name, env, workdir, tip_interval_s=TIP_INTERVAL_S))
        for server in servers:
            wait_ready_blocking(server)
        yield servers
    finally:
        stop_all(servers)


async def test_an_event_sent_to_both_servers_and_retried_is_answered_once(
    slack_pair: list[ServerProcess], slack_api: FakeSlackApi, store: Store
) -> None:
    alpha, beta = slack_pair
    draft = f"feedback: Sorry, we can't go lower than this, {DRAFT_WORD}."
    async with aiohttp.ClientSession() as http:
        # One delivery to one server: what a single answer to such a message looks like.
        control = dm_message(f"Ev{uuid.uuid4().hex[:10].upper()}", CONTROL, draft)
        assert await deliver(http, alpha, control) == 200
        await slack_api.wait_for(lambda: bool(slack_api.posts(dm_channel(CONTROL))))
        await slack_api.settle()
        one_answer = len(slack_api.posts(dm_channel(CONTROL)))

        event_id = f"Ev{uuid.uuid4().hex[:10].upper()}"
        body = dm_message(event_id, WRITER, draft)
        first, second = await asyncio.gather(deliver(http, alpha, body), deliver(http, beta, body))
        assert (first, second) == (200, 200)
        assert await deliver(http, beta, body, retry=1) == 200
        assert await deliver(http, alpha, body, retry=2) == 200
        await slack_api.wait_for(lambda: bool(slack_api.posts(dm_channel(WRITER))))
        await slack_api.settle()

    posts = slack_api.posts(dm_channel(WRITER))
    assert len(posts) == one_answer, [post.args.get("text") for post in posts]
    assert len({post.token for post in posts}) == 1, "both servers answered"
    assert await store.mark_event_processed(f"slack:{event_id}") is False  # remembered
    assert_logs_clean(slack_pair, [DRAFT_WORD])


async def test_the_daily_tip_goes_out_once_per_user_with_two_schedulers(
    slack_pair: list[ServerProcess],
    slack_api: FakeSlackApi,
    tip_users: list[TipUser],
    database_url: str,
    store: Store,
) -> None:
    late = await _add_tip_users(database_url, EARLY_TIP_USERS, LATE_TIP_USERS)
    everyone = [*tip_users, *late]
    await slack_api.wait_for(
        lambda: all(slack_api.posts(user.channel) for user in everyone), timeout_s=20
    )
    await asyncio.sleep(TIP_INTERVAL_S * 8)  # several more passes of both schedulers
    assert all(server.alive() for server in slack_pair)
    opened = [call.args.get("users") for call in slack_api.calls("conversations.open")]
    for user in everyone:
        assert len(slack_api.posts(user.channel)) == 1, user
        assert opened.count(user.key.user_id) == 1, f"a second tip was attempted: {user}"
        assert len(await store.delivered_tip_ids(user.key)) == 1, user
