"""A role-play in a thread: every reply of its owner is a turn, the customer answers in the
thread with a footing badge, the buttons work, and nobody else's messages — nor any bot's —
are taken as turns."""

from __future__ import annotations

import json
from typing import Any

import pytest

from adapters.slack import actions as ids
from adapters.slack.rendering import LINE_BLOCK, ROLEPLAY_BLOCK
from bot.identity import ConversationKey

from .fake_slack import Call
from .support import ALICE, ALICE_KEY, BOB, CHANNEL, TEAM, Harness, block_action, message_event

pytestmark = pytest.mark.timeout(30)


def _blocks(call: Call) -> list[dict[str, Any]]:
    blocks = call.args.get("blocks") or []
    return blocks if isinstance(blocks, list) else json.loads(blocks)


async def _start(slack: Harness, text: str = "roleplay price hard") -> str:
    await slack.command(text)
    await slack.settle()
    [update] = slack.fake.of("chat.update")
    return str(update.args["ts"])


async def _turn(slack: Harness, text: str, root: str, **kwargs: Any) -> list[Call]:
    before = len(slack.fake.calls)
    response = await slack.event(message_event(text, thread_ts=root, **kwargs))
    assert response.status == 200
    await slack.settle()
    return [call for call in slack.fake.calls[before:] if call.method != "users.info"]


async def test_a_reply_in_the_thread_is_a_turn_with_a_badge_and_buttons(slack: Harness) -> None:
    root = await _start(slack)
    [answer] = await _turn(slack, "What would it take for you to renew for three years?", root)
    assert answer.method == "chat.postMessage"
    assert answer.args["thread_ts"] == root and answer.args["channel"] == CHANNEL
    blocks = _blocks(answer)
    assert blocks[0]["type"] == "context"  # the compact footing badge
    assert any(mark in blocks[0]["elements"][0]["text"] for mark in "▼●▲")
    assert blocks[1]["block_id"] == LINE_BLOCK and "Marleen Claes" in blocks[1]["text"]["text"]
    assert blocks[-1]["block_id"] == ROLEPLAY_BLOCK
    session = await slack.store.active_session(
        ALICE_KEY, ConversationKey("slack", TEAM, f"{CHANNEL}:{root}")
    )
    assert session is not None and session.turn_count == 1


async def test_other_people_and_loose_channel_messages_are_left_alone(slack: Harness) -> None:
    root = await _start(slack)
    assert await _turn(slack, "I think she should give in.", root, user=BOB) == []
    before = len(slack.fake.calls)
    await slack.event(message_event("roleplay"))  # a channel message outside any thread
    await slack.settle()
    assert slack.fake.calls[before:] == []


async def test_bots_edits_and_the_app_itself_are_never_answered(slack: Harness) -> None:
    root = await _start(slack)
    other_bot = message_event("Deal!", thread_ts=root, bot_id="B0OTHER", subtype="bot_message")
    own = message_event("Thanks.", thread_ts=root, user="UBOT", bot_id="BBOT")
    edited = message_event(
        "edited", thread_ts=root, subtype="message_changed", message={"text": "x"}
    )
    joined = message_event("joined", thread_ts=root, subtype="channel_join")
    before = len(slack.fake.calls)
    for event in (other_bot, own, edited, joined):
        assert (await slack.event(event)).status == 200
    await slack.settle()
    assert [c for c in slack.fake.calls[before:] if c.method != "auth.test"] == []
    # None of them was even recorded for de-duplication: only people's messages are.
    session = await slack.store.active_session(
        ALICE_KEY, ConversationKey("slack", TEAM, f"{CHANNEL}:{root}")
    )
    assert session is not None and session.turn_count == 0


