"""``/coach`` over the real protocol: signed slash commands in, Web API calls and
``response_url`` messages out, in English and in Dutch."""

from __future__ import annotations

import json
from typing import Any

import pytest

from adapters.slack import actions as ids
from bot.identity import ConversationKey

from .fake_slack import Call
from .support import ALICE, ALICE_KEY, BOB, CHANNEL, TEAM, Harness, block_action

pytestmark = pytest.mark.timeout(30)


def _blocks(call: Call) -> list[dict[str, Any]]:
    blocks = call.args.get("blocks") or []
    return blocks if isinstance(blocks, list) else json.loads(blocks)


def _all_text(call: Call) -> str:
    return call.text_content()


def _buttons(call: Call) -> list[dict[str, Any]]:
    return [
        element
        for block in _blocks(call)
        if block["type"] == "actions"
        for element in block["elements"]
    ]


async def _respond_after(slack: Harness, text: str, **kwargs: Any) -> list[Call]:
    before = len(slack.fake.of("respond"))
    response = await slack.command(text, **kwargs)
    assert response.status == 200
    assert await response.text() == ""  # acknowledged at once, the answer follows
    await slack.settle()
    return slack.fake.of("respond")[before:]


async def test_help_is_answered_privately_through_the_response_url(slack: Harness) -> None:
    [reply] = await _respond_after(slack, "help")
    assert reply.args["response_type"] == "ephemeral"
    assert reply.args["key"] == "r1"
    assert "equal footing" in reply.args["text"]  # the plain-text fallback is always set
    assert "roleplay [scenario]" in _all_text(reply)
    # An empty command is help too.
    [again] = await _respond_after(slack, "")
    assert "roleplay [scenario]" in _all_text(again)


async def test_roleplay_opens_a_thread_whose_replies_are_turns(slack: Harness) -> None:
    response = await slack.command("roleplay price hard")
    assert response.status == 200
    await slack.settle()
    [root] = slack.fake.of("chat.postMessage")[:1]
    assert root.args["channel"] == CHANNEL and "thread_ts" not in root.args
    [update] = slack.fake.of("chat.update")
    root_ts = update.args["ts"]
    header = _blocks(update)[0]
    assert header["type"] == "header" and "Price squeeze" in header["text"]["text"]
    assert "(hard)" in header["text"]["text"]
    opening = slack.fake.of("chat.postMessage")[-1]
    assert opening.args["thread_ts"] == root_ts
    assert "Marleen Claes" in opening.args["text"]
    conversation = f"{CHANNEL}:{root_ts}"
    assert [(b["action_id"], b["value"]) for b in _buttons(opening)] == [
        (ids.HINT, conversation),
        (ids.REWIND, conversation),
        (ids.END, conversation),
    ]
    session = await slack.store.active_session(
        ALICE_KEY, ConversationKey("slack", TEAM, conversation)
    )
    assert session is not None and session.difficulty == "hard"
    assert session.scenario == "price_squeeze"
    assert not slack.fake.of("respond")  # nothing private to say


async def test_dutch_keywords_start_a_dutch_roleplay(slack: Harness) -> None:
    await slack.command("rollenspel prijs moeilijk nl")
    await slack.settle()
    [update] = slack.fake.of("chat.update")
    assert "Prijsdruk" in _blocks(update)[0]["text"]["text"]
    assert "(moeilijk)" in _blocks(update)[0]["text"]["text"]
    opening = slack.fake.of("chat.postMessage")[-1]
    assert [b["text"]["text"] for b in _buttons(opening)] == ["Hint", "Opnieuw", "Stoppen"]


async def test_roleplay_moves_to_the_dm_where_the_bot_cannot_post(slack: Harness) -> None:
    slack.fake.fail("chat.postMessage", "not_in_channel")
    replies = await _respond_after(slack, "roleplay easy")
    opened = slack.fake.of("conversations.open")
    assert opened and opened[0].args["users"] == ALICE
    dm = "D0ALICE"
    posts = slack.fake.of("chat.postMessage")
    assert posts[0].args["channel"] == CHANNEL  # refused
    assert all(call.args["channel"] == dm for call in posts[1:])
    [update] = slack.fake.of("chat.update")
    assert update.args["channel"] == dm
    assert any("direct messages" in reply.args["text"] for reply in replies)


async def test_an_unknown_scenario_lists_the_scenarios_and_leaves_no_thread(
    slack: Harness,
) -> None:
    replies = await _respond_after(slack, "roleplay dragons")
    [deleted] = slack.fake.of("chat.delete")
    assert deleted.args["channel"] == CHANNEL and deleted.args["ts"]
    text = " ".join(_all_text(reply) for reply in replies)
    assert "dragons" in text and "price_squeeze" in text
    assert not slack.fake.of("chat.update")


