"""Chatting with the bot over the real protocol: activities posted to ``/api/messages``, the
answers received by a local Bot Connector."""

from __future__ import annotations

import asyncio
import logging
import random
from typing import Any

import pytest

from adapters.teams.bot import TeamsOptions
from bot.coach.coach import Coach
from bot.coach.collaborators import Judgement, OfflineJudge
from bot.identity import UserKey
from bot.store import Store

from . import activities as a
from .cards import actions_of, joined
from .conftest import MakeTeams, TeamsApp

pytestmark = pytest.mark.timeout(30)

USER = UserKey("teams", a.TENANT, "aad-u1")
BALANCED = "I understand the pressure. What matters most to you in this renewal?"
TRADE = "If you sign for two years, we can take 3% off. Does that work for you?"


async def say(teams: TeamsApp, text: str, **kwargs: Any) -> list[Any]:
    """Post a message; the activities the bot sent in answer."""
    before = len(teams.connector.posted)
    status, _ = await teams.post(a.message(teams.service_url, text, **kwargs))
    assert status == 201
    return teams.connector.posted[before:]


async def press(teams: TeamsApp, value: dict[str, Any], **kwargs: Any) -> list[Any]:
    before = len(teams.connector.posted)
    status, _ = await teams.post(a.submit(teams.service_url, value, **kwargs))
    assert status == 201
    return teams.connector.posted[before:]


async def test_install_sends_a_welcome_card_and_stores_the_reference(teams: TeamsApp) -> None:
    status, _ = await teams.post(a.installed(teams.service_url))

    assert status == 201
    [welcome] = teams.connector.posted
    assert welcome.conversation_id == "a:personal-1"
    assert "Welcome to Noblesse" in joined(welcome.card)
    assert {"start", "tip", "feedback", "help"} <= set(actions_of(welcome.card))
    assert welcome.body["summary"].startswith("Welcome to Noblesse")
    assert welcome.card is not None and welcome.card["version"] == "1.5"
    stored = await teams.store.get_conversation_ref(USER, "teams")
    assert stored is not None and not stored.disabled
    assert stored.reference["serviceUrl"] == teams.service_url
    assert stored.reference["conversation"]["id"] == "a:personal-1"
    assert stored.reference["bot"]["id"] == a.BOT_ID


async def test_group_install_welcomes_without_storing_a_reference(teams: TeamsApp) -> None:
    await teams.post(
        a.installed(
            teams.service_url, conversation="19:group@thread.v2", conversation_type="groupChat"
        )
    )

    [welcome] = teams.connector.posted
    assert "mention me" in joined(welcome.card)
    assert await teams.store.get_conversation_ref(USER, "teams") is None


async def test_a_role_play_by_text_in_english(teams: TeamsApp) -> None:
    started = await say(teams, "roleplay price hard")
    card, line = started
    assert "Price squeeze" in joined(card.card)
    assert set(actions_of(card.card)) == {"hint", "end"}
    assert line.body["textFormat"] == "plain"
    assert line.text.startswith("Marleen Claes: ")
    assert set(actions_of(line.card)) == {"hint", "rewind", "end"}
    assert all(p.reply_to for p in started), "answers are replies to the user's message"

    turn = await say(teams, BALANCED)
    badge, answer = turn
    assert "balanced" in joined(badge.card)
    assert badge.body["summary"] == badge.card["fallbackText"]
    assert answer.text.startswith("Marleen Claes: ")

    [hint] = await say(teams, "hint")
    assert hint.fallback.startswith("Hint: ")
    assert set(actions_of(hint.card)) == {"rewind", "end"}

    [rewound] = await say(teams, "rewind")
    assert "taken back" in rewound.fallback

    await say(teams, TRADE)
    [scorecard] = await say(teams, "stop")
    text = joined(scorecard.card)
    assert "Scorecard: Price squeeze" in text
    assert "Turn 1" in text and "Outcome" in text and "Leary's Rose" in text
    assert scorecard.card["msteams"] == {"width": "Full"}
    assert actions_of(scorecard.card) == ["start"]
    assert scorecard.body["summary"].startswith("Scorecard: ")


async def test_a_role_play_by_text_in_flemish(teams: TeamsApp) -> None:
    card, line = await say(teams, "rollenspel prijs", locale="nl-BE")

    assert "Rollenspel" in card.body["summary"]
    assert "Moeilijkheid" in joined(card.card)
    assert "hint" in actions_of(line.card)
    badge, _ = await say(
        teams, "Ik begrijp uw druk. Wat is voor u het belangrijkste?", locale="nl-BE"
    )
    assert "in evenwicht" in joined(badge.card)
    [scorecard] = await say(teams, "stop", locale="nl-BE")
    assert "Scorekaart" in joined(scorecard.card)
    assert "Beurt 1" in joined(scorecard.card)


async def test_a_role_play_by_card_buttons(teams: TeamsApp) -> None:
    started = await press(teams, {"noblesse": "start", "scenario": "rush_delivery"})
    assert "Rush delivery" in joined(started[0].card)

    badge, _ = await say(teams, BALANCED)
    assert badge.card is not None

    [hint] = await press(teams, {"noblesse": "hint"})
    assert hint.fallback.startswith("Hint: ")
    [rewound] = await press(teams, {"noblesse": "rewind"})
    assert rewound.card is not None and "rewind" not in actions_of(rewound.card)
    [scorecard] = await press(teams, {"noblesse": "end"})
    assert "Scorecard: Rush delivery" in joined(scorecard.card)
    assert scorecard.card is not None and "Turn" not in joined(scorecard.card)  # turn rewound


