"""The assistant view (AI-app split view): suggested prompts, a status while working, a
role-play inside the assistant thread, and the customer's words streamed when a model voices
them."""

from __future__ import annotations

import json
import random
from collections.abc import AsyncIterator, Sequence
from typing import Any

import pytest
from fakes.openai_server import FakeOpenAI, Reply

from adapters.slack.rendering import LINE_BLOCK
from bot.coach.coach import Coach
from bot.coach.collaborators import OfflineVoice, Wording
from bot.coach.model_backed import build_collaborators
from bot.customer.model import Decision
from bot.identity import ConversationKey, UserKey
from bot.llm.voice import Exchange
from bot.settings import LLMSettings, Settings
from bot.store import Store

from .fake_slack import Call, FakeSlack
from .support import ALICE, ALICE_KEY, TEAM, Harness, build_coach, message_event, running_surface

pytestmark = pytest.mark.timeout(30)

DM = "D0ALICE"
THREAD = "1700000900.000100"


def _started() -> dict[str, Any]:
    return {
        "type": "assistant_thread_started",
        "assistant_thread": {
            "user_id": ALICE,
            "context": {"channel_id": "C0SALES", "team_id": TEAM, "enterprise_id": None},
            "channel_id": DM,
            "thread_ts": THREAD,
        },
        "event_ts": "1700000900.000200",
    }


def _said(text: str, ts: str) -> dict[str, Any]:
    return message_event(text, channel=DM, channel_type="im", thread_ts=THREAD, ts=ts)


def _blocks(call: Call) -> list[dict[str, Any]]:
    blocks = call.args.get("blocks") or []
    return blocks if isinstance(blocks, list) else json.loads(blocks)


async def test_a_new_assistant_thread_gets_suggested_prompts(slack: Harness) -> None:
    response = await slack.event(_started())
    assert response.status == 200
    await slack.settle()
    [prompts] = slack.fake.of("assistant.threads.setSuggestedPrompts")
    assert prompts.args["channel_id"] == DM and prompts.args["thread_ts"] == THREAD
    assert [p["message"] for p in prompts.args["prompts"]] == ["roleplay", "feedback", "tip"]
    [greeting] = slack.fake.of("chat.postMessage")
    assert greeting.args["thread_ts"] == THREAD


async def test_a_roleplay_runs_inside_the_assistant_thread(slack: Harness) -> None:
    await slack.event(_said("roleplay price", "1700000900.000300"))
    await slack.settle()
    [status] = slack.fake.of("assistant.threads.setStatus")
    assert status.args["thread_ts"] == THREAD and status.args["status"]
    posts = slack.fake.of("chat.postMessage")
    assert [p.args["thread_ts"] for p in posts] == [THREAD, THREAD]  # no new thread
    await slack.event(_said("What would a three-year deal change for you?", "1700000900.000400"))
    await slack.settle()
    turn = slack.fake.of("chat.postMessage")[-1]
    assert turn.args["thread_ts"] == THREAD and _blocks(turn)[0]["type"] == "context"
    assert not slack.fake.of("chat.startStream")  # offline: one message, no stream
    session = await slack.store.active_session(
        ALICE_KEY, ConversationKey("slack", TEAM, f"{DM}:{THREAD}")
    )
    assert session is not None and session.turn_count == 1


class StreamingTestVoice:
    """A model voice that streams its line in small chunks (and would ping, if not escaped)."""

    def __init__(self) -> None:
        self.offline = OfflineVoice()
        self.streamed = 0

    async def word(
        self,
        decision: Decision,
        user: UserKey,
        *,
        seller_text: str | None = None,
        recent: Sequence[Exchange] | None = None,
    ) -> Wording:
        return await self.offline.word(decision, user)

    def stream(self, decision: Decision, user: UserKey) -> AsyncIterator[str] | None:
        self.streamed += 1
        return self._chunks()

    async def _chunks(self) -> AsyncIterator[str]:
        line = "Fine, <!here> listen: if you commit to three years, we can talk about it again."
        for start in range(0, len(line), 7):
            yield line[start : start + 7]


