"""Daily tips by DM (``send_tip``), and the language and time zone Slack reports for a user,
kept on the user's record and looked up at most once a day."""

from __future__ import annotations

import json

import pytest

from adapters.slack import actions as ids
from adapters.slack.profiles import Profiles, Workspace
from bot.coach.replies import TipCard
from bot.coach.tipping import tip_card
from bot.identity import UserKey
from bot.store import Store
from bot.tips import load_catalogue

from .fake_slack import FakeSlack
from .support import ALICE, ALICE_KEY, TEAM, Harness

pytestmark = pytest.mark.timeout(30)


def _tip(lang: str = "en") -> TipCard:
    catalogue = load_catalogue()
    return tip_card(catalogue.get(catalogue.ids[0], lang))


async def test_a_daily_tip_arrives_as_a_dm_card(slack: Harness) -> None:
    user = await slack.store.get_or_create_user(ALICE_KEY)
    tip = _tip()
    assert await slack.surface.send_tip(user, tip) is True
    [opened] = slack.fake.of("conversations.open")
    assert opened.args["users"] == ALICE
    [card] = slack.fake.of("chat.postMessage")
    assert card.args["channel"] == "D0ALICE"
    assert card.args["text"]  # the notification text
    blocks = card.args["blocks"]
    assert blocks[0]["type"] == "header"
    buttons = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert buttons == [ids.START, ids.TIPS_OFF]


@pytest.mark.parametrize("error", ["account_inactive", "user_not_found", "token_revoked"])
async def test_a_gone_user_or_app_stops_the_tips(slack: Harness, error: str) -> None:
    await slack.store.save_conversation_ref(ALICE_KEY, "slack", {"team_id": TEAM, "user_id": ALICE})
    user = await slack.store.get_or_create_user(ALICE_KEY)
    slack.fake.fail("conversations.open", error)
    assert await slack.surface.send_tip(user, _tip()) is False
    ref = await slack.store.get_conversation_ref(ALICE_KEY, "slack")
    assert ref is not None and ref.disabled
    # Disabled: no further attempt until the user talks to the app again.
    assert await slack.surface.send_tip(user, _tip()) is False
    assert len(slack.fake.of("conversations.open")) == 1


async def test_a_passing_failure_keeps_the_tips_on(slack: Harness) -> None:
    await slack.store.save_conversation_ref(ALICE_KEY, "slack", {"team_id": TEAM, "user_id": ALICE})
    user = await slack.store.get_or_create_user(ALICE_KEY)
    slack.fake.fail("chat.postMessage", "internal_error")
    assert await slack.surface.send_tip(user, _tip()) is False
    ref = await slack.store.get_conversation_ref(ALICE_KEY, "slack")
    assert ref is not None and not ref.disabled


async def test_users_of_other_platforms_are_not_slacks(slack: Harness) -> None:
    teams_user = await slack.store.get_or_create_user(UserKey("teams", "tenant", "29:x"))
    assert await slack.surface.send_tip(teams_user, _tip()) is False
    assert slack.fake.calls == []


async def test_language_and_time_zone_come_from_slack_once_a_day(slack: Harness) -> None:
    slack.fake.users[ALICE] = {"locale": "nl-BE", "tz": "America/New_York"}
    await slack.command("tip")
    await slack.command("progress")
    await slack.settle()
    assert len(slack.fake.of("users.info")) == 1
    user = await slack.store.get_user(ALICE_KEY)
    assert user is not None and (user.lang, user.tz) == ("nl", "America/New_York")
    ref = await slack.store.get_conversation_ref(ALICE_KEY, "slack")
    assert ref is not None and ref.reference["team_id"] == TEAM
    answers = [json.dumps(call.args, ensure_ascii=False) for call in slack.fake.of("respond")]
    assert any("Je vooruitgang" in answer for answer in answers)


async def test_profiles_refresh_after_a_day_and_survive_slack_trouble(
    fake: FakeSlack, store: Store
) -> None:
    from slack_sdk.web.async_client import AsyncWebClient

    now = [0.0]
    profiles = Profiles(store, clock=lambda: now[0])
    client = AsyncWebClient(token="xoxb-x", base_url=fake.api_url)
    workspace = Workspace(TEAM, None, False)
    fake.users[ALICE] = {"locale": "en-GB", "tz": "Europe/London"}
    first = await profiles.get(client, ALICE_KEY, workspace)
    assert (first.lang, first.timezone) == ("en", "Europe/London")
    now[0] = 3600.0
    await profiles.get(client, ALICE_KEY, workspace)
    assert len(fake.of("users.info")) == 1
    fake.users[ALICE] = {"locale": "nl-NL", "tz": "Not/AZone"}
    now[0] = 90_000.0
    changed = await profiles.get(client, ALICE_KEY, workspace)
    assert changed.lang == "nl" and changed.timezone is None  # an unknown zone is dropped
    user = await store.get_user(ALICE_KEY)
    assert user is not None and (user.lang, user.tz) == ("nl", "Europe/London")
    fake.fail("users.info", "ratelimited", status=429, **{"Retry-After": "0"})
    fake.fail("users.info", "internal_error")
    now[0] = 200_000.0
    fallback = await profiles.get(client, ALICE_KEY, workspace)
    assert (fallback.locale, fallback.timezone) == ("nl", "Europe/London")  # from the store
