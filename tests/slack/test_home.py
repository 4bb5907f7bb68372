"""App Home: published when opened, with the footing trend, recent role-plays and tip settings
whose buttons and time picker change the settings."""

from __future__ import annotations

import json
from typing import Any

import pytest

from adapters.slack import actions as ids

from .fake_slack import Call
from .support import ALICE, ALICE_KEY, Harness, block_action, message_event

pytestmark = pytest.mark.timeout(30)


def _home_opened() -> dict[str, Any]:
    return {
        "type": "app_home_opened",
        "user": ALICE,
        "channel": "D0ALICE",
        "tab": "home",
        "event_ts": "1700000800.000100",
    }


async def _publish(slack: Harness) -> dict[str, Any]:
    await slack.event(_home_opened())
    await slack.settle()
    published: Call = slack.fake.of("views.publish")[-1]
    assert published.args["user_id"] == ALICE
    view = published.args["view"]
    assert view["type"] == "home"
    return view


def _elements(view: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for block in view["blocks"]:
        found.extend(block.get("elements", []) if block["type"] == "actions" else [])
        if "accessory" in block:
            found.append(block["accessory"])
    return found


async def test_the_home_tab_shows_footing_roleplays_and_tips(slack: Harness) -> None:
    view = await _publish(slack)
    headers = [b["text"]["text"] for b in view["blocks"] if b["type"] == "header"]
    assert headers == ["Noblesse", "Your footing", "Recent role-plays", "Daily tips"]
    assert "No role-plays yet" in json.dumps(view)
    picker = next(e for e in _elements(view) if e["type"] == "timepicker")
    assert picker["initial_time"] == "09:00" and picker["action_id"] == ids.TIP_TIME

    await slack.command("roleplay price")
    await slack.settle()
    root = str(slack.fake.of("chat.update")[0].args["ts"])
    await slack.event(
        message_event("What would make a longer contract work for you?", thread_ts=root)
    )
    await slack.command("feedback Sorry, 20% is fine.")
    await slack.settle()
    view = await _publish(slack)
    text = json.dumps(view, ensure_ascii=False)
    assert "Price squeeze" in text and "running" in text
    assert "Week of" in text  # the trend


async def test_tip_buttons_and_the_time_picker_change_the_settings(slack: Harness) -> None:
    view = await _publish(slack)
    home = {"id": "V0HOME", "type": "home"}
    assert any(e.get("action_id") == ids.TIPS_OFF for e in _elements(view))

    await slack.interact(block_action(ids.TIPS_OFF, view=home, channel=None))
    await slack.settle()
    user = await slack.store.get_user(ALICE_KEY)
    assert user is not None and not user.tips_enabled
    republished = slack.fake.of("views.publish")[-1].args["view"]
    assert any(e.get("action_id") == ids.TIPS_ON for e in _elements(republished))

    await slack.interact(
        block_action(
            ids.TIP_TIME, view=home, channel=None, type="timepicker", selected_time="07:15"
        )
    )
    await slack.settle()
    user = await slack.store.get_user(ALICE_KEY)
    assert user is not None and user.tips_enabled and user.tip_time == "07:15"
    assert '"07:15"' in json.dumps(slack.fake.of("views.publish")[-1].args["view"])


async def test_starting_from_home_opens_a_thread_in_the_dm(slack: Harness) -> None:
    await slack.interact(
        block_action(ids.START, view={"id": "V0HOME", "type": "home"}, channel=None)
    )
    await slack.settle()
    [opened] = slack.fake.of("conversations.open")
    assert opened.args["users"] == ALICE
    posts = slack.fake.of("chat.postMessage")
    assert posts[0].args["channel"] == "D0ALICE" and "thread_ts" not in posts[0].args
    assert posts[1].args["thread_ts"]  # the customer's opening, in the thread
    [update] = slack.fake.of("chat.update")
    assert update.args["channel"] == "D0ALICE"


async def test_todays_tip_from_home_arrives_by_dm(slack: Harness) -> None:
    await slack.interact(block_action(ids.TIP, view={"id": "V0HOME", "type": "home"}, channel=None))
    await slack.settle()
    [dm] = slack.fake.of("chat.postMessage")
    assert dm.args["channel"] == "D0ALICE"
    assert dm.args["blocks"][0]["type"] == "header"


async def test_the_messages_tab_is_not_the_home_tab(slack: Harness) -> None:
    await slack.event({**_home_opened(), "tab": "messages"})
    await slack.settle()
    assert not slack.fake.of("views.publish")