async def test_the_customers_words_are_streamed_when_a_model_voices_them(
    fake: FakeSlack, store: Store
) -> None:
    voice = StreamingTestVoice()
    async with running_surface(fake, store, coach=build_coach(store, voice=voice)) as slack:
        await slack.event(_said("roleplay price", "1700000900.000300"))
        await slack.settle()
        assert voice.streamed == 0  # the opening line is the engine's
        await slack.event(_said("What matters most to you in this renewal?", "1700000900.000400"))
        await slack.settle()
        assert voice.streamed == 1
        [start] = fake.of("chat.startStream")
        assert start.args["channel"] == DM and start.args["thread_ts"] == THREAD
        appended = fake.of("chat.appendStream")
        [stop] = fake.of("chat.stopStream")
        streamed = "".join(
            chunk["text"]
            for call in (start, *appended, stop)
            for chunk in call.args.get("chunks") or []
            if chunk.get("type") == "markdown_text"
        )
        assert streamed.startswith("**Marleen Claes:** ")
        assert "&lt;!here&gt; listen" in streamed and "<!here>" not in streamed
        # The badge and the buttons close the streamed message; the line is not posted again.
        kinds = [b["type"] for b in stop.args["blocks"]]
        assert kinds == ["context", "actions"]
        lines = [
            p
            for p in fake.of("chat.postMessage")
            if any(b.get("block_id") == LINE_BLOCK for b in _blocks(p))
        ]
        assert len(lines) == 1  # the opening only
        [turn] = await store.turns(
            (
                await store.active_session(
                    ALICE_KEY, ConversationKey("slack", TEAM, f"{DM}:{THREAD}")
                )
            ).id  # type: ignore[union-attr]
        )
        assert (
            turn.customer_line
            == "Fine, <!here> listen: if you commit to three years, we can talk about it again."
        )


async def test_a_failing_stream_falls_back_to_a_message(fake: FakeSlack, store: Store) -> None:
    voice = StreamingTestVoice()
    async with running_surface(fake, store, coach=build_coach(store, voice=voice)) as slack:
        await slack.event(_said("roleplay price", "1700000900.000300"))
        await slack.settle()
        fake.fail("chat.startStream", "not_allowed")
        await slack.event(_said("What matters most to you?", "1700000900.000400"))
        await slack.settle()
        turn = fake.of("chat.postMessage")[-1]
        assert "listen" in turn.args["text"] and "&lt;!here&gt;" in turn.args["text"]


async def test_a_context_change_is_acknowledged(slack: Harness) -> None:
    event = {
        "type": "assistant_thread_context_changed",
        "assistant_thread": {
            "user_id": ALICE,
            "context": {"channel_id": "C0OTHER", "team_id": TEAM, "enterprise_id": None},
            "channel_id": DM,
            "thread_ts": THREAD,
        },
        "event_ts": "1700000900.000500",
    }
    response = await slack.event(event)
    assert response.status == 200
    await slack.settle()
    assert not slack.fake.of("chat.postMessage")


async def test_a_model_voice_streams_through_the_real_openai_client(
    fake: FakeSlack, store: Store
) -> None:
    question = "What matters most to you in this renewal?"
    line = "Reliability matters to us, but so does the price. What can you do on it?"
    async with FakeOpenAI() as model:
        settings = Settings(llm=LLMSettings(api_key="test-key", base_url=model.openai_url))
        judge, voice, gateway = build_collaborators(settings, store)
        assert gateway is not None
        coach = Coach(store, judge=judge, voice=voice, rng=random.Random(3))
        try:
            async with running_surface(fake, store, coach=coach) as slack:
                await slack.event(_said("roleplay price", "1700000900.000300"))
                await slack.settle()
                model.queue_json(
                    {
                        "verdict": "balanced",
                        "dominance": 0.0,
                        "affiliation": 0.4,
                        "evidence": [
                            {"quote": "What matters most", "signal": "asking", "leans": "balanced"}
                        ],
                        "advice": "Keep asking before you answer.",
                        "rewrite": question,
                        "habits": ["asking"],
                    }
                )
                model.queue(Reply(line))
                await slack.event(_said(question, "1700000900.000400"))
                await slack.settle()
        finally:
            await gateway.aclose()
    assert [request.stream for request in model.requests] == [False, True]
    streamed = "".join(
        chunk["text"]
        for call in fake.of("chat.startStream")
        + fake.of("chat.appendStream")
        + fake.of("chat.stopStream")
        for chunk in call.args.get("chunks") or []
    )
    assert streamed == "**Marleen Claes:** " + line
    session = await store.active_session(
        ALICE_KEY, ConversationKey("slack", TEAM, f"{DM}:{THREAD}")
    )
    assert session is not None
    [turn] = await store.turns(session.id)
    assert turn.customer_line == line


class ForgetfulVoice(OfflineVoice):
    def __init__(self) -> None:
        self.forgotten: list[UserKey] = []

    def forget(self, user: UserKey) -> None:
        self.forgotten.append(user)


async def test_the_streaming_wrapper_is_transparent_to_the_coach(
    fake: FakeSlack, store: Store
) -> None:
    from adapters.slack import create_surface
    from adapters.slack.streaming import StreamingVoice

    from .support import settings_for

    inner = ForgetfulVoice()
    coach = build_coach(store, voice=inner)
    create_surface(settings_for(fake), coach, store)
    create_surface(settings_for(fake), coach, store)
    assert isinstance(coach.voice, StreamingVoice) and coach.voice.inner is inner  # once
    assert getattr(coach.voice, "wants_history", True) is False
    async with running_surface(fake, store, coach=coach) as slack:
        await slack.command("forget confirm")
        await slack.settle()
    assert inner.forgotten == [ALICE_KEY]
