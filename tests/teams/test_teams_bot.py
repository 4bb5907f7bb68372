"""The bot on botbuilder's ``TestAdapter``: scripted conversations without HTTP, and the
stream and typing helpers on their own."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import pytest
from botbuilder.core import TurnContext
from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity, ActivityTypes

from adapters.teams.bot import NoblesseBot, TeamsOptions
from adapters.teams.rendering import card_of, text_message
from adapters.teams.streaming import TeamsStream
from adapters.teams.typing_indicator import TypingIndicator
from bot.coach.coach import Coach
from bot.store import Store

from .cards import actions_of, joined

pytestmark = pytest.mark.timeout(20)


@pytest.fixture
def adapter(store: Store) -> TestAdapter:
    bot = NoblesseBot(
        Coach(store, rng=random.Random(7)), store, options=TeamsOptions(typing_delay_s=30)
    )
    return TestAdapter(bot.on_turn)


def card_with(*needles: str) -> Any:
    def inspect(activity: Activity, description: str = "") -> None:
        text = joined(card_of(activity))
        for needle in needles:
            assert needle in text, f"{needle!r} not in the card"

    return inspect


def line_from(speaker: str) -> Any:
    def inspect(activity: Activity, description: str = "") -> None:
        assert activity.text.startswith(f"{speaker}: ")
        assert activity.text_format == "plain"

    return inspect


async def test_help_answers_with_the_command_card(adapter: TestAdapter) -> None:
    flow = await adapter.send("help")
    await flow.assert_reply(card_with("roleplay [scenario]", "feedback: <draft>"))


async def test_a_scripted_role_play(adapter: TestAdapter) -> None:
    flow = await adapter.send("roleplay price")
    flow = await flow.assert_reply(card_with("Price squeeze"))
    flow = await flow.assert_reply(line_from("Marleen Claes"))
    flow = await flow.send("I hear you. What matters most to you in this renewal?")
    flow = await flow.assert_reply(card_with("balanced"))
    flow = await flow.assert_reply(line_from("Marleen Claes"))
    flow = await flow.send("stop")
    await flow.assert_reply(card_with("Scorecard", "Turn 1"))


async def test_forget_asks_first_then_confirms(adapter: TestAdapter) -> None:
    def confirm_button(activity: Activity, description: str = "") -> None:
        assert actions_of(card_of(activity)) == ["forget_confirm"]

    flow = await adapter.send("forget")
    flow = await flow.assert_reply(confirm_button)
    flow = await flow.send(
        Activity(type=ActivityTypes.message, value={"noblesse": "forget_confirm"})
    )
    await flow.assert_reply(lambda activity, description="": "deleted" in activity.text)


class Recorder(TestAdapter):
    """A TestAdapter that can refuse sends of a kind, and remembers all it was asked."""

    def __init__(self, refuse: str | None = None) -> None:
        super().__init__()
        self.refuse = refuse

    async def send_activities(self, context: TurnContext, activities: list[Activity]) -> Any:
        for activity in activities:
            if self.refuse and activity.type == self.refuse:
                raise RuntimeError("refused")
        return await super().send_activities(context, activities)


def context_of(adapter: TestAdapter) -> TurnContext:
    activity = Activity(
        type="message",
        id="1",
        text="x",
        channel_id="msteams",
        service_url="https://test",
        conversation=adapter.template.conversation,
        from_property=adapter.template.from_property,
        recipient=adapter.template.recipient,
    )
    return TurnContext(adapter, activity)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_stream_updates_are_throttled() -> None:
    adapter = Recorder()
    clock = Clock()
    stream = TeamsStream(context_of(adapter), informative="…", min_interval_s=1.0, clock=clock)

    await stream.begin()
    await stream.push("One ")  # sent: the first content goes out at once
    clock.now += 0.3
    await stream.push("two ")  # held back
    clock.now += 0.8
    await stream.push("three.")  # sent, with everything so far
    await stream.finish(text_message("Customer: One two three."))

    sent = adapter.activity_buffer
    assert [a.type for a in sent] == ["typing", "typing", "typing", "message"]
    assert [a.text for a in sent[1:3]] == ["One ", "One two three."]
    assert [a.entities[0].stream_sequence for a in sent[:3]] == [1, 2, 3]
    assert sent[3].entities[0].stream_type == "final"
    assert sent[3].entities[0].stream_id == stream.stream_id


async def test_a_stream_that_cannot_open_sends_plainly() -> None:
    adapter = Recorder(refuse="typing")
    stream = TeamsStream(context_of(adapter), informative="…")

    await stream.begin()
    await stream.push("Hello")
    await stream.finish(text_message("Customer: Hello"))

    [final] = adapter.activity_buffer
    assert not stream.streaming and final.entities is None
    assert final.text == "Customer: Hello"


async def test_the_typing_indicator_repeats_until_stopped() -> None:
    adapter = Recorder()
    async with TypingIndicator(context_of(adapter), delay_s=0, period_s=0.1) as typing:
        await asyncio.sleep(0.25)
    count = typing.sent
    await asyncio.sleep(0.2)

    assert count >= 2
    assert typing.sent == count, "no typing after the work is done"
    assert {a.type for a in adapter.activity_buffer} == {"typing"}


async def test_a_quick_turn_shows_no_typing() -> None:
    adapter = Recorder()
    async with TypingIndicator(context_of(adapter), delay_s=0.5) as typing:
        await asyncio.sleep(0.01)

    assert typing.sent == 0 and adapter.activity_buffer == []