async def test_feedback_gives_verdict_quoted_words_advice_and_a_copyable_rewrite(
    slack: Harness,
) -> None:
    [reply] = await _respond_after(slack, "feedback OK. 25% then. I'll send the new quote.")
    assert reply.args["response_type"] == "ephemeral"
    blocks = _blocks(reply)
    text = _all_text(reply)
    assert "Submissive" in blocks[0]["text"]["text"]
    assert "The words that decide it" in text
    assert "Next step" in text
    quotes = [b for b in blocks if b["type"] == "rich_text"]
    assert quotes and quotes[-1]["elements"][0]["type"] == "rich_text_quote"
    rewrite = quotes[-1]["elements"][0]["elements"][0]["text"]
    assert rewrite.strip() and rewrite != "OK. 25% then. I'll send the new quote."


async def test_dutch_feedback_comes_back_in_dutch(slack: Harness) -> None:
    slack.fake.users[BOB] = {"locale": "nl-BE"}
    [reply] = await _respond_after(
        slack, "feedback: Sorry, we kunnen echt niets aan de prijs doen.", user=BOB
    )
    assert "De woorden die de doorslag geven" in _all_text(reply)


async def test_tip_shows_todays_tip(slack: Harness) -> None:
    [reply] = await _respond_after(slack, "tip")
    header = _blocks(reply)[0]
    assert header["type"] == "header" and header["text"]["text"].startswith("💡")
    assert reply.args["text"]


@pytest.mark.parametrize(
    ("text", "enabled", "at"),
    [
        ("tips off", False, "09:00"),
        ("tips on", True, "09:00"),
        ("tips at 08:30", True, "08:30"),
        ("tips om 7u45", True, "07:45"),
        ("tips uit", False, "09:00"),
    ],
)
async def test_tip_settings_are_stored(slack: Harness, text: str, enabled: bool, at: str) -> None:
    [reply] = await _respond_after(slack, text)
    user = await slack.store.get_user(ALICE_KEY)
    assert user is not None
    assert (user.tips_enabled, user.tip_time) == (enabled, at)
    assert reply.args["text"]


async def test_a_malformed_tip_time_is_explained(slack: Harness) -> None:
    [reply] = await _respond_after(slack, "tips at 25:00")
    assert "⚠️" in _blocks(reply)[0]["text"]["text"]
    user = await slack.store.get_user(ALICE_KEY)
    assert user is None or user.tip_time == "09:00"


async def test_progress_and_scenarios(slack: Harness) -> None:
    [progress] = await _respond_after(slack, "progress")
    assert _blocks(progress)[0]["text"]["text"] == "Your progress"
    assert {b["action_id"] for b in _buttons(progress)} == {ids.TIPS_OFF, ids.START}
    [listing] = await _respond_after(slack, "scenarios")
    assert "rush_delivery" in _all_text(listing)
    [dutch] = await _respond_after(slack, "voortgang")
    assert _blocks(dutch)[0]["type"] == "header"


async def test_forget_asks_for_confirmation_and_the_button_deletes(slack: Harness) -> None:
    await _respond_after(slack, "tips at 07:00")
    [ask] = await _respond_after(slack, "forget")
    [button] = _buttons(ask)
    assert button["action_id"] == ids.FORGET_CONFIRM
    assert button["style"] == "danger" and "confirm" in button
    assert await slack.store.get_user(ALICE_KEY) is not None

    response = await slack.interact(
        block_action(ids.FORGET_CONFIRM, "confirm", response_url=slack.fake.response_url("r2"))
    )
    assert response.status == 200
    await slack.settle()
    done = slack.fake.of("respond")[-1]
    assert done.args["key"] == "r2" and done.args["replace_original"] is True
    assert "deleted" in done.args["text"]
    assert await slack.store.get_user(ALICE_KEY) is None


async def test_dutch_forget_and_help(slack: Harness) -> None:
    slack.fake.users[BOB] = {"locale": "nl-NL"}
    [ask] = await _respond_after(slack, "vergeet mij", user=BOB)
    assert [b["text"]["text"] for b in _buttons(ask)] == ["Wis mijn gegevens"]
    [help_card] = await _respond_after(slack, "hulp", user=BOB)
    assert "rollenspel [scenario]" in _all_text(help_card)


async def test_an_unknown_command_offers_to_start(slack: Harness) -> None:
    [reply] = await _respond_after(slack, "dance")
    assert {b["action_id"] for b in _buttons(reply)} == {ids.START, ids.TIP}
