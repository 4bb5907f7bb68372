"""The "Check footing" message shortcut and the "Check a draft" global shortcut with its modal."""

from __future__ import annotations

import json
from typing import Any

import pytest

from adapters.slack import actions as ids

from .fake_slack import Call
from .support import ALICE, CHANNEL, TEAM, Harness

pytestmark = pytest.mark.timeout(30)


def _blocks(call: Call) -> list[dict[str, Any]]:
    blocks = call.args.get("blocks") or []
    return blocks if isinstance(blocks, list) else json.loads(blocks)


def _message_shortcut(slack: Harness, text: str, channel: str) -> dict[str, Any]:
    return {
        "type": "message_action",
        "callback_id": ids.CHECK_FOOTING,
        "trigger_id": "t-shortcut",
        "action_ts": "1700000700.000100",
        "team": {"id": TEAM, "domain": "acme"},
        "user": {"id": ALICE, "name": "alice"},
        "channel": {"id": channel, "name": "x"},
        "message": {
            "type": "message",
            "user": "U0CUSTOMER",
            "text": text,
            "ts": "1700000650.000100",
        },
        "response_url": slack.fake.response_url("m1"),
    }


async def test_check_footing_answers_privately_in_the_channel(slack: Harness) -> None:
    payload = _message_shortcut(slack, "Take it or leave it. This is our final price.", CHANNEL)
    response = await slack.interact(payload)
    assert response.status == 200
    await slack.settle()
    [shown] = slack.fake.of("chat.postEphemeral")
    assert shown.args["channel"] == CHANNEL and shown.args["user"] == ALICE
    assert "Dominant" in _blocks(shown)[0]["text"]["text"]
    assert not slack.fake.of("chat.postMessage")


async def test_check_footing_in_a_dm_between_people_falls_back_to_a_dm(slack: Harness) -> None:
    slack.fake.fail("chat.postEphemeral", "channel_not_found")
    payload = _message_shortcut(slack, "Sure, whatever you want, 30% is fine.", "D0PEOPLE")
    await slack.interact(payload)
    await slack.settle()
    [opened] = slack.fake.of("conversations.open")
    assert opened.args["users"] == ALICE
    [dm] = slack.fake.of("chat.postMessage")
    assert dm.args["channel"] == "D0ALICE"
    assert "Submissive" in _blocks(dm)[0]["text"]["text"]


def _submission(view_id: str, draft: str, lang: str = "en") -> dict[str, Any]:
    return {
        "type": "view_submission",
        "team": {"id": TEAM},
        "user": {"id": ALICE},
        "api_app_id": "A0NOBLESSE",
        "trigger_id": "t-submit",
        "view": {
            "id": view_id,
            "type": "modal",
            "callback_id": ids.DRAFT_VIEW,
            "private_metadata": lang,
            "state": {
                "values": {
                    ids.DRAFT_BLOCK: {ids.DRAFT_INPUT: {"type": "plain_text_input", "value": draft}}
                }
            },
        },
    }


async def test_the_draft_modal_opens_and_shows_the_verdict(slack: Harness) -> None:
    await slack.interact(
        {
            "type": "shortcut",
            "callback_id": ids.CHECK_DRAFT,
            "trigger_id": "t-global",
            "team": {"id": TEAM},
            "user": {"id": ALICE},
        }
    )
    await slack.settle()
    [opened] = slack.fake.of("views.open")
    assert opened.args["trigger_id"] == "t-global"
    view = opened.args["view"]
    assert view["callback_id"] == ids.DRAFT_VIEW
    assert view["blocks"][0]["element"]["action_id"] == ids.DRAFT_INPUT

    response = await slack.interact(
        _submission("V0DRAFT", "No, that doesn't work for us. What we can do is a two-year deal.")
    )
    assert response.status == 200
    acked = await response.json()
    assert acked["response_action"] == "update"  # "checking…" at once
    assert "Checking" in json.dumps(acked["view"])
    await slack.settle()
    [updated] = slack.fake.of("views.update")
    assert updated.args["view_id"] == "V0DRAFT"
    assert "Balanced" in json.dumps(updated.args["view"])


async def test_the_verdict_arrives_by_dm_when_the_modal_is_gone(slack: Harness) -> None:
    slack.fake.fail("views.update", "not_found")
    await slack.interact(_submission("V0GONE", "Fine, I'll drop the price, sorry for the trouble."))
    await slack.settle()
    [dm] = slack.fake.of("chat.postMessage")
    assert dm.args["channel"] == "D0ALICE"
    assert "Submissive" in _blocks(dm)[0]["text"]["text"]


async def test_a_dutch_modal(slack: Harness) -> None:
    slack.fake.users[ALICE] = {"locale": "nl-BE"}
    await slack.command("tip")  # first contact: the profile is read and kept
    await slack.settle()
    await slack.interact(
        {
            "type": "shortcut",
            "callback_id": ids.CHECK_DRAFT,
            "trigger_id": "t-nl",
            "team": {"id": TEAM},
            "user": {"id": ALICE},
        }
    )
    await slack.settle()
    [opened] = slack.fake.of("views.open")
    assert opened.args["view"]["title"]["text"] == "Concept nakijken"
    assert opened.args["view"]["private_metadata"] == "nl"