async def test_hint_is_private_rewind_and_end_go_to_the_thread(slack: Harness) -> None:
    root = await _start(slack)
    conversation = f"{CHANNEL}:{root}"
    [answer] = await _turn(slack, "Sorry, we can do 20% off, no problem.", root)
    message = {"ts": "1700000000.000999", "text": answer.args["text"], "blocks": _blocks(answer)}
    url = slack.fake.response_url("b1")

    await slack.interact(block_action(ids.HINT, conversation, message=message, response_url=url))
    await slack.settle()
    [hint] = slack.fake.of("chat.postEphemeral")
    assert hint.args["user"] == ALICE and hint.args["thread_ts"] == root
    assert "Hint" in hint.args["text"]

    await slack.interact(block_action(ids.REWIND, conversation, message=message, response_url=url))
    await slack.settle()
    rewound = slack.fake.of("chat.postMessage")[-1]
    assert rewound.args["thread_ts"] == root and "taken back" in rewound.args["text"]
    session = await slack.store.active_session(
        ALICE_KEY, ConversationKey("slack", TEAM, conversation)
    )
    assert session is not None and session.turn_count == 0

    await slack.interact(block_action(ids.END, conversation, message=message, response_url=url))
    await slack.settle()
    scorecard = slack.fake.of("chat.postMessage")[-1]
    assert scorecard.args["thread_ts"] == root
    assert _blocks(scorecard)[0]["text"]["text"].startswith("Scorecard")
    cleared = slack.fake.of("chat.update")[-1]
    assert cleared.args["ts"] == message["ts"]
    assert all(b.get("block_id") != ROLEPLAY_BLOCK for b in _blocks(cleared))
    assert (
        await slack.store.active_session(ALICE_KEY, ConversationKey("slack", TEAM, conversation))
        is None
    )

    # "New role-play" on the scorecard continues in the same thread.
    [start] = [e for b in _blocks(scorecard) if b["type"] == "actions" for e in b["elements"]]
    assert start["action_id"] == ids.START and start["value"] == conversation
    await slack.interact(block_action(ids.START, conversation, response_url=url))
    await slack.settle()
    again = slack.fake.of("chat.postMessage")[-2:]
    assert all(call.args["thread_ts"] == root for call in again)
    assert await slack.store.active_session(ALICE_KEY, ConversationKey("slack", TEAM, conversation))


async def test_someone_elses_button_does_not_touch_the_roleplay(slack: Harness) -> None:
    root = await _start(slack)
    conversation = f"{CHANNEL}:{root}"
    await _turn(slack, "Let's talk about what matters to you.", root)
    await slack.interact(block_action(ids.REWIND, conversation, user=BOB))
    await slack.settle()
    session = await slack.store.active_session(
        ALICE_KEY, ConversationKey("slack", TEAM, conversation)
    )
    assert session is not None and session.turn_count == 1


async def test_a_mention_in_the_thread_is_one_turn_not_two(slack: Harness) -> None:
    root = await _start(slack)
    text = "<@UBOT> We can go to 5% if you sign for three years."
    before = len(slack.fake.calls)
    await slack.event(message_event(text, thread_ts=root))  # message.channels
    await slack.event({**message_event(text, thread_ts=root), "type": "app_mention"})
    await slack.settle()
    answers = [c for c in slack.fake.calls[before:] if c.method == "chat.postMessage"]
    assert len(answers) == 1 and answers[0].args["thread_ts"] == root
    session = await slack.store.active_session(
        ALICE_KEY, ConversationKey("slack", TEAM, f"{CHANNEL}:{root}")
    )
    assert session is not None and session.turn_count == 1


async def test_a_mention_outside_a_thread_starts_in_its_own_thread(slack: Harness) -> None:
    mention = {
        **message_event("<@UBOT> roleplay easy", ts="1700000100.000100"),
        "type": "app_mention",
    }
    await slack.event(mention)
    await slack.settle()
    posts = slack.fake.of("chat.postMessage")
    assert len(posts) == 2 and all(p.args["thread_ts"] == "1700000100.000100" for p in posts)
    assert _blocks(posts[0])[0]["type"] == "header"


async def test_a_direct_message_starts_a_roleplay_in_its_thread(slack: Harness) -> None:
    dm = "D0ALICE"
    slack.fake.users[ALICE] = {"locale": "nl-BE"}
    await slack.event(
        message_event("rollenspel makkelijk", channel=dm, channel_type="im", ts="1700000200.000100")
    )
    await slack.settle()
    posts = slack.fake.of("chat.postMessage")
    assert [p.args["thread_ts"] for p in posts] == ["1700000200.000100"] * 2
    assert "Rollenspel" in _blocks(posts[0])[0]["text"]["text"]
    # The reply in that DM thread is a turn (it arrives through the assistant listener).
    before = len(slack.fake.of("chat.postMessage"))
    await slack.event(
        message_event(
            "Wat is voor u het belangrijkste?",
            channel=dm,
            channel_type="im",
            thread_ts="1700000200.000100",
        )
    )
    await slack.settle()
    answers = slack.fake.of("chat.postMessage")[before:]
    assert all(a.args["thread_ts"] == "1700000200.000100" for a in answers)
    # the footing badge, then the customer (and a scorecard if that answer closed the deal)
    assert any(_blocks(a)[0]["type"] == "context" for a in answers), answers
    # A plain command in the DM is answered next to it, not in a thread.
    await slack.event(message_event("tip", channel=dm, channel_type="im", ts="1700000300.000100"))
    await slack.settle()
    assert "thread_ts" not in slack.fake.of("chat.postMessage")[-1].args