async def test_unknown_card_payloads_are_ignored(teams: TeamsApp) -> None:
    assert await press(teams, {"somethingElse": 1}) == []
    assert await press(teams, {"noblesse": "self-destruct"}) == []


async def test_group_chat_answers_only_when_mentioned(teams: TeamsApp) -> None:
    group = {"conversation": "19:sales@thread.v2", "conversation_type": "groupChat"}

    assert await say(teams, "roleplay", **group) == []

    started = await say(teams, "roleplay escalation", mention=True, **group)
    assert [p.conversation_id for p in started] == ["19:sales@thread.v2"] * 2
    assert "Escalation" in joined(started[0].card)
    turn = await say(teams, BALANCED, mention=True, **group)
    assert "balanced" in joined(turn[0].card)
    assert not any(p.type == "typing" for p in turn)


async def test_channel_thread_is_a_conversation_of_its_own(teams: TeamsApp) -> None:
    channel = {"conversation_type": "channel", "mention": True}
    await say(teams, "roleplay", conversation="19:c@thread.skype;messageid=1", **channel)

    [notice] = await say(teams, "hint", conversation="19:c@thread.skype;messageid=2", **channel)
    assert "no role-play running here" in notice.fallback


async def test_a_redelivered_activity_is_answered_once(teams: TeamsApp) -> None:
    activity = a.message(teams.service_url, "help", activity_id="1-redelivered")

    await teams.post(activity)
    await teams.post(activity)

    assert len(teams.connector.posted) == 1


async def test_feedback_in_chat(teams: TeamsApp) -> None:
    [feedback] = await say(teams, "feedback: OK. 25% then. I'll send the new quote.")

    text = joined(feedback.card)
    assert "submissive" in text
    assert "The words that decide it" in text and "On an equal footing" in text
    assert feedback.body["summary"].startswith("▼ submissive")


async def test_language_and_time_zone_follow_the_client(teams: TeamsApp, store: Store) -> None:
    await say(teams, "help", locale="nl-BE", timezone="Europe/Brussels")
    user = await store.get_user(USER)
    assert user is not None and (user.lang, user.tz) == ("nl", "Europe/Brussels")

    await say(teams, "help", locale="en-GB", timezone="America/New_York")
    user = await store.get_user(USER)
    assert user is not None and (user.lang, user.tz) == ("en", "America/New_York")

    await say(teams, "help", locale="en-GB", timezone="Not/A_Zone")
    user = await store.get_user(USER)
    assert user is not None and user.tz == "America/New_York"


async def test_tips_settings_through_the_coach(teams: TeamsApp, store: Store) -> None:
    [confirm] = await say(teams, "tips at 07:45")
    assert "07:45" in confirm.fallback
    user = await store.get_user(USER)
    assert user is not None and user.tips_enabled and user.tip_time == "07:45"
    [off] = await say(teams, "tips off")
    assert "off" in off.fallback


async def test_the_first_personal_message_stores_a_reference(teams: TeamsApp) -> None:
    await say(teams, "help")

    stored = await teams.store.get_conversation_ref(USER, "teams")
    assert stored is not None and stored.reference["conversation"]["id"] == "a:personal-1"


class SlowJudge(OfflineJudge):
    async def judge(self, text: str, lang: str | None, user: UserKey) -> Judgement:
        await asyncio.sleep(0.3)
        return await super().judge(text, lang, user)


async def test_a_typing_indicator_while_the_coach_works(
    make_teams: MakeTeams, store: Store
) -> None:
    coach = Coach(store, judge=SlowJudge(), rng=random.Random(7))
    teams = await make_teams(
        coach=coach, options=TeamsOptions(typing_delay_s=0.05, typing_period_s=5.0)
    )
    await say(teams, "roleplay price")

    turn = await say(teams, BALANCED)

    assert turn[0].type == "typing"
    assert [p.type for p in turn[1:]] == ["message", "message"]


class BrokenJudge(OfflineJudge):
    async def judge(self, text: str, lang: str | None, user: UserKey) -> Judgement:
        raise RuntimeError("judge exploded")


async def test_an_error_gets_a_friendly_answer_and_no_text_in_the_logs(
    make_teams: MakeTeams, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    teams = await make_teams(coach=Coach(store, judge=BrokenJudge(), rng=random.Random(7)))
    await say(teams, "roleplay price")
    secret = "our margin is 31 percent, keep it quiet"

    with caplog.at_level(logging.INFO):
        [apology] = await say(teams, secret)

    assert apology.fallback.startswith("Something went wrong on my side")
    assert "RuntimeError" in caplog.text
    assert "31 percent" not in caplog.text


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"hello", "text/plain", 415),
        (b"{not json", "application/json", 400),
        (b"[1, 2]", "application/json", 400),
        (b'{"text": "no type"}', "application/json", 400),
    ],
)
async def test_bad_requests_are_refused(
    teams: TeamsApp, body: bytes, content_type: str, status: int
) -> None:
    response = await teams.client.post(
        "/api/messages", data=body, headers={"Content-Type": content_type}
    )

    assert response.status == status
    assert teams.connector.posted == []
